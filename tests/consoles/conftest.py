"""Fixtures for the console pages: logged-in clients per demo user and tickets walked to a state
through the real services."""

import pytest
from django.test import Client

from tickets.models import Status
from tickets.services import actions, transitions


@pytest.fixture
def login(users):
    """login("housing1") -> a test client with that demo user's session."""

    def make(username):
        client = Client()
        client.force_login(users[username])
        return client

    return make


PATHS = {
    Status.RECEIVED: [],
    Status.DISPATCHED: [("dispatch", "dispatcher1", {"department": "housing"})],
    Status.ACCEPTED: [("dispatch", "dispatcher1", {"department": "housing"}), ("accept", "housing1", {})],
    Status.RETURN_REQUESTED: [("dispatch", "dispatcher1", {"department": "housing"}),
                              ("request_return", "housing1", {"reason": "该路段由城管局负责"})],
    Status.REPLIED: [("dispatch", "dispatcher1", {"department": "housing"}), ("accept", "housing1", {}),
                     ("reply", "housing1", {"text": "已联系物业更换灯泡，今晚恢复照明。"})],
    Status.RESOLVED: [("dispatch", "dispatcher1", {"department": "housing"}), ("accept", "housing1", {}),
                      ("reply", "housing1", {"text": "已修复。"}), ("approve_reply", "dispatcher1", {})],
}


@pytest.fixture
def ticket_in(make_ticket, users):
    """ticket_in(Status.REPLIED, title=...) -> a ticket brought to that state by the services."""

    def make(status, **fields):
        ticket = make_ticket(**fields).ticket
        for name, username, payload in PATHS[status]:
            ticket = transitions.run_transition(ticket.pk, name, by=users[username], payload=payload)
        return ticket

    return make


@pytest.fixture
def pending_extension(ticket_in, users):
    ticket = ticket_in(Status.ACCEPTED, title="楼道墙皮脱落")
    actions.request_extension(ticket.pk, by=users["housing1"], days=3, reason="需要业主委员会表决维修资金")
    return ticket
