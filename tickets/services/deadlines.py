"""Deadlines (时限): which rule applies, when each point falls, and the sweep that announces them.

Each running deadline has two points: the warning point at 80 % of its time (yellow) and the due
point (red, overdue). Which deadlines run depends on the state: the signature clock runs while the
ticket waits in `dispatched`; the reply clock from dispatch until the department replies.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from tickets.models import (
    REPLY_CLOCK_STATUSES, SIGN_CLOCK_STATUSES, DeadlineRule, EventKind, Priority, SlaAlert, Ticket, TicketEvent,
)
from tickets.working_time import WorkingCalendar, load_calendar

log = logging.getLogger(__name__)

# DOMAIN.md's published defaults, used when the admin has no rule for a case.
DEFAULT_RULES = {
    ("sign", "", "urgent"): (1, DeadlineRule.Unit.HOURS),
    ("sign", "", ""): (1, DeadlineRule.Unit.WORKING_DAYS),
    ("reply", "", "urgent"): (2, DeadlineRule.Unit.HOURS),
    ("reply", "consultation", ""): (2, DeadlineRule.Unit.WORKING_DAYS),
    ("reply", "help", ""): (10, DeadlineRule.Unit.WORKING_DAYS),
    ("reply", "suggestion", ""): (10, DeadlineRule.Unit.WORKING_DAYS),
    ("reply", "complaint", ""): (15, DeadlineRule.Unit.WORKING_DAYS),
    ("reply", "report", ""): (15, DeadlineRule.Unit.WORKING_DAYS),
    ("reply", "", ""): (10, DeadlineRule.Unit.WORKING_DAYS),
}


@dataclass(frozen=True)
class Deadline:
    due: datetime
    warn_at: datetime


def _rule(stage: str, ticket_type: str, priority: str) -> tuple[int, str]:
    """The most specific rule: type+priority, then priority, then type, then the stage default."""
    candidates = [(ticket_type, priority), ("", priority), (ticket_type, ""), ("", "")]
    stored = {
        (rule.ticket_type, rule.priority): (rule.amount, rule.unit)
        for rule in DeadlineRule.objects.filter(stage=stage, ticket_type__in=[ticket_type, ""],
                                                priority__in=[priority, ""])
    }
    for key in candidates:
        if key in stored:
            return stored[key]
        if (stage, *key) in DEFAULT_RULES:
            return DEFAULT_RULES[(stage, *key)]
    raise LookupError(stage)


def _span(start: datetime, amount: float, unit: str, calendar: WorkingCalendar) -> Deadline:
    fraction = settings.HOTLINE["SLA_WARNING_FRACTION"]
    if unit == DeadlineRule.Unit.HOURS:
        total = timedelta(hours=amount)
        return Deadline(due=start + total, warn_at=start + total * fraction)
    total = (calendar.standard_day_length * amount if unit == DeadlineRule.Unit.WORKING_DAYS
             else timedelta(hours=amount))
    return Deadline(due=calendar.add_working_time(start, total),
                    warn_at=calendar.add_working_time(start, total * fraction))


def deadline_for(stage: str, ticket: Ticket, start: datetime, calendar: WorkingCalendar | None = None) -> Deadline:
    amount, unit = _rule(stage, ticket.type, ticket.priority)
    return _span(start, amount, unit, calendar or load_calendar())


def return_due(start: datetime, calendar: WorkingCalendar | None = None) -> datetime:
    calendar = calendar or load_calendar()
    return calendar.add_working_days(start, settings.HOTLINE["RETURN_WINDOW_WORKING_DAYS"])


def extend(due: datetime, days: int, calendar: WorkingCalendar | None = None) -> Deadline:
    """A reply deadline moved by an approved extension; the new warning point sits at 80 % of the
    added time, so the department is warned again before the new due point."""
    calendar = calendar or load_calendar()
    start = max(due, timezone.now())
    return _span(start, days, DeadlineRule.Unit.WORKING_DAYS, calendar)


# --- points and SLA state -----------------------------------------------------------------------

def running_points(ticket: Ticket) -> list[tuple[str, str, datetime]]:
    """(deadline, point, moment) for every deadline point whose clock runs in the current state."""
    points = []
    if ticket.status in SIGN_CLOCK_STATUSES:
        points += [("sign", "warning", ticket.sign_warn_at), ("sign", "overdue", ticket.sign_due)]
    if ticket.status in REPLY_CLOCK_STATUSES:
        points += [("reply", "warning", ticket.reply_warn_at), ("reply", "overdue", ticket.reply_due)]
    return [(deadline, point, moment) for deadline, point, moment in points if moment is not None]


def refresh_next_check(ticket: Ticket) -> None:
    """Point the sweep at the earliest running point. Points already announced are deduplicated by
    SlaAlert, so including a past one costs one extra visit, never a second announcement."""
    moments = [moment for _, _, moment in running_points(ticket)]
    ticket.sla_next_check_at = min(moments) if moments else None


def sla_state(ticket: Ticket, now: datetime | None = None) -> str:
    now = now or timezone.now()
    state = "ok"
    for _, point, moment in running_points(ticket):
        if moment <= now:
            if point == "overdue":
                return "overdue"
            state = "warning"
    return state


def sla_filter(state: str, now: datetime | None = None) -> Q:
    """A queryset filter for tickets in the given SLA state ("warning" or "overdue")."""
    now = now or timezone.now()
    sign_overdue = Q(status__in=SIGN_CLOCK_STATUSES, sign_due__lte=now)
    reply_overdue = Q(status__in=REPLY_CLOCK_STATUSES, reply_due__lte=now)
    overdue = sign_overdue | reply_overdue
    if state == "overdue":
        return overdue
    warning = Q(status__in=SIGN_CLOCK_STATUSES, sign_warn_at__lte=now) | Q(
        status__in=REPLY_CLOCK_STATUSES, reply_warn_at__lte=now)
    return warning & ~overdue


# --- the sweep -----------------------------------------------------------------------------------

SWEEP_BATCH = 500


def sweep_deadlines(now: datetime | None = None, *, batch: int = SWEEP_BATCH) -> int:
    """Announce every deadline point crossed since the last sweep, each exactly once.

    Reads only tickets whose `sla_next_check_at` has come (a partial index), so its cost follows the
    number of points crossed, not the number of open tickets. A batch of up to `batch` tickets costs
    a fixed number of statements whatever its size (lock and read, co-handling units, alerts already
    made, new alerts, new events, next check moments), plus an SMS row per urgent warning. Returns
    the events emitted.
    """
    now = now or timezone.now()
    emitted = 0
    while Ticket.objects.filter(sla_next_check_at__lte=now).exists():  # most sweeps end here
        done, found = _sweep_batch(now, batch)
        emitted += done
        if found < batch:
            break
    return emitted


def _sweep_batch(now: datetime, batch: int) -> tuple[int, int]:
    from tickets.services import notifications
    from tickets.services.events import record_events, ticket_audiences

    with transaction.atomic():
        # skip_locked: a ticket a transition holds right now is left to the next sweep, which will
        # see it with its new state (a transition recomputes sla_next_check_at).
        tickets = list(
            Ticket.objects.select_for_update(of=("self",), skip_locked=True).select_related("lead_department")
            .prefetch_related("co_departments").filter(sla_next_check_at__lte=now)
            .order_by("sla_next_check_at", "id")[:batch]
        )
        if not tickets:
            return 0, 0
        crossed = [(ticket, deadline, point, moment) for ticket in tickets
                   for deadline, point, moment in running_points(ticket) if moment <= now]
        announced = set(SlaAlert.objects.filter(ticket_id__in=[t.pk for t in tickets])
                        .values_list("ticket_id", "deadline", "point", "due_at"))
        fresh = [(t, d, p, m) for t, d, p, m in crossed if (t.pk, d, p, m) not in announced]
        # The rows are locked, so no other sweep can announce these points meanwhile; ignore_conflicts
        # only guards against an alert written outside the sweep.
        SlaAlert.objects.bulk_create([SlaAlert(ticket=t, deadline=d, point=p, due_at=m) for t, d, p, m in fresh],
                                     ignore_conflicts=True)
        events = []
        for ticket, deadline, point, _moment in fresh:
            label = {"sign": "签收", "reply": "答复"}[deadline]
            due = _due_of(ticket, deadline)
            text = (f"{label}时限即将到期（到期时间 {timezone.localtime(due):%m-%d %H:%M}）"
                    if point == "warning" else f"{label}已超时")
            events.append(TicketEvent(
                ticket=ticket, kind=EventKind.SLA_WARNING if point == "warning" else EventKind.SLA_OVERDUE,
                actor_label="系统", department=ticket.lead_department, text=text,
                data={"deadline": deadline, "point": point, "due": due.isoformat()},
                audiences=ticket_audiences(ticket)))
            if point == "warning" and ticket.priority == Priority.URGENT:
                notifications.queue_urgent_deadline_warning(ticket, deadline)
        record_events(events)
        for ticket in tickets:
            upcoming = [moment for _, _, moment in running_points(ticket) if moment > now]
            ticket.sla_next_check_at = min(upcoming) if upcoming else None
        Ticket.objects.bulk_update(tickets, ["sla_next_check_at"])
    return len(events), len(tickets)


def _due_of(ticket: Ticket, deadline: str) -> datetime:
    return ticket.sign_due if deadline == "sign" else ticket.reply_due
