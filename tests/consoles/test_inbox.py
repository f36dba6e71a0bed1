"""The department inbox: its own assignments only, deadlines coloured by state, and the handler's
four actions — sign, return with reason, ask for an extension, reply."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tickets.models import ExtensionRequest, Status, Ticket

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


def act(client, ticket, name, data=None):
    return client.post(f"/console/tickets/{ticket.pk}/do/{name}/", data or {}, HTTP_ACCEPT="application/json")


def reload(ticket):
    return Ticket.objects.get(pk=ticket.pk)


def test_inbox_lists_only_the_departments_own_assignments(login, ticket_in, users):
    from tickets.services import transitions

    ours = ticket_in(Status.DISPATCHED, title="住建局的工单")
    theirs = ticket_in(Status.RECEIVED, title="城管局的工单")
    transitions.dispatch(theirs.pk, by=users["dispatcher1"], department="urban")
    body = login("housing1").get("/console/inbox/").content.decode()
    assert "住建局的工单" in body and f'data-ticket="{ours.pk}"' in body
    assert "城管局的工单" not in body


def test_co_handled_tickets_are_listed_apart(login, make_ticket, users):
    from tickets.services import transitions

    ticket = make_ticket(title="需要协办的工单").ticket
    transitions.dispatch(ticket.pk, by=users["dispatcher1"], department="urban", co_departments=["housing"])
    body = login("housing1").get("/console/inbox/").content.decode()
    lead_list, co_list = body.split('data-list="inbox_co"')
    assert "需要协办的工单" not in lead_list.split('data-list="inbox"')[1]
    assert "需要协办的工单" in co_list
    lead_card = login("urban1").get("/console/inbox/").content.decode()
    assert "需要协办的工单" in lead_card and "<dt>协办</dt><dd>市住建局</dd>" in lead_card


def test_deadlines_count_down_coloured_by_state(login, ticket_in):
    ticket = ticket_in(Status.DISPATCHED, title="快超时的工单")
    now = timezone.now()
    Ticket.objects.filter(pk=ticket.pk).update(sign_warn_at=now - timedelta(hours=2), sign_due=now - timedelta(hours=1))
    body = login("housing1").get("/console/inbox/").content.decode()
    assert 'class="countdown badge sla-overdue"' in body
    assert 'class="badge sla-overdue" data-sla>已超时' in body
    assert "data-due=" in body and "data-warn=" in body


def test_inbox_counts_each_state(login, ticket_in):
    ticket_in(Status.DISPATCHED)
    ticket_in(Status.ACCEPTED)
    ticket_in(Status.ACCEPTED)
    counts = login("housing1").get("/console/inbox/counts/").json()
    assert counts == {"all": 3, "dispatched": 1, "accepted": 2, "return_requested": 0, "replied": 0}
    assert login("urban1").get("/console/inbox/counts/").json()["all"] == 0


def test_inbox_filters_by_state(login, ticket_in):
    ticket_in(Status.DISPATCHED, title="待签收的工单")
    ticket_in(Status.ACCEPTED, title="办理中的工单")
    body = login("housing1").get("/console/inbox/?status=accepted").content.decode()
    assert "办理中的工单" in body and "待签收的工单" not in body


def test_handler_signs_an_assignment(login, ticket_in):
    ticket = ticket_in(Status.DISPATCHED)
    response = act(login("housing1"), ticket, "accept", {"version": ticket.version})
    assert response.status_code == 200 and response.json()["message"] == "已签收，请在时限内答复。"
    assert reload(ticket).status == Status.ACCEPTED


def test_other_department_cannot_sign(login, ticket_in):
    ticket = ticket_in(Status.DISPATCHED)
    response = act(login("urban1"), ticket, "accept")
    assert response.status_code == 404
    assert reload(ticket).status == Status.DISPATCHED


def test_handler_returns_with_a_reason(login, ticket_in):
    ticket = ticket_in(Status.DISPATCHED)
    client = login("housing1")
    refused = act(client, ticket, "request_return", {"reason": "  "})
    assert refused.status_code == 400 and refused.json()["error"]["fields"]["reason"] == ["请填写退单理由。"]
    assert act(client, ticket, "request_return", {"reason": "属于城管职责"}).status_code == 200
    assert reload(ticket).status == Status.RETURN_REQUESTED


def test_return_after_the_window_is_refused_in_chinese(login, ticket_in):
    ticket = ticket_in(Status.ACCEPTED)
    Ticket.objects.filter(pk=ticket.pk).update(return_due=timezone.now() - timedelta(minutes=1))
    response = act(login("housing1"), ticket, "request_return", {"reason": "属于城管职责"})
    assert response.status_code == 409
    assert "已超过退单时限" in response.json()["error"]["message"]


def test_handler_asks_for_an_extension(login, ticket_in):
    ticket = ticket_in(Status.ACCEPTED)
    response = act(login("housing1"), ticket, "request_extension", {"days": "5", "reason": "需协调物业维修基金"})
    assert response.status_code == 200
    request = ExtensionRequest.objects.get(ticket=ticket)
    assert request.days == 5 and request.decision == ExtensionRequest.Decision.PENDING


@pytest.mark.parametrize("days,message", [("0", "延期天数至少为 1 个工作日。"), ("11", "延期天数最多为 10 个工作日。"),
                                          ("", "请填写延期天数。")])
def test_extension_days_are_checked(login, ticket_in, days, message):
    ticket = ticket_in(Status.ACCEPTED)
    response = act(login("housing1"), ticket, "request_extension", {"days": days, "reason": "需协调"})
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["days"] == [message]


def test_second_extension_request_is_refused(login, ticket_in):
    ticket = ticket_in(Status.ACCEPTED)
    client = login("housing1")
    act(client, ticket, "request_extension", {"days": "3", "reason": "需协调"})
    response = act(client, ticket, "request_extension", {"days": "3", "reason": "再申请"})
    assert response.status_code == 409
    assert response.json()["error"]["message"] == "已有待审批的延期申请。"


def test_handler_replies(login, ticket_in):
    ticket = ticket_in(Status.ACCEPTED)
    response = act(login("housing1"), ticket, "reply", {"text": "已督促物业维修，路灯已恢复。"})
    assert response.status_code == 200
    assert reload(ticket).status == Status.REPLIED


def test_reply_before_signing_is_refused_in_chinese(login, ticket_in):
    ticket = ticket_in(Status.DISPATCHED)
    response = act(login("housing1"), ticket, "reply", {"text": "已处理"})
    assert response.status_code == 409
    body = response.json()["error"]
    assert body["message"] == "工单当前状态为“已派单·待签收”，不能答复。"
    assert "accept" in body["available_transitions"]


def test_inbox_offers_the_actions_of_each_state(login, ticket_in):
    dispatched = ticket_in(Status.DISPATCHED)
    accepted = ticket_in(Status.ACCEPTED)
    body = login("housing1").get("/console/inbox/").content.decode()
    assert f'/console/tickets/{dispatched.pk}/do/accept/' in body
    assert f'/console/tickets/{dispatched.pk}/do/reply/' not in body
    assert f'/console/tickets/{accepted.pk}/do/reply/' in body
    assert f'/console/tickets/{accepted.pk}/do/request_extension/' in body


def test_confidential_ticket_shows_the_department_no_name_or_phone(login, ticket_in):
    ticket_in(Status.DISPATCHED, confidential=True, name="李四", phone="13600001111", address="槐安路 8 号")
    body = login("housing1").get("/console/inbox/").content.decode()
    assert "李四" not in body and "13600001111" not in body and "136****1111" not in body
    assert "来电人要求信息保密" in body


def test_ordinary_ticket_shows_the_department_a_masked_phone(login, ticket_in):
    ticket_in(Status.DISPATCHED, name="李四", phone="13600001111")
    body = login("housing1").get("/console/inbox/").content.decode()
    assert "136****1111" in body and "13600001111" not in body
