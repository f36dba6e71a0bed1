"""A real ASGI server (daphne) in its own OS process, for the tests and benchmarks that must show an
event crossing processes through Redis. Not used by the running service."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings
from django.db import connection

BASE_DIR = Path(settings.BASE_DIR)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def shared_database_url() -> str | None:
    """The URL of the database this process uses now (the test database during tests), or None
    when another process cannot open it (SQLite in memory)."""
    db = connection.settings_dict
    if db["ENGINE"] != "django.db.backends.postgresql":
        return None
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def child_environment(*, channel_prefix: str, database_url: str) -> dict:
    """The environment of a child process that shares this one's database and Redis, with its own
    channel-layer prefix so a server running on the same Redis never hears it."""
    env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": settings.REDIS_URL,
           "CHANNEL_LAYER_PREFIX": channel_prefix, "DJANGO_SETTINGS_MODULE": "config.test_settings",
           "LOG_LEVEL": "WARNING", "PYTHONPATH": str(BASE_DIR)}
    return env


class DaphneProcess:
    """`with DaphneProcess(env) as server:` — serving config.asgi on a free port until the block ends."""

    def __init__(self, env: dict, *, startup_timeout: float = 30.0):
        self.env = env
        self.port = free_port()
        self.startup_timeout = startup_timeout
        self.process: subprocess.Popen | None = None
        self._log = tempfile.TemporaryFile()

    def ws_url(self, path: str) -> str:
        return f"ws://127.0.0.1:{self.port}{path}"

    def __enter__(self) -> DaphneProcess:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(self.port), "config.asgi:application"],
            cwd=BASE_DIR, env=self.env, stdout=self._log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"daphne exited at startup:\n{self.log()}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2):
                    return self
            except urllib.error.HTTPError:
                return self  # serving; what /healthz thinks of the database is not this helper's concern
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        self.__exit__(None, None, None)
        raise RuntimeError(f"daphne did not answer HTTP within {self.startup_timeout} s:\n{self.log()}")

    def __exit__(self, *exc) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def log(self, limit: int = 4000) -> str:
        """The end of daphne's output (stdout and stderr)."""
        self._log.seek(0)
        return self._log.read().decode(errors="replace")[-limit:]
