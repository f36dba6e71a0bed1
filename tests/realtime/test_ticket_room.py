"""The ticket room: changes, who else has the ticket open, and the warning to a second editor."""

import pytest

from tests.realtime.sockets import live_socket, receive_of_type, run

pytestmark = [pytest.mark.django_db(transaction=True)]


def _names(presence):
    return sorted(viewer["username"] for viewer in presence["viewers"])


async def _presence_where(socket, condition):
    """The first presence message that satisfies `condition` (earlier ones are states on the way)."""
    while True:
        presence = await receive_of_type(socket, "presence")
        if condition(presence):
            return presence


async def test_presence_lists_who_else_has_the_ticket_open(users, dispatched_ticket):
    path = f"/ws/tickets/{dispatched_ticket.pk}/"
    async with live_socket(path, users["dispatcher1"]) as desk:
        alone = await receive_of_type(desk, "presence")
        assert _names(alone) == ["dispatcher1"] and alone["viewers"][0]["is_me"]
        async with live_socket(path, users["housing1"]) as inbox:
            joined = await receive_of_type(desk, "presence")
            assert _names(joined) == ["dispatcher1", "housing1"]
            # The newcomer learns of those already there.
            seen_by_newcomer = await _presence_where(inbox, lambda p: len(p["viewers"]) == 2)
            me = next(v for v in seen_by_newcomer["viewers"] if v["is_me"])
            assert me["username"] == "housing1" and me["department"] == "市住房和城乡建设局"
        left = await receive_of_type(desk, "presence")
        assert _names(left) == ["dispatcher1"]


async def test_two_tabs_of_one_user_count_once(users, dispatched_ticket):
    path = f"/ws/tickets/{dispatched_ticket.pk}/"
    async with live_socket(path, users["dispatcher1"]) as first:
        await receive_of_type(first, "presence")
        async with live_socket(path, users["dispatcher1"]):
            again = await receive_of_type(first, "presence")
            assert _names(again) == ["dispatcher1"]


async def test_second_editor_gets_the_collision_warning_and_the_first_does_not(users, dispatched_ticket):
    path = f"/ws/tickets/{dispatched_ticket.pk}/"
    housing1, dispatcher1 = users["housing1"].pk, users["dispatcher1"].pk
    async with live_socket(path, users["housing1"]) as first, live_socket(path, users["dispatcher1"]) as second:
        await _presence_where(first, lambda p: len(p["viewers"]) == 2)
        await _presence_where(second, lambda p: len(p["viewers"]) == 2)
        await first.send_json_to({"type": "editing", "editing": True})
        mine = await _presence_where(first, lambda p: p["editors"])
        assert mine["collision"] is None and mine["editors"] == [housing1]
        await _presence_where(second, lambda p: p["editors"] == [housing1])

        await second.send_json_to({"type": "editing", "editing": True})
        warned = await _presence_where(second, lambda p: len(p["editors"]) == 2)
        assert warned["collision"]["code"] == "editing_collision"
        assert warned["collision"]["with"] == [{"user_id": housing1, "name": "赵磊"}]
        assert "赵磊" in warned["collision"]["message"]
        assert warned["editors"] == [housing1, dispatcher1]  # earliest editor first

        first_sees = await _presence_where(first, lambda p: len(p["editors"]) == 2)
        assert first_sees["collision"] is None

        # Stopping clears the editor; the first editor is never warned about the second.
        await second.send_json_to({"type": "editing", "editing": False})
        cleared = await _presence_where(first, lambda p: len(p["editors"]) == 1)
        assert cleared["editors"] == [housing1] and cleared["collision"] is None
        assert await first.receive_nothing(timeout=0.1)


async def test_editing_message_must_say_true_or_false(users, dispatched_ticket):
    async with live_socket(f"/ws/tickets/{dispatched_ticket.pk}/", users["housing1"]) as room:
        await receive_of_type(room, "presence")
        await room.send_json_to({"type": "editing", "editing": "yes"})
        assert (await room.receive_json_from())["code"] == "bad_message"


async def test_the_room_hears_the_tickets_changes(users, dispatched_ticket):
    from tickets.services import transitions

    async with live_socket(f"/ws/tickets/{dispatched_ticket.pk}/", users["agent1"]) as room:
        await run(transitions.accept, dispatched_ticket.pk, by=users["housing1"])
        changed = await receive_of_type(room, "ticket.changed")
        assert (changed["transition"], changed["to"]) == ("accept", "accepted")


async def test_the_room_closes_when_the_ticket_leaves_the_viewers_department(users, dispatched_ticket):
    from tickets.services import transitions

    await run(transitions.request_return, dispatched_ticket.pk, by=users["housing1"], reason="不属于本单位")
    async with live_socket(f"/ws/tickets/{dispatched_ticket.pk}/", users["housing1"]) as room:
        await receive_of_type(room, "presence")
        await run(transitions.approve_return, dispatched_ticket.pk, by=users["dispatcher1"])
        assert (await room.receive_json_from())["code"] == "forbidden"
        assert (await room.receive_output())["code"] == 4403


async def test_two_people_starting_at_once_agree_on_who_is_second(users, dispatched_ticket):
    path = f"/ws/tickets/{dispatched_ticket.pk}/"
    async with live_socket(path, users["housing1"]) as first, live_socket(path, users["dispatcher1"]) as second:
        await _presence_where(first, lambda p: len(p["viewers"]) == 2)
        await _presence_where(second, lambda p: len(p["viewers"]) == 2)
        await first.send_json_to({"type": "editing", "editing": True})
        await second.send_json_to({"type": "editing", "editing": True})
        warnings = []
        for socket in (first, second):
            while not await socket.receive_nothing(timeout=0.3):
                message = await socket.receive_json_from()
                if message.get("collision"):
                    warnings.append(socket)
        assert len(warnings) == 1
