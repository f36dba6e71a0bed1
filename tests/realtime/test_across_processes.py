"""With Redis, an event raised in one OS process reaches a socket held by a daphne in another."""

import asyncio
import json
import subprocess
import sys
import uuid

import pytest
from django.conf import settings

from realtime.liveserver import DaphneProcess, child_environment, shared_database_url

pytestmark = [
    pytest.mark.redis,
    pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL (the Redis channel layer)"),
    pytest.mark.django_db(transaction=True),
]

# The other process: plain Django, one service call, as a Celery worker or a second web server would.
DISPATCH_SCRIPT = """
import sys, django
django.setup()
from tickets.models import User
from tickets.services import transitions
transitions.dispatch(int(sys.argv[1]), by=User.objects.get(username="dispatcher1"), department="housing")
"""


def test_an_event_from_another_process_reaches_a_socket_held_by_daphne(users, make_ticket):
    import websockets
    from rest_framework.authtoken.models import Token

    database_url = shared_database_url()
    if database_url is None:
        pytest.skip("needs a database another process can open (DATABASE_URL=postgres://…)")
    ticket = make_ticket().ticket
    token = Token.objects.create(user=users["housing1"]).key
    env = child_environment(channel_prefix=f"rt-test-{uuid.uuid4().hex[:8]}", database_url=database_url)

    async def scenario(server):
        async with websockets.connect(server.ws_url(f"/ws/department/?token={token}")) as socket:
            hello = json.loads(await asyncio.wait_for(socket.recv(), 10))
            assert hello["type"] == "hello" and hello["user"]["username"] == "housing1"
            publisher = await asyncio.create_subprocess_exec(sys.executable, "-c", DISPATCH_SCRIPT, str(ticket.pk),
                                                             env=env, cwd=settings.BASE_DIR,
                                                             stderr=subprocess.PIPE)
            _, errors = await asyncio.wait_for(publisher.communicate(), 60)
            assert publisher.returncode == 0, errors.decode()
            return json.loads(await asyncio.wait_for(socket.recv(), 10))

    with DaphneProcess(env) as server:
        message = asyncio.run(scenario(server))
    assert (message["type"], message["transition"]) == ("ticket.changed", "dispatch")
    assert message["ticket"]["id"] == ticket.pk and message["ticket"]["lead_department"]["code"] == "housing"
