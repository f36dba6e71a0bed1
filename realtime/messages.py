"""The messages a socket receives, built in sync code (consumers call these through
database_sync_to_async). The shapes are described in realtime/PROTOCOL.md."""

from __future__ import annotations

from datetime import datetime
from datetime import timezone as dt_timezone

from django.db.models import Max
from django.utils import timezone

from tickets.models import EventKind, TicketEvent
from tickets.selectors import ticket_payload
from tickets.selectors.payload import event_payload

MESSAGE_TYPES = {
    EventKind.CREATED: "ticket.created",
    EventKind.TRANSITION: "ticket.changed",
    EventKind.URGED: "ticket.urged",
    EventKind.SLA_WARNING: "sla.warning",
    EventKind.SLA_OVERDUE: "sla.overdue",
}
# A resume replays at most this many events; a client that missed more reloads its lists instead.
RESUME_LIMIT = 200
# ...and reads at most this many newer events to find them, so a very old resume point stays cheap.
RESUME_SCAN = 5000


def iso(moment) -> str | None:
    return timezone.localtime(moment).isoformat() if moment else None


def now_iso() -> str:
    return iso(timezone.now())


def iso_from_timestamp(seconds: float | None) -> str | None:
    return iso(datetime.fromtimestamp(seconds, tz=dt_timezone.utc)) if seconds is not None else None


def latest_event_id() -> int:
    return TicketEvent.objects.aggregate(latest=Max("id"))["latest"] or 0


def _events():
    return TicketEvent.objects.select_related(
        "actor", "department", "ticket__lead_department", "ticket__category"
    ).prefetch_related("ticket__co_departments")


def load_event(event_id: int) -> TicketEvent | None:
    return _events().filter(pk=event_id).first()


def event_message(event: TicketEvent, viewer) -> dict:
    """One stored event as `viewer` may see it: the ticket masked for them, their transitions."""
    ticket = event.ticket
    if event.kind in (EventKind.TRANSITION, EventKind.CREATED):
        from_status, to_status = event.from_status or None, event.to_status or ticket.status
    else:
        from_status = to_status = ticket.status
    body = {
        "type": MESSAGE_TYPES.get(event.kind, "ticket.changed"),
        "at": iso(event.created_at),
        "event_id": event.pk,
        "kind": event.kind,
        "transition": event.transition or None,
        "from": from_status,
        "to": to_status,
        "ticket": ticket_payload(ticket, viewer),
        "event": event_payload(event),
    }
    if event.kind in (EventKind.SLA_WARNING, EventKind.SLA_OVERDUE):
        body["deadline"] = event.data.get("deadline")
        body["due"] = event.data.get("due")
    return body


def missed_event_ids(audiences: set[str], after_id: int, *, ticket_id: int | None = None) -> tuple[list[int], int, bool]:
    """Ids of the stored events after `after_id` addressed to any of `audiences`, oldest first.

    Returns (ids, resume point, complete). The scan is bounded (RESUME_SCAN rows, RESUME_LIMIT
    matches); when it stops early, `complete` is False and the resume point is the newest event,
    because the client has to reload its lists anyway.
    """
    events = TicketEvent.objects.filter(pk__gt=after_id).order_by("pk")
    if ticket_id is not None:
        events = events.filter(ticket_id=ticket_id)
    rows = list(events.values_list("pk", "audiences")[: RESUME_SCAN + 1])
    complete = len(rows) <= RESUME_SCAN
    ids, point = [], after_id
    for pk, row_audiences in rows[:RESUME_SCAN]:
        if audiences.intersection(row_audiences or ()):
            if len(ids) == RESUME_LIMIT:
                complete = False
                break
            ids.append(pk)
        point = pk
    if not complete:
        point = latest_event_id()
    return ids, point, complete


def replayed_messages(event_ids: list[int], viewer) -> list[dict]:
    events = _events().filter(pk__in=event_ids).order_by("pk")
    return [{**event_message(event, viewer), "replayed": True} for event in events]
