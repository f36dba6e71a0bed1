"""Actions that change no state: urge, supervise, notes, extensions, callbacks — who may, and what
each records."""

import pytest

from tickets.errors import InvalidInput, PermissionDenied, TransitionNotAllowed
from tickets.models import EventKind, TicketEvent
from tickets.services import actions

pytestmark = pytest.mark.django_db


def test_a_department_cannot_urge(dispatched_ticket, users):
    with pytest.raises(PermissionDenied):
        actions.urge(dispatched_ticket.pk, by=users["housing1"])


def test_urging_counts_and_tells_the_department(dispatched_ticket, users):
    actions.urge(dispatched_ticket.pk, by=users["supervisor1"], text="今天下班前答复")
    ticket = actions.urge(dispatched_ticket.pk, by=users["supervisor1"])
    assert ticket.urge_count == 2
    event = TicketEvent.objects.filter(ticket=ticket, kind=EventKind.URGED).last()
    assert "department:housing" in event.audiences


def test_a_ticket_not_being_handled_cannot_be_urged(make_ticket, users):
    with pytest.raises(TransitionNotAllowed):
        actions.urge(make_ticket().ticket.pk, by=users["supervisor1"])


def test_a_note_needs_words_and_a_member_of_staff(dispatched_ticket, users):
    with pytest.raises(InvalidInput):
        actions.add_note(dispatched_ticket.pk, by=users["agent1"], text="  ")
    with pytest.raises(PermissionDenied):
        actions.add_note(dispatched_ticket.pk, by=users["market1"], text="不是本单位的工单")
    actions.add_note(dispatched_ticket.pk, by=users["housing1"], text="已联系物业")
    assert TicketEvent.objects.filter(ticket=dispatched_ticket, kind=EventKind.NOTE).count() == 1


def test_only_citizen_facing_staff_take_callbacks(make_ticket, users):
    from tests.sms.helpers import resolve

    ticket = make_ticket().ticket
    resolve(ticket.pk, users)
    with pytest.raises(PermissionDenied):
        actions.callback(ticket.pk, by=users["housing1"], solved=True, satisfaction="satisfied")
    rating = actions.callback(ticket.pk, by=users["agent1"], solved=True, satisfaction="satisfied")
    assert rating.recorded_by == users["agent1"]


def test_unknown_actions_are_not_found(dispatched_ticket, users):
    with pytest.raises(Exception) as raised:
        actions.run_action(dispatched_ticket.pk, "explode", by=users["dispatcher1"])
    assert raised.value.status == 404
