"""The transition engine: how any change of a ticket's state is done.

Every transition of `tickets.services.transitions` (and any later one, in the core or registered by
an app) runs through `apply_transition` on a ticket held by `locked_ticket`:

1. `locked_ticket` opens a transaction and locks the row (`SELECT … FOR UPDATE`); with an expected
   version, a stale client gets `Conflict` (409) before anything happens.
2. `check_transition` asks the FSM on the model: the state allows it and its conditions hold
   (else `TransitionNotAllowed`, 409, with what *is* available), and the person holds the
   transition's permission (else `PermissionDenied`, 403).
3. `apply_transition` runs the FSM method (django-fsm-log writes its log row), refreshes the next
   deadline check, bumps the version, saves (`ConcurrentTransitionMixin` guards a stale copy) and
   records one `TicketEvent`, whose pushes and messages run only after commit.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager

from django.db import transaction
from django_fsm import ConcurrentTransition, has_transition_perm
from django_fsm import TransitionNotAllowed as FsmTransitionNotAllowed

from tickets.errors import Conflict, NotFound, PermissionDenied, TransitionNotAllowed
from tickets.models import TRANSITION_LABELS, EventKind, Status, Ticket
from tickets.selectors.transitions import available_transitions
from tickets.services import deadlines
from tickets.services.events import record_event, ticket_audiences


@contextmanager
def locked_ticket(ticket_id: int, *, expected_version: int | None = None):
    """Yield the ticket locked for update inside a transaction. The caller's changes commit together."""
    with transaction.atomic():
        ticket = (Ticket.objects.select_for_update(of=("self",))
                  .select_related("lead_department", "category").filter(pk=ticket_id).first())
        if ticket is None:
            raise NotFound("工单不存在。")
        if expected_version is not None and ticket.version != expected_version:
            raise Conflict(current_status=ticket.status)
        yield ticket


def transition_sources(name: str) -> set[str]:
    """The states transition `name` may start from."""
    return set(getattr(Ticket, name)._django_fsm.transitions.keys())


def conditions_met(ticket: Ticket, name: str) -> bool:
    """Whether the conditions of transition `name` hold for the ticket in its current state."""
    return getattr(Ticket, name)._django_fsm.conditions_met(ticket, ticket.status)


def check_transition(ticket: Ticket, name: str, by) -> Callable:
    """The FSM method of transition `name`, once the state, its conditions and `by`'s permission
    allow it. Call while holding the row lock (`locked_ticket`)."""
    method = getattr(ticket, name)
    if ticket.status not in transition_sources(name) or not conditions_met(ticket, name):
        raise TransitionNotAllowed(
            f"工单当前状态为“{ticket.get_status_display()}”，不能{TRANSITION_LABELS[name]}。",
            available=available_transitions(ticket, by),
        )
    if by is not None and not has_transition_perm(method, by):
        raise PermissionDenied(f"您无权对该工单执行“{TRANSITION_LABELS[name]}”。")
    return method


def apply_transition(ticket: Ticket, name: str, by, *, reason: str = "", public_label: str | Callable = "",
                     event_department=None, extra_departments=(), event_data: dict | None = None,
                     **kwargs) -> Ticket:
    """Run one FSM transition on a locked ticket, save it and record its event. `by` None is the
    system (a rating, the timeout). `public_label` (the citizen's timeline) may be a function of the
    changed ticket, for labels that only make sense once the step is allowed; `kwargs` go to the FSM
    method."""
    method = check_transition(ticket, name, by)
    from_status = ticket.status
    try:
        method(by=by if getattr(by, "pk", None) else None, description=reason or None, **kwargs)
    except FsmTransitionNotAllowed as exc:
        raise TransitionNotAllowed(available=available_transitions(ticket, by)) from exc
    deadlines.refresh_next_check(ticket)
    ticket.version += 1
    try:
        ticket.save()
    except ConcurrentTransition as exc:
        raise Conflict() from exc
    record_event(
        ticket, EventKind.TRANSITION, actor=by, actor_label="" if by else "系统", transition=name,
        from_status=from_status, to_status=ticket.status, department=event_department or ticket.lead_department,
        text=reason, public_label=public_label(ticket) if callable(public_label) else public_label,
        data=event_data or {},
        audiences=ticket_audiences(ticket, extra_departments=extra_departments,
                                   intake=Status.RECEIVED in (from_status, ticket.status)),
    )
    return ticket
