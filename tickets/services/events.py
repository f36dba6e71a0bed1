"""Recording events. Every change to a ticket writes exactly one TicketEvent in its transaction;
pushes and statistics read from those rows after commit."""

import logging

from django.db import transaction

from tickets.models import EventKind, Ticket, TicketEvent
from tickets.signals import ticket_event_committed

log = logging.getLogger(__name__)

INTAKE = "intake"
SUPERVISION = "supervision"


def ticket_audiences(ticket: Ticket, *, extra_departments=(), intake: bool = False) -> list[str]:
    """Who should hear of a change to this ticket, in domain words (see TicketEvent.audiences)."""
    audiences = [f"ticket:{ticket.pk}", SUPERVISION]
    if intake:
        audiences.append(INTAKE)
    codes = []
    for department in (ticket.lead_department, *extra_departments):
        if department is not None and department.code not in codes:
            codes.append(department.code)
    if ticket.pk and ticket.lead_department_id:
        # .all(): served from a prefetch when the caller made one (the sweep does, for a whole batch).
        codes.extend(d.code for d in ticket.co_departments.all() if d.code not in codes)
    audiences.extend(f"department:{code}" for code in codes)
    if ticket.created_by_id:
        audiences.append(f"agent:{ticket.created_by_id}")
    return audiences


def record_event(ticket: Ticket, kind: str, *, actor=None, actor_label: str = "", transition: str = "",
                 from_status: str = "", to_status: str = "", department=None, text: str = "",
                 public_label: str = "", data: dict | None = None, audiences: list[str] | None = None,
                 intake: bool = False) -> TicketEvent:
    """Store one event and publish it once the surrounding transaction commits."""
    event = TicketEvent.objects.create(
        ticket=ticket, kind=kind, actor=actor if getattr(actor, "pk", None) else None,
        actor_label=actor_label or (actor.display_name if getattr(actor, "pk", None) else ""),
        transition=transition, from_status=from_status, to_status=to_status, department=department, text=text,
        public_label=public_label, data=data or {},
        audiences=audiences if audiences is not None else ticket_audiences(ticket, intake=intake),
    )
    transaction.on_commit(lambda: _publish(event))
    return event


def record_events(events: list[TicketEvent]) -> list[TicketEvent]:
    """Store many prepared events in one INSERT and publish each once the transaction commits (the
    deadline sweep: one statement for a batch of crossed points, not one per point)."""
    stored = TicketEvent.objects.bulk_create(events)
    transaction.on_commit(lambda: [_publish(event) for event in stored])
    return stored


def _publish(event: TicketEvent) -> None:
    # A failed push must never undo or hide a committed change: clients resume from the event id.
    for receiver, result in ticket_event_committed.send_robust(sender=TicketEvent, event=event):
        if isinstance(result, Exception):
            log.warning("publishing event %s via %s failed: %s", event.pk, receiver, result)


__all__ = ["EventKind", "INTAKE", "SUPERVISION", "record_event", "record_events", "ticket_audiences"]
