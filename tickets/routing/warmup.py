"""Warming smart dispatch once per serving process, in the background.

The first suggestion after a process starts would otherwise pay for loading jieba's dictionary,
building the catalogue and knowledge index and unpickling the learned model: seconds, on the
agent's first keystroke. A web process (``config.asgi``) and a Celery worker process
(``worker_process_init`` in ``config.celery``) start this thread as they come up; the request
that arrives while it runs simply waits on the same per-process locks the caches already hold.

Not in ``AppConfig.ready()``: that runs for every management command (``migrate``, ``seed_demo``,
``shell``) and for the test suite, which would all pay for what only a serving process needs.
``ROUTING_WARMUP`` chooses: ``auto`` (default: only when the program is a server — daphne,
uvicorn, gunicorn, hypercorn — or a Celery worker), ``1`` always, ``0`` never.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time

log = logging.getLogger(__name__)

SERVERS = frozenset({"daphne", "uvicorn", "gunicorn", "hypercorn"})
SAMPLE_TITLE = "小区门口路灯不亮"
SAMPLE_CONTENT = "东苑小区北门的路灯坏了一个星期，晚上很黑，希望尽快修好"

_lock = threading.Lock()
_thread: threading.Thread | None = None
_pid: int | None = None
timings: dict[str, float] = {}  # step → seconds, once the warm-up ran (for the log and the bench)


def wanted(*, worker: bool = False) -> bool:
    """Whether this process should warm up: see the module docstring for ``ROUTING_WARMUP``."""
    choice = os.environ.get("ROUTING_WARMUP", "auto").strip().lower()
    if choice in ("0", "false", "no", "off"):
        return False
    if choice in ("1", "true", "yes", "on"):
        return True
    return worker or _program() in SERVERS


def _program() -> str:
    """The program's name: ``daphne`` for ``.venv/bin/daphne`` and for ``python -m daphne``."""
    path = sys.argv[0] if sys.argv else ""
    name = os.path.basename(path)
    return os.path.basename(os.path.dirname(path)) if name == "__main__.py" else name.removesuffix(".py")


def warm() -> dict[str, float]:
    """Load everything a suggestion needs, step by step; returns the seconds each step took."""
    from tickets.routing import learning
    from tickets.routing import text as routing_text
    from tickets.routing.catalogue import catalogue_index
    from tickets.routing.suggestions import suggest

    steps: dict[str, float] = {}
    for name, step in (
        ("segmenter", lambda: routing_text.words(SAMPLE_CONTENT)),  # jieba's dictionary (the kb's own)
        ("catalogue", catalogue_index),  # the catalogue and knowledge TF-IDF index, scikit-learn
        ("model", learning.current_model),  # the newest learned model, unpickled
        ("suggestion", lambda: suggest(title=SAMPLE_TITLE, content=SAMPLE_CONTENT, with_duplicates=False)),
    ):
        started = time.perf_counter()
        step()
        steps[name] = round(time.perf_counter() - started, 3)
    return steps


def _run(origin: str) -> None:
    from django.db import connection

    started = time.perf_counter()
    try:
        timings.update(warm())
    except Exception:  # noqa: BLE001 — a failed warm-up costs the first request time, never the process
        log.exception("smart-dispatch warm-up (%s) failed; the first suggestion will load what it needs", origin)
        return
    finally:
        connection.close()  # this thread's own connection: never left open after the thread ends
    log.info("smart dispatch warmed up (%s) in %.2f s: %s", origin, time.perf_counter() - started, timings)


def warm_in_background(origin: str, *, worker: bool = False) -> threading.Thread | None:
    """Start the warm-up thread once in this process (a forked child starts its own); None when not
    wanted or already started."""
    global _thread, _pid
    if not wanted(worker=worker):
        return None
    with _lock:
        if _thread is not None and _pid == os.getpid():
            return None
        _thread, _pid = threading.Thread(target=_run, args=(origin,), name="routing-warmup", daemon=True), os.getpid()
        _thread.start()
        return _thread
