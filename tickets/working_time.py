"""Working-time arithmetic on the hotline's calendar.

A deadline of "N working days" is counted as N standard working days of *working time* from the
moment the clock starts (the seeds' hall works 7 hours a day, so 1 working day = 7 working hours):
dispatched on Friday at 16:00, a 1-working-day signature is due on Monday at 16:00. Holidays
（法定节假日） stop the clock; makeup working days (调休上班) run it even on a weekend, with the
hours of an ordinary weekday.

The calendar is loaded from the database once and cached per process; saving a period or a special
day bumps a version in the cache so every process reloads (see tickets.signals).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache

DEFAULT_PERIODS = ((time(9, 0), time(12, 0)), (time(13, 0), time(17, 0)))
CACHE_VERSION_KEY = "tickets:calendar-version"
_MAX_SCAN_DAYS = 3660  # a deadline ten years out means a broken calendar, not a real deadline


class CalendarError(Exception):
    """The calendar has no working time ahead (every day is a holiday or has no periods)."""


@dataclass(frozen=True)
class WorkingCalendar:
    periods: dict[int, tuple[tuple[time, time], ...]]
    holidays: frozenset[date] = frozenset()
    makeup_workdays: frozenset[date] = frozenset()
    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo(settings.TIME_ZONE))

    # --- days --------------------------------------------------------------------------------

    @property
    def standard_day(self) -> tuple[tuple[time, time], ...]:
        """The hours of an ordinary working day; makeup days on a weekend use these."""
        for weekday in range(7):
            if self.periods.get(weekday):
                return self.periods[weekday]
        return ()

    @property
    def standard_day_length(self) -> timedelta:
        return _length(self.standard_day)

    def periods_on(self, day: date) -> tuple[tuple[time, time], ...]:
        if day in self.holidays:
            return ()
        own = self.periods.get(day.weekday(), ())
        if day in self.makeup_workdays:
            return own or self.standard_day
        return own

    def is_working_day(self, day: date) -> bool:
        return bool(self.periods_on(day))

    # --- arithmetic ----------------------------------------------------------------------------

    def add_working_time(self, start: datetime, amount: timedelta) -> datetime:
        """The moment when `amount` of working time has passed since `start`."""
        remaining = amount
        local = start.astimezone(self.tz)
        day = local.date()
        for _ in range(_MAX_SCAN_DAYS):
            for begin, end in self.periods_on(day):
                period_start = datetime.combine(day, begin, self.tz)
                period_end = datetime.combine(day, end, self.tz)
                if period_end <= local:
                    continue
                cursor = max(period_start, local)
                available = period_end - cursor
                if remaining <= available:  # `<=`: a deadline that ends with a period is due at its end
                    return (cursor + remaining).astimezone(start.tzinfo or self.tz)
                remaining -= available
            day += timedelta(days=1)
        raise CalendarError("工作日历中没有足够的工作时间，请检查工作时段和节假日设置。")

    def add_working_days(self, start: datetime, days: float) -> datetime:
        return self.add_working_time(start, self.standard_day_length * days)

    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        """Working time elapsed from `start` to `end` (zero if end is not after start)."""
        if end <= start:
            return timedelta(0)
        total = timedelta(0)
        local_start, local_end = start.astimezone(self.tz), end.astimezone(self.tz)
        day = local_start.date()
        while day <= local_end.date():
            for begin, finish in self.periods_on(day):
                lo = max(datetime.combine(day, begin, self.tz), local_start)
                hi = min(datetime.combine(day, finish, self.tz), local_end)
                if hi > lo:
                    total += hi - lo
            day += timedelta(days=1)
        return total


def _length(periods) -> timedelta:
    return sum(
        (datetime.combine(date.min, end) - datetime.combine(date.min, begin) for begin, end in periods),
        timedelta(0),
    )


def default_calendar() -> WorkingCalendar:
    return WorkingCalendar(periods={weekday: DEFAULT_PERIODS for weekday in range(5)})


_cached: tuple[int, WorkingCalendar] | None = None


def load_calendar() -> WorkingCalendar:
    """The calendar from the database, cached until someone edits it."""
    global _cached
    version = cache.get_or_set(CACHE_VERSION_KEY, 1)
    if _cached is not None and _cached[0] == version:
        return _cached[1]
    from tickets.models import SpecialDay, WorkingPeriod

    periods: dict[int, list[tuple[time, time]]] = {}
    for period in WorkingPeriod.objects.order_by("weekday", "start"):
        periods.setdefault(period.weekday, []).append((period.start, period.end))
    if not periods:
        calendar = default_calendar()
        periods_final = calendar.periods
    else:
        periods_final = {weekday: tuple(spans) for weekday, spans in periods.items()}
    holidays, makeups = set(), set()
    for special in SpecialDay.objects.all():
        (holidays if special.kind == SpecialDay.Kind.HOLIDAY else makeups).add(special.date)
    calendar = WorkingCalendar(periods=periods_final, holidays=frozenset(holidays), makeup_workdays=frozenset(makeups))
    _cached = (version, calendar)
    return calendar


def invalidate_calendar() -> None:
    global _cached
    _cached = None
    try:
        cache.incr(CACHE_VERSION_KEY)
    except ValueError:
        cache.set(CACHE_VERSION_KEY, 2)


__all__ = [
    "CalendarError", "WorkingCalendar", "default_calendar", "invalidate_calendar", "load_calendar"
]
