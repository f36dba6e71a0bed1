"""Message wording: the admin's edited text when there is one, else the default.

Read on every message inside the caller's transaction, so it must not depend on Redis (an outage
must not stop a registration): edited rows are kept in a small per-process map, refreshed from the
database every few seconds and at once in the process that saved an edit.
"""

from __future__ import annotations

import threading
import time

REFRESH_SECONDS = 30.0

_lock = threading.Lock()
_cache: dict[str, str] = {}
_loaded_at = float("-inf")


def template_text(name: str, default: str) -> str:
    global _cache, _loaded_at
    now = time.monotonic()
    if now - _loaded_at > REFRESH_SECONDS:
        from hotline.sms.models import MessageTemplate

        with _lock:
            _cache = dict(MessageTemplate.objects.filter(is_active=True).values_list("name", "text"))
            _loaded_at = now
    return _cache.get(name) or default


def forget_edits(**kwargs) -> None:
    """Drop the map so the next message reads the current wording (connected to saves and deletes)."""
    global _loaded_at
    _loaded_at = float("-inf")
