"""Working-time deadlines across weekends, public holidays and makeup working days (调休)."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from tickets.working_time import WorkingCalendar, default_calendar, load_calendar

TZ = ZoneInfo("Asia/Shanghai")


def at(year, month, day, hour=9, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=TZ)


def test_one_working_day_is_seven_working_hours_of_the_hall():
    calendar = default_calendar()
    assert calendar.standard_day_length == timedelta(hours=7)
    # Tuesday 10:00 + 1 working day = Wednesday 10:00
    assert calendar.add_working_days(at(2026, 11, 24, 10), 1) == at(2026, 11, 25, 10)


def test_lunch_break_stops_the_clock():
    calendar = default_calendar()
    assert calendar.add_working_time(at(2026, 11, 24, 11), timedelta(hours=2)) == at(2026, 11, 24, 14)


def test_deadline_across_a_weekend():
    calendar = default_calendar()
    # Friday 16:00 + 1 working day → Monday 16:00
    assert calendar.add_working_days(at(2026, 11, 27, 16), 1) == at(2026, 11, 30, 16)


def test_work_arriving_outside_hours_starts_at_next_opening():
    calendar = default_calendar()
    # Saturday night + 2 working hours → Monday 11:00
    assert calendar.add_working_time(at(2026, 11, 28, 22), timedelta(hours=2)) == at(2026, 11, 30, 11)


def test_deadline_ending_exactly_at_a_period_end_is_due_then():
    calendar = default_calendar()
    assert calendar.add_working_time(at(2026, 11, 24, 9), timedelta(hours=3)) == at(2026, 11, 24, 12)


def test_public_holiday_stops_the_clock():
    calendar = WorkingCalendar(
        periods=default_calendar().periods,
        holidays=frozenset(date(2026, 10, d) for d in range(1, 8)),
        makeup_workdays=frozenset({date(2026, 9, 20), date(2026, 10, 10)}),
    )
    # Wednesday 30 Sept 2026 16:00 + 1 working day: 1 h that day, National Day week off, then
    # Thursday 8 Oct from 09:00 for the remaining 6 h → 16:00.
    assert calendar.add_working_days(at(2026, 9, 30, 16), 1) == at(2026, 10, 8, 16)


def test_makeup_working_day_on_a_weekend_runs_the_clock():
    calendar = WorkingCalendar(periods=default_calendar().periods, makeup_workdays=frozenset({date(2026, 10, 10)}))
    # Friday 9 Oct 16:00 + 2 working hours: 1 h Friday, then Saturday 10 Oct (调休上班) from 09:00.
    assert calendar.add_working_time(at(2026, 10, 9, 16), timedelta(hours=2)) == at(2026, 10, 10, 10)
    assert calendar.is_working_day(date(2026, 10, 10))
    assert not calendar.is_working_day(date(2026, 10, 11))


def test_working_time_between_skips_nights_and_lunch():
    calendar = default_calendar()
    assert calendar.working_time_between(at(2026, 11, 24, 11), at(2026, 11, 25, 10)) == timedelta(hours=6)


@pytest.mark.django_db
def test_seeded_calendar_knows_the_2026_spring_festival(reference_data):
    calendar = load_calendar()
    assert not calendar.is_working_day(date(2026, 2, 16))   # 春节 holiday, a Monday
    assert calendar.is_working_day(date(2026, 2, 14))       # makeup Saturday
    assert calendar.periods_on(date(2026, 2, 14)) == ((time(9), time(12)), (time(13), time(17)))


@pytest.mark.django_db
def test_editing_the_calendar_in_the_admin_takes_effect(reference_data):
    from tickets.models import SpecialDay

    assert load_calendar().is_working_day(date(2026, 12, 1))
    SpecialDay.objects.create(date=date(2026, 12, 1), kind=SpecialDay.Kind.HOLIDAY, name="测试")
    assert not load_calendar().is_working_day(date(2026, 12, 1))
