"""Timed work that is not a deadline point: closing resolved tickets nobody rated."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from tickets.models import Status, Ticket
from tickets.services.engine import apply_transition, locked_ticket


def close_unrated(now=None, *, batch: int = 500) -> int:
    """Close tickets resolved more than HOTLINE["AUTO_CLOSE_DAYS"] days ago without a rating
    (the timeout in the contract's `close` row). Returns how many were closed."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.HOTLINE["AUTO_CLOSE_DAYS"])
    ids = list(Ticket.objects.filter(status=Status.RESOLVED, resolved_at__lte=cutoff)
               .values_list("id", flat=True)[:batch])
    closed = 0
    for ticket_id in ids:
        with locked_ticket(ticket_id) as ticket:
            if ticket.status == Status.RESOLVED:
                apply_transition(ticket, "close", None, reason="超过回访期限未评价，自动归档", public_label="已归档")
                closed += 1
    return closed
