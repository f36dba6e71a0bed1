"""A worker killed mid-send leaves its row in `sending`: after the lease it goes out again, with the same key."""

from datetime import timedelta

import pytest
from django.utils import timezone

from hotline.sms import delivery
from hotline.sms.backends import MemoryBackend
from tickets.models import OutboundMessage


@pytest.mark.django_db
def test_a_row_abandoned_in_sending_is_retried_with_the_same_idempotency_key(make_ticket):
    make_ticket()
    message = OutboundMessage.objects.get()
    # a worker claimed it and died before recording the outcome; its lease ran out
    OutboundMessage.objects.filter(pk=message.pk).update(state="sending", attempts=1,
                                                         next_attempt_at=timezone.now() - timedelta(seconds=1))
    MemoryBackend.outbox.clear()
    delivery.deliver_due()
    message.refresh_from_db()
    assert message.state == "sent" and message.attempts == 2
    assert [sent["id"] for sent in MemoryBackend.outbox] == [message.dedupe_key]


@pytest.mark.django_db
def test_an_abandoned_row_out_of_tries_is_parked(make_ticket, settings):
    make_ticket()
    message = OutboundMessage.objects.get()
    OutboundMessage.objects.filter(pk=message.pk).update(state="sending", attempts=settings.OUTBOX["MAX_ATTEMPTS"],
                                                         next_attempt_at=timezone.now() - timedelta(seconds=1))
    delivery.deliver_due()
    message.refresh_from_db()
    assert message.state == "failed"
