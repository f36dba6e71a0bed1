"""Races the WeChat door must win on PostgreSQL, where requests really run in parallel: a message id
delivered twice at the same moment, and a burst from one follower arriving all at once. (SQLite
takes one writer at a time, so there is no race to lose there.)"""

import threading

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client

from hotline.wechat.models import Follower
from tests.wechat.conftest import FakeWeChatServer
from tickets.models import Ticket

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(settings.DATABASE_VENDOR != "postgresql", reason="needs PostgreSQL (DATABASE_URL)"),
]

OPENID = "oRace0000000000000000000000"
PARALLEL = 4


def in_parallel(send) -> list:
    """Run send(server) on PARALLEL threads released together; their responses."""
    barrier, results = threading.Barrier(PARALLEL), [None] * PARALLEL

    def worker(index):
        server = FakeWeChatServer(Client())
        try:
            barrier.wait(timeout=10)
            results[index] = send(server, index)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(PARALLEL)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_one_message_id_delivered_in_parallel_makes_one_letter(reference_data):
    msg_id = 7_000_000_000_000_001
    responses = in_parallel(lambda server, i: server.send_text(OPENID, "路灯不亮", msg_id=msg_id))
    assert [r.status_code for r in responses] == [200] * PARALLEL
    assert Ticket.objects.filter(citizen_openid=OPENID).count() == 1
    assert len({r.reply["Content"] for r in responses}) == 1


def test_burst_arriving_all_at_once_makes_one_letter(reference_data):
    Follower.objects.create(openid=OPENID, subscribed=True)  # a known follower: no insert race to hide behind
    responses = in_parallel(lambda server, i: server.send_text(OPENID, f"第{i}句", msg_id=7_100_000_000_000_000 + i))
    assert [r.status_code for r in responses] == [200] * PARALLEL
    ticket = Ticket.objects.get(citizen_openid=OPENID)
    assert sorted(ticket.content.split("\n")) == [f"第{i}句" for i in range(PARALLEL)]
