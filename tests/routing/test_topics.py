from datetime import timedelta

import pytest
from django.utils import timezone

from tickets.models import MonthlyTopic, RoutingSettings, Ticket, TopicAlert
from tickets.topics.selectors import hot_topics
from tickets.topics.services import choose_monthly_topic, detect_spikes


def _many(make_ticket, n, *, days_ago=0, **fields):
    ids = []
    for i in range(n):
        ticket = make_ticket(channel="phone", phone=f"1390000{i:04d}", **fields).ticket
        Ticket.objects.filter(pk=ticket.pk).update(created_at=timezone.now() - timedelta(days=days_ago, minutes=i))
        ids.append(ticket.pk)
    return ids


LIGHT = {"title": "东苑小区门口路灯不亮", "content": "东苑小区北门的路灯坏了，晚上很黑", "address": "裕华区东苑街道",
         "category": "300200"}


def test_similar_letters_at_one_place_form_one_topic_with_growth(make_ticket):
    today = timezone.localdate()
    ids = _many(make_ticket, 4, **LIGHT)
    _many(make_ticket, 2, days_ago=3, **LIGHT)  # the week before
    _many(make_ticket, 2, title="公积金怎么提取", content="离职后公积金提取要什么材料", category="200400")
    report = hot_topics(today - timedelta(days=2), today)
    top = report["topics"][0]
    assert top["count"] == 4 and sorted(top["ticket_ids"]) == sorted(ids)
    assert top["area"] == "裕华区东苑街道" and top["category"] == "300200" and "路灯照明" in top["label"]
    assert top["previous_count"] == 2 and top["growth"] == 1.0
    assert {"label", "count", "previous_count", "growth", "category", "area", "ticket_ids"} <= set(top)


def test_ten_in_a_day_on_one_topic_raise_one_alert(make_ticket, django_capture_on_commit_callbacks):
    from unittest import mock

    _many(make_ticket, 10, **LIGHT)
    with mock.patch("realtime.publishing.group_send_many") as sent, \
            django_capture_on_commit_callbacks(execute=True):
        raised = detect_spikes()
    assert len(raised) == 1 and raised[0].count == 10 and "单日 10 件" in raised[0].reason
    message = sent.call_args[0][0][0][1]
    assert message["type"] == "topic.alert" and message["alert"]["count"] == 10
    assert detect_spikes() == []  # stored once per topic and day
    assert TopicAlert.objects.count() == 1


def test_three_times_the_usual_raises_an_alert(make_ticket):
    RoutingSettings.objects.create(spike_daily_count=100)
    _many(make_ticket, 4, **LIGHT)
    _many(make_ticket, 7, days_ago=10, **LIGHT)  # usual: 7 in 28 days = 0.25 a day
    raised = detect_spikes()
    assert len(raised) == 1 and "倍" in raised[0].reason


def test_a_quiet_day_raises_nothing(make_ticket):
    _many(make_ticket, 2, **LIGHT)
    assert detect_spikes() == []


def test_the_hot_topics_api_answers_leaders_in_the_contract_shape(make_ticket, staff_api):
    _many(make_ticket, 3, **LIGHT)
    response = staff_api("leader1").get("/api/v1/stats/hot-topics/")
    assert response.status_code == 200
    body = response.json()
    assert body["topics"][0]["count"] == 3 and body["alerts"] == []
    assert staff_api("housing1").get("/api/v1/stats/hot-topics/").status_code == 403
    assert staff_api("leader1").get("/api/v1/stats/hot-topics/?from=xx").status_code == 400


def test_a_leader_marks_a_topic_of_the_month_followed_on_the_statistics_page(make_ticket, users, client):
    _many(make_ticket, 3, **LIGHT)
    client.force_login(users["leader1"])
    page = client.get("/stats/").content.decode()
    assert "热点话题与预警" in page and "设为每月一题" in page
    response = client.post("/stats/monthly-topics/", {"label": "东苑小区路灯", "owner": "urban_lighting",
                                                      "category": "300200", "area": "裕华区东苑街道"})
    assert response.status_code == 302
    topic = MonthlyTopic.objects.get()
    assert topic.owner.code == "urban_lighting" and topic.created_by == users["leader1"]
    page = client.get("/stats/").content.decode()
    assert "东苑小区路灯" in page and "市城市照明管理处" in page


def test_only_leaders_and_supervisors_choose_the_topic_of_the_month(users):
    from tickets.errors import InvalidInput, PermissionDenied

    with pytest.raises(PermissionDenied):
        choose_monthly_topic(by=users["agent1"], label="x", owner="urban")
    with pytest.raises(InvalidInput):
        choose_monthly_topic(by=users["leader1"], label="x", owner="nobody")
