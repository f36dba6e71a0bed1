"""Committed events reach exactly the sockets of their audiences, masked for each viewer."""

import pytest
from django.db import transaction

from tests.realtime.sockets import live_socket, receive_of_type, run

pytestmark = [pytest.mark.django_db(transaction=True)]


def _dispatch(ticket_id, users, department, **extra):
    from tickets.services import transitions

    return transitions.dispatch(ticket_id, by=users["dispatcher1"], department=department, **extra)


async def test_a_dispatch_reaches_the_right_departments_socket_and_not_another(users, make_ticket):
    housing_ticket = (await run(make_ticket)).ticket
    hrss_ticket = (await run(make_ticket, title="养老金查询")).ticket
    async with live_socket("/ws/department/", users["housing1"]) as housing, \
            live_socket("/ws/department/", users["hrss1"]) as hrss:
        await run(_dispatch, housing_ticket.pk, users, "housing")
        message = await housing.receive_json_from()
        assert message["type"] == "ticket.changed"
        assert (message["transition"], message["from"], message["to"]) == ("dispatch", "received", "dispatched")
        assert message["ticket"]["id"] == housing_ticket.pk
        assert message["ticket"]["lead_department"]["code"] == "housing"
        assert message["ticket"]["citizen"]["phone"] == "138****5678"
        assert "accept" in message["ticket"]["available_transitions"]
        assert message["at"] and message["event_id"]

        await run(_dispatch, hrss_ticket.pk, users, "hrss")
        # hrss's first message is its own dispatch: housing's never reached it.
        other = await hrss.receive_json_from()
        assert other["ticket"]["id"] == hrss_ticket.pk
        assert await housing.receive_nothing(timeout=0.2)


async def test_a_rolled_back_transition_sends_nothing(users, make_ticket):
    ticket = (await run(make_ticket)).ticket

    def dispatch_then_fail():
        with transaction.atomic():
            _dispatch(ticket.pk, users, "housing")
            raise RuntimeError("the caller's transaction fails after the dispatch")

    async with live_socket("/ws/department/", users["housing1"]) as housing, \
            live_socket("/ws/wallboard/", users["supervisor1"]) as wallboard:
        await receive_of_type(wallboard, "counters")
        with pytest.raises(RuntimeError):
            await run(dispatch_then_fail)
        assert await housing.receive_nothing(timeout=0.3)
        assert await wallboard.receive_nothing(timeout=0.1)
        await run(_dispatch, ticket.pk, users, "housing")
        message = await housing.receive_json_from()
        assert message["transition"] == "dispatch" and message["ticket"]["version"] == ticket.version + 1


async def test_a_confidential_callers_identity_never_reaches_a_department_socket(users, make_ticket):
    ticket = (await run(make_ticket, confidential=True, address="裕华路12号")).ticket
    async with live_socket("/ws/department/", users["housing1"]) as housing, \
            live_socket("/ws/agent/", users["dispatcher1"]) as desk:
        await run(_dispatch, ticket.pk, users, "housing")
        seen_by_department = await housing.receive_json_from()
        assert seen_by_department["ticket"]["citizen"] == {"name": "", "phone": "", "confidential": True,
                                                           "withheld": True}
        assert seen_by_department["ticket"]["address"] == ""
        seen_by_desk = await receive_of_type(desk, "ticket.changed")
        assert seen_by_desk["ticket"]["citizen"]["name"] == "张三"
        assert seen_by_desk["ticket"]["citizen"]["phone"] == "138****5678"


async def test_new_letters_appear_on_the_agent_socket(users, make_ticket):
    async with live_socket("/ws/agent/", users["agent1"]) as agent:
        ticket = (await run(make_ticket, channel="wechat")).ticket
        message = await agent.receive_json_from()
        assert message["type"] == "ticket.created"
        assert message["from"] is None and message["to"] == "received"
        assert message["ticket"]["id"] == ticket.pk and message["ticket"]["channel"] == "wechat"
        assert "dispatch" in message["ticket"]["available_transitions"]


