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
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string

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
    seconds = settings.OUTBOX["RETRY_BASE_SECONDS"] * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, settings.OUTBOX["RETRY_MAX_SECONDS"]))


# --- claiming ------------------------------------------------------------------------------------

def _lease_end(now):
    return now + timedelta(seconds=settings.OUTBOX["LEASE_SECONDS"])


def claim(message_id: int) -> OutboundMessage | None:
    """Take one due pending row for this worker, or None when it is not (or no longer) ours to send.
    While claimed, `next_attempt_at` holds the end of the lease."""
    now = timezone.now()
    claimed = OutboundMessage.objects.filter(pk=message_id, state=State.PENDING, next_attempt_at__lte=now).update(
        state=State.SENDING, attempts=F("attempts") + 1, next_attempt_at=_lease_end(now))
    return OutboundMessage.objects.filter(pk=message_id).first() if claimed else None


def claim_due(limit: int) -> list[OutboundMessage]:
    """Take up to `limit` due pending rows. On PostgreSQL concurrent sweeps skip each other's rows
    (SKIP LOCKED) instead of queuing on them; SQLite serializes writers anyway."""
    now = timezone.now()
    with transaction.atomic():
        due = OutboundMessage.objects.filter(state=State.PENDING, next_attempt_at__lte=now).order_by("next_attempt_at")
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        ids = list(due.values_list("pk", flat=True)[:limit])
        if not ids:
            return []
        OutboundMessage.objects.filter(pk__in=ids, state=State.PENDING).update(
            state=State.SENDING, attempts=F("attempts") + 1, next_attempt_at=_lease_end(now))
        return list(OutboundMessage.objects.filter(pk__in=ids, state=State.SENDING).order_by("pk"))


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
    outcome: dict[str, int] = {}
    for message_id in message_ids:
        message = claim(message_id)
        if message is not None:
            state = send_claimed(message)
            outcome[state] = outcome.get(state, 0) + 1
    return outcome


def deliver_due(*, batch: int | None = None, max_batches: int = 20) -> dict[str, int]:
    """The sweep: park rows whose sender died mid-send, then send what is due, batch by batch."""
    park_stale()
    batch = batch or settings.OUTBOX["BATCH"]
    outcome: dict[str, int] = {}
    for _ in range(max_batches):
        messages = claim_due(batch)
        for message in messages:
            state = send_claimed(message)
            outcome[state] = outcome.get(state, 0) + 1
        if len(messages) < batch:
            break
    return outcome


def park_stale() -> int:
    """Rows whose worker died mid-send (lease over): retry them with the same idempotency key, or park
    them once their tries are used up."""
    now = timezone.now()
    stale = OutboundMessage.objects.filter(state=State.SENDING, next_attempt_at__lt=now)
    parked = stale.filter(attempts__gte=settings.OUTBOX["MAX_ATTEMPTS"]).update(state=State.FAILED,
                                                                                 last_error=STALE_NOTE)
    retried = stale.update(state=State.PENDING, last_error=STALE_NOTE, next_attempt_at=now)
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
