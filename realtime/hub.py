"""One channel-layer subscription per server process and group, fanned out to local sockets.

Joining every socket's own channel to its department's group would make Redis carry one copy of
each event per socket (40 per dispatch with 2,000 inbox sockets over 50 departments), and
channels-redis silently drops group messages for a process whose backlog passes the layer's
capacity. Instead the hub's single channel joins each group that has a local member; Redis carries
one copy per process, and the hub hands it to the local sockets' inboxes in memory.

Every group message therefore carries its group's name under "group" (see `group_message`).
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections import defaultdict

from channels.layers import get_channel_layer

log = logging.getLogger(__name__)

# channels-redis forgets a group membership after a day (group_expiry); renew well before that.
RENEW_SECONDS = 6 * 3600


def group_message(group: str, message: dict) -> dict:
    return {**message, "group": group}


class Hub:
    def __init__(self, layer, loop: asyncio.AbstractEventLoop):
        self.layer, self.loop = layer, loop
        self.members: dict[str, set] = defaultdict(set)
        self.channel: str | None = None
        # Membership changes in order, so a "last one left: discard" cannot land after a
        # "first one joined: add" for the same group.
        self._changing = asyncio.Lock()
        self._tasks: list[asyncio.Task] = []
        # The current or last receive loop and the channel it reads, so shutdown() can wake it.
        self.receiver: asyncio.Task | None = None
        self.receiver_channel: str | None = None
        _hubs.add(self)

    async def _start(self) -> None:
        if self.channel is None:
            # The default prefix matters on Redis: all of a process's channels must share one key, which
            # a single receive loop drains; another prefix would be polled only in turns.
            self.channel = await self.layer.new_channel()
            self._tasks = [self.loop.create_task(self._receive(self.channel)), self.loop.create_task(self._renew())]
            self.receiver, self.receiver_channel = self._tasks[0], self.channel

    async def _stop(self) -> None:
        """When the last local member leaves. The receive loop is woken by a message rather than
        cancelled: redis-py can hold a cancelled blocking read until it times out."""
        channel, self.channel = self.channel, None
        self._tasks[1].cancel()
        self._tasks = []
        await self.layer.send(channel, {"type": "hub.stop"})

    async def join(self, group: str, member) -> None:
        async with self._changing:
            await self._start()
            self.members[group].add(member)
            await self.layer.group_add(group, self.channel)

    async def leave(self, group: str, member) -> None:
        async with self._changing:
            members = self.members.get(group)
            if members is None:
                return
            members.discard(member)
            if not members:
                del self.members[group]
                await self.layer.group_discard(group, self.channel)
            if not self.members:
                await self._stop()

    async def _receive(self, channel: str) -> None:
        while True:
            try:
                message = await self.layer.receive(channel)
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 — a Redis hiccup must not end delivery for the process
                if asyncio.current_task().cancelling():
                    # redis-py turns a cancelled blocking read into TimeoutError: we are being stopped.
                    raise asyncio.CancelledError() from None
                log.exception("hub receive failed; retrying")
                await asyncio.sleep(1)
                continue
            if message.get("type") == "hub.stop":
                return
            for member in tuple(self.members.get(message.get("group"), ())):
                member.deliver(message)

    async def _renew(self) -> None:
        while True:
            await asyncio.sleep(RENEW_SECONDS)
            async with self._changing:
                for group in list(self.members):
                    await self.layer.group_add(group, self.channel)


_hub: Hub | None = None
_hubs: "weakref.WeakSet[Hub]" = weakref.WeakSet()


def hub() -> Hub:
    """This event loop's hub on the current channel layer (tests get a new loop and layer each)."""
    global _hub
    loop, layer = asyncio.get_running_loop(), get_channel_layer()
    if _hub is None or _hub.loop is not loop or _hub.layer is not layer:
        _hub = Hub(layer, loop)
    return _hub


async def shutdown(timeout: float = 10) -> None:
    """Stop every hub of this loop whose receive loop still runs (at the end of a test, or when a
    server stops): wake each with its stop message instead of cancelling it — redis-py may swallow a
    cancellation mid-read, leaving a task that never ends — and wait until they have ended. A hub
    replaced by `hub()` (a new channel layer on the same loop) is woken the same way."""
    loop = asyncio.get_running_loop()
    receivers = []
    for old in [h for h in _hubs if h.loop is loop and h.receiver is not None and not h.receiver.done()]:
        async with old._changing:
            old.members.clear()
            if old.channel is not None:
                await old._stop()
            else:
                await old.layer.send(old.receiver_channel, {"type": "hub.stop"})
        receivers.append(old.receiver)
    if receivers:
        await asyncio.wait(receivers, timeout=timeout)
