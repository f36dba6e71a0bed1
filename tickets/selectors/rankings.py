"""Department rankings and city-wide KPIs for leadership (三率 and friends).

Every figure is an aggregate over a period [start, end) — nothing is loaded into Python row by row.
For periods of whole local days (what /stats/ and the API ask for) the counts come from the
roll-ups (tickets.models.rollups: whole months from month rows, the edge days from day rows), plus a
small live count over the open work for the parts that depend on the present moment; for any other
period they are counted from the tickets and ratings themselves (``source="raw"``, also what the
tests compare the roll-ups with). Both paths produce the same counts, and the rates below are
computed from those counts in one place. The formulas, which leadership quotes and departments
contest, are defined here and only here.

Per department (the unit that led the ticket; "assigned" tickets are those dispatched to the unit in
the period, `dispatched_at` in the period):
- assigned (派单量): the count of those tickets.
- a ticket is *judged for signing* once the unit signed for it or its signature deadline has passed
  (`accepted_at` set, or `sign_due <= now`); a ticket dispatched an hour ago and still within its
  deadline counts for neither side of the two signing rates:
  - response rate (响应率) = judged tickets the unit signed for at all / judged tickets;
  - on-time signing rate (按期签收率) = judged tickets signed by the deadline (`accepted_at <= sign_due`)
    / judged tickets.
- on-time reply rate (按期办结率) = tickets replied to by their reply deadline (`replied_at <=
  reply_due`) / tickets *judged for replying*: replied to, or reply deadline passed.
- resolution rate (解决率) = ratings of the unit in the period (`Rating.created_at` in the period,
  every source: web, WeChat, SMS, phone callback) that say "solved" / all those ratings.
- satisfaction rate (满意率) = ratings "satisfied" + "basically satisfied" / all those ratings.
- repeat rate (重复投诉率) = assigned tickets that repeat an earlier one (`repeat_of` set: the citizen
  came back about a matter already raised) / assigned.
- average reply time (平均办理时长): mean of `replied_at - dispatched_at` over assigned tickets that
  were replied to, in hours of wall-clock time.
- overdue now (当前超期): tickets the unit holds whose running deadline has passed (not period-bound).
- score (综合得分) = 10 × response + 45 × resolution + 45 × satisfaction, the weighting of Beijing's
  published 三率 assessment (响应率 10 %, 解决率 45 %, 满意率 45 %). A rate with no denominator is
  left out and the remaining weights are scaled up, so a unit with no ratings yet is not ranked zero.
- samples: the number of tickets (or ratings) behind each rate is returned beside it (`samples`).
- ranking (排名): a unit is ranked only when every rate in its score rests on at least
  ``HOTLINE["RANKING_MIN_SAMPLE"]`` tickets or ratings (default 10); the others are listed after the
  ranked ones, unnumbered (`rank` None), marked 样本不足 (`insufficient_sample`).

City-wide (tickets registered in the period, `created_at` in the period):
- registered (受理量): all of them, any state; by_type and by_channel split the same count.
- direct resolution rate (直接办结率) = tickets answered on the spot (`resolve_directly`, i.e.
  resolved without ever being dispatched) / registered tickets excluding invalid and merged ones.
- repeat rate (重复投诉率) = tickets that repeat an earlier one / the same denominator.
- callback rate (回访率) = tickets resolved in the period that got a rating from any source / tickets
  resolved in the period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from tickets.models import BreakdownStat, Category, Department, Rating, Status, Ticket, UnitStat
from tickets.services.deadlines import sla_filter

WEIGHTS = {"response_rate": 10, "resolution_rate": 45, "satisfaction_rate": 45}
# Which count is the denominator of each rate (the "samples" shown beside it).
SAMPLE_OF = {"response_rate": "sign_judged", "on_time_sign_rate": "sign_judged", "on_time_rate": "reply_judged",
             "resolution_rate": "rated", "satisfaction_rate": "rated", "repeat_rate": "assigned"}
INSUFFICIENT_LABEL = "样本不足"
ONE_MICROSECOND = timedelta(microseconds=1)
UNIT_COUNTS = ("assigned", "signed", "signed_on_time", "sign_judged", "replied", "replied_on_time", "reply_judged",
               "reply_us", "assigned_repeats", "rated", "solved", "satisfied")


@dataclass(frozen=True)
class Period:
    start: datetime
    end: datetime


def min_sample() -> int:
    return int(settings.HOTLINE.get("RANKING_MIN_SAMPLE", 10))


def _rate(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def _score(rates: dict) -> float | None:
    present = {key: weight for key, weight in WEIGHTS.items() if rates.get(key) is not None}
    if not present:
        return None
    total_weight = sum(present.values())
    return round(sum(rates[key] * weight for key, weight in present.items()) * 100 / total_weight, 2)


def whole_days(period: Period) -> tuple[date, date] | None:
    """(first day, day after the last) when the period is made of whole local days, else None."""
    tz = timezone.get_default_timezone()
    start, end = timezone.localtime(period.start, tz), timezone.localtime(period.end, tz)
    if start.time() != time.min or end.time() != time.min:
        return None
    return start.date(), end.date()


def _use_rollups(period: Period, source: str) -> tuple[date, date] | None:
    if source not in ("auto", "rollup", "raw"):
        raise ValueError(source)
    days = whole_days(period) if source != "raw" else None
    if source == "rollup" and days is None:
        raise ValueError("roll-ups answer only periods of whole days")
    return days


def _sums(names) -> dict:
    return {name: Sum(name) for name in names}


def _next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def spans(days: tuple[date, date]) -> Q:
    """The roll-up rows that make up [first, end): whole calendar months as month rows, the days at
    the edges as day rows — a year is at most 12 month rows and ~60 day rows per unit."""
    first, end = days
    month = first if first.day == 1 else _next_month(first)
    months = []
    while _next_month(month) <= end:
        months.append(month)
        month = _next_month(month)
    if not months:
        return Q(grain="d", start__gte=first, start__lt=end)
    return (Q(grain="m", start__in=months) | Q(grain="d", start__gte=first, start__lt=months[0])
            | Q(grain="d", start__gte=_next_month(months[-1]), start__lt=end))


# --- the counts behind the department rates ------------------------------------------------------

def _unit_counts_raw(period: Period, now: datetime) -> dict[int, dict]:
    in_period = Q(dispatched_at__gte=period.start, dispatched_at__lt=period.end, lead_department__isnull=False)
    sign_judged = Q(accepted_at__isnull=False) | Q(sign_due__lte=now)
    reply_judged = Q(replied_at__isnull=False) | Q(reply_due__lte=now)
    rows = (Ticket.objects.filter(in_period).order_by().values("lead_department_id").annotate(
        assigned=Count("id"), signed=Count("id", filter=Q(accepted_at__isnull=False)),
        signed_on_time=Count("id", filter=Q(accepted_at__lte=F("sign_due"))),
        sign_judged=Count("id", filter=sign_judged),
        replied=Count("id", filter=Q(replied_at__isnull=False)),
        replied_on_time=Count("id", filter=Q(replied_at__lte=F("reply_due"))),
        reply_judged=Count("id", filter=reply_judged),
        reply_total=Sum(ExpressionWrapper(F("replied_at") - F("dispatched_at"), output_field=DurationField())),
        assigned_repeats=Count("id", filter=Q(repeat_of__isnull=False)),
    ))
    counts = {row.pop("lead_department_id"): {**row, "reply_us": (row.pop("reply_total") or timedelta()) //
                                              ONE_MICROSECOND} for row in rows}
    ratings = (Rating.objects.filter(created_at__gte=period.start, created_at__lt=period.end, department__isnull=False)
               .order_by().values("department_id")
               .annotate(rated=Count("id"), solved=Count("id", filter=Q(solved=True)),
                         satisfied=Count("id", filter=Q(satisfaction__in=["satisfied", "basic"]))))
    for row in ratings:
        counts.setdefault(row.pop("department_id"), {}).update(row)
    return counts


def _unit_counts_rollup(period: Period, days: tuple[date, date], now: datetime) -> dict[int, dict]:
    names = ("assigned", "signed", "signed_on_time", "replied", "replied_on_time", "reply_us", "assigned_repeats",
             "rated", "solved", "satisfied")
    rows = (UnitStat.objects.filter(spans(days), department_id__gt=0)
            .order_by().values("department_id").annotate(**_sums(names)))
    counts = {row.pop("department_id"): row for row in rows if row["assigned"] or row["rated"]}
    # The part that depends on the present moment: tickets not yet signed (or replied to) whose
    # deadline has passed since. Only open work can be in it (a partial index on unreplied tickets).
    pending = (Ticket.objects.filter(dispatched_at__gte=period.start, dispatched_at__lt=period.end,
                                     replied_at__isnull=True, lead_department__isnull=False)
               .filter(Q(accepted_at__isnull=True, sign_due__lte=now) | Q(reply_due__lte=now))
               .order_by().values("lead_department_id")
               .annotate(sign_late=Count("id", filter=Q(accepted_at__isnull=True, sign_due__lte=now)),
                         reply_late=Count("id", filter=Q(reply_due__lte=now))))
    late = {row["lead_department_id"]: row for row in pending}
    for unit, row in counts.items():
        extra = late.get(unit, {})
        row["sign_judged"] = row["signed"] + extra.get("sign_late", 0)
        row["reply_judged"] = row["replied"] + extra.get("reply_late", 0)
    return counts


def unit_counts(period: Period, now: datetime | None = None, *, source: str = "auto") -> dict[int, dict]:
    """{department id: the counts of UNIT_COUNTS} for every unit with work or ratings in the period."""
    now = now or timezone.now()
    days = _use_rollups(period, source)
    counts = _unit_counts_rollup(period, days, now) if days else _unit_counts_raw(period, now)
    return {unit: {name: int(row.get(name) or 0) for name in UNIT_COUNTS} for unit, row in counts.items()}


def department_rankings(period: Period, now: datetime | None = None, *, source: str = "auto") -> list[dict]:
    """One row per department with work or ratings in the period: the ranked ones best score first,
    then those with too few tickets to rank (see the module docstring for every formula)."""
    now = now or timezone.now()
    counts = unit_counts(period, now, source=source)
    units = {d.pk: d for d in Department.objects.filter(pk__in=list(counts)).only("code", "name", "short_name")}
    overdue = dict(
        Ticket.objects.filter(sla_filter("overdue", now), lead_department_id__in=list(units))
        .order_by().values_list("lead_department_id").annotate(n=Count("id")).values_list("lead_department_id", "n")
    )
    minimum = min_sample()
    result = []
    for unit_id, c in counts.items():
        department = units.get(unit_id)
        if department is None:
            continue  # a retired unit's old roll-up rows
        rates = {
            "response_rate": _rate(c["signed"], c["sign_judged"]),
            "on_time_sign_rate": _rate(c["signed_on_time"], c["sign_judged"]),
            "on_time_rate": _rate(c["replied_on_time"], c["reply_judged"]),
            "resolution_rate": _rate(c["solved"], c["rated"]),
            "satisfaction_rate": _rate(c["satisfied"], c["rated"]),
            "repeat_rate": _rate(c["assigned_repeats"], c["assigned"]),
        }
        samples = {rate: c[count] for rate, count in SAMPLE_OF.items()}
        score = _score(rates)
        scored = [key for key in WEIGHTS if rates[key] is not None]
        ranked = score is not None and all(samples[key] >= minimum for key in scored)
        result.append({
            "code": department.code, "name": department.name, "short_name": department.short_name or department.name,
            "assigned": c["assigned"], "rated": c["rated"], "overdue_now": overdue.get(unit_id, 0),
            "avg_reply_hours": round(c["reply_us"] / c["replied"] / 3_600_000_000, 1) if c["replied"] else None,
            **rates, "score": score,
            "signed": c["signed"], "signed_on_time": c["signed_on_time"], "sign_judged": c["sign_judged"],
            "replied": c["replied"], "replied_on_time": c["replied_on_time"], "reply_judged": c["reply_judged"],
            "solved": c["solved"], "satisfied": c["satisfied"], "repeats": c["assigned_repeats"],
            "samples": samples, "ranked": ranked, "insufficient_sample": not ranked,
            "sample_note": "" if ranked else INSUFFICIENT_LABEL,
        })
    # Ranked units first; ties go to the unit with more evidence: more ratings, then more assignments.
    result.sort(key=lambda r: (not r["ranked"], r["score"] is None, -(r["score"] or 0), -r["rated"], -r["assigned"],
                               r["code"]))
    rank = 0
    for row in result:
        if row["ranked"]:
            rank += 1
        row["rank"] = rank if row["ranked"] else None
    return result


# --- city-wide -------------------------------------------------------------------------------------

CITY_COUNTS = ("registered", "counted", "direct", "repeats", "resolved", "resolved_rated")


def _city_counts(period: Period, days) -> tuple[dict, dict, dict]:
    if days:
        totals = UnitStat.objects.filter(spans(days)).aggregate(**_sums(CITY_COUNTS))
        split = {"type": {}, "channel": {}}
        for row in (BreakdownStat.objects.filter(spans(days), dimension__in=list(split)).order_by()
                    .values("dimension", "value").annotate(n=Sum("registered"))):
            if row["n"]:
                split[row["dimension"]][row["value"]] = row["n"]
        return {k: int(v or 0) for k, v in totals.items()}, split["type"], split["channel"]
    registered = Ticket.objects.filter(created_at__gte=period.start, created_at__lt=period.end)
    counted = ~Q(status__in=[Status.INVALID, Status.MERGED])
    totals = registered.aggregate(
        registered=Count("id"), counted=Count("id", filter=counted),
        direct=Count("id", filter=counted & Q(resolved_at__isnull=False, dispatched_at__isnull=True,
                                              lead_department__isnull=True)),
        repeats=Count("id", filter=counted & Q(repeat_of__isnull=False)),
    )
    resolved = Ticket.objects.filter(resolved_at__gte=period.start, resolved_at__lt=period.end)
    totals.update(resolved.aggregate(resolved=Count("id", distinct=True),
                                     resolved_rated=Count("id", filter=Q(ratings__isnull=False), distinct=True)))
    by_type = dict(registered.order_by().values_list("type").annotate(n=Count("id")).values_list("type", "n"))
    by_channel = dict(registered.order_by().values_list("channel").annotate(n=Count("id"))
                      .values_list("channel", "n"))
    return totals, by_type, by_channel


def city_kpis(period: Period, *, source: str = "auto") -> dict:
    totals, by_type, by_channel = _city_counts(period, _use_rollups(period, source))
    return {
        "registered": totals["registered"],
        "direct_resolution_rate": _rate(totals["direct"], totals["counted"]),
        "callback_rate": _rate(totals["resolved_rated"], totals["resolved"]),
        "repeat_rate": _rate(totals["repeats"], totals["counted"]),
        "by_type": by_type,
        "by_channel": by_channel,
        **{name: totals[name] for name in CITY_COUNTS[1:]},  # the counts behind the rates
    }


def hot_topics(period: Period, limit: int = 10, *, source: str = "auto") -> list[dict]:
    """The most frequent subject categories of the period (热点诉求); equal counts by category id."""
    days = _use_rollups(period, source)
    if days:
        totals = {}
        for row in (BreakdownStat.objects.filter(spans(days), dimension="category").order_by()
                    .values("value").annotate(n=Sum("registered"))):
            if row["n"]:
                totals[int(row["value"])] = row["n"]
        rows = [{"category_id": category, "n": n}
                for category, n in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]]
    else:
        rows = list(Ticket.objects.filter(created_at__gte=period.start, created_at__lt=period.end,
                                          category__isnull=False)
                    .order_by().values("category_id").annotate(n=Count("id")).order_by("-n", "category_id")[:limit])
    names = {c.pk: c for c in Category.objects.select_related("parent__parent")
             .filter(pk__in=[row["category_id"] for row in rows])}
    return [{"code": names[row["category_id"]].code, "name": names[row["category_id"]].full_name, "count": row["n"]}
            for row in rows if row["category_id"] in names]


def daily_trend(period: Period, *, source: str = "auto") -> list[dict]:
    """Registrations per local day, days without any left out."""
    days = _use_rollups(period, source)
    if days:
        rows = (BreakdownStat.objects.filter(grain="d", start__gte=days[0], start__lt=days[1], dimension="type")
                .order_by().values("start").annotate(n=Sum("registered")).filter(n__gt=0).order_by("start"))
        return [{"day": row["start"].isoformat(), "count": row["n"]} for row in rows]
    else:
        rows = (Ticket.objects.filter(created_at__gte=period.start, created_at__lt=period.end)
                .annotate(day=TruncDate("created_at", tzinfo=timezone.get_default_timezone()))
                .order_by().values("day").annotate(n=Count("id")).order_by("day"))
    return [{"day": row["day"].isoformat(), "count": row["n"]} for row in rows]
