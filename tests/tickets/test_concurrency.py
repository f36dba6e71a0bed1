"""Two people acting on one ticket at the same moment: exactly one wins, the other gets a clean 409."""

import threading

import pytest
from django.db import connection, connections

from tickets.errors import Conflict, TransitionNotAllowed
from tickets.models import EventKind, Status, Ticket, TicketEvent
from tickets.services import transitions


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="needs row locks across connections; SQLite serialises all writers instead "
                           "(covered there by the stale-version and stale-copy tests)")
def test_concurrent_double_dispatch_has_exactly_one_winner(make_ticket, users):
    ticket = make_ticket().ticket
    barrier = threading.Barrier(2)
    outcomes = []

    def act(department, who):
        try:
            barrier.wait()
            transitions.dispatch(ticket.pk, by=users[who], department=department)
            outcomes.append("won")
        except (TransitionNotAllowed, Conflict) as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=act, args=("housing", "dispatcher1")),
               threading.Thread(target=act, args=("urban", "agent1"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert sorted(outcomes) == ["transition_not_allowed", "won"]
    ticket = Ticket.objects.get(pk=ticket.pk)
    assert ticket.status == Status.DISPATCHED
    assert TicketEvent.objects.filter(ticket=ticket, kind=EventKind.TRANSITION).count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers (PostgreSQL)")
def test_concurrent_registrations_never_share_a_letter_number(reference_data):
    from tickets.services.intake import register_ticket

    numbers, barrier = [], threading.Barrier(4)

    def register():
        try:
            barrier.wait()
            for _ in range(5):
                numbers.append(register_ticket(channel="web", type="help", title="求助", content="内容",
                                               notify_citizen=False).ticket.letter_number)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert len(numbers) == 20 and len(set(numbers)) == 20
