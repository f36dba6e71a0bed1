"""Auto-dispatch is recorded as data: the event says it was the system, with the score, the threshold,
what the score came from and the reasons — the timeline, the statistics and the API read that."""

from unittest import mock

import pytest

from tickets.models import RoutingSettings, Status, Ticket, TicketEvent
from tickets.routing import learning
from tickets.services import transitions

LIGHT = {"channel": "web", "title": "门口路灯不亮", "content": "东苑小区门口的路灯坏了一个星期"}


@pytest.fixture(autouse=True)
def screening_in_process():
    """The screening task runs in this process in both modes (with REDIS_URL it would wait for a worker)."""
    from tickets import tasks

    with mock.patch.object(tasks.screen_new_letter, "delay", side_effect=lambda pk: tasks.screen_new_letter(pk)):
        yield


@pytest.fixture
def auto_on(db):
    return RoutingSettings.objects.create(auto_dispatch_enabled=True, auto_dispatch_threshold=0.3)


def _auto_dispatched(make_ticket, django_capture_on_commit_callbacks, **fields) -> Ticket:
    with django_capture_on_commit_callbacks(execute=True):
        ticket = make_ticket(**{**LIGHT, **fields}).ticket
    ticket.refresh_from_db()
    assert ticket.status == Status.DISPATCHED
    return ticket


def test_an_auto_dispatch_event_carries_the_score_source_and_reasons_as_data(
        catalogue, auto_on, make_ticket, django_capture_on_commit_callbacks):
    ticket = _auto_dispatched(make_ticket, django_capture_on_commit_callbacks)
    event = ticket.events.get(transition="dispatch")
    assert event.actor is None and event.actor_label == "系统"
    assert event.data["auto"] is True and event.data["threshold"] == 0.3
    assert 0.3 <= event.data["score"] <= 1.0
    assert event.data["source"] == "catalogue" and event.data["model"] is None  # no history yet: no model
    assert event.data["reasons"] and all(isinstance(reason, str) for reason in event.data["reasons"])
    assert any("路灯" in reason for reason in event.data["reasons"])
    assert event.data["co_departments"] == [d.code for d in ticket.co_departments.all()]


def test_a_dispatcher_dispatch_is_not_marked_auto_and_statistics_tell_them_apart(
        catalogue, auto_on, make_ticket, users, django_capture_on_commit_callbacks):
    _auto_dispatched(make_ticket, django_capture_on_commit_callbacks)
    by_hand = make_ticket(channel="phone").ticket  # phone letters are routed by the agent, never screened
    transitions.dispatch(by_hand.pk, by=users["dispatcher1"], department="housing")
    dispatches = TicketEvent.objects.filter(transition="dispatch")
    assert "auto" not in dispatches.get(ticket=by_hand).data
    assert dispatches.filter(data__auto=True).count() == 1
    assert dispatches.filter(data__auto__isnull=True).count() == 1  # a missing key, not false: by hand


def test_an_auto_dispatch_with_a_learned_model_names_the_model(
        catalogue, auto_on, make_ticket, django_capture_on_commit_callbacks):
    from datetime import timedelta

    from django.utils import timezone

    from tickets.models import Department

    lighting = Department.objects.get(code="urban_lighting")
    water = Department.objects.get(code="water")
    for i in range(12):
        for n, (unit, title, content) in enumerate(((lighting, f"路灯坏了{i}", "小区门口路灯不亮，晚上很黑"),
                                                    (water, f"井盖松动{i}", "路上的井盖一踩就晃"))):
            # 15 digits whatever the units' ids (on PostgreSQL they grow from test to test).
            Ticket.objects.create(letter_number=f"20260101{n}{i:06d}", password_hash="x", channel="phone",
                                  type="help", title=title, content=content, status=Status.ACCEPTED,
                                  lead_department=unit)
    # History from before the duplicate window: a likely duplicate would stop the auto-dispatch.
    Ticket.objects.update(created_at=timezone.now() - timedelta(days=60))
    row = learning.retrain()
    assert row is not None
    ticket = _auto_dispatched(make_ticket, django_capture_on_commit_callbacks)
    event = ticket.events.get(transition="dispatch")
    assert event.data["source"] == "catalogue+model" and event.data["model"] == row.pk


def test_the_api_history_shows_the_auto_dispatch_data(
        catalogue, auto_on, make_ticket, staff_api, django_capture_on_commit_callbacks):
    ticket = _auto_dispatched(make_ticket, django_capture_on_commit_callbacks)
    body = staff_api("dispatcher1").get(f"/api/v1/tickets/{ticket.pk}/").json()
    dispatch = next(event for event in body["events"] if event["transition"] == "dispatch")
    assert dispatch["actor"] == "系统" and dispatch["data"]["auto"] is True and dispatch["data"]["reasons"]


def test_the_ticket_timeline_reads_system_auto_dispatch_with_the_reasons(
        catalogue, auto_on, make_ticket, users, client, django_capture_on_commit_callbacks):
    ticket = _auto_dispatched(make_ticket, django_capture_on_commit_callbacks)
    event = ticket.events.get(transition="dispatch")
    client.force_login(users["dispatcher1"])
    page = client.get(f"/console/tickets/{ticket.pk}/").content.decode()
    assert "系统自动派单" in page
    assert event.data["reasons"][0] in page
    assert f"置信度 {round(event.data['score'] * 100)}%（阈值 30%）" in page


def test_a_dispatch_by_hand_keeps_its_own_label_in_the_timeline(dispatched_ticket, users, client):
    client.force_login(users["dispatcher1"])
    page = client.get(f"/console/tickets/{dispatched_ticket.pk}/").content.decode()
    assert "系统自动派单" not in page
