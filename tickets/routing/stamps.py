"""Version stamps: how one process tells the others that the catalogue or the model changed.

Each process keeps its catalogue index and learned model in memory. A change saved anywhere bumps
the matching stamp in the shared cache (Redis in production) once its transaction commits; every
suggestion reads the stamps — one cache read — and rebuilds or reloads only when one moved. Changes
that bypass model signals (a bulk update in a shell) are still caught by the slower check the
callers keep: the catalogue's revision aggregates, the newest model row.
"""

from __future__ import annotations

import time

from django.core.cache import cache
from django.db import transaction

CATALOGUE = "catalogue"
MODEL = "model"
KEY = "routing:stamp:{}"
TIMEOUT = None  # kept until bumped again


def read(*names: str) -> tuple:
    """The current stamps of ``names`` (None for one never bumped), in one cache round trip."""
    found = cache.get_many([KEY.format(name) for name in names])
    return tuple(found.get(KEY.format(name)) for name in names)


def bump_on_commit(name: str) -> None:
    """Move the stamp once the change is committed: a process that rebuilt on an uncommitted
    change would keep the old data under the new stamp."""
    transaction.on_commit(lambda: cache.set(KEY.format(name), time.time_ns(), timeout=TIMEOUT))
