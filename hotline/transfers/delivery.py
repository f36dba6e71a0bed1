"""Delivering the webhook outbox (Delivery): claim, send signed, then record delivered or retry.

The same lease-and-retry queue as the SMS outbox (hotline.outbox), with one difference that matters: a webhook carries
an idempotency key, so sending it twice is harmless and losing it is not. Hence at least once —
a row left `sending` by a dead worker goes back to `pending` when its lease runs out — and no last
try: a platform that is down is retried with backoff (fast for 即时转) until it answers 2xx.
"""

from __future__ import annotations

import logging
from datetime import timedelta

import requests
from django.conf import settings
from django.utils import timezone

from hotline import outbox
from hotline.transfers import signing
from hotline.transfers.models import Delivery, Transfer

log = logging.getLogger(__name__)
State = Delivery.State


def backoff(attempts: int, *, emergency: bool) -> timedelta:
    conf = settings.TRANSFERS
    if emergency:
        return outbox.backoff(attempts, base=conf["EMERGENCY_RETRY_BASE_SECONDS"], cap=conf["EMERGENCY_RETRY_MAX_SECONDS"])
    return outbox.backoff(attempts, base=conf["RETRY_BASE_SECONDS"], cap=conf["RETRY_MAX_SECONDS"])


# 即时转 (emergency) first; the lease, the claim and the sweep are hotline.outbox's.
QUEUE = outbox.LeasedQueue(Delivery, "TRANSFERS", order=("-emergency", "next_attempt_at"), related=("platform",))
claim = QUEUE.claim
claim_due = QUEUE.claim_due


def post(delivery: Delivery) -> requests.Response:
    body = delivery.body.encode("utf-8")
    headers = signing.signed_headers(secret=delivery.platform.secret, sender=settings.TRANSFERS["SELF_CODE"],
                                     event=delivery.event, idempotency_key=delivery.idempotency_key, body=body)
    return requests.post(delivery.platform.url, data=body, headers=headers,
                         timeout=settings.TRANSFERS["TIMEOUT_SECONDS"], allow_redirects=False)


def send_claimed(delivery: Delivery) -> str:
    status = None
    try:
        if not delivery.platform.is_active:
            raise RuntimeError("平台已停用，暂停发送（重新启用后继续）。")
        response = post(delivery)
        status = response.status_code
        if not 200 <= status < 300:
            raise RuntimeError(f"HTTP {status}: {response.text[:300]}")
    except Exception as exc:  # noqa: BLE001 — any failure of the other side is a reason to retry, never to drop
        reason = str(exc) if isinstance(exc, RuntimeError) else f"{type(exc).__name__}: {exc}"
        Delivery.objects.filter(pk=delivery.pk, state=State.SENDING).update(
            state=State.PENDING, last_error=reason[:1000], response_status=status,
            next_attempt_at=timezone.now() + backoff(delivery.attempts, emergency=delivery.emergency))
        log.warning("transfer delivery %s to %s try %s failed, will retry: %s", delivery.pk, delivery.platform.code,
                    delivery.attempts, reason)
        return State.PENDING
    now = timezone.now()
    Delivery.objects.filter(pk=delivery.pk, state=State.SENDING).update(
        state=State.DELIVERED, delivered_at=now, response_status=status, last_error="")
    if delivery.transfer_id:
        Transfer.objects.filter(pk=delivery.transfer_id, state=Transfer.State.PENDING).update(
            state=Transfer.State.DELIVERED, delivered_at=now)
    return State.DELIVERED


def deliver(ids) -> dict[str, int]:
    return QUEUE.deliver(ids, send_claimed)


def release_stale() -> int:
    """Rows whose worker died mid-send go back to the queue: the idempotency key makes a resend safe."""
    return QUEUE.stale().update(state=State.PENDING, last_error="发送进程中断，重新发送（对方按幂等键去重）。")


def deliver_due(*, batch: int | None = None, max_batches: int = 20) -> dict[str, int]:
    release_stale()
    return QUEUE.deliver_due(send_claimed, batch=batch, max_batches=max_batches)


def retry_now(queryset) -> int:
    """The admin's 立即重试: pending rows become due now."""
    return queryset.filter(state=State.PENDING).update(next_attempt_at=timezone.now())


def enqueue(ids) -> bool:
    """Hand rows to a worker now; an unreachable broker only delays them until the sweep."""
    from hotline.transfers.tasks import deliver_transfers

    try:
        deliver_transfers.apply_async(args=[list(ids)], retry=False)
    except Exception as exc:  # noqa: BLE001 — kombu raises several types for an unreachable broker
        log.warning("could not enqueue transfer deliveries %s (the sweep will send them): %s", list(ids), exc)
        return False
    return True
