"""The embedded scheduler runs the same periodic tasks celery beat runs in production."""

from datetime import datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest

from hotline.scheduler import EmbeddedScheduler
from tickets.models import EventKind, TicketEvent
from tickets.services import transitions


@pytest.mark.django_db
def test_every_periodic_task_is_registered_and_runs(settings, caplog):
    scheduler = EmbeddedScheduler()
    scheduler.run_due(now=10**9)
    assert "failed" not in caplog.text
    assert set(scheduler.tasks) == set(settings.PERIODIC_TASKS)


@pytest.mark.django_db
def test_scheduled_sweep_announces_a_crossed_deadline(make_ticket, users):
    ticket = make_ticket().ticket
    dispatched_at = datetime(2026, 11, 24, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
    with mock.patch("django.utils.timezone.now", return_value=dispatched_at):
        transitions.dispatch(ticket.pk, by=users["dispatcher1"], department="housing")
    with mock.patch("django.utils.timezone.now", return_value=dispatched_at + timedelta(days=2)):
        EmbeddedScheduler(tasks={"sweep": {"task": "tickets.tasks.sweep_deadlines", "seconds": 30}}).run_due(0)
    assert TicketEvent.objects.filter(ticket=ticket, kind=EventKind.SLA_OVERDUE).exists()
