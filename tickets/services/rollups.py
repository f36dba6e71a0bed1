"""Keeping the daily roll-ups (tickets.models.rollups) current, and rebuilding them.

A ticket contributes a handful of counts to a few roll-up rows (``ticket_facts``). Whenever a ticket
is saved, the difference between what it contributed as loaded and what it contributes now is added
to those rows in the same transaction, by one upsert per roll-up table (one to three rows for a
transition, seven for a registration). A rating adds its own counts when it is stored. Nothing here
reads more than the one ticket, so the upkeep costs the same at ten tickets or ten million.

Writes that bypass ``Model.save()`` (``QuerySet.update``, ``bulk_create``, raw SQL, fixtures) are not
seen: such code must not change a counted field, or must run ``rebuild`` afterwards
(``python manage.py rebuild_rollups``; the nightly task rebuilds the last days as a safety net).
Counted fields: ``FIELDS`` below.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta

from django.db import connection, transaction
from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from tickets.models import BreakdownStat, DailyTicketStat, Rating, Status, Ticket, UnitStat
from tickets.models.rollups import FACTS, Grain

# The ticket fields its facts depend on; a save that changes none of them touches no roll-up.
FIELDS = ("created_at", "status", "lead_department_id", "category_id", "type", "channel", "resolved_at",
          "dispatched_at", "accepted_at", "sign_due", "replied_at", "reply_due", "repeat_of_id")
NOT_COUNTED = (Status.INVALID, Status.MERGED)
ONE_MICROSECOND = timedelta(microseconds=1)


def local_day(moment) -> date:
    return timezone.localtime(moment, timezone.get_default_timezone()).date()


def snapshot(ticket: Ticket) -> dict | None:
    """The counted fields of a ticket as they are now, or None if some were not loaded (.only())."""
    deferred = ticket.get_deferred_fields()
    if any(name in deferred or name.removesuffix("_id") in deferred for name in FIELDS):
        return None
    return {name: getattr(ticket, name) for name in FIELDS}


def ticket_facts(t: dict, has_rating: bool) -> dict[tuple, Counter]:
    """What one ticket adds to the roll-ups: {(day, unit, category, type): Counter(column → n)}.

    The definitions the statistics rely on (see tickets.selectors.rankings for the formulas):
    - registered: every ticket, on its registration day; counted: those neither invalid nor merged;
      direct: counted tickets resolved without ever being dispatched (直接办结); repeats: counted
      tickets that repeat an earlier one (`repeat_of`).
    - on the day of dispatch, for the lead unit: assigned; signed (签收 at all); signed_on_time
      (`accepted_at <= sign_due`); replied; replied_on_time (`replied_at <= reply_due`); reply_us
      (`replied_at - dispatched_at` in microseconds, replied ones only); assigned_repeats.
    - on the day of resolution: resolved; resolved_rated (it has a rating, from any source, any time).
    """
    facts: dict[tuple, Counter] = defaultdict(Counter)
    unit = t["lead_department_id"] or 0
    category, kind = t["category_id"] or 0, t["type"]
    counted = t["status"] not in NOT_COUNTED
    registered = facts[(local_day(t["created_at"]), unit, category, kind)]
    registered["registered"] += 1
    if counted:
        registered["counted"] += 1
        if t["resolved_at"] is not None and t["dispatched_at"] is None and not t["lead_department_id"]:
            registered["direct"] += 1
        if t["repeat_of_id"]:
            registered["repeats"] += 1
    if t["dispatched_at"] is not None and t["lead_department_id"]:
        assigned = facts[(local_day(t["dispatched_at"]), unit, category, kind)]
        assigned["assigned"] += 1
        if t["accepted_at"] is not None:
            assigned["signed"] += 1
            if t["sign_due"] is not None and t["accepted_at"] <= t["sign_due"]:
                assigned["signed_on_time"] += 1
        if t["replied_at"] is not None:
            assigned["replied"] += 1
            assigned["reply_us"] += (t["replied_at"] - t["dispatched_at"]) // ONE_MICROSECOND
            if t["reply_due"] is not None and t["replied_at"] <= t["reply_due"]:
                assigned["replied_on_time"] += 1
        if t["repeat_of_id"]:
            assigned["assigned_repeats"] += 1
    if t["resolved_at"] is not None:
        resolved = facts[(local_day(t["resolved_at"]), unit, category, kind)]
        resolved["resolved"] += 1
        if has_rating:
            resolved["resolved_rated"] += 1
    return facts


def channel_facts(t: dict) -> Counter:
    return Counter({(local_day(t["created_at"]), t["channel"]): 1})


def rating_facts(rating: Rating, category_id, ticket_type) -> dict[tuple, Counter]:
    """What one rating adds, on its own day, for the rated unit: rated, solved, satisfied (满意 or 基本满意)."""
    counts = Counter(rated=1, solved=int(bool(rating.solved)),
                     satisfied=int(rating.satisfaction in ("satisfied", "basic")))
    return {(local_day(rating.created_at), rating.department_id or 0, category_id or 0, ticket_type): counts}


def _difference(before: dict, after: dict) -> dict[tuple, Counter]:
    delta: dict[tuple, Counter] = {}
    for key in set(before) | set(after):
        change = Counter(after.get(key, {}))
        change.subtract(before.get(key, {}))
        change = Counter({name: n for name, n in change.items() if n})
        if change:
            delta[key] = change
    return delta


def _upsert(table: str, key_columns: tuple, rows: dict[tuple, Counter]) -> None:
    """Add `rows` to `table` with one INSERT … ON CONFLICT DO UPDATE for all of them (a registration
    touches seven rows in three tables: three statements, not seven). Rows go in key order, so two
    transactions adding to the same rows lock them in the same order and cannot deadlock."""
    if not rows:
        return
    quote = connection.ops.quote_name
    names = sorted(set().union(*rows.values()))
    columns = ", ".join(quote(c) for c in (*key_columns, *names))
    row_marks = "(" + ", ".join(["%s"] * (len(key_columns) + len(names))) + ")"
    updates = ", ".join(f"{quote(n)} = {quote(table)}.{quote(n)} + excluded.{quote(n)}" for n in names)
    ordered = sorted(rows.items(), key=lambda item: tuple(str(part) for part in item[0]))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(table)} ({columns}) VALUES {', '.join([row_marks] * len(ordered))} "
            f"ON CONFLICT ({', '.join(quote(c) for c in key_columns)}) DO UPDATE SET {updates}",
            [value for key, counts in ordered for value in (*key, *(counts.get(n, 0) for n in names))])


_MAIN_KEY = ("day", "department_id", "category_id", "type")
_UNIT_KEY = ("grain", "start", "department_id")
_BREAKDOWN_KEY = ("grain", "start", "dimension", "value")
_ZEROS = {name: 0 for name in FACTS}


def _month(day: date) -> date:
    return day.replace(day=1)


def projected(rows: dict[tuple, Counter], channels: Counter) -> tuple[dict, dict]:
    """The coarser roll-ups the statistics read, from rows at the finest grain: per unit, and
    registrations per category, type and channel — each by day and by month."""
    units: dict[tuple, Counter] = defaultdict(Counter)
    breakdown: Counter = Counter()
    for (day, unit, category, kind), counts in rows.items():
        for grain, start in ((Grain.DAY, day), (Grain.MONTH, _month(day))):
            units[(grain.value, start, unit)].update(counts)
            if counts.get("registered"):
                if category:
                    breakdown[(grain.value, start, "category", str(category))] += counts["registered"]
                breakdown[(grain.value, start, "type", kind)] += counts["registered"]
    for (day, channel), n in channels.items():
        for grain, start in ((Grain.DAY, day), (Grain.MONTH, _month(day))):
            breakdown[(grain.value, start, "channel", channel)] += n
    return dict(units), breakdown


def apply(delta: dict[tuple, Counter], channels: Counter | None = None) -> None:
    """Add counts to the roll-ups, at every grain. New rows start from zero in every column (the
    tables' defaults are Django's, not the database's, so the INSERT names every column)."""
    channels = Counter({key: n for key, n in (channels or Counter()).items() if n})
    units, breakdown = projected(delta, channels)
    _upsert(DailyTicketStat._meta.db_table, _MAIN_KEY, {k: Counter({**_ZEROS, **c}) for k, c in delta.items()})
    _upsert(UnitStat._meta.db_table, _UNIT_KEY,
            {k: Counter({**_ZEROS, **c}) for k, c in units.items() if any(c.values())})
    _upsert(BreakdownStat._meta.db_table, _BREAKDOWN_KEY,
            {k: Counter(registered=n) for k, n in breakdown.items() if n})


def _has_rating(ticket_id) -> bool:
    return Rating.objects.filter(ticket_id=ticket_id).exists()


def ticket_saved(ticket: Ticket, created: bool, loaded: dict | None) -> None:
    """Move the ticket's contribution from what it was when loaded to what it is now."""
    now = snapshot(ticket)
    if now is None:
        now = {name: getattr(ticket, name) for name in FIELDS}  # refreshes deferred ones (rare)
    if not created and loaded == now:
        return
    # No savepoint: the save that called this is already inside its caller's transaction (an intake,
    # a transition), and a failed roll-up must fail that whole write anyway.
    with transaction.atomic(savepoint=False):
        rated = _has_rating(ticket.pk) if (now["resolved_at"] or (loaded or {}).get("resolved_at")) else False
        before = ticket_facts(loaded, rated) if loaded and not created else {}
        after = ticket_facts(now, rated)
        channels = Counter(channel_facts(now))
        if loaded and not created:
            channels.subtract(channel_facts(loaded))
        apply(_difference(before, after), channels)
    ticket._rollup_loaded = now


def ticket_deleted(ticket: Ticket, loaded: dict | None) -> None:
    if loaded is None:
        return
    rated = bool(loaded["resolved_at"]) and _has_rating(ticket.pk)
    channels = Counter()
    channels.subtract(channel_facts(loaded))
    apply(_difference(ticket_facts(loaded, rated), {}), channels)


def rating_created(rating: Rating) -> None:
    """A rating adds its own counts and, if it is the ticket's first, makes the ticket's resolution a
    rated one (回访率)."""
    ticket = Ticket.objects.filter(pk=rating.ticket_id).values(*FIELDS).first()
    if ticket is None:
        return
    delta = rating_facts(rating, ticket["category_id"], ticket["type"])
    if ticket["resolved_at"] is not None and not Rating.objects.filter(ticket_id=rating.ticket_id).exclude(
            pk=rating.pk).exists():
        delta = _merge(delta, _difference(ticket_facts(ticket, False), ticket_facts(ticket, True)))
    apply(delta)


def _merge(*parts: dict[tuple, Counter]) -> dict[tuple, Counter]:
    merged: dict[tuple, Counter] = defaultdict(Counter)
    for part in parts:
        for key, counts in part.items():
            merged[key].update(counts)
    return dict(merged)


# --- rebuilding -----------------------------------------------------------------------------------

def _day(field: str):
    return TruncDate(field, tzinfo=timezone.get_default_timezone())


def _grouped(queryset, day_field: str, key_fields: tuple, since: date | None, **aggregates):
    queryset = queryset.annotate(rollup_day=_day(day_field))
    if since is not None:
        queryset = queryset.filter(rollup_day__gte=since)
    return queryset.order_by().values("rollup_day", *key_fields).annotate(**aggregates)


def computed(since: date | None = None) -> tuple[dict[tuple, Counter], Counter]:
    """The roll-ups as computed from the tickets and ratings themselves (days from `since`, or all):
    a handful of GROUP BY queries, the same definitions as ticket_facts."""
    rows: dict[tuple, Counter] = defaultdict(Counter)
    counted = ~Q(status__in=NOT_COUNTED)

    ticket_key = ("lead_department_id", "category_id", "type")

    def add(result, names, key_fields=ticket_key):
        unit_field, category_field, type_field = key_fields
        for row in result:
            key = (row["rollup_day"], row[unit_field] or 0, row[category_field] or 0, row[type_field])
            rows[key].update({name: _as_int(row[name]) for name in names})

    names = ("registered", "counted", "direct", "repeats")
    add(_grouped(Ticket.objects.all(), "created_at", ticket_key, since,
                 registered=Count("id"), counted=Count("id", filter=counted),
                 direct=Count("id", filter=counted & Q(resolved_at__isnull=False, dispatched_at__isnull=True,
                                                       lead_department__isnull=True)),
                 repeats=Count("id", filter=counted & Q(repeat_of__isnull=False))),
        names)
    names = ("assigned", "signed", "signed_on_time", "replied", "replied_on_time", "reply_us", "assigned_repeats")
    add(_grouped(Ticket.objects.filter(dispatched_at__isnull=False, lead_department__isnull=False), "dispatched_at",
                 ticket_key, since,
                 assigned=Count("id"), signed=Count("id", filter=Q(accepted_at__isnull=False)),
                 signed_on_time=Count("id", filter=Q(accepted_at__lte=F("sign_due"))),
                 replied=Count("id", filter=Q(replied_at__isnull=False)),
                 replied_on_time=Count("id", filter=Q(replied_at__lte=F("reply_due"))),
                 reply_us=Sum(ExpressionWrapper(F("replied_at") - F("dispatched_at"), output_field=DurationField())),
                 assigned_repeats=Count("id", filter=Q(repeat_of__isnull=False))),
        names)
    add(_grouped(Ticket.objects.filter(resolved_at__isnull=False), "resolved_at", ticket_key, since,
                 resolved=Count("id", distinct=True),
                 resolved_rated=Count("id", filter=Q(ratings__isnull=False), distinct=True)),
        ("resolved", "resolved_rated"))
    rating_key = ("department_id", "ticket__category_id", "ticket__type")
    add(_grouped(Rating.objects.all(), "created_at", rating_key, since,
                 rated=Count("id"), solved=Count("id", filter=Q(solved=True)),
                 satisfied=Count("id", filter=Q(satisfaction__in=["satisfied", "basic"]))),
        ("rated", "solved", "satisfied"), rating_key)
    channels = Counter()
    queryset = Ticket.objects.annotate(rollup_day=_day("created_at"))
    if since is not None:
        queryset = queryset.filter(rollup_day__gte=since)
    for row in queryset.order_by().values("rollup_day", "channel").annotate(n=Count("id")):
        channels[(row["rollup_day"], row["channel"])] += row["n"]
    return dict(rows), channels


def _as_int(value) -> int:
    if value is None:
        return 0
    if isinstance(value, timedelta):
        return value // ONE_MICROSECOND
    return int(value)


def rebuild(since: date | None = None) -> int:
    """Recompute the roll-ups (all days, or those from `since`) from the tickets; returns the rows
    written at the finest grain. Month rows are recomputed from the first of `since`'s month."""
    if since is not None:
        since = _month(since)
    rows, channels = computed(since)
    units, breakdown = projected(rows, channels)
    with transaction.atomic():
        tables = [DailyTicketStat.objects.all(), UnitStat.objects.all(), BreakdownStat.objects.all()]
        if since is not None:
            tables = [tables[0].filter(day__gte=since), tables[1].filter(start__gte=since),
                      tables[2].filter(start__gte=since)]
        for table in tables:
            table.delete()
        DailyTicketStat.objects.bulk_create(
            [DailyTicketStat(day=day, department_id=unit, category_id=category, type=kind,
                             **{name: counts.get(name, 0) for name in FACTS})
             for (day, unit, category, kind), counts in rows.items() if any(counts.values())],
            batch_size=2000)
        UnitStat.objects.bulk_create(
            [UnitStat(grain=grain, start=start, department_id=unit, **{name: counts.get(name, 0) for name in FACTS})
             for (grain, start, unit), counts in units.items() if any(counts.values())], batch_size=2000)
        BreakdownStat.objects.bulk_create(
            [BreakdownStat(grain=grain, start=start, dimension=dimension, value=value, registered=n)
             for (grain, start, dimension, value), n in breakdown.items() if n], batch_size=2000)
    return len(rows)


__all__ = ["FIELDS", "apply", "computed", "rating_created", "rebuild", "snapshot", "ticket_facts", "ticket_saved"]
