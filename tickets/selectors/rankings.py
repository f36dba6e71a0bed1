"""Department rankings and city-wide KPIs for leadership (三率 and friends).

Every figure is an aggregate query over a period [start, end) — nothing is loaded into Python row by
row. The formulas, which leadership quotes and departments contest, are defined here and only here:

Per department (the unit that led the ticket):
- assigned (派单量): tickets dispatched to the unit in the period (`dispatched_at` in the period).
- response rate (响应率) = tickets of `assigned` that the unit signed for by their signature deadline
  (`accepted_at <= sign_due`) / `assigned`.
- on-time reply rate (按期办结率) = tickets of `assigned` replied to by their reply deadline
  (`replied_at <= reply_due`) / tickets of `assigned` that were replied to or whose reply deadline has
  passed. Tickets still within their deadline and unanswered count for neither side.
- resolution rate (解决率) = ratings of the unit in the period (`Rating.created_at` in the period,
  every source: web, WeChat, SMS, phone callback) that say "solved" / all those ratings.
- satisfaction rate (满意率) = ratings "satisfied" + "basically satisfied" / all those ratings.
- average reply time (平均办理时长): mean of `replied_at - dispatched_at` over `assigned` tickets that
  were replied to, in hours of wall-clock time.
- overdue now (当前超期): tickets the unit holds whose running deadline has passed (not period-bound).
- score (综合得分) = 10 × response + 45 × resolution + 45 × satisfaction, the weighting of Beijing's
  published 三率 assessment (响应率 10 %, 解决率 45 %, 满意率 45 %). A rate with no denominator is
  left out and the remaining weights are scaled up, so a unit with no ratings yet is not ranked zero.

City-wide:
- direct resolution rate (直接办结率) = tickets registered in the period that were answered on the
  spot (`resolve_directly`, i.e. resolved without ever being dispatched) / tickets registered in the
  period, excluding invalid and merged ones.
- callback rate (回访率) = tickets resolved in the period that got a rating from any source / tickets
  resolved in the period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q
from django.utils import timezone

from tickets.models import Category, Department, Rating, Status, Ticket
from tickets.services.deadlines import sla_filter

WEIGHTS = {"response_rate": 10, "resolution_rate": 45, "satisfaction_rate": 45}


@dataclass(frozen=True)
class Period:
    start: datetime
    end: datetime


def _rate(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def _score(rates: dict) -> float | None:
    present = {key: weight for key, weight in WEIGHTS.items() if rates.get(key) is not None}
    if not present:
        return None
    total_weight = sum(present.values())
    return round(sum(rates[key] * weight for key, weight in present.items()) * 100 / total_weight, 2)


def department_rankings(period: Period, now: datetime | None = None) -> list[dict]:
    """One row per department with work or ratings in the period, best score first."""
    now = now or timezone.now()
    in_period = Q(lead_tickets__dispatched_at__gte=period.start, lead_tickets__dispatched_at__lt=period.end)
    assigned = (
        Department.objects.filter(in_period)
        .annotate(
            assigned=Count("lead_tickets", filter=in_period),
            responded=Count("lead_tickets", filter=in_period & Q(lead_tickets__accepted_at__lte=F("lead_tickets__sign_due"))),
            replied_on_time=Count("lead_tickets", filter=in_period & Q(lead_tickets__replied_at__lte=F("lead_tickets__reply_due"))),
            reply_judged=Count("lead_tickets", filter=in_period & (Q(lead_tickets__replied_at__isnull=False)
                                                                   | Q(lead_tickets__reply_due__lte=now))),
            avg_reply=Avg(ExpressionWrapper(F("lead_tickets__replied_at") - F("lead_tickets__dispatched_at"),
                                            output_field=DurationField()), filter=in_period),
        )
        .values("id", "code", "name", "short_name", "assigned", "responded", "replied_on_time", "reply_judged",
                "avg_reply")
    )
    rows = {row["id"]: row for row in assigned}
    ratings = (
        Rating.objects.filter(created_at__gte=period.start, created_at__lt=period.end, department__isnull=False)
        .values("department_id", "department__code", "department__name", "department__short_name")
        .annotate(rated=Count("id"), solved=Count("id", filter=Q(solved=True)),
                  satisfied=Count("id", filter=Q(satisfaction__in=["satisfied", "basic"])))
    )
    rating_by_department = {}
    for row in ratings:
        rating_by_department[row["department_id"]] = row
        rows.setdefault(row["department_id"], {
            "id": row["department_id"], "code": row["department__code"], "name": row["department__name"],
            "short_name": row["department__short_name"], "assigned": 0, "responded": 0, "replied_on_time": 0,
            "reply_judged": 0, "avg_reply": None})
    overdue = dict(
        Ticket.objects.filter(sla_filter("overdue", now), lead_department_id__in=list(rows))
        .values_list("lead_department_id").annotate(n=Count("id")).values_list("lead_department_id", "n")
    )
    result = []
    for department_id, row in rows.items():
        rated = rating_by_department.get(department_id, {})
        rates = {
            "response_rate": _rate(row["responded"], row["assigned"]),
            "on_time_rate": _rate(row["replied_on_time"], row["reply_judged"]),
            "resolution_rate": _rate(rated.get("solved", 0), rated.get("rated", 0)),
            "satisfaction_rate": _rate(rated.get("satisfied", 0), rated.get("rated", 0)),
        }
        result.append({
            "code": row["code"], "name": row["name"], "short_name": row["short_name"] or row["name"],
            "assigned": row["assigned"], "rated": rated.get("rated", 0), "overdue_now": overdue.get(department_id, 0),
            "avg_reply_hours": round(row["avg_reply"].total_seconds() / 3600, 1) if row["avg_reply"] else None,
            **rates, "score": _score(rates),
        })
    # Ties go to the unit with more evidence behind its score: more ratings, then more assignments.
    result.sort(key=lambda r: (r["score"] is None, -(r["score"] or 0), -r["rated"], -r["assigned"], r["code"]))
    for rank, row in enumerate(result, start=1):
        row["rank"] = rank
    return result


def city_kpis(period: Period) -> dict:
    registered = Ticket.objects.filter(created_at__gte=period.start, created_at__lt=period.end)
    counted = registered.exclude(status__in=[Status.INVALID, Status.MERGED])
    totals = counted.aggregate(
        total=Count("id"),
        direct=Count("id", filter=Q(resolved_at__isnull=False, dispatched_at__isnull=True,
                                    lead_department__isnull=True)),
    )
    resolved = Ticket.objects.filter(resolved_at__gte=period.start, resolved_at__lt=period.end)
    resolved_totals = resolved.aggregate(resolved=Count("id"), rated=Count("id", filter=Q(ratings__isnull=False),
                                                                            distinct=True))
    by_type = dict(registered.values_list("type").annotate(n=Count("id")).values_list("type", "n"))
    by_channel = dict(registered.values_list("channel").annotate(n=Count("id")).values_list("channel", "n"))
    return {
        "registered": registered.count(),
        "direct_resolution_rate": _rate(totals["direct"], totals["total"]),
        "callback_rate": _rate(resolved_totals["rated"], resolved_totals["resolved"]),
        "by_type": by_type,
        "by_channel": by_channel,
    }


def hot_topics(period: Period, limit: int = 10) -> list[dict]:
    """The most frequent subject categories of the period (热点诉求)."""
    rows = (Ticket.objects.filter(created_at__gte=period.start, created_at__lt=period.end, category__isnull=False)
            .values("category_id").annotate(n=Count("id")).order_by("-n")[:limit])
    names = {c.pk: c for c in Category.objects.select_related("parent__parent")
             .filter(pk__in=[row["category_id"] for row in rows])}
    return [{"code": names[row["category_id"]].code, "name": names[row["category_id"]].full_name, "count": row["n"]}
            for row in rows]


def daily_trend(period: Period) -> list[dict]:
    from django.db.models.functions import TruncDate

    rows = (Ticket.objects.filter(created_at__gte=period.start, created_at__lt=period.end)
            .annotate(day=TruncDate("created_at", tzinfo=timezone.get_current_timezone()))
            .values("day").annotate(n=Count("id")).order_by("day"))
    return [{"day": row["day"].isoformat(), "count": row["n"]} for row in rows]
