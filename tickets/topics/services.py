"""Writes of hot topics: spike alerts (stored once per topic and day, then announced after commit)
and choosing 每月一题."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from tickets.errors import InvalidInput, PermissionDenied
from tickets.models import Category, Department, MonthlyTopic, RoutingSettings, TopicAlert
from tickets.signals import topic_alert_raised
from tickets.topics.clustering import cluster

USUAL_DAYS = 28
MIN_SPIKE = 3  # "3× the usual" needs at least this many in the day to mean anything


def _day_start(day) -> datetime:
    return datetime.combine(day, time.min, timezone.get_current_timezone())


def detect_spikes(day=None) -> list[TopicAlert]:
    """Topics of ``day`` (today by default) that spiked: ≥ spike_daily_count tickets, or ≥
    spike_ratio × their usual daily count over the previous four weeks. Each alert is stored once;
    new ones are announced to the wallboards after commit."""
    settings = RoutingSettings.current()
    day = day or timezone.localdate()
    start = _day_start(day)
    topics = cluster(start, start + timedelta(days=1), previous_start=start - timedelta(days=USUAL_DAYS))
    raised = []
    for topic in topics:
        usual = topic.previous_count / USUAL_DAYS
        if topic.count >= settings.spike_daily_count:
            reason = f"单日 {topic.count} 件（预警线 {settings.spike_daily_count} 件）"
        elif usual > 0 and topic.count >= MIN_SPIKE and topic.count >= settings.spike_ratio * usual:
            reason = f"单日 {topic.count} 件，为平常日均 {usual:.1f} 件的 {topic.count / usual:.1f} 倍"
        else:
            continue
        category = Category.objects.filter(code=topic.category_code).first() if topic.category_code else None
        try:
            with transaction.atomic():
                alert, created = TopicAlert.objects.get_or_create(day=day, key=topic.key, defaults={
                    "label": topic.label, "category": category, "area": topic.area, "count": topic.count,
                    "usual": round(usual, 2), "reason": reason, "ticket_ids": topic.ticket_ids[:200]})
        except IntegrityError:  # another worker stored it a moment ago
            continue
        if not created:
            if topic.count > alert.count:
                TopicAlert.objects.filter(pk=alert.pk).update(count=topic.count, ticket_ids=topic.ticket_ids[:200])
            continue
        transaction.on_commit(lambda alert=alert: topic_alert_raised.send_robust(sender=TopicAlert, alert=alert))
        raised.append(alert)
    return raised


def _month(value) -> datetime:
    return value.replace(day=1)


def choose_monthly_topic(*, by, label: str, owner: str, key: str = "", category: str = "", area: str = "",
                         note: str = "", ticket_ids=(), month=None) -> MonthlyTopic:
    """每月一题: a leader picks a topic for the month and names the unit that owns solving it."""
    if not (by and by.is_authenticated and by.has_role("leader", "supervisor")):
        raise PermissionDenied("只有领导和督办岗位可以确定每月一题。")
    problems = {}
    label = (label or "").strip()
    if not label or len(label) > 200:
        problems["label"] = ["请填写话题（200字以内）。"]
    unit = Department.objects.filter(code=owner, is_active=True).first() if isinstance(owner, str) else None
    if unit is None:
        problems["owner"] = ["请选择牵头单位。"]
    if len(note or "") > 2000:
        problems["note"] = ["工作要求不能超过2000字。"]
    ids = [int(i) for i in ticket_ids if str(i).isascii() and str(i).isdigit()][:500]
    if problems:
        raise InvalidInput(fields=problems)
    return MonthlyTopic.objects.create(
        month=_month(month or timezone.localdate()), label=label, key=(key or "")[:200],
        category=Category.objects.filter(code=category).first() if category else None, area=(area or "")[:60],
        owner=unit, note=note or "", ticket_ids=ids, created_by=by)
