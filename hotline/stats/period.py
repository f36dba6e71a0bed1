"""The reporting period a leader asks for: ?from=YYYY-MM-DD&to=YYYY-MM-DD (both days included),
defaulting to the current month so far."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from tickets.errors import InvalidInput
from tickets.selectors.rankings import Period

MAX_DAYS = 366


def _day(value: str, field: str) -> date:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise InvalidInput(fields={field: ["日期格式应为 YYYY-MM-DD。"]}) from None


def period_from(params) -> tuple[Period, date, date]:
    today = timezone.localdate()
    first = _day(params["from"], "from") if params.get("from") else today.replace(day=1)
    last = _day(params["to"], "to") if params.get("to") else today
    if last < first:
        raise InvalidInput(fields={"to": ["结束日期不能早于开始日期。"]})
    if (last - first).days >= MAX_DAYS:
        raise InvalidInput(fields={"to": [f"统计区间不能超过{MAX_DAYS}天。"]})
    tz = timezone.get_current_timezone()
    start = datetime.combine(first, time.min, tz)
    end = datetime.combine(last + timedelta(days=1), time.min, tz)
    return Period(start=start, end=end), first, last
