"""Deadlines set at dispatch, moved by extensions, and announced by the sweep exactly once."""

from datetime import datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from tickets.errors import InvalidInput, PermissionDenied, TransitionNotAllowed
from tickets.models import DeadlineRule, EventKind, SlaAlert, Status, Ticket
from tickets.services import actions, deadlines, transitions

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")


def frozen(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment)


def dispatch_at(moment, make_ticket, users, **fields):
    ticket = make_ticket(**fields).ticket
    with frozen(moment):
        return transitions.dispatch(ticket.pk, by=users["dispatcher1"], department="housing")


def test_dispatch_sets_sign_and_reply_deadlines_in_working_time(make_ticket, users):
    # Tuesday 24 Nov 2026, 10:00. Complaint: sign in 1 working day, reply in 15.
    ticket = dispatch_at(datetime(2026, 11, 24, 10, tzinfo=TZ), make_ticket, users, type="complaint")
    assert ticket.sign_due == datetime(2026, 11, 25, 10, tzinfo=TZ)
    # 15 working days from Tue 24 Nov 10:00 → Tue 15 Dec 10:00 (three weekends in between)
    assert ticket.reply_due == datetime(2026, 12, 15, 10, tzinfo=TZ)
    # warning at 80 % of 7 working hours = 5 h 36 min → 24 Nov 16:36
    assert ticket.sign_warn_at == datetime(2026, 11, 24, 16, 36, tzinfo=TZ)
    assert ticket.sla_next_check_at == ticket.sign_warn_at


def test_consultation_reply_is_due_in_two_working_days(make_ticket, users):
    ticket = dispatch_at(datetime(2026, 11, 27, 16, tzinfo=TZ), make_ticket, users, type="consultation")
    assert ticket.reply_due == datetime(2026, 12, 1, 16, tzinfo=TZ)  # Fri → Tue across the weekend


def test_urgent_ticket_runs_on_the_wall_clock(make_ticket, users):
    # Saturday night: an urgent matter does not wait for Monday.
    ticket = dispatch_at(datetime(2026, 11, 28, 22, tzinfo=TZ), make_ticket, users, priority="urgent")
    assert ticket.sign_due == datetime(2026, 11, 28, 23, tzinfo=TZ)
    assert ticket.reply_due == datetime(2026, 11, 29, 0, tzinfo=TZ)


def test_dispatch_across_national_day_uses_the_seeded_holidays(make_ticket, users):
    ticket = dispatch_at(datetime(2026, 9, 30, 16, tzinfo=TZ), make_ticket, users)
    assert ticket.sign_due == datetime(2026, 10, 8, 16, tzinfo=TZ)


def test_makeup_saturday_counts_as_a_working_day(make_ticket, users):
    # Friday 9 Oct 2026 16:00 + 1 working day: 1 h Friday, then 6 h on Saturday 10 Oct (调休上班): 09–12, 13–16.
    ticket = dispatch_at(datetime(2026, 10, 9, 16, tzinfo=TZ), make_ticket, users)
    assert ticket.sign_due == datetime(2026, 10, 10, 16, tzinfo=TZ)


def test_a_rule_edited_in_the_admin_applies_to_the_next_dispatch(make_ticket, users):
    DeadlineRule.objects.filter(stage="reply", ticket_type="complaint", priority="").update(amount=5)
    ticket = dispatch_at(datetime(2026, 11, 24, 10, tzinfo=TZ), make_ticket, users, type="complaint")
    assert ticket.reply_due == datetime(2026, 12, 1, 10, tzinfo=TZ)


