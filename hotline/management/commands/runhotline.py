"""python manage.py runhotline — serve HTTP + WebSocket with daphne, with background work running.

Embedded default (no REDIS_URL): periodic tasks run on a thread in this process and other tasks
run in-process. With REDIS_URL: a Celery worker and beat are started as child processes, unless
--no-workers is given (production runs them as their own services)."""

import os
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the hotline (daphne) with its background work."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--no-workers", action="store_true", help="do not start Celery worker/beat")

    def handle(self, *args, host, port, no_workers, **options):
        children = []
        if settings.REDIS_URL:
            if not no_workers:
                celery = [sys.executable, "-m", "celery", "-A", "config"]
                children.append(subprocess.Popen([*celery, "worker", "--loglevel=INFO", "--concurrency=2"]))
                children.append(subprocess.Popen([*celery, "beat", "--loglevel=INFO",
                                                  "--schedule", str(settings.VAR_DIR / "celerybeat-schedule")]))
        else:
            from hotline.scheduler import EmbeddedScheduler

            EmbeddedScheduler().start()
        self.stdout.write(f"12345 热线已启动：http://{host}:{port}/（管理后台 /admin/）")
        # This process serves: let config.asgi warm smart dispatch as daphne's own command would
        # (tickets.routing.warmup; argv names manage.py here, which its "auto" leaves cold).
        os.environ.setdefault("ROUTING_WARMUP", "1")
        from daphne.cli import CommandLineInterface

        from hotline import http_limits

        http_limits.install()  # 414/431 for oversized requests instead of a dropped connection
        try:
            CommandLineInterface().run(["-b", host, "-p", str(port), "config.asgi:application"])
        finally:
            for child in children:
                child.terminate()
            for child in children:
                child.wait(timeout=10)
