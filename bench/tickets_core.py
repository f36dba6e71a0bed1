"""Ticket core: registrations per second through the service layer, and the deadline sweep over a
large open backlog (default 100,000 open tickets; BENCH_OPEN_TICKETS to change)."""

import os
import time
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from bench._util import emit

BENCH = "tickets_core"


def _reference_data():
    from tickets.management.commands import seed_demo

    seed_demo.seed_departments()
    seed_demo.seed_categories()
    seed_demo.seed_calendar()
    seed_demo.seed_deadline_rules()
    seed_demo.seed_users()


def bench_registration(count: int) -> None:
    from tickets.models import User
    from tickets.services.intake import register_ticket

    agent = User.objects.get(username="agent1")
    started = time.perf_counter()
    for index in range(count):
        register_ticket(channel="phone", type="consultation", title=f"咨询社保缴费 {index}",
                        content="市民来电咨询灵活就业人员社保缴费基数和办理地点。", phone=f"138{index:08d}", by=agent)
    elapsed = time.perf_counter() - started
    emit(BENCH, "registrations_per_second", round(count / elapsed, 1), "tickets/s", count=count,
         note="register_ticket: letter number, password hash (PBKDF2 20k), event, SMS outbox row")


def _backlog(count: int, due_fraction: float) -> int:
    """`count` dispatched tickets; `due_fraction` of them have a deadline point already crossed."""
    from tickets.models import Department, Status, Ticket

    department = Department.objects.get(code="housing")
    now = timezone.now()
    due = int(count * due_fraction)
    batch = []
    with transaction.atomic():
        for index in range(count):
            crossed = index < due
            warn = now - timedelta(minutes=5) if crossed else now + timedelta(days=1 + index % 10)
            batch.append(Ticket(
                letter_number=f"2026{index:011d}", password_hash="x", channel="web", type="complaint",
                title="积压工单", content="内容", lead_department=department, dispatched_at=now - timedelta(hours=6),
                sign_warn_at=warn, sign_due=warn + timedelta(hours=1), reply_warn_at=warn + timedelta(days=8),
                reply_due=warn + timedelta(days=10), sla_next_check_at=warn,
            ))
            if len(batch) == 5000:
                Ticket.objects.bulk_create(batch)
                batch = []
        Ticket.objects.bulk_create(batch)
        # bulk_create bypasses the protected FSM field's default path: set the state in one UPDATE.
        Ticket.objects.filter(letter_number__startswith="2026", title="积压工单").update(status=Status.DISPATCHED)
    return due


def bench_sweep(count: int) -> None:
    from tickets.services.deadlines import sweep_deadlines

    started = time.perf_counter()
    due = _backlog(count, 0.01)
    emit(BENCH, "backlog_build_time", round(time.perf_counter() - started, 2), "s", open_tickets=count)

    started = time.perf_counter()
    emitted = sweep_deadlines()
    elapsed = time.perf_counter() - started
    emit(BENCH, "sweep_time", round(elapsed, 3), "s", open_tickets=count, points_crossed=due, events=emitted)

    started = time.perf_counter()
    emitted = sweep_deadlines()
    emit(BENCH, "idle_sweep_time", round((time.perf_counter() - started) * 1000, 2), "ms", open_tickets=count,
         events=emitted, note="nothing crossed: one indexed query")


def main() -> None:
    _reference_data()
    bench_registration(int(os.environ.get("BENCH_REGISTRATIONS", "2000")))
    bench_sweep(int(os.environ.get("BENCH_OPEN_TICKETS", "100000")))