def test_sla_state_goes_ok_warning_overdue(make_ticket, users):
    ticket = dispatch_at(datetime(2026, 11, 24, 10, tzinfo=TZ), make_ticket, users)
    assert deadlines.sla_state(ticket, datetime(2026, 11, 24, 12, tzinfo=TZ)) == "ok"
    assert deadlines.sla_state(ticket, datetime(2026, 11, 24, 16, 40, tzinfo=TZ)) == "warning"
    assert deadlines.sla_state(ticket, datetime(2026, 11, 25, 10, 1, tzinfo=TZ)) == "overdue"
    assert Ticket.objects.filter(deadlines.sla_filter("overdue", datetime(2026, 11, 25, 11, tzinfo=TZ))).count() == 1
    assert Ticket.objects.filter(deadlines.sla_filter("warning", datetime(2026, 11, 24, 17, tzinfo=TZ))).count() == 1


def test_sweep_emits_each_point_exactly_once(make_ticket, users):
    ticket = dispatch_at(datetime(2026, 11, 24, 10, tzinfo=TZ), make_ticket, users)
    assert deadlines.sweep_deadlines(datetime(2026, 11, 24, 16, tzinfo=TZ)) == 0
    assert deadlines.sweep_deadlines(datetime(2026, 11, 24, 16, 40, tzinfo=TZ)) == 1
    assert deadlines.sweep_deadlines(datetime(2026, 11, 24, 16, 50, tzinfo=TZ)) == 0
    assert deadlines.sweep_deadlines(datetime(2026, 11, 25, 10, 5, tzinfo=TZ)) == 1
    assert deadlines.sweep_deadlines(datetime(2026, 11, 25, 10, 6, tzinfo=TZ)) == 0
    kinds = list(ticket.events.filter(kind__in=[EventKind.SLA_WARNING, EventKind.SLA_OVERDUE])
                 .values_list("kind", "data__deadline"))
    assert kinds == [("sla_warning", "sign"), ("sla_overdue", "sign")]
    assert SlaAlert.objects.filter(ticket=ticket).count() == 2


def test_sweep_after_a_long_outage_announces_warning_and_overdue_once_each(make_ticket, users):
    ticket = dispatch_at(datetime(2026, 11, 24, 10, tzinfo=TZ), make_ticket, users, type="consultation")
    transitions.accept(ticket.pk, by=users["housing1"])
    # Nobody swept for a month: the reply deadline's two points come out once each.
    assert deadlines.sweep_deadlines(datetime(2026, 12, 24, 10, tzinfo=TZ)) == 2
    assert deadlines.sweep_deadlines(datetime(2026, 12, 24, 11, tzinfo=TZ)) == 0
    assert Ticket.objects.get(pk=ticket.pk).sla_next_check_at is None


def test_sweep_reads_only_tickets_whose_moment_has_come(make_ticket, users, django_assert_max_num_queries):
    for _ in range(5):
        dispatch_at(datetime(2026, 11, 24, 10, tzinfo=TZ), make_ticket, users)
    with django_assert_max_num_queries(1):
        assert deadlines.sweep_deadlines(datetime(2026, 11, 24, 11, tzinfo=TZ)) == 0


def test_signing_stops_the_signature_clock(make_ticket, users):
    ticket = dispatch_at(datetime(2026, 11, 24, 10, tzinfo=TZ), make_ticket, users)
    with frozen(datetime(2026, 11, 24, 11, tzinfo=TZ)):
        ticket = transitions.accept(ticket.pk, by=users["housing1"])
    assert ticket.sla_next_check_at == ticket.reply_warn_at
    assert deadlines.sweep_deadlines(datetime(2026, 11, 26, 10, tzinfo=TZ)) == 0


def test_urgent_warning_texts_the_duty_phone(make_ticket, users):
    from tickets.models import OutboundMessage

    ticket = dispatch_at(datetime(2026, 11, 24, 10, tzinfo=TZ), make_ticket, users, priority="urgent")
    deadlines.sweep_deadlines(datetime(2026, 11, 24, 10, 50, tzinfo=TZ))
    message = OutboundMessage.objects.get(ticket=ticket, template="urgent_deadline_warning")
    assert message.recipient == ticket.lead_department.duty_phone


# --- extensions ------------------------------------------------------------------------------------

def accepted_at(moment, make_ticket, users):
    ticket = dispatch_at(moment, make_ticket, users)
    return transitions.accept(ticket.pk, by=users["housing1"])


