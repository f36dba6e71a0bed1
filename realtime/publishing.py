"""Publishing committed ticket events (and call cards) to the channel layer.

`on_ticket_event_committed` is connected to tickets.signals.ticket_event_committed, which the core
sends only after the transaction that stored the event committed, so a rolled-back change is never
heard of. Only the event id travels through the layer: every consumer builds the message for its
own user (tickets.selectors.ticket_payload masks per viewer), so confidential fields never pass
through a socket whose user may not see them.
"""

from __future__ import annotations

import asyncio
import os
import threading

from channels.layers import get_channel_layer

from realtime.groups import COUNTERS, group_for
from realtime.hub import group_message



# The event loop that runs this process's consumers (daphne's), if it has any; set on connect.
_server_loop: asyncio.AbstractEventLoop | None = None
# Otherwise (a Celery worker, a management command) one long-lived loop on a daemon thread, so
# the Redis connection pool is kept instead of opened for every event: (pid, loop).
_publisher: tuple[int, asyncio.AbstractEventLoop] | None = None
_publisher_lock = threading.Lock()
PUBLISH_TIMEOUT = 10


def remember_server_loop() -> None:
    """Called by consumers: events published from any thread of this process are handed to this
    loop. The in-memory layer's queues are not thread-safe, so they must be fed from here."""
    global _server_loop
    _server_loop = asyncio.get_running_loop()


def _publisher_loop() -> asyncio.AbstractEventLoop:
    global _publisher
    with _publisher_lock:
        # A forked worker inherits the loop object but not the thread running it: start its own.
        if _publisher is None or _publisher[0] != os.getpid():
            loop = asyncio.new_event_loop()
            threading.Thread(target=loop.run_forever, name="realtime-publisher", daemon=True).start()
            _publisher = (os.getpid(), loop)
        return _publisher[1]


def group_send_many(sends: list[tuple[str, dict]]) -> None:
    """group_send several (group, message) pairs concurrently, from sync code (services, tasks,
    views), and wait until the layer has them."""
    layer = get_channel_layer()
    if layer is None or not sends:
        return

    async def fan_out():
        await asyncio.gather(*(layer.group_send(group, group_message(group, message)) for group, message in sends))

    loop = _server_loop if _server_loop is not None and _server_loop.is_running() else _publisher_loop()
    try:
        running = asyncio.get_running_loop()
    except RuntimeError:
        running = None
    if running is loop:
        # Sync code called straight from the loop's own thread cannot wait for it: schedule instead.
        loop.create_task(fan_out())
        return
    asyncio.run_coroutine_threadsafe(fan_out(), loop).result(timeout=PUBLISH_TIMEOUT)


def send_to_groups(groups, message: dict) -> None:
    group_send_many([(group, message) for group in dict.fromkeys(groups)])


def ticket_event_notice(event) -> dict:
    """What travels through the layer for one stored event: enough to find it, nothing personal."""
    ticket = event.ticket
    return {"type": "ticket.event", "event_id": event.pk, "ticket_id": event.ticket_id,
            "version": getattr(ticket, "version", 0)}


def publish_ticket_event(event) -> None:
    notice = ticket_event_notice(event)
    groups = dict.fromkeys(group_for(audience) for audience in event.audiences or [])
    # Wallboards recount on any change; they throttle themselves.
    group_send_many([(group, notice) for group in groups]
                    + [(COUNTERS, {"type": "counters.dirty", "event_id": event.pk})])


def on_ticket_event_committed(sender, event, **kwargs) -> None:
    publish_ticket_event(event)


def on_topic_alert_raised(sender, alert, **kwargs) -> None:
    """A hot-topic spike: every wallboard hears it (no personal data in it, so it travels whole)."""
    from tickets.topics.selectors import alert_payload

    group_send_many([(COUNTERS, {"type": "topic.alert", "alert": alert_payload(alert)})])
