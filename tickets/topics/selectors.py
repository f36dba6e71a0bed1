"""Reading hot topics for the statistics page and the API."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from tickets.gazetteer import DISTRICTS
from tickets.models import MonthlyTopic, Ticket, TopicAlert
from tickets.topics.clustering import cluster

LIMIT = 20


def _start(day: date) -> datetime:
    return datetime.combine(day, time.min, timezone.get_current_timezone())


def split_area(area: str) -> tuple[str, str]:
    """"裕华区东苑街道" → ("裕华区", "东苑街道")."""
    district = next((d for d in sorted(DISTRICTS, key=len, reverse=True) if area.startswith(d)), "")
    return (district, area[len(district):]) if district else (area, "")


def alert_payload(alert: TopicAlert) -> dict:
    return {"id": alert.pk, "day": alert.day.isoformat(), "label": alert.label, "count": alert.count,
            "usual": alert.usual, "reason": alert.reason, "area": alert.area,
            "category": alert.category.code if alert.category_id else None, "ticket_ids": alert.ticket_ids,
            "at": timezone.localtime(alert.created_at).isoformat()}


def hot_topics(first: date, last: date, limit: int = LIMIT) -> dict:
    """The period's topics (days ``first``..``last`` included), biggest first, with the same-length
    period before for growth, and the spike alerts raised in the period."""
    start, end = _start(first), _start(last + timedelta(days=1))
    topics = cluster(start, end, previous_start=start - (end - start))
    alerts = TopicAlert.objects.filter(day__gte=first, day__lte=last).select_related("category")[:50]
    return {
        "from": first.isoformat(), "to": last.isoformat(),
        "topics": [{"key": t.key, "label": t.label, "count": t.count, "previous_count": t.previous_count,
                    "growth": t.growth, "category": t.category_code or None, "category_name": t.category_name,
                    "area": t.area, "ticket_ids": t.ticket_ids[:200]}
                   for t in topics if t.count >= 2][:limit],
        "alerts": [alert_payload(alert) for alert in alerts],
    }


def followed_monthly_topics(months: int = 6) -> list[dict]:
    """每月一题 of the last months, each with how many matching tickets came in its month and since."""
    since = timezone.localdate().replace(day=1) - timedelta(days=31 * (months - 1))
    rows = MonthlyTopic.objects.filter(month__gte=since.replace(day=1)).select_related("owner", "category")
    followed = []
    for topic in rows:
        match = Q()
        if topic.category_id:
            match &= Q(category_id=topic.category_id)
        if topic.area:
            district, street = split_area(topic.area)
            match &= Q(district=district) & (Q(street=street) if street else Q())
        month_start = _start(topic.month)
        next_month = _start((topic.month + timedelta(days=32)).replace(day=1))
        base = Ticket.objects.filter(match) if (topic.category_id or topic.area) else Ticket.objects.filter(
            pk__in=topic.ticket_ids)
        followed.append({
            "id": topic.pk, "month": topic.month.strftime("%Y年%m月"), "label": topic.label, "owner": topic.owner.name,
            "note": topic.note, "status": topic.get_status_display(),
            "in_month": base.filter(created_at__gte=month_start, created_at__lt=next_month).count(),
            "since": base.filter(created_at__gte=next_month).count(),
        })
    return followed