def test_approved_extension_moves_the_reply_deadline(make_ticket, users):
    ticket = accepted_at(timezone.now() - timedelta(hours=1), make_ticket, users)
    old_due = ticket.reply_due
    request = actions.request_extension(ticket.pk, by=users["housing1"], days=5, reason="需现场勘查")
    decided = actions.decide_extension(ticket.pk, by=users["dispatcher1"], approve=True)
    ticket.refresh_from_db()
    assert decided.pk == request.pk and decided.decision == "approved"
    assert ticket.reply_due > old_due and ticket.extension_used
    assert decided.old_reply_due == old_due and decided.new_reply_due == ticket.reply_due


def test_extension_is_granted_only_once(make_ticket, users):
    ticket = accepted_at(timezone.now(), make_ticket, users)
    actions.request_extension(ticket.pk, by=users["housing1"], days=3, reason="需协调")
    actions.decide_extension(ticket.pk, by=users["dispatcher1"], approve=True)
    with pytest.raises(TransitionNotAllowed):
        actions.request_extension(ticket.pk, by=users["housing1"], days=3, reason="再延")


def test_refused_extension_keeps_the_deadline(make_ticket, users):
    ticket = accepted_at(timezone.now(), make_ticket, users)
    actions.request_extension(ticket.pk, by=users["housing1"], days=3, reason="需协调")
    decided = actions.decide_extension(ticket.pk, by=users["dispatcher1"], approve=False, reason="时限充足")
    assert decided.decision == "refused"
    assert Ticket.objects.get(pk=ticket.pk).reply_due == ticket.reply_due


def test_extension_limits_and_people(make_ticket, users):
    ticket = accepted_at(timezone.now(), make_ticket, users)
    with pytest.raises(InvalidInput):
        actions.request_extension(ticket.pk, by=users["housing1"], days=11, reason="太久")
    with pytest.raises(PermissionDenied):
        actions.request_extension(ticket.pk, by=users["hrss1"], days=2, reason="别人的单")
    actions.request_extension(ticket.pk, by=users["housing1"], days=2, reason="需协调")
    with pytest.raises(PermissionDenied):
        actions.decide_extension(ticket.pk, by=users["housing1"], approve=True)


def test_urge_and_supervise_mark_and_notify_without_changing_state(make_ticket, users):
    ticket = accepted_at(timezone.now(), make_ticket, users)
    actions.urge(ticket.pk, by=users["supervisor1"], text="请今天答复")
    actions.supervise(ticket.pk, by=users["supervisor1"])
    ticket.refresh_from_db()
    assert ticket.status == Status.ACCEPTED and ticket.urge_count == 1 and ticket.is_supervised
    urged = ticket.events.get(kind=EventKind.URGED)
    assert "department:housing" in urged.audiences
    with pytest.raises(PermissionDenied):
        actions.urge(ticket.pk, by=users["housing1"])


def test_close_unrated_after_the_callback_period(make_ticket, users):
    from tickets.services.housekeeping import close_unrated

    ticket = make_ticket().ticket
    transitions.resolve_directly(ticket.pk, by=users["agent1"], answer="已答复")
    assert close_unrated() == 0
    assert close_unrated(timezone.now() + timedelta(days=8)) == 1
    assert Ticket.objects.get(pk=ticket.pk).status == Status.CLOSED


def test_the_sweep_costs_the_same_statements_for_one_crossed_point_or_many(make_ticket, users):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def sweep_count(n, day):
        for _ in range(n):
            dispatch_at(datetime(2026, 11, day, 10, tzinfo=TZ), make_ticket, users)
        with CaptureQueriesContext(connection) as queries:
            emitted = deadlines.sweep_deadlines(datetime(2026, 11, day, 16, 40, tzinfo=TZ))
        return emitted, len(queries)

    one = sweep_count(1, 23)
    many = sweep_count(12, 24)
    assert one[0] == 1 and many[0] >= 12
    assert many[1] == one[1]
