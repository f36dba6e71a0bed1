"""Publishing committed ticket events (and call cards) to the channel layer.

`on_ticket_event_committed` is connected to tickets.signals.ticket_event_committed, which the core
sends only after the transaction that stored the event committed, so a rolled-back change is never
heard of. Only the event id travels through the layer: every consumer builds the message for its
own user (tickets.selectors.ticket_payload masks per viewer), so confidential fields never pass
through a socket whose user may not see them.
"""

from __future__ import annotations

import asyncio

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from realtime.groups import COUNTERS, group_for



def group_send_many(sends: list[tuple[str, dict]]) -> None:
    """group_send several (group, message) pairs concurrently, from sync code (services, tasks,
    views), in one hop to the event loop."""
    layer = get_channel_layer()
    if layer is None or not sends:
        return

    async def fan_out():
        await asyncio.gather(*(layer.group_send(group, message) for group, message in sends))

    async_to_sync(fan_out)()


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
