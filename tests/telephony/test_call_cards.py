"""Call cards on the agent console: only the named agent, masked until answered."""

import pytest

from tests.realtime.sockets import live_socket, receive_of_type, run
from tests.telephony.cti import cti_body, post_cti, seconds_ago

pytestmark = [pytest.mark.django_db(transaction=True)]


async def test_ringing_reaches_only_the_named_agent(users, make_ticket):
    previous = (await run(make_ticket)).ticket
    async with live_socket("/ws/agent/", users["agent1"]) as agent1, \
            live_socket("/ws/agent/", users["agent2"]) as agent2:
        response = await run(post_cti, cti_body("ringing", call_id="C-7", agent="agent1"))
        assert response.status_code == 202
        card = await agent1.receive_json_from()
        assert card["type"] == "call.ringing" and card["call_id"] == "C-7"
        assert card["caller"] == "138****5678"
        assert [(t["id"], t["status"], t["status_label"]) for t in card["history"]] == [
            (previous.pk, "received", "已受理·待派单")]
        assert await agent2.receive_nothing(timeout=0.3)


async def test_answered_prefills_the_form_and_hangup_ends_the_card(users):
    async with live_socket("/ws/agent/", users["agent1"]) as agent1:
        await run(post_cti, cti_body("ringing", call_id="C-8", at=seconds_ago(95)))
        await receive_of_type(agent1, "call.ringing")
        await run(post_cti, cti_body("answered", call_id="C-8", at=seconds_ago(90)))
        answered = await agent1.receive_json_from()
        assert answered["type"] == "call.answered"
        assert answered["caller"] == "13812345678" and answered["caller_masked"] == "138****5678"
        assert answered["prefill"] == {"channel": "phone", "phone": "13812345678", "call_id": "C-8"}
        await run(post_cti, cti_body("hangup", call_id="C-8"))
        ended = await agent1.receive_json_from()
        assert ended["type"] == "call.ended" and ended["answered"] is True
        assert 89 <= ended["duration"] <= 91 and ended["reason"] == "hangup"


async def test_a_duplicate_ringing_pops_one_card(users):
    async with live_socket("/ws/agent/", users["agent1"]) as agent1:
        body = cti_body("ringing", call_id="C-9")
        await run(post_cti, body)
        await run(post_cti, body)
        assert (await agent1.receive_json_from())["type"] == "call.ringing"
        assert await agent1.receive_nothing(timeout=0.3)


async def test_a_reconnecting_console_gets_the_card_of_a_call_in_progress(users):
    await run(post_cti, cti_body("ringing", call_id="C-10"))
    async with live_socket("/ws/agent/", users["agent1"]) as agent1:
        card = await agent1.receive_json_from()
        assert card["type"] == "call.ringing" and card["call_id"] == "C-10"
    async with live_socket("/ws/agent/", users["agent2"]) as agent2:
        assert await agent2.receive_nothing(timeout=0.1)


async def test_a_call_answered_by_another_agent_clears_the_first_card(users):
    async with live_socket("/ws/agent/", users["agent1"]) as agent1, \
            live_socket("/ws/agent/", users["agent2"]) as agent2:
        await run(post_cti, cti_body("ringing", call_id="C-11", agent="agent1"))
        await receive_of_type(agent1, "call.ringing")
        await run(post_cti, cti_body("answered", call_id="C-11", agent="agent2"))
        cleared = await agent1.receive_json_from()
        assert cleared["type"] == "call.ended" and cleared["reason"] == "transferred"
        assert (await agent2.receive_json_from())["type"] == "call.answered"
