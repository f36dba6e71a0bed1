"""The state machine: every transition allowed from its state for its people, refused otherwise."""

import pytest
from django_fsm_log.models import StateLog

from tickets.errors import Conflict, InvalidInput, PermissionDenied, TransitionNotAllowed
from tickets.models import EventKind, Status, Ticket, TicketEvent
from tickets.services import engine, transitions
from tickets.services.ratings import rate

pytestmark = pytest.mark.django_db


def bring_to(status, make_ticket, users, **ticket_fields):
    """A fresh ticket walked through the real services to `status`."""
    ticket = make_ticket(**ticket_fields).ticket
    dispatcher, handler = users["dispatcher1"], users["housing1"]
    path = {
        Status.RECEIVED: [],
        Status.DISPATCHED: [("dispatch", dispatcher, {"department": "housing"})],
        Status.ACCEPTED: [("dispatch", dispatcher, {"department": "housing"}), ("accept", handler, {})],
        Status.RETURN_REQUESTED: [("dispatch", dispatcher, {"department": "housing"}),
                                  ("request_return", handler, {"reason": "不属于本单位职责"})],
        Status.REPLIED: [("dispatch", dispatcher, {"department": "housing"}), ("accept", handler, {}),
                         ("reply", handler, {"text": "已安排维修"})],
        Status.RESOLVED: [("dispatch", dispatcher, {"department": "housing"}), ("accept", handler, {}),
                          ("reply", handler, {"text": "已安排维修"}), ("approve_reply", dispatcher, {})],
    }[status]
    for name, actor, payload in path:
        ticket = transitions.run_transition(ticket.pk, name, by=actor, payload=payload)
    assert ticket.status == status
    return ticket


# (transition, from, to, payload, who may, who may not)
CASES = [
    ("resolve_directly", Status.RECEIVED, Status.RESOLVED, {"answer": "周六日可网上预约办理。"}, "agent1", "housing1"),
    ("dispatch", Status.RECEIVED, Status.DISPATCHED, {"department": "housing"}, "agent1", "housing1"),
    ("dispatch", Status.RECEIVED, Status.DISPATCHED, {"department": "urban", "co_departments": ["market"]},
     "dispatcher1", "supervisor1"),
    ("accept", Status.DISPATCHED, Status.ACCEPTED, {}, "housing1", "hrss1"),
    ("request_return", Status.DISPATCHED, Status.RETURN_REQUESTED, {"reason": "非本单位职责"}, "housing1", "urban1"),
    ("request_return", Status.ACCEPTED, Status.RETURN_REQUESTED, {"reason": "非本单位职责"}, "housing1", "agent1"),
    ("approve_return", Status.RETURN_REQUESTED, Status.RECEIVED, {}, "dispatcher1", "housing1"),
    ("reject_return", Status.RETURN_REQUESTED, Status.ACCEPTED, {"reason": "属于住建职责"}, "dispatcher1", "agent1"),
    ("reply", Status.ACCEPTED, Status.REPLIED, {"text": "已修复"}, "housing1", "market1"),
    ("approve_reply", Status.REPLIED, Status.RESOLVED, {}, "dispatcher1", "housing1"),
    ("reject_reply", Status.REPLIED, Status.ACCEPTED, {"reason": "答复未回应诉求"}, "dispatcher1", "agent1"),
    ("reopen", Status.RESOLVED, Status.ACCEPTED, {"reason": "市民反映未修好"}, "dispatcher1", "housing1"),
    ("close", Status.RESOLVED, Status.CLOSED, {}, "dispatcher1", "agent1"),
    ("mark_invalid", Status.RECEIVED, Status.INVALID, {"reason": "骚扰电话"}, "agent1", "housing1"),
]


@pytest.mark.parametrize("name,source,target,payload,allowed,refused", CASES)
def test_transition_is_allowed_for_its_people(name, source, target, payload, allowed, refused, make_ticket, users):
    ticket = bring_to(source, make_ticket, users)
    result = transitions.run_transition(ticket.pk, name, by=users[allowed], payload=payload)
    assert result.status == target
    event = TicketEvent.objects.filter(ticket=ticket, kind=EventKind.TRANSITION).last()
    assert (event.transition, event.from_status, event.to_status, event.actor) == (name, source, target, users[allowed])


@pytest.mark.parametrize("name,source,target,payload,allowed,refused", CASES)
def test_transition_is_refused_for_the_wrong_person(name, source, target, payload, allowed, refused, make_ticket,
                                                     users):
    ticket = bring_to(source, make_ticket, users)
    with pytest.raises(PermissionDenied):
        transitions.run_transition(ticket.pk, name, by=users[refused], payload=payload)
    assert Ticket.objects.get(pk=ticket.pk).status == source


