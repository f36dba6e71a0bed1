"""即时转 from the agent console: registered and transferred at once, and the call card says so."""

import pytest
from django.test import Client

from hotline.transfers.models import Delivery, Transfer
from tickets.models import Status, Ticket

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}
CALL = {"channel": "phone", "type": "help", "priority": "urgent", "title": "小区楼道起火", "content": "3号楼楼道冒烟起火。",
        "name": "赵先生", "phone": "13912345678", "address": "裕华路12号3号楼", "ending": "transfer",
        "transfer_platform": "police-110", "call_id": "C-1"}


@pytest.fixture
def agent(users):
    client = Client()
    client.force_login(users["agent1"])
    return client


def test_the_agent_transfers_an_emergency_during_the_call(agent, platforms, stub_for, deliver_at_once,
                                                          django_capture_on_commit_callbacks):
    stub = stub_for(platforms["police"])
    with django_capture_on_commit_callbacks(execute=True):
        response = agent.post("/console/agent/", CALL, **JSON)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["message"] == "已登记并即时转市公安局110"
    assert Ticket.objects.get().events.get(transition="transfer").text == "即时转市公安局110：小区楼道起火"
    assert data["transfer"]["platform"] == "市公安局110" and data["transfer"]["emergency"] is True
    ticket = Ticket.objects.get(letter_number=data["letter_number"])
    assert ticket.status == Status.TRANSFERRED and ticket.call_id == "C-1"
    assert Transfer.objects.get(ticket=ticket).state == Transfer.State.DELIVERED
    assert stub.received[0]["ticket"]["title"] == "小区楼道起火"
    assert Delivery.objects.get().state == Delivery.State.DELIVERED


def test_the_page_shows_the_transfer_without_script(agent, platforms):
    response = agent.post("/console/agent/", CALL)
    assert response.status_code == 201
    assert "已即时转 <strong>市公安局110</strong>" in response.content.decode()


def test_only_emergency_platforms_are_offered_for_即时转(agent, platforms):
    page = agent.get("/console/agent/").content.decode()
    assert 'value="police-110"' in page and 'value="province-12345"' not in page
    refused = agent.post("/console/agent/", {**CALL, "transfer_platform": "province-12345"}, **JSON)
    assert refused.status_code == 400 and not Ticket.objects.exists()


def test_a_transfer_without_a_platform_is_a_form_error(agent, platforms):
    response = agent.post("/console/agent/", {**CALL, "transfer_platform": ""}, **JSON)
    assert response.status_code == 400
    assert not Ticket.objects.exists()


def test_the_dispatch_desk_lists_transfers_waiting_for_an_answer(users, make_ticket, platforms):
    from tickets.services import transitions

    ticket = make_ticket(title="邻市来电反映的问题").ticket
    dispatcher = Client()
    dispatcher.force_login(users["dispatcher1"])
    received = dispatcher.get("/console/dispatch/").content.decode()
    assert "转往平台" in received  # the transfer form is offered on received tickets
    transitions.transfer(ticket.pk, by=users["dispatcher1"], platform="province-12345", reason="属省级事权")
    page = dispatcher.get("/console/dispatch/?tab=transfers").content.decode()
    assert "邻市来电反映的问题" in page and "已转省12345平台" in page and "属省级事权" in page
    assert "转办办结" in page and "转办退回" in page
    response = dispatcher.post(f"/console/tickets/{ticket.pk}/do/transfer_resolved/",
                               {"answer": "省平台电话告知：已办结", "version": Ticket.objects.get(pk=ticket.pk).version})
    assert response.status_code in (200, 302), response.content[:300]
    assert Ticket.objects.get(pk=ticket.pk).status == Status.RESOLVED
