"""manage.py play_calls drives a running server's CTI endpoint with a believable call stream."""

from io import StringIO

import pytest
from django.core.management import call_command

from hotline.telephony.models import Call

pytestmark = pytest.mark.django_db(transaction=True)


def test_play_calls_rings_answers_and_hangs_up_on_a_running_server(users, live_server):
    out = StringIO()
    call_command("play_calls", url=live_server.url, agents="agent1,agent2", calls=6, speed=5000, seed=7, stdout=out)
    calls = list(Call.objects.order_by("call_id"))
    assert len(calls) == 6
    assert {call.state for call in calls} == {"ended"}
    assert {call.agent.username for call in calls} == {"agent1", "agent2"}
    assert all(call.recording_url.startswith("https://") for call in calls)
    lines = out.getvalue().splitlines()
    assert sum(" ringing " in line for line in lines) == 6
    assert all("202 recorded" in line for line in lines[1:])
    answered = sum(call.answered_at is not None for call in calls)
    assert len(lines) == 1 + 6 * 2 + answered  # a header, then ringing + hangup per call, + answered ones
    assert all(len(call.caller) == 11 and call.caller.startswith("1") for call in calls)


def test_play_calls_says_when_the_server_is_not_running(users):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="无法连接"):
        call_command("play_calls", url="http://127.0.0.1:9", calls=1, speed=10000, stdout=StringIO())
