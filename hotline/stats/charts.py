"""The statistics page's charts as plain data for ECharts (static/vendor/echarts, see README): the
daily trend of this period beside the previous one of equal length, tickets by type and by channel,
the ranking's scores, and the period's headline figures compared with the previous period."""

from __future__ import annotations

from datetime import date, timedelta

from tickets.models import Channel, TicketType


def previous_range(first: date, last: date) -> tuple[date, date]:
    """The period of the same length that ends the day before `first`."""
    length = (last - first).days + 1
    return first - timedelta(days=length), first - timedelta(days=1)


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _daily(trend: list[dict], first: date, last: date) -> list[int]:
    """One count per day of the period, zero on days without tickets (the selector skips them)."""
    counts = {row["day"]: row["count"] for row in trend}
    return [counts.get(day.isoformat(), 0) for day in _days(first, last)]


def _labelled(counts: dict, choices) -> list[dict]:
    labels = dict(choices)
    return sorted(({"name": labels.get(key, key), "value": value} for key, value in counts.items() if value),
                  key=lambda item: -item["value"])


def _percent(rate) -> float | None:
    return None if rate is None else round(rate * 100, 1)


def chart_data(report: dict, previous: dict, first: date, last: date) -> dict:
    before_first, before_last = previous_range(first, last)
    ranked = [row for row in report["departments"] if row.get("score") is not None]
    city, city_before = report["city"], previous["city"]
    return {
        "trend": {
            "days": [day.isoformat() for day in _days(first, last)],
            "current": _daily(report["trend"], first, last),
            # Aligned by day of the period: the 3rd day of this period beside the 3rd of the last.
            "previous": _daily(previous["trend"], before_first, before_last),
            "previous_days": [day.isoformat() for day in _days(before_first, before_last)],
        },
        "by_type": _labelled(city["by_type"], TicketType.choices),
        "by_channel": _labelled(city["by_channel"], Channel.choices),
        "ranking": {"names": [row["name"] for row in ranked], "scores": [row["score"] for row in ranked]},
        "comparison": {
            "labels": ["受理量", "直接办结率（%）", "回访率（%）"],
            "current": [city["registered"], _percent(city["direct_resolution_rate"]),
                        _percent(city["callback_rate"])],
            "previous": [city_before["registered"], _percent(city_before["direct_resolution_rate"]),
                         _percent(city_before["callback_rate"])],
            "period": f"{first.isoformat()} 至 {last.isoformat()}",
            "previous_period": f"{before_first.isoformat()} 至 {before_last.isoformat()}",
        },
    }