WRONG_STATE = {
    "resolve_directly": Status.DISPATCHED, "dispatch": Status.ACCEPTED, "accept": Status.RECEIVED,
    "request_return": Status.REPLIED, "approve_return": Status.ACCEPTED, "reject_return": Status.DISPATCHED,
    "reply": Status.DISPATCHED, "approve_reply": Status.ACCEPTED, "reject_reply": Status.RESOLVED,
    "reopen": Status.REPLIED, "close": Status.ACCEPTED, "merge": Status.ACCEPTED, "mark_invalid": Status.DISPATCHED,
}


@pytest.mark.parametrize("name,source,target,payload,allowed,refused", CASES)
def test_transition_is_refused_in_the_wrong_state(name, source, target, payload, allowed, refused, make_ticket,
                                                   users):
    ticket = bring_to(WRONG_STATE[name], make_ticket, users)
    with pytest.raises(TransitionNotAllowed) as error:
        transitions.run_transition(ticket.pk, name, by=users[allowed], payload=payload)
    assert error.value.status == 409
    assert name not in error.value.available


# The transfers need a platform to go to: their cases are in tests/transfers/test_transfers.py.
TRANSFERS = {"transfer", "transfer_refused", "transfer_resolved"}


def test_every_transition_has_a_case():
    assert {case[0] for case in CASES} | {"merge"} | TRANSFERS == set(transitions.TRANSITIONS)


def test_handler_of_another_department_cannot_sign(make_ticket, users):
    ticket = bring_to(Status.DISPATCHED, make_ticket, users)
    with pytest.raises(PermissionDenied):
        transitions.accept(ticket.pk, by=users["hrss1"])


def test_department_cannot_reply_before_signing(make_ticket, users):
    ticket = bring_to(Status.DISPATCHED, make_ticket, users)
    with pytest.raises(TransitionNotAllowed):
        transitions.reply(ticket.pk, by=users["housing1"], text="已处理")


def test_merge_points_at_the_surviving_ticket(make_ticket, users):
    duplicate = make_ticket().ticket
    survivor = make_ticket().ticket
    merged = transitions.merge(duplicate.pk, by=users["dispatcher1"], into=survivor.pk)
    assert merged.status == Status.MERGED and merged.merged_into == survivor
    assert TicketEvent.objects.filter(ticket=survivor, kind=EventKind.MERGED_IN).exists()


def test_merge_is_for_dispatchers_only(make_ticket, users):
    duplicate, survivor = make_ticket().ticket, make_ticket().ticket
    with pytest.raises(PermissionDenied):
        transitions.merge(duplicate.pk, by=users["agent1"], into=survivor.pk)


def test_merge_into_itself_or_a_missing_ticket_is_bad_input(make_ticket, users):
    ticket = make_ticket().ticket
    with pytest.raises(InvalidInput):
        transitions.merge(ticket.pk, by=users["dispatcher1"], into=ticket.pk)
    with pytest.raises(InvalidInput):
        transitions.merge(ticket.pk, by=users["dispatcher1"], into=ticket.pk + 1000)


def test_dispatch_to_unknown_department_names_the_field(make_ticket, users):
    ticket = make_ticket().ticket
    with pytest.raises(InvalidInput) as error:
        transitions.dispatch(ticket.pk, by=users["dispatcher1"], department="no-such-unit")
    assert "department" in error.value.fields


def test_missing_reason_is_bad_input_not_a_crash(make_ticket, users):
    ticket = bring_to(Status.DISPATCHED, make_ticket, users)
    with pytest.raises(InvalidInput) as error:
        transitions.run_transition(ticket.pk, "request_return", by=users["housing1"], payload={})
    assert "reason" in error.value.fields


def test_approved_return_goes_back_to_intake_without_a_department(make_ticket, users):
    ticket = bring_to(Status.RETURN_REQUESTED, make_ticket, users)
    ticket = transitions.approve_return(ticket.pk, by=users["dispatcher1"])
    assert ticket.lead_department is None and ticket.sign_due is None and ticket.sla_next_check_at is None
    event = ticket.events.last()
    assert "department:housing" in event.audiences  # the unit that let go hears of it


def test_return_after_the_window_is_refused(make_ticket, users):
    from datetime import timedelta

    from django.utils import timezone

    ticket = bring_to(Status.ACCEPTED, make_ticket, users)
    Ticket.objects.filter(pk=ticket.pk).update(return_due=timezone.now() - timedelta(minutes=1))
    with pytest.raises(TransitionNotAllowed) as error:
        transitions.request_return(ticket.pk, by=users["housing1"], reason="晚了")
    assert "退单时限" in error.value.message


def test_available_transitions_reflect_the_user(make_ticket, users):
    ticket = bring_to(Status.DISPATCHED, make_ticket, users)
    assert set(transitions.available_transitions(ticket, users["housing1"])) == {"accept", "request_return"}
    assert transitions.available_transitions(ticket, users["hrss1"]) == []
    assert "merge" in transitions.available_transitions(ticket, users["dispatcher1"])


