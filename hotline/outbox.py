"""One lease-and-retry queue for every outbox: the citizens' notices (tickets.OutboundMessage, sent by
hotline.sms.delivery) and the webhooks to other platforms (transfers.Delivery).

What they share lives here: a row is claimed by one conditional UPDATE (``pending`` → ``sending``),
so two live workers never send the same row at once; while claimed, ``next_attempt_at`` holds the
end of the lease, so a row whose worker died is found by its lease running out; a sweep claims due
rows in batches, skipping rows another sweep holds (SKIP LOCKED on PostgreSQL); retries back off
exponentially. What differs stays with each outbox: how a row is sent, whether it ever gives up
(notices park as failed after their last try, webhooks never do), and which rows go first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Model, QuerySet
from django.utils import timezone


def backoff(attempts: int, *, base: float, cap: float) -> timedelta:
    """Wait before try number `attempts + 1`: base, 2×base, 4×base … at most `cap` seconds."""
    return timedelta(seconds=min(base * 2 ** max(min(attempts, 30) - 1, 0), cap))


@dataclass(frozen=True)
class LeasedQueue:
    """The rows of `model` (with `state`, `attempts`, `next_attempt_at` and a State with PENDING and
    SENDING) as a queue; `settings_name` names the settings dict holding LEASE_SECONDS and BATCH."""

    model: type[Model]
    settings_name: str
    order: tuple[str, ...] = ("next_attempt_at",)
    related: tuple[str, ...] = ()

    @property
    def conf(self) -> dict:
        return getattr(settings, self.settings_name)

    def rows(self) -> QuerySet:
        return self.model.objects.select_related(*self.related) if self.related else self.model.objects.all()

    def _take(self, rows: QuerySet, now) -> int:
        return rows.filter(state=self.model.State.PENDING).update(
            state=self.model.State.SENDING, attempts=F("attempts") + 1,
            next_attempt_at=now + timedelta(seconds=self.conf["LEASE_SECONDS"]))

    def claim(self, pk: int):
        """This row if it is due and still pending, now ours to send; else None."""
        now = timezone.now()
        claimed = self._take(self.model.objects.filter(pk=pk, next_attempt_at__lte=now), now)
        return self.rows().filter(pk=pk).first() if claimed else None

    def claim_due(self, limit: int) -> list:
        """Up to `limit` due pending rows, in `order`, now ours to send."""
        now = timezone.now()
        with transaction.atomic():
            due = self.model.objects.filter(state=self.model.State.PENDING, next_attempt_at__lte=now).order_by(*self.order)
            if connection.features.has_select_for_update_skip_locked:
                due = due.select_for_update(skip_locked=True)
            ids = list(due.values_list("pk", flat=True)[:limit])
            if not ids:
                return []
            self._take(self.model.objects.filter(pk__in=ids), now)
            return list(self.rows().filter(pk__in=ids, state=self.model.State.SENDING).order_by("pk"))

    def stale(self) -> QuerySet:
        """Rows claimed by a worker whose lease ran out (it died mid-send, or hangs)."""
        return self.model.objects.filter(state=self.model.State.SENDING, next_attempt_at__lt=timezone.now())

    def deliver(self, ids, send: Callable[[Model], str]) -> dict[str, int]:
        """Send these rows if they are due and nobody else has them. Counts outcomes by state."""
        outcome: dict[str, int] = {}
        for pk in ids:
            row = self.claim(pk)
            if row is not None:
                state = send(row)
                outcome[state] = outcome.get(state, 0) + 1
        return outcome

    def deliver_due(self, send: Callable[[Model], str], *, batch: int | None = None,
                    max_batches: int = 20) -> dict[str, int]:
        """The sweep's sending part: what is due, batch by batch (stale leases are the caller's to settle)."""
        batch = batch or self.conf["BATCH"]
        outcome: dict[str, int] = {}
        for _ in range(max_batches):
            rows = self.claim_due(batch)
            for row in rows:
                state = send(row)
                outcome[state] = outcome.get(state, 0) + 1
            if len(rows) < batch:
                break
        return outcome
