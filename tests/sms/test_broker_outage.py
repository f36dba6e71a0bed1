"""With the Celery broker (Redis) unreachable a ticket is still registered, its SMS waits in the
outbox, and a real worker sends it once the broker is back. Needs REDIS_URL (the production pass)."""

import pytest
from django.conf import settings
from django.db import connections

from hotline.sms.backends import MemoryBackend
from tickets.models import OutboundMessage, Ticket

pytestmark = [
    pytest.mark.redis,
    pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL (the Celery broker)"),
    pytest.mark.django_db(transaction=True),
]

CLOSED_PORT = "redis://127.0.0.1:1/0"


def use_broker(app, url: str) -> None:
    """Point the Celery app at another broker and drop its pooled connections to the old one."""
    app.conf.broker_url = url
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def celery_app():
    from config.celery import app

    original = app.conf.broker_url
    yield app
    use_broker(app, original)


def test_ticket_registered_while_broker_is_down_gets_its_sms_when_it_returns(make_ticket, celery_app):
    from celery.contrib.testing.worker import start_worker
    from celery.signals import task_postrun

    use_broker(celery_app, CLOSED_PORT)
    registration = make_ticket()  # commits; the after-commit enqueue meets a dead broker
    assert Ticket.objects.filter(pk=registration.ticket.pk).exists()
    message = OutboundMessage.objects.get(ticket=registration.ticket, template="letter_received")
    assert (message.state, message.attempts) == ("pending", 0)

    use_broker(celery_app, settings.CELERY_BROKER_URL)
    celery_app.control.purge()

    def close_worker_connections(**kwargs):
        connections.close_all()  # the worker thread's own connection must not outlive the test

    task_postrun.connect(close_worker_connections, weak=False)
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            from hotline.sms.tasks import sweep_outbox

            sweep_outbox.delay()  # what beat does every OUTBOX_SWEEP_SECONDS
            _wait_sent(message, timeout=20)
    finally:
        task_postrun.disconnect(close_worker_connections)

    message.refresh_from_db()
    assert message.state == "sent"
    assert [sms["to"] for sms in MemoryBackend.outbox] == ["13812345678"]


def _wait_sent(message, timeout: float) -> None:
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if OutboundMessage.objects.filter(pk=message.pk, state="sent").exists():
            return
        time.sleep(0.05)