async def test_co_handling_department_hears_the_dispatch_too(users, make_ticket):
    ticket = (await run(make_ticket)).ticket
    async with live_socket("/ws/department/", users["urban1"]) as urban:
        await run(_dispatch, ticket.pk, users, "housing", co_departments=["urban"])
        message = await urban.receive_json_from()
        assert message["ticket"]["id"] == ticket.pk
        assert [d["code"] for d in message["ticket"]["co_departments"]] == ["urban"]
        # a co-handler may not sign: the transitions are the viewer's own
        assert "accept" not in message["ticket"]["available_transitions"]


async def test_urging_reaches_the_department_as_ticket_urged(users, dispatched_ticket):
    from tickets.services import actions

    async with live_socket("/ws/department/", users["housing1"]) as housing:
        await run(actions.urge, dispatched_ticket.pk, by=users["supervisor1"], text="请今天内签收")
        message = await housing.receive_json_from()
        assert message["type"] == "ticket.urged"
        assert message["event"]["text"] == "请今天内签收" and message["ticket"]["urge_count"] == 1


async def test_a_deadline_point_reaches_the_department_as_sla_message(users, dispatched_ticket):
    from datetime import timedelta

    from tickets.services.deadlines import sweep_deadlines

    async with live_socket("/ws/department/", users["housing1"]) as housing:
        await run(sweep_deadlines, dispatched_ticket.sign_due + timedelta(minutes=1))
        messages = [await housing.receive_json_from() for _ in range(2)]
        assert sorted(m["type"] for m in messages) == ["sla.overdue", "sla.warning"]
        assert {m["deadline"] for m in messages} == {"sign"}
        assert all(m["ticket"]["id"] == dispatched_ticket.pk for m in messages)


async def test_an_approved_return_tells_the_department_that_let_it_go(users, dispatched_ticket):
    from tickets.services import transitions

    await run(transitions.request_return, dispatched_ticket.pk, by=users["housing1"], reason="不属于本单位职责")
    async with live_socket("/ws/department/", users["housing1"]) as housing, \
            live_socket("/ws/agent/", users["agent1"]) as agent:
        await run(transitions.approve_return, dispatched_ticket.pk, by=users["dispatcher1"])
        message = await housing.receive_json_from()
        assert message["transition"] == "approve_return" and message["ticket"]["lead_department"] is None
        back_in_intake = await agent.receive_json_from()
        assert back_in_intake["to"] == "received"


async def test_every_socket_of_a_department_hears_and_one_leaving_does_not_deafen_the_rest(users, make_ticket):
    first_ticket = (await run(make_ticket)).ticket
    second_ticket = (await run(make_ticket, title="第二件")).ticket
    async with live_socket("/ws/department/", users["housing1"]) as staying:
        async with live_socket("/ws/department/", users["housing1"]) as leaving:
            await run(_dispatch, first_ticket.pk, users, "housing")
            assert (await staying.receive_json_from())["ticket"]["id"] == first_ticket.pk
            assert (await leaving.receive_json_from())["ticket"]["id"] == first_ticket.pk
        await run(_dispatch, second_ticket.pk, users, "housing")
        assert (await staying.receive_json_from())["ticket"]["id"] == second_ticket.pk


async def test_an_event_committed_on_a_plain_thread_reaches_the_socket(users, dispatched_ticket):
    """The embedded scheduler and Celery's eager tasks commit outside any event loop."""
    import asyncio
    from datetime import timedelta

    from django.db import connection

    from tickets.services.deadlines import sweep_deadlines

    def sweep_on_its_own_thread():
        try:
            return sweep_deadlines(dispatched_ticket.sign_warn_at + timedelta(seconds=1))
        finally:
            connection.close()

    async with live_socket("/ws/department/", users["housing1"]) as housing:
        assert await asyncio.to_thread(sweep_on_its_own_thread) == 1
        message = await housing.receive_json_from()
        assert message["type"] == "sla.warning" and message["ticket"]["id"] == dispatched_ticket.pk
