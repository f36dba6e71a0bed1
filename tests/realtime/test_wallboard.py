"""Wallboard counters: sent on connect, pushed on change, throttled."""

import pytest
from django.db import transaction

from realtime.consumers import WallboardConsumer
from tests.realtime.sockets import live_socket, receive_of_type, run

pytestmark = [pytest.mark.django_db(transaction=True)]


async def test_wallboard_gets_counters_on_connect_and_after_a_change(users, make_ticket, monkeypatch):
    monkeypatch.setattr(WallboardConsumer, "throttle_seconds", 0)
    async with live_socket("/ws/wallboard/", users["supervisor1"]) as wallboard:
        first = await receive_of_type(wallboard, "counters")
        assert first["waiting_dispatch"] == 0 and first["by_department"] == []
        await run(make_ticket)
        after = await receive_of_type(wallboard, "counters")
        assert after["waiting_dispatch"] == 1 and after["received_today"] == first["received_today"] + 1


async def test_counters_follow_a_dispatch_by_department(users, dispatched_ticket, monkeypatch):
    from tickets.services import transitions

    monkeypatch.setattr(WallboardConsumer, "throttle_seconds", 0)
    async with live_socket("/ws/wallboard/", users["dispatcher1"]) as wallboard:
        before = await receive_of_type(wallboard, "counters")
        assert before["waiting_signature"] == 1
        await run(transitions.accept, dispatched_ticket.pk, by=users["housing1"])
        after = await receive_of_type(wallboard, "counters")
        assert after["waiting_signature"] == 0
        housing = next(row for row in after["by_department"] if row["code"] == "housing")
        assert housing["in_hand"] == 1 and housing["waiting_signature"] == 0


async def test_changes_inside_the_throttle_window_make_one_later_push(users, make_ticket, monkeypatch):
    import time

    monkeypatch.setattr(WallboardConsumer, "throttle_seconds", 1.5)

    def three_letters_at_once():
        with transaction.atomic():
            for _ in range(3):
                make_ticket()

    async with live_socket("/ws/wallboard/", users["supervisor1"]) as wallboard:
        await receive_of_type(wallboard, "counters")
        first_push = time.monotonic()
        await run(three_letters_at_once)
        pushed = await receive_of_type(wallboard, "counters")
        assert time.monotonic() - first_push >= 1.4
        assert pushed["waiting_dispatch"] == 3
        # the three `ticket.created` events come too (supervision), but no second count
        later = []
        while not await wallboard.receive_nothing(timeout=0.3):
            later.append((await wallboard.receive_json_from())["type"])
        assert "counters" not in later
