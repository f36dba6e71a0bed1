"""The clock-bound rules of the seed (000 双休日预约服务), as plain functions of `now`.

- 预约时间: "可以于周一至周五上午12:00前预约本周六日服务" — bookings open Monday 00:00 to Friday
  11:59:59 (Asia/Shanghai), for the Saturday and Sunday of the same week only.
- "节假日不办理业务": a Saturday or Sunday that the working calendar marks as a public holiday takes
  no bookings. A weekend day that is a makeup working day (调休上班) is an ordinary working day at
  the hall: nothing to book either.
- 取消: "需提前半天取消预约" — the citizen may cancel until 12 hours before the booked start.
- 未履约: "超过预约时间半小时未到达" — staff may mark a no-show from 30 minutes after the start.
- 黑名单: "未履约次数超过两次" — the third no-show blacklists; cancelling in time never counts.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

BOOKING_CUTOFF = time(12, 0)
CANCEL_NOTICE = timedelta(hours=12)
NO_SHOW_GRACE = timedelta(minutes=30)
NO_SHOWS_TOLERATED = 2
WEEKDAYS_CN = "一二三四五六日"


def tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def now() -> datetime:
    """The current moment. Tests replace this (monkeypatch) to freeze the clock."""
    return timezone.now()


def local(moment: datetime) -> datetime:
    return moment.astimezone(tz())


def is_open(moment: datetime) -> bool:
    at = local(moment)
    return at.weekday() < 5 and at.time() < BOOKING_CUTOFF


def this_weekend(moment: datetime) -> tuple[date, date]:
    """Saturday and Sunday of the week (Monday to Sunday) `moment` falls in."""
    day = local(moment).date()
    saturday = day + timedelta(days=5 - day.weekday())
    return saturday, saturday + timedelta(days=1)


def next_opening(moment: datetime) -> datetime:
    """When bookings open next: the coming Monday 00:00 (or now, when open)."""
    if is_open(moment):
        return moment
    day = local(moment).date()
    monday = day + timedelta(days=7 - day.weekday())
    return datetime.combine(monday, time(0), tz())


def closed_message(moment: datetime) -> str:
    opening = next_opening(moment)
    return (f"当前不在预约时间内：每周一至周五12:00前可预约本周六、日的服务。"
            f"下一次可预约时间为{opening:%m月%d日}（周一）起，可预约{this_weekend(opening)[0]:%m月%d日}、"
            f"{this_weekend(opening)[1]:%m月%d日}。")


def day_label(day: date) -> str:
    return f"{day:%Y年%m月%d日}（周{WEEKDAYS_CN[day.weekday()]}）"


def starts_at(day: date, start: time) -> datetime:
    return datetime.combine(day, start, tz())


def cancel_deadline(day: date, start: time) -> datetime:
    return starts_at(day, start) - CANCEL_NOTICE


def no_show_from(day: date, start: time) -> datetime:
    return starts_at(day, start) + NO_SHOW_GRACE
