"""The embedded scheduler: runs settings.PERIODIC_TASKS on a daemon thread when there is no Redis
(and so no celery beat). Production runs the same tasks from `celery beat` instead."""

from __future__ import annotations

import logging
import threading
import time

from django.conf import settings
from django.db import close_old_connections

from config.celery import app as celery_app

log = logging.getLogger(__name__)


class EmbeddedScheduler(threading.Thread):
    def __init__(self, tasks: dict | None = None, tick: float = 1.0):
        super().__init__(name="hotline-scheduler", daemon=True)
        self.tasks = tasks if tasks is not None else settings.PERIODIC_TASKS
        self.tick = tick
        self._stop_event = threading.Event()
        self._next_run = {name: 0.0 for name in self.tasks}
        # Celery discovers tasks lazily, when a worker starts; there is no worker here.
        celery_app.loader.import_default_modules()

    def stop(self) -> None:
        self._stop_event.set()

    def run_due(self, now: float) -> None:
        for name, spec in self.tasks.items():
            if now < self._next_run[name]:
                continue
            self._next_run[name] = now + spec["seconds"]
            try:
                result = celery_app.tasks[spec["task"]].apply()
                if result.failed():
                    log.error("periodic task %s failed: %s", name, result.traceback)
            except Exception:  # noqa: BLE001 — one failing task must not stop the others or the thread
                log.exception("periodic task %s failed", name)

    def run(self) -> None:
        log.info("embedded scheduler running: %s", ", ".join(self.tasks))
        while not self._stop_event.is_set():
            self.run_due(time.monotonic())
            # This thread's own connection: drop it when broken or past CONN_MAX_AGE, like a request would.
            close_old_connections()
            self._stop_event.wait(self.tick)
