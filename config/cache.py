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
        self._scripts: dict[str, object] = {}

    def run_script(self, source: str, keys: list[str], args: list):
        """Run a Lua script over these cache keys (as passed to ``get``/``set``) in one round trip,
        atomically. None while Redis cannot be reached: the caller then does the same work with the
        ordinary operations, which this process's memory serves (see the module docstring)."""
        if self.degraded:
            return None
        try:
            client = self._cache.get_client(None, write=True)
            script = self._scripts.get(source)
            if script is None:
                script = self._scripts[source] = client.register_script(source)
            return script(keys=[self.make_and_validate_key(key) for key in keys], args=args, client=client)
        except REDIS_DOWN as exc:
            self._mark_down(exc)
            return None

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
