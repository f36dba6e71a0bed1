"""The wallboard: counters computed by aggregate queries (tickets.selectors.stats), the overdue list,
and urging/supervising from there."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tickets.models import Status, Ticket
from tickets.selectors.stats import wallboard_counters

pytestmark = pytest.mark.django_db


def make_overdue(ticket):
    now = timezone.now()
    Ticket.objects.filter(pk=ticket.pk).update(reply_warn_at=now - timedelta(days=2), reply_due=now - timedelta(days=1),
                                               sign_warn_at=now - timedelta(days=2), sign_due=now - timedelta(days=1))
    return Ticket.objects.get(pk=ticket.pk)


def test_counters_count_each_queue(make_ticket, ticket_in):
    make_ticket()
    make_ticket()
    ticket_in(Status.DISPATCHED)
    make_overdue(ticket_in(Status.ACCEPTED))
    old = make_ticket().ticket
    Ticket.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=3))

    counters = wallboard_counters()
    assert counters["received_today"] == 4
    assert counters["waiting_dispatch"] == 3
    assert counters["waiting_signature"] == 1
    assert counters["in_hand"] == 2
    assert counters["overdue"] == 1
    assert counters["by_department"] == [
        {"code": "housing", "name": "市住房和城乡建设局", "label": "市住建局", "in_hand": 2, "waiting_signature": 1,
         "overdue": 1},
    ]


def test_counters_of_an_empty_hotline_are_zero(db):
    assert wallboard_counters() == {"received_today": 0, "waiting_dispatch": 0, "waiting_signature": 0,
                                    "in_hand": 0, "overdue": 0, "by_department": []}


def test_counters_take_a_fixed_number_of_queries(make_ticket, ticket_in, django_assert_num_queries):
    for _ in range(3):
        ticket_in(Status.DISPATCHED)
    with django_assert_num_queries(6):
        wallboard_counters()


def test_wallboard_renders_counters_and_the_overdue_list(login, ticket_in):
    late = make_overdue(ticket_in(Status.ACCEPTED, title="超时未答复的工单"))
    ticket_in(Status.ACCEPTED, title="按时办理中的工单")
    body = login("supervisor1").get("/console/wallboard/").content.decode()
    assert 'data-counter="overdue">1<' in body
    assert 'data-counter="in_hand">2<' in body
    assert "超时未答复的工单" in body and "按时办理中的工单" not in body
    assert f"/console/tickets/{late.pk}/do/urge/" in body and f"/console/tickets/{late.pk}/do/supervise/" in body
    assert "市住建局" in body


def test_counters_are_served_as_json(login, make_ticket):
    make_ticket()
    data = login("supervisor1").get("/console/wallboard/counters/").json()
    assert data["waiting_dispatch"] == 1 and data["received_today"] == 1


def test_handler_cannot_read_the_counters(login):
    assert login("housing1").get("/console/wallboard/counters/").status_code == 403


def test_supervisor_urges_an_overdue_ticket(login, ticket_in):
    late = make_overdue(ticket_in(Status.ACCEPTED))
    response = login("supervisor1").post(f"/console/tickets/{late.pk}/do/urge/", {"text": "请今天内答复"},
                                         HTTP_ACCEPT="application/json")
    assert response.status_code == 200 and response.json()["message"] == "已催办。"
    assert Ticket.objects.get(pk=late.pk).urge_count == 1


def test_supervisor_supervises_an_overdue_ticket(login, ticket_in):
    late = make_overdue(ticket_in(Status.ACCEPTED))
    response = login("supervisor1").post(f"/console/tickets/{late.pk}/do/supervise/", {})
    assert response.status_code == 302
    assert Ticket.objects.get(pk=late.pk).is_supervised is True


def test_agent_cannot_urge(login, ticket_in):
    late = make_overdue(ticket_in(Status.ACCEPTED))
    response = login("agent1").post(f"/console/tickets/{late.pk}/do/urge/", {}, HTTP_ACCEPT="application/json")
    assert response.status_code == 403
    assert response.json()["error"]["message"] == "只有督办班长或派单员可以催办、督办。"
    assert Ticket.objects.get(pk=late.pk).urge_count == 0


def test_urging_a_ticket_not_being_handled_is_refused(login, make_ticket):
    ticket = make_ticket().ticket
    response = login("supervisor1").post(f"/console/tickets/{ticket.pk}/do/urge/", {}, HTTP_ACCEPT="application/json")
    assert response.status_code == 409
    assert "不能催办" in response.json()["error"]["message"]