def test_each_transition_is_logged_by_django_fsm_log(make_ticket, users):
    ticket = bring_to(Status.ACCEPTED, make_ticket, users)
    logs = StateLog.objects.for_(ticket).order_by("timestamp")
    assert [(log.transition, log.source_state, log.state) for log in logs] == [
        ("dispatch", "received", "dispatched"), ("accept", "dispatched", "accepted")]
    assert logs[1].by == users["housing1"]


def test_return_reason_is_kept_in_the_event_and_the_log(make_ticket, users):
    ticket = bring_to(Status.RETURN_REQUESTED, make_ticket, users)
    assert ticket.events.last().text == "不属于本单位职责"
    assert StateLog.objects.for_(ticket).last().description == "不属于本单位职责"


def test_history_records_who_when_from_to_why(make_ticket, users):
    ticket = bring_to(Status.RESOLVED, make_ticket, users)
    kinds = list(ticket.events.values_list("kind", "transition", "from_status", "to_status"))
    assert kinds == [
        ("created", "", "", "received"),
        ("transition", "dispatch", "received", "dispatched"),
        ("transition", "accept", "dispatched", "accepted"),
        ("transition", "reply", "accepted", "replied"),
        ("transition", "approve_reply", "replied", "resolved"),
    ]
    assert all(event.created_at for event in ticket.events.all())


# --- ratings settle the ticket ---------------------------------------------------------------------

def test_satisfied_rating_closes_the_ticket(make_ticket, users):
    ticket = bring_to(Status.RESOLVED, make_ticket, users)
    rate(ticket.pk, solved=True, satisfaction="satisfied", source="web")
    assert Ticket.objects.get(pk=ticket.pk).status == Status.CLOSED


def test_unsatisfied_rating_reopens_once_then_closes(make_ticket, users):
    ticket = bring_to(Status.RESOLVED, make_ticket, users)
    rate(ticket.pk, solved=False, satisfaction="unsatisfied", comment="没修好", source="web")
    ticket = Ticket.objects.get(pk=ticket.pk)
    assert ticket.status == Status.ACCEPTED and ticket.reopen_count == 1 and ticket.lead_department.code == "housing"
    transitions.reply(ticket.pk, by=users["housing1"], text="再次维修")
    transitions.approve_reply(ticket.pk, by=users["dispatcher1"])
    rate(ticket.pk, solved=False, satisfaction="unsatisfied", comment="还是没修好", source="web")
    ticket = Ticket.objects.get(pk=ticket.pk)
    assert ticket.status == Status.CLOSED
    assert list(ticket.ratings.order_by("round").values_list("satisfaction", flat=True)) == ["unsatisfied"] * 2


def test_a_resolution_can_be_rated_only_once(make_ticket, users):
    from tickets.errors import AlreadyRated

    ticket = bring_to(Status.RESOLVED, make_ticket, users)
    rate(ticket.pk, solved=True, satisfaction="satisfied", source="web")
    with pytest.raises(AlreadyRated):
        rate(ticket.pk, solved=True, satisfaction="satisfied", source="web")


def test_rating_before_resolution_is_refused(make_ticket, users):
    ticket = bring_to(Status.ACCEPTED, make_ticket, users)
    with pytest.raises(TransitionNotAllowed):
        rate(ticket.pk, solved=True, satisfaction="satisfied", source="web")


def test_directly_resolved_ticket_unsatisfied_rating_closes_it(make_ticket, users):
    ticket = bring_to(Status.RECEIVED, make_ticket, users)
    transitions.resolve_directly(ticket.pk, by=users["agent1"], answer="请携带身份证到大厅办理。")
    rate(ticket.pk, solved=False, satisfaction="unsatisfied", source="callback")
    assert Ticket.objects.get(pk=ticket.pk).status == Status.CLOSED  # no unit to reopen to


# --- concurrency -----------------------------------------------------------------------------------

def test_stale_version_is_a_conflict(make_ticket, users):
    ticket = make_ticket().ticket
    with pytest.raises(Conflict):
        transitions.dispatch(ticket.pk, by=users["dispatcher1"], department="housing", version=ticket.version + 1)
    assert Ticket.objects.get(pk=ticket.pk).status == Status.RECEIVED


def test_a_save_from_a_stale_copy_is_a_conflict_and_leaves_no_event(make_ticket, users):
    """If a stale copy ever gets past the row lock, ConcurrentTransitionMixin stops its save."""
    from django.db import transaction

    stale = make_ticket().ticket
    transitions.dispatch(stale.pk, by=users["dispatcher1"], department="housing")
    events_before = TicketEvent.objects.filter(ticket=stale).count()
    with pytest.raises(Conflict), transaction.atomic():
        engine.apply_transition(stale, "mark_invalid", users["agent1"], reason="重复")
    assert Ticket.objects.get(pk=stale.pk).status == Status.DISPATCHED
    assert TicketEvent.objects.filter(ticket=stale).count() == events_before
