"""The ticket work page, the logged reveal of personal data, and the row endpoint the live lists use."""

import pytest

from tickets.models import PersonalDataAccess, Status, Ticket

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("username", ["agent1", "dispatcher1", "supervisor1", "housing1", "admin"])
def test_every_role_that_may_see_the_ticket_can_open_it(login, ticket_in, username):
    ticket = ticket_in(Status.DISPATCHED, title="楼顶漏水")
    response = login(username).get(f"/console/tickets/{ticket.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "楼顶漏水" in body and ticket.letter_number in body and "办理记录" in body


def test_another_departments_ticket_looks_missing(login, ticket_in):
    ticket = ticket_in(Status.DISPATCHED)
    response = login("urban1").get(f"/console/tickets/{ticket.pk}/")
    assert response.status_code == 404
    assert "工单不存在，或您无权查看。" in response.content.decode()


def test_a_user_without_a_role_is_refused(client, ticket_in):
    from tickets.models import User

    client.force_login(User.objects.create_user("nobody", password="x"))
    assert client.get(f"/console/tickets/{ticket_in(Status.RECEIVED).pk}/").status_code == 403


def test_page_offers_only_the_actions_this_user_may_run(login, ticket_in):
    ticket = ticket_in(Status.DISPATCHED)
    handler_page = login("housing1").get(f"/console/tickets/{ticket.pk}/").content.decode()
    assert f"/do/accept/" in handler_page and "/do/approve_return/" not in handler_page
    agent_page = login("agent1").get(f"/console/tickets/{ticket.pk}/").content.decode()
    assert "/do/accept/" not in agent_page and "/do/note/" in agent_page


def test_refused_action_shows_the_message_beside_its_form(login, ticket_in):
    ticket = ticket_in(Status.DISPATCHED)
    response = login("housing1").post(f"/console/tickets/{ticket.pk}/do/reply/", {"text": "已处理"})
    assert response.status_code == 409
    body = response.content.decode()
    assert "工单当前状态为“已派单·待签收”，不能答复。" in body
    assert 'data-action="reply"' in body


def test_unknown_action_is_not_found(login, ticket_in):
    ticket = ticket_in(Status.RECEIVED)
    response = login("dispatcher1").post(f"/console/tickets/{ticket.pk}/do/teleport/", {})
    assert response.status_code == 404
    assert "未知的操作" in response.content.decode()


def test_actions_need_post(login, ticket_in):
    ticket = ticket_in(Status.RECEIVED)
    assert login("dispatcher1").get(f"/console/tickets/{ticket.pk}/do/dispatch/").status_code == 405


def test_actions_need_the_csrf_token(users, ticket_in):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(users["dispatcher1"])
    ticket = ticket_in(Status.RECEIVED)
    response = client.post(f"/console/tickets/{ticket.pk}/do/dispatch/", {"department": "housing"})
    assert response.status_code == 403
    assert Ticket.objects.get(pk=ticket.pk).status == Status.RECEIVED


def test_internal_note_by_a_handler(login, ticket_in):
    ticket = ticket_in(Status.ACCEPTED)
    response = login("housing1").post(f"/console/tickets/{ticket.pk}/do/note/", {"text": "已电话联系市民"})
    assert response.status_code == 302
    assert "已电话联系市民" in login("housing1").get(f"/console/tickets/{ticket.pk}/").content.decode()


def test_callback_on_a_resolved_ticket(login, ticket_in):
    ticket = ticket_in(Status.RESOLVED)
    client = login("agent1")
    assert "/do/callback/" in client.get(f"/console/tickets/{ticket.pk}/").content.decode()
    response = client.post(f"/console/tickets/{ticket.pk}/do/callback/",
                           {"solved": "1", "satisfaction": "satisfied", "comment": "满意"},
                           HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert Ticket.objects.get(pk=ticket.pk).status == Status.CLOSED


def test_phone_is_masked_until_revealed_and_the_reveal_is_logged(login, ticket_in, users):
    ticket = ticket_in(Status.DISPATCHED, name="张三", phone="13812345678")
    client = login("agent1")
    page = client.get(f"/console/tickets/{ticket.pk}/").content.decode()
    assert "138****5678" in page and "13812345678" not in page
    revealed = client.post(f"/console/tickets/{ticket.pk}/reveal/").content.decode()
    assert "13812345678" in revealed
    access = PersonalDataAccess.objects.get()
    assert access.user == users["agent1"] and access.ticket_id == ticket.pk and access.via == "console"


def test_department_cannot_reveal_a_confidential_citizen(login, ticket_in):
    ticket = ticket_in(Status.DISPATCHED, confidential=True, name="张三", phone="13812345678")
    client = login("housing1")
    page = client.get(f"/console/tickets/{ticket.pk}/").content.decode()
    assert "张三" not in page and "138****5678" not in page and "/reveal/" not in page
    response = client.post(f"/console/tickets/{ticket.pk}/reveal/")
    assert response.status_code == 403
    body = response.content.decode()
    assert "该诉求人要求信息保密" in body and "13812345678" not in body
    assert not PersonalDataAccess.objects.exists()


def test_hotline_staff_still_see_a_confidential_citizen_masked(login, ticket_in):
    ticket = ticket_in(Status.DISPATCHED, confidential=True, name="张三", phone="13812345678")
    page = login("dispatcher1").get(f"/console/tickets/{ticket.pk}/").content.decode()
    assert "张三" in page and "138****5678" in page and "要求对承办单位保密" in page


# --- the row endpoint of the live lists ---------------------------------------------------------

def test_row_endpoint_renders_a_ticket_that_belongs_in_the_list(login, ticket_in):
    ticket = ticket_in(Status.DISPATCHED, title="新派来的工单")
    response = login("housing1").get(f"/console/rows/inbox/{ticket.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.strip().startswith("<article") and "新派来的工单" in body and "/do/accept/" in body


def test_row_endpoint_answers_204_when_the_ticket_left_the_list(login, ticket_in, users):
    from tickets.services import transitions

    ticket = ticket_in(Status.RETURN_REQUESTED)
    transitions.approve_return(ticket.pk, by=users["dispatcher1"])
    assert login("housing1").get(f"/console/rows/inbox/{ticket.pk}/").status_code == 204
    assert login("dispatcher1").get(f"/console/rows/dispatch_returns/{ticket.pk}/").status_code == 204
    assert login("dispatcher1").get(f"/console/rows/dispatch_received/{ticket.pk}/").status_code == 200


def test_row_endpoint_never_shows_another_departments_ticket(login, ticket_in):
    ticket = ticket_in(Status.DISPATCHED)
    assert login("urban1").get(f"/console/rows/inbox/{ticket.pk}/").status_code == 204


def test_row_endpoint_applies_the_pages_filter(login, ticket_in):
    ticket = ticket_in(Status.DISPATCHED)
    client = login("housing1")
    assert client.get(f"/console/rows/inbox/{ticket.pk}/?status=accepted").status_code == 204
    assert client.get(f"/console/rows/inbox/{ticket.pk}/?status=dispatched").status_code == 200


def test_row_endpoint_refuses_a_list_of_another_role(login, ticket_in):
    ticket = ticket_in(Status.RECEIVED)
    assert login("housing1").get(f"/console/rows/dispatch_received/{ticket.pk}/").status_code == 403
    assert login("agent1").get(f"/console/rows/nonsense/{ticket.pk}/").status_code == 404
