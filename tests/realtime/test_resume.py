"""A client that reconnects gets what it missed, in order, and only what it may see."""

import pytest

from tests.realtime.sockets import live_socket, open_socket, run

pytestmark = [pytest.mark.django_db(transaction=True)]


def _dispatch_many(users, make_ticket, departments):
    from tickets.services import transitions

    ids = []
    for department in departments:
        ticket = make_ticket(title=f"发往{department}的工单").ticket
        transitions.dispatch(ticket.pk, by=users["dispatcher1"], department=department)
        ids.append(ticket.pk)
    return ids


async def test_resume_after_reconnect_delivers_missed_events_in_order(users, make_ticket):
    socket, hello = await open_socket("/ws/department/", users["housing1"])
    await socket.disconnect()
    # While the inbox is offline: two for housing, one for another department.
    ids = await run(_dispatch_many, users, make_ticket, ["housing", "hrss", "housing"])

    async with live_socket("/ws/department/", users["housing1"], query=f"last_event_id={hello['last_event_id']}") \
            as socket:
        first, second = await socket.receive_json_from(), await socket.receive_json_from()
        done = await socket.receive_json_from()
    assert [first["ticket"]["id"], second["ticket"]["id"]] == [ids[0], ids[2]]
    assert first["event_id"] < second["event_id"]
    assert first["replayed"] and second["replayed"] and first["transition"] == "dispatch"
    assert done["type"] == "resume.done"
    assert done["count"] == 2 and done["complete"] is True
    assert done["last_event_id"] >= second["event_id"]


async def test_a_resume_message_replays_and_live_events_are_not_repeated(users, make_ticket):
    socket, hello = await open_socket("/ws/agent/", users["agent1"])
    await socket.disconnect()
    missed = (await run(make_ticket, title="离线期间的来信")).ticket
    async with live_socket("/ws/agent/", users["agent1"]) as socket:
        await socket.send_json_to({"type": "resume", "last_event_id": hello["last_event_id"]})
        replayed = await socket.receive_json_from()
        assert replayed["type"] == "ticket.created" and replayed["ticket"]["id"] == missed.pk
        assert (await socket.receive_json_from())["type"] == "resume.done"
        # Resuming again from the same point sends nothing this socket already has.
        await socket.send_json_to({"type": "resume", "last_event_id": hello["last_event_id"]})
        done = await socket.receive_json_from()
        assert done["type"] == "resume.done" and done["count"] == 0


async def test_a_resume_from_far_back_is_bounded_and_says_so(users, make_ticket, monkeypatch):
    from realtime import messages

    monkeypatch.setattr(messages, "RESUME_LIMIT", 2)
    socket, hello = await open_socket("/ws/department/", users["housing1"])
    await socket.disconnect()
    await run(_dispatch_many, users, make_ticket, ["housing", "housing", "housing"])
    async with live_socket("/ws/department/", users["housing1"], query=f"last_event_id={hello['last_event_id']}") \
            as socket:
        replayed = [await socket.receive_json_from() for _ in range(2)]
        done = await socket.receive_json_from()
    assert all(message["replayed"] for message in replayed)
    assert done["type"] == "resume.done" and done["complete"] is False and done["count"] == 2
    latest = await run(messages.latest_event_id)
    assert done["last_event_id"] == latest
