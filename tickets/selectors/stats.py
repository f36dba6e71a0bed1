"""Live counters for the supervisor wallboard, computed with aggregate queries.

The wallboard page renders them on load and the realtime layer may push the same dict as the body of
a `counters` message, so both must read them from here. Each figure is its own small query that an
index serves (created_at, status, lead_department+status); none of them loads tickets into Python,
and together they cost a few milliseconds however large the archive grows.

Definitions:
- received_today: tickets registered since local midnight (Asia/Shanghai), any channel, any state.
- waiting_dispatch: tickets in `received` (受理后待派单, including those a department returned).
- waiting_signature: tickets in `dispatched` (派单后待签收).
- in_hand: tickets a department holds, i.e. the reply clock runs (dispatched, accepted, return_requested).
- overdue: tickets whose running deadline has passed (tickets.services.deadlines.sla_filter("overdue")).
- by_department: the same in_hand / waiting_signature / overdue figures per lead department, only for
  departments holding at least one ticket, most overdue first.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, Q
from django.utils import timezone

from tickets.models import REPLY_CLOCK_STATUSES, Status, Ticket
from tickets.services.deadlines import sla_filter


def start_of_today(now: datetime | None = None) -> datetime:
    local = timezone.localtime(now or timezone.now())
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def department_counters(now: datetime | None = None) -> list[dict]:
    now = now or timezone.now()
    rows = (
        Ticket.objects.filter(status__in=REPLY_CLOCK_STATUSES, lead_department__isnull=False)
        .values("lead_department__code", "lead_department__name", "lead_department__short_name")
        .annotate(
            in_hand=Count("id"),
            waiting_signature=Count("id", filter=Q(status=Status.DISPATCHED)),
            overdue=Count("id", filter=sla_filter("overdue", now)),
        )
        .order_by("-overdue", "-in_hand", "lead_department__code")
    )
    return [
        {
            "code": row["lead_department__code"],
            "name": row["lead_department__name"],
            "label": row["lead_department__short_name"] or row["lead_department__name"],
            "in_hand": row["in_hand"],
            "waiting_signature": row["waiting_signature"],
            "overdue": row["overdue"],
        }
        for row in rows
    ]


def wallboard_counters(now: datetime | None = None) -> dict:
    """The wallboard's figures as one JSON-ready dict (see the module docstring for definitions)."""
    now = now or timezone.now()
    tickets = Ticket.objects.all()
    return {
        "received_today": tickets.filter(created_at__gte=start_of_today(now)).count(),
        "waiting_dispatch": tickets.filter(status=Status.RECEIVED).count(),
        "waiting_signature": tickets.filter(status=Status.DISPATCHED).count(),
        "in_hand": tickets.filter(status__in=REPLY_CLOCK_STATUSES).count(),
        "overdue": tickets.filter(sla_filter("overdue", now)).count(),
        "by_department": department_counters(now),
    }


__all__ = ["department_counters", "start_of_today", "wallboard_counters"]
