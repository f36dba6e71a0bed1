"""热点预警 live: a burst of similar letters at one place raises a spike alert that every open
wallboard hears at once over /ws/wallboard/, in Chinese, with the tickets behind it."""

import pytest

from realtime.consumers import WallboardConsumer
from tests.realtime.sockets import live_socket, receive_of_type, run

pytestmark = [pytest.mark.django_db(transaction=True)]

LIGHT = {"channel": "phone", "title": "东苑小区门口路灯不亮", "content": "东苑小区北门的路灯坏了，晚上很黑",
         "address": "裕华区东苑街道东苑小区北门", "category": "300200"}


def _burst(make_ticket, n: int) -> list[int]:
    """n callers about the same broken light today (phone letters: no screening, no auto-dispatch)."""
    return [make_ticket(**LIGHT, phone=f"1390000{i:04d}").ticket.pk for i in range(n)]


def _detect():
    from tickets.topics.services import detect_spikes

    return detect_spikes()


async def test_a_burst_of_similar_letters_reaches_the_supervisors_wallboard_as_a_topic_alert(
        users, make_ticket, monkeypatch):
    monkeypatch.setattr(WallboardConsumer, "throttle_seconds", 0)
    ids = await run(_burst, make_ticket, 10)
    async with live_socket("/ws/wallboard/", users["supervisor1"]) as wallboard:
        await receive_of_type(wallboard, "counters")
        raised = await run(_detect)
        assert len(raised) == 1
        message = await receive_of_type(wallboard, "topic.alert")
    alert = message["alert"]
    assert message["at"] and alert["id"] == raised[0].pk
    assert alert["count"] == 10 and sorted(alert["ticket_ids"]) == sorted(ids)
    assert alert["reason"] == "单日 10 件（预警线 10 件）"
    assert alert["area"] == "裕华区东苑街道" and alert["category"] == "300200"
    assert alert["label"].startswith("路灯照明·裕华区东苑街道·") and "路灯" in alert["label"]


async def test_every_open_wallboard_hears_the_alert_once_and_a_second_sweep_stays_quiet(
        users, make_ticket, monkeypatch):
    monkeypatch.setattr(WallboardConsumer, "throttle_seconds", 0)
    await run(_burst, make_ticket, 10)
    async with live_socket("/ws/wallboard/", users["supervisor1"]) as supervisor, \
            live_socket("/ws/wallboard/", users["dispatcher1"]) as dispatcher:
        await receive_of_type(supervisor, "counters")
        await receive_of_type(dispatcher, "counters")
        await run(_detect)
        for wallboard in (supervisor, dispatcher):
            assert (await receive_of_type(wallboard, "topic.alert"))["alert"]["count"] == 10
        assert await run(_detect) == []  # stored once per topic and day: no second push
        for wallboard in (supervisor, dispatcher):
            while not await wallboard.receive_nothing(timeout=0.3):
                assert (await wallboard.receive_json_from())["type"] != "topic.alert"


async def test_a_department_socket_does_not_get_hot_topic_alerts(users, make_ticket):
    await run(_burst, make_ticket, 10)
    async with live_socket("/ws/department/", users["urban1"]) as inbox:
        await run(_detect)
        while not await inbox.receive_nothing(timeout=0.5):
            assert (await inbox.receive_json_from())["type"] != "topic.alert"
