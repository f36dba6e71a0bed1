"""Work shared by the consumers of one server process.

A dispatch reaches every socket of a department (dozens in a large city). The message each of them
sends differs only by what the viewer's role and department allow, so it is built once per kind of
viewer and reused; concurrent requests for the same message wait for the first build instead of
queueing more database work on the (single) database thread. The same goes for wallboard counters.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable

from channels.db import database_sync_to_async


def viewer_key(user) -> tuple:
    """What a ticket message depends on about its viewer: tickets.privacy masks by role, and the
    transitions' permission checks look at role, department and superuser only."""
    return (bool(user.is_superuser), user.role, user.department_id)


class _Flights:
    """At most one build per key in flight in this process (and this event loop)."""

    def __init__(self):
        self._pending: dict[Hashable, asyncio.Future] = {}

    async def run(self, key: Hashable, build: Callable[[], object]):
        loop = asyncio.get_running_loop()
        pending = self._pending.get(key)
        if pending is not None and pending.get_loop() is loop:
            value = await asyncio.shield(pending)
            if value is not None:
                return value
        future = loop.create_future()
        self._pending[key] = future
        value = None
        try:
            value = await database_sync_to_async(build)()
            return value
        finally:
            # Resolve even when the builder failed or its consumer went away, so waiters never hang;
            # a None result makes them build for themselves.
            if not future.done():
                future.set_result(value)
            if self._pending.get(key) is future:
                del self._pending[key]


class SharedMessages:
    """Built messages by key, the most recent `size` kept."""

    def __init__(self, size: int = 1024):
        self.size = size
        self._built: OrderedDict[Hashable, object] = OrderedDict()
        self._flights = _Flights()

    async def get(self, key: Hashable, build: Callable[[], object]):
        if key in self._built:
            self._built.move_to_end(key)
            return self._built[key]
        value = await self._flights.run(key, build)
        if value is not None:
            self._built[key] = value
            while len(self._built) > self.size:
                self._built.popitem(last=False)
        return value


class SharedLatest:
    """A value recomputed on demand; a caller gets a computation that started no earlier than
    `not_before` (a time.monotonic() reading), so it reflects every change announced before then."""

    def __init__(self, build: Callable[[], dict]):
        self.build = build
        self._value: dict | None = None
        self._started = float("-inf")
        self._pending: tuple[float, asyncio.Future] | None = None

    async def get(self, not_before: float) -> dict:
        if self._value is not None and self._started >= not_before:
            return self._value
        loop = asyncio.get_running_loop()
        if self._pending is not None:
            started, future = self._pending
            if started >= not_before and future.get_loop() is loop:
                value = await asyncio.shield(future)
                if value is not None:
                    return value
        started, future = time.monotonic(), loop.create_future()
        self._pending = (started, future)
        value = None
        try:
            value = await database_sync_to_async(self.build)()
            if started >= self._started:
                self._value, self._started = value, started
            return value
        finally:
            if not future.done():
                future.set_result(value)
            if self._pending is not None and self._pending[1] is future:
                self._pending = None
