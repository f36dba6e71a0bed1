"""Delivering the outbox (tickets.OutboundMessage): claim, send, then record sent / retry / park.

Guarantees:
- Exactly once, with the gateway's help. A row is claimed by one conditional UPDATE
  (``state='pending'`` → ``'sending'``), so two live workers never send the same row at once. A row
  left in ``sending`` by a worker that died mid-send (its lease ran out) may or may not have gone
  out: it is put back to ``pending`` and sent again with the *same* idempotency key (its
  ``dedupe_key``, sent as ``Idempotency-Key`` / ``message_id``). The gateway must honour that key —
  answer a repeated key with the first message's id and not deliver it again — for at least as long
  as MAX_ATTEMPTS × the lease; that is what makes a resend after a crash harmless.
- Nothing lost. Rows wait in the database: a broker outage only delays them until the periodic
  sweep (``sweep_outbox``) finds them; a gateway or WeChat outage makes them retry with
  exponential backoff (settings.OUTBOX) and, after the last try, park as ``failed``, visible and
  re-sendable in the admin.
- The query password travels in clear to the citizen and is scrubbed from the stored body as soon
  as the message is sent.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from hotline import outbox
from hotline.sms.backends import DeliveryError, PermanentDeliveryError, get_backend
from tickets.models import OutboundMessage

log = logging.getLogger(__name__)

State = OutboundMessage.State

CHANNEL_SENDERS = {
    OutboundMessage.Channel.SMS: "hotline.sms.delivery.send_sms",
    OutboundMessage.Channel.WECHAT: "hotline.wechat.client.send_customer_text",
}

STALE_NOTE = "发送进程中断，发送结果未知：已按同一幂等键重新排队发送（网关据此去重）。"


def send_sms(recipient: str, text: str, *, message_id: str) -> str:
    return get_backend().send(recipient, text, message_id=message_id)


def backoff(attempts: int) -> timedelta:
    """Wait before try number `attempts + 1`: base, 2×base, 4×base … capped."""
    return outbox.backoff(attempts, base=settings.OUTBOX["RETRY_BASE_SECONDS"], cap=settings.OUTBOX["RETRY_MAX_SECONDS"])


# --- claiming (hotline.outbox) -------------------------------------------------------------------

QUEUE = outbox.LeasedQueue(OutboundMessage, "OUTBOX")
claim = QUEUE.claim
claim_due = QUEUE.claim_due


# --- sending -------------------------------------------------------------------------------------

def send_claimed(message: OutboundMessage) -> str:
    """Send one claimed row and record the outcome; returns the new state."""
    try:
        if message.channel not in CHANNEL_SENDERS:
            raise PermanentDeliveryError(f"不支持的发送渠道“{message.channel}”。")
        sender = import_string(CHANNEL_SENDERS[message.channel])
        provider_id = sender(message.recipient, message.body, message_id=message.dedupe_key)
    except PermanentDeliveryError as exc:
        return _park(message, str(exc))
    except Exception as exc:  # noqa: BLE001 — any failure of a gateway is a reason to retry, never to crash
        reason = str(exc) if isinstance(exc, DeliveryError) else f"{type(exc).__name__}: {exc}"
        if message.attempts >= settings.OUTBOX["MAX_ATTEMPTS"]:
            return _park(message, reason)
        OutboundMessage.objects.filter(pk=message.pk, state=State.SENDING).update(
            state=State.PENDING, last_error=reason[:1000], next_attempt_at=timezone.now() + backoff(message.attempts))
        log.warning("outbox %s (%s) try %s failed, will retry: %s", message.pk, message.channel, message.attempts, reason)
        return State.PENDING
    OutboundMessage.objects.filter(pk=message.pk, state=State.SENDING).update(
        state=State.SENT, sent_at=timezone.now(), provider_id=(provider_id or "")[:80], last_error="",
        body=message.redacted_body)
    return State.SENT


def _park(message: OutboundMessage, reason: str) -> str:
    OutboundMessage.objects.filter(pk=message.pk, state=State.SENDING).update(
        state=State.FAILED, last_error=reason[:1000])
    log.error("outbox %s (%s) parked as failed after %s tries: %s", message.pk, message.channel, message.attempts,
              reason)
    return State.FAILED


def deliver(message_ids) -> dict[str, int]:
    """Send these rows if they are due and nobody else has them. Counts outcomes by state."""
    return QUEUE.deliver(message_ids, send_claimed)


def deliver_due(*, batch: int | None = None, max_batches: int = 20) -> dict[str, int]:
    """The sweep: park rows whose sender died mid-send, then send what is due, batch by batch."""
    park_stale()
    return QUEUE.deliver_due(send_claimed, batch=batch, max_batches=max_batches)


def park_stale() -> int:
    """Rows whose worker died mid-send (lease over): retry them with the same idempotency key, or park
    them once their tries are used up."""
    stale = QUEUE.stale()
    parked = stale.filter(attempts__gte=settings.OUTBOX["MAX_ATTEMPTS"]).update(state=State.FAILED,
                                                                                 last_error=STALE_NOTE)
    retried = stale.update(state=State.PENDING, last_error=STALE_NOTE, next_attempt_at=timezone.now())
    return parked + retried


# --- queuing and re-sending -------------------------------------------------------------------------

def resend(queryset) -> list[int]:
    """Put failed rows back in the queue for a fresh round of tries (the admin's 重新发送)."""
    ids = list(queryset.filter(state=State.FAILED).values_list("pk", flat=True))
    if ids:
        OutboundMessage.objects.filter(pk__in=ids, state=State.FAILED).update(
            state=State.PENDING, attempts=0, next_attempt_at=timezone.now())
        transaction.on_commit(lambda: enqueue(ids))
    return ids


def enqueue(ids) -> bool:
    """Hand rows to a worker now. A broker that cannot be reached is logged and otherwise ignored:
    the rows stay pending and the periodic sweep sends them once it is back."""
    from hotline.sms.tasks import deliver_messages

    try:
        deliver_messages.apply_async(args=[list(ids)], retry=False)
    except Exception as exc:  # noqa: BLE001 — kombu raises several types for an unreachable broker
        log.warning("could not enqueue outbox delivery %s (the sweep will send them): %s", list(ids), exc)
        return False
    return True


def on_messages_queued(sender, ids, **kwargs) -> None:
    enqueue(ids)
