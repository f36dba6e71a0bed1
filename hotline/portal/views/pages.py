"""The portal's home page: how to reach the hotline, when it works, what one can write about."""

from itertools import groupby

from django.shortcuts import render
from django.utils import timezone

from hotline.portal.forms import TYPE_GUIDES
from tickets.models import SpecialDay, TicketType, WorkingPeriod

WEEKDAY_NAMES = dict(WorkingPeriod.WEEKDAYS)


def working_hours() -> list[str]:
    """Lines like "周一至周五 09:00–12:00、13:00–17:00", merging neighbouring days with the same hours."""
    by_day = {
        day: "、".join(f"{p.start:%H:%M}–{p.end:%H:%M}" for p in periods)
        for day, periods in groupby(WorkingPeriod.objects.order_by("weekday", "start"), key=lambda p: p.weekday)
    }
    lines, days = [], sorted(by_day)
    for _, run in groupby(enumerate(days), key=lambda item: (item[1] - item[0], by_day[item[1]])):
        run = [day for _, day in run]
        span = WEEKDAY_NAMES[run[0]] if len(run) == 1 else f"{WEEKDAY_NAMES[run[0]]}至{WEEKDAY_NAMES[run[-1]]}"
        lines.append(f"{span} {by_day[run[0]]}")
    return lines


def home(request):
    today = timezone.localdate()
    holidays = (SpecialDay.objects.filter(date__gte=today, kind=SpecialDay.Kind.HOLIDAY)
                .order_by("date")[:3])
    return render(request, "portal/home.html", {
        "working_hours": working_hours(),
        "holidays": holidays,
        "types": [(value, label, TYPE_GUIDES[value][0]) for value, label in TicketType.choices],
    })
