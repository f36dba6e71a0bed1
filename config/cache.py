"""The Redis cache, failing over to this process's memory while Redis cannot be reached.

What the cache holds here is all either re-derivable (the working calendar's version, caches of
reads) or abuse counters (hotline.api.guards). Neither is worth a 500: while Redis is down every
operation is served by a per-process in-memory cache instead, so throttles keep counting — per
process, i.e. a local limit no looser than the configured one times the number of web processes —
and readers fall back to the database. After a failure Redis is not tried again for
``FAILOVER_SECONDS`` (a circuit breaker), so an outage costs one short connect timeout per process,
not one per request. Nothing written during the outage is copied back: counters start afresh.
"""

from __future__ import annotations

import logging
import threading
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)

REDIS_DOWN = (RedisConnectionError, RedisTimeoutError, OSError)
FAILOVER_SECONDS = 5.0

_OPERATIONS = ("add", "get", "set", "touch", "delete", "get_many", "has_key", "incr", "decr", "set_many",
               "delete_many", "clear", "get_or_set")


class FailoverRedisCache(RedisCache):
    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 1.0)
        super().__init__(server, {**params, "OPTIONS": options})
        self._local = LocMemCache(f"failover-{id(self)}", {"TIMEOUT": params.get("TIMEOUT", 300),
                                                            "KEY_PREFIX": params.get("KEY_PREFIX", ""),
                                                            "OPTIONS": {"MAX_ENTRIES": 100_000}})
        self._down_until = 0.0
        self._lock = threading.Lock()

    @property
    def degraded(self) -> bool:
        """True while operations are served locally because Redis failed recently."""
        return time.monotonic() < self._down_until

    def _mark_down(self, exc: Exception) -> None:
        with self._lock:
            first = not self.degraded
            self._down_until = time.monotonic() + FAILOVER_SECONDS
        if first:
            log.warning("cache: Redis unreachable (%s); serving from process memory for now", type(exc).__name__)


def _wrap(name: str):
    redis_op = getattr(RedisCache, name)
    local_op = getattr(LocMemCache, name)

    def operation(self, *args, **kwargs):
        if not self.degraded:
            try:
                return redis_op(self, *args, **kwargs)
            except REDIS_DOWN as exc:
                self._mark_down(exc)
        return local_op(self._local, *args, **kwargs)

    operation.__name__ = name
    operation.__doc__ = redis_op.__doc__
    return operation


for _name in _OPERATIONS:
    setattr(FailoverRedisCache, _name, _wrap(_name))
