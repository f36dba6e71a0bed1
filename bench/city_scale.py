"""A whole city's year: every staff page and statistic at CITY_SCALE_TICKETS tickets (issue 11).

    python -m bench city_scale            # DATABASE_URL (PostgreSQL: 1,000,000 by default)
    CITY_SCALE_TICKETS=100000 python -m bench city_scale

Unlike the other benchmarks this one runs against the configured database itself (embedded mode: a
file of its own, ``var/city_scale.sqlite3``, never the demo database), because loading a city takes
minutes: a second run finds the tickets already there and only measures. The tickets are written
as the service layer would have left them — a year of registrations, ~85 % closed, the rest in every
open state, with their events, replies, ratings, co-handling units and deadlines, ``sla_next_check_at``
pointing at the next running point — by COPY on PostgreSQL and executemany on SQLite, then ANALYZE.

Figures (one JSON line each): ``<name>_p50`` / ``<name>_p95`` in ms and ``<name>_queries`` per request
for every page and API, ``registration_*``, ``sweep_time`` (1,000 points crossed among the open
tickets) with ``sweep_queries``, ``load_time`` and ``web_rss``.
"""

from __future__ import annotations

import json
import os
import random
import resource
import time
from datetime import datetime, timedelta

from bench._util import emit, percentile

BENCH = "city_scale"
# Run only when named (`python -m bench` without arguments skips it: it would load a city).

PREFIX = "9"  # bench letter numbers are 9 + 15 digits: real ones start with the year
CHUNK = 20_000
UNITS = int(os.environ.get("CITY_SCALE_UNITS", "300"))
OPEN_SHARE_DAYS = 55  # open work is what came in over the last ~8 weeks (~15 % of a year)
TYPES = [("consultation", 64), ("help", 29), ("complaint", 2), ("report", 1), ("suggestion", 1), ("praise", 1),
         ("other", 2)]
CHANNELS = [("phone", 62), ("web", 14), ("wechat", 17), ("sms", 2), ("api", 3), ("open311", 1), ("platform", 1)]
REPLY_DAYS = {"consultation": 3, "help": 14, "suggestion": 14, "complaint": 21, "report": 21}
TITLES = ["咨询{c}办理流程", "反映{c}问题", "{c}相关投诉", "求助:{c}", "关于{c}的建议", "{c}多次反映未解决"]
CONTENT = ("市民来电反映,{c}方面的问题已持续一段时间,希望有关部门尽快核实处理并给予答复。"
           "来电人表示此前已通过其他渠道反映过,地址位于{d}某小区附近。")
DISTRICTS = ["长安区", "桥西区", "新华区", "裕华区", "井陉矿区", "藁城区", "鹿泉区", "栾城区"]


def tickets_wanted() -> int:
    from django.db import connection

    default = 1_000_000 if connection.vendor == "postgresql" else 100_000
    return int(os.environ.get("CITY_SCALE_TICKETS", default))


def _weighted(rng: random.Random, table):
    values, weights = zip(*table)
    return rng.choices(values, weights)[0]


# --- loading ------------------------------------------------------------------------------------

class _Writer:
    """Rows as dicts of column names; COPY on PostgreSQL, executemany on SQLite. Missing columns get
    the model field's default."""

    def __init__(self, model, with_id=False):
        self.model = model
        self.table = model._meta.db_table
        fields = [f for f in model._meta.concrete_fields if with_id or not f.primary_key]
        self.columns = [f.column for f in fields]
        self.defaults = {}
        for f in fields:
            if f.has_default():
                value = f.get_default()
                self.defaults[f.column] = json.dumps(value) if isinstance(value, (dict, list)) else value
            else:
                self.defaults[f.column] = None
        self.rows: list[tuple] = []

    def add(self, **values):
        self.rows.append(tuple(values[c] if c in values else self.defaults[c] for c in self.columns))

    def flush(self, cursor):
        from django.db import connection

        if not self.rows:
            return
        cols = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {connection.ops.quote_name(self.table)} ({cols}) FROM STDIN") as copy:
                for row in self.rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(self.columns))
            cursor.executemany(f"INSERT INTO {connection.ops.quote_name(self.table)} ({cols}) VALUES ({marks})",
                               self.rows)
        self.rows = []


def _reference_data() -> None:
    from tickets.management.commands import seed_demo
    from tickets.models import Department, DepartmentKind, User

    seed_demo.seed_departments()
    seed_demo.seed_categories()
    seed_demo.seed_calendar()
    seed_demo.seed_deadline_rules()
    seed_demo.seed_users()
    have = Department.objects.count()
    for index in range(have, UNITS):  # a city's streets and towns (街道/乡镇) make up most of its units
        Department.objects.get_or_create(
            code=f"bench_street_{index:03d}",
            defaults={"name": f"{DISTRICTS[index % len(DISTRICTS)]}第{index}街道办事处", "short_name": f"第{index}街道",
                      "kind": DepartmentKind.STREET, "sort_order": 1000 + index})
    housing = Department.objects.get(code="housing")
    for username, role, department in [("bench_dispatcher", "dispatcher", None), ("bench_supervisor", "supervisor", None),
                                       ("bench_agent", "agent", None), ("bench_handler", "handler", housing)]:
        User.objects.get_or_create(username=username, defaults={"role": role, "department": department,
                                                                "is_staff": True, "first_name": username})


def _loaded(n: int) -> int:
    from tickets.models import Ticket

    return Ticket.objects.filter(letter_number__startswith=PREFIX, letter_number__regex=r"^9\d{15}$").count()


def _plan_ticket(rng, index, now, categories, units, street_units, calendar_start):
    """One ticket's life as the service layer would have written it (times only; rows come later)."""
    created = calendar_start + timedelta(seconds=rng.random() * (now - calendar_start).total_seconds())
    # Busy hours: fold night registrations into the day so the daily pattern looks like a call centre's.
    if created.hour < 7:
        created += timedelta(hours=8)
        created = min(created, now - timedelta(minutes=1))
    age_days = (now - created).total_seconds() / 86400
    ttype = _weighted(rng, TYPES)
    channel = _weighted(rng, CHANNELS)
    category, default_unit = rng.choice(categories)
    t = {"created_at": created, "type": ttype, "channel": channel, "category_id": category,
         "priority": "urgent" if rng.random() < 0.01 else "normal"}
    open_probability = max(0.0, 1.0 - age_days / OPEN_SHARE_DAYS) * 0.62 if age_days < OPEN_SHARE_DAYS else 0.0
    is_open = rng.random() < open_probability * 1.6 if age_days < OPEN_SHARE_DAYS else False
    direct = ttype == "consultation" and rng.random() < 0.45
    if not is_open and rng.random() < 0.03:
        t["status"] = "invalid"
        t["closed_at"] = created + timedelta(minutes=rng.randint(1, 30))
        return t
    if direct and (not is_open or rng.random() < 0.5):
        t["resolved_at"] = created + timedelta(minutes=rng.randint(2, 15))
        if is_open:
            t["status"] = "resolved"
        else:
            t["status"] = "closed"
            t["closed_at"] = t["resolved_at"] + timedelta(days=rng.uniform(0.5, 3))
            t["rating"] = rng.random() < 0.55
        return t
    if is_open and rng.random() < 0.06 and age_days < 3:
        t["status"] = "received"
        return t
    unit = default_unit if (default_unit and rng.random() < 0.7) else rng.choice(street_units or units)
    dispatched = created + timedelta(hours=rng.uniform(0.2, 4))
    t.update(lead_department_id=unit, dispatched_at=dispatched,
             sign_due=dispatched + timedelta(hours=1 if t["priority"] == "urgent" else 24),
             return_due=dispatched + timedelta(days=2))
    t["sign_warn_at"] = dispatched + (t["sign_due"] - dispatched) * 0.8
    days = REPLY_DAYS.get(ttype, 14)
    t["reply_due"] = dispatched + (timedelta(hours=2) if t["priority"] == "urgent" else timedelta(days=days))
    t["reply_warn_at"] = dispatched + (t["reply_due"] - dispatched) * 0.8
    if rng.random() < 0.05:
        t["co_department_id"] = rng.choice(units)
    accepted = dispatched + timedelta(hours=rng.expovariate(1 / 6))
    replied = accepted + timedelta(days=rng.expovariate(1 / (days * 0.45)))
    resolved = replied + timedelta(hours=rng.uniform(1, 20))
    if is_open:
        stage = rng.choices(["dispatched", "accepted", "return_requested", "replied", "resolved"],
                            [14, 60, 2, 9, 15])[0]
        if stage == "dispatched" or accepted > now:
            t["status"] = "dispatched"
            return t
        t["accepted_at"] = accepted
        if stage in ("accepted", "return_requested") or replied > now:
            t["status"] = stage if stage == "return_requested" else "accepted"
            return t
        t["replied_at"] = replied
        if stage == "replied" or resolved > now:
            t["status"] = "replied"
            return t
        t["resolved_at"] = resolved
        t["status"] = "resolved"
        return t
    if rng.random() < 0.015:
        t.update(status="merged", closed_at=dispatched + timedelta(hours=1))
        return t
    t.update(status="closed", accepted_at=accepted, replied_at=replied, resolved_at=resolved,
             closed_at=resolved + timedelta(days=rng.uniform(0.5, 5)), rating=rng.random() < 0.6)
    return t


def load(n: int) -> float:
    """Load tickets up to `n` (resuming a partial load); returns the seconds spent, 0 if none were needed."""
    from django.db import connection, transaction
    from django.utils import timezone

    from tickets import passwords
    from tickets.models import (Category, Department, Rating, Reply, Ticket, TicketEvent)

    have = _loaded(n)
    if have >= n:
        return 0.0
    started = time.perf_counter()
    rng = random.Random(20261201 + have)
    now = timezone.now()
    calendar_start = now - timedelta(days=365)
    categories = [(c.pk, c.default_department_id) for c in Category.objects.filter(parent__isnull=False)]
    units = list(Department.objects.values_list("pk", flat=True))
    street_units = list(Department.objects.filter(kind="street").values_list("pk", flat=True))
    password_hash = passwords.hash_password("bench-pass")
    through = Ticket.co_departments.through
    tickets, events, replies, ratings, co = (_Writer(Ticket, True), _Writer(TicketEvent, True), _Writer(Reply), _Writer(Rating),
                                             _Writer(through))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {Ticket._meta.db_table}")
        next_id = cursor.fetchone()[0] + 1
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {TicketEvent._meta.db_table}")
        next_event = cursor.fetchone()[0] + 1
    phones = [f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}" for _ in range(max(1000, n // 3))]
    index = have
    while index < n:
        upto = min(n, index + CHUNK)
        with transaction.atomic(), connection.cursor() as cursor:
            for i in range(index, upto):
                plan = _plan_ticket(rng, i, now, categories, units, street_units, calendar_start)
                tid = next_id
                next_id += 1
                label = TITLES[i % len(TITLES)].format(c=["社保", "物业", "路灯", "噪声", "公交", "供暖", "户籍"][i % 7])
                status = plan.get("status", "closed")
                next_check = None
                if status == "dispatched":
                    points = [m for m in (plan["sign_warn_at"], plan["sign_due"], plan["reply_warn_at"],
                                          plan["reply_due"]) if m > now]
                    next_check = min(points) if points else None
                elif status in ("accepted", "return_requested"):
                    points = [m for m in (plan["reply_warn_at"], plan["reply_due"]) if m > now]
                    next_check = min(points) if points else None
                repeat_of = tid - rng.randint(1, min(5000, tid - 1)) if tid > 10 and rng.random() < 0.03 else None
                tickets.add(
                    id=tid, letter_number=f"{PREFIX}{i:015d}", password_hash=password_hash,
                    channel=plan["channel"], type=plan["type"], priority=plan["priority"], status=status,
                    title=label, content=CONTENT.format(c=label, d=DISTRICTS[i % len(DISTRICTS)]),
                    category_id=plan["category_id"], citizen_name="市民", citizen_phone=rng.choice(phones),
                    citizen_id_number="", citizen_address=f"{DISTRICTS[i % len(DISTRICTS)]}某路{i % 300}号",
                    district=DISTRICTS[i % len(DISTRICTS)], street="", citizen_openid="",
                    confidential=rng.random() < 0.05, publish_consent=False,
                    lead_department_id=plan.get("lead_department_id"), repeat_of_id=repeat_of,
                    call_id="", direct_answer="请按办事指南办理。" if plan.get("resolved_at") and not plan.get(
                        "dispatched_at") else "",
                    sign_due=plan.get("sign_due"), sign_warn_at=plan.get("sign_warn_at"),
                    reply_due=plan.get("reply_due"), reply_warn_at=plan.get("reply_warn_at"),
                    return_due=plan.get("return_due"), sla_next_check_at=next_check, reopen_count=0, urge_count=0,
                    is_supervised=False, extension_used=False, version=1,
                    created_at=plan["created_at"], updated_at=plan.get("closed_at") or plan.get("resolved_at")
                    or plan.get("replied_at") or plan.get("accepted_at") or plan.get("dispatched_at")
                    or plan["created_at"],
                    dispatched_at=plan.get("dispatched_at"), accepted_at=plan.get("accepted_at"),
                    replied_at=plan.get("replied_at"), resolved_at=plan.get("resolved_at"),
                    closed_at=plan.get("closed_at"),
                )
                lead = plan.get("lead_department_id")
                audiences = json.dumps([f"ticket:{tid}", "supervision"])

                def event(kind, at, transition="", from_status="", to_status="", public="", department=None):
                    nonlocal next_event
                    events.add(id=next_event, ticket_id=tid, kind=kind, transition=transition,
                               from_status=from_status, to_status=to_status, actor_id=None, actor_label="系统",
                               department_id=department, text="", public_label=public, data="{}",
                               audiences=audiences, created_at=at)
                    next_event += 1

                event("created", plan["created_at"], public="已受理")
                if plan.get("dispatched_at"):
                    event("transition", plan["dispatched_at"], "dispatch", "received", "dispatched", "已转交承办单位",
                          lead)
                    if plan.get("co_department_id"):
                        co.add(ticket_id=tid, department_id=plan["co_department_id"])
                if plan.get("accepted_at"):
                    event("transition", plan["accepted_at"], "accept", "dispatched", "accepted", "办理中", lead)
                if plan.get("replied_at"):
                    event("transition", plan["replied_at"], "reply", "accepted", "replied", department=lead)
                    replies.add(ticket_id=tid, department_id=lead, author_id=None,
                                text="经核实,已安排工作人员现场处理,问题已解决。",
                                review="approved" if plan.get("resolved_at") else "pending", review_note="",
                                reviewed_by_id=None, reviewed_at=plan.get("resolved_at"), created_at=plan["replied_at"])
                if plan.get("resolved_at"):
                    event("transition", plan["resolved_at"],
                          "approve_reply" if plan.get("replied_at") else "resolve_directly",
                          "replied" if plan.get("replied_at") else "received", "resolved", "已办结", lead)
                if plan.get("rating"):
                    rated_at = plan["resolved_at"] + (plan["closed_at"] - plan["resolved_at"]) * 0.5
                    solved = rng.random() < 0.82
                    satisfaction = rng.choices(["satisfied", "basic", "unsatisfied"], [70, 20, 10])[0]
                    ratings.add(ticket_id=tid, round=0, solved=solved, satisfaction=satisfaction, comment="",
                                source=rng.choice(["web", "wechat", "sms", "callback"]), department_id=lead,
                                recorded_by_id=None, created_at=rated_at)
                    event("rated", rated_at, public="市民评价", department=lead)
                if plan.get("closed_at") and status == "closed":
                    event("transition", plan["closed_at"], "close", "resolved", "closed", "已办结", lead)
                elif status in ("invalid", "merged"):
                    event("transition", plan["closed_at"], "mark_invalid" if status == "invalid" else "merge",
                          "received", status, department=lead)
            for writer in (tickets, events, replies, ratings, co):
                writer.flush(cursor)
        index = upto
        print(json.dumps({"bench": BENCH, "name": "load_progress", "value": index, "unit": "tickets",
                          "elapsed_s": round(time.perf_counter() - started, 1)}), flush=True)
    _finish_load()
    return time.perf_counter() - started


def _reset_sequences() -> None:
    from django.core.management.color import no_style
    from django.db import connection

    from tickets.models import Rating, Reply, Ticket, TicketEvent

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Ticket, TicketEvent, Reply, Rating,
                                                                  Ticket.co_departments.through]):
            cursor.execute(sql)


def _finish_load() -> None:
    """Sequences past the explicit ids, planner statistics, and whatever derived tables exist."""
    from django.core.management import call_command
    from django.db import connection

    _reset_sequences()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    try:
        call_command("rebuild_rollups", verbosity=0)
    except Exception:  # noqa: BLE001 — the command exists only once the roll-up tables do
        pass


# --- measuring ------------------------------------------------------------------------------------

class _QueryCounter:
    """Counts the statements a request runs (Django's own capture is reset at each request start)."""

    def __init__(self):
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started

    def __enter__(self):
        from django.db import connection

        self._context = connection.execute_wrapper(self)
        self._context.__enter__()
        return self

    def __exit__(self, *exc):
        self._context.__exit__(*exc)

    def __len__(self):
        return self.count


def _time_requests(client, name, url, repeat, extra=None, warm=2, **kwargs):

    for _ in range(warm):
        response = client.get(url, **kwargs)
    assert response.status_code == 200, (url, response.status_code, response.content[:300])
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url, **kwargs)
        samples.append(time.perf_counter() - started)
    with _QueryCounter() as queries:
        client.get(url, **kwargs)
    _emit_samples(name, samples, len(queries), bytes=len(response.content), url=url, **(extra or {}))
    # The database's share of one request (the rest is Python: forms, templates, serialisation).
    emit(BENCH, f"{name}_sql", round(queries.seconds * 1000, 1), "ms")


def _emit_samples(name, samples, queries=None, **extra):
    emit(BENCH, f"{name}_p50", round(percentile(samples, 0.5) * 1000, 1), "ms", n=len(samples), **extra)
    emit(BENCH, f"{name}_p95", round(percentile(samples, 0.95) * 1000, 1), "ms", n=len(samples), **extra)
    if queries is not None:
        emit(BENCH, f"{name}_queries", queries, "queries")


def measure(n: int, repeat: int) -> None:
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from tickets.models import Department, Status, Ticket, User

    dispatcher = User.objects.get(username="bench_dispatcher")
    supervisor = User.objects.get(username="bench_supervisor")
    handler = User.objects.get(username="bench_handler")
    agent = User.objects.get(username="bench_agent")
    clients = {}
    for user in (dispatcher, supervisor, handler, agent):
        client = Client()
        client.force_login(user)
        clients[user.username] = client
    from rest_framework.authtoken.models import Token

    token, _ = Token.objects.get_or_create(user=dispatcher)
    api = {"HTTP_AUTHORIZATION": f"Token {token.key}"}
    size = {"tickets": n}
    today = timezone.localdate()
    year_from = (today - timedelta(days=364)).isoformat()
    month_from = today.replace(day=1).isoformat()

    c = clients
    _time_requests(c["bench_dispatcher"], "console_dispatch", "/console/dispatch/", repeat, size)
    _time_requests(c["bench_dispatcher"], "console_dispatch_returns", "/console/dispatch/?tab=returns", repeat, size)
    _time_requests(c["bench_handler"], "console_inbox", "/console/inbox/", repeat, size)
    _time_requests(c["bench_supervisor"], "console_wallboard", "/console/wallboard/", repeat, size)
    _time_requests(c["bench_supervisor"], "wallboard_counters", "/console/wallboard/counters/", repeat, size)
    _time_requests(c["bench_supervisor"], "stats_month", f"/stats/?from={month_from}&to={today}", repeat, size)
    _time_requests(c["bench_supervisor"], "stats_year", f"/stats/?from={year_from}&to={today}", max(5, repeat // 2),
                   size)
    _time_requests(c["bench_supervisor"], "api_stats_year",
                   f"/api/v1/stats/departments/?from={year_from}&to={today}", max(5, repeat // 2), size, **api)
    _time_requests(Client(), "api_ticket_list", "/api/v1/tickets/", repeat, size, **api)
    _time_requests(Client(), "api_ticket_list_open", "/api/v1/tickets/?status=accepted", repeat, size, **api)
    _time_requests(Client(), "api_ticket_list_overdue", "/api/v1/tickets/?sla=overdue", repeat, size, **api)
    some = list(Ticket.objects.filter(letter_number__startswith=PREFIX).order_by("?" if n <= 100_000 else "id")
                .values_list("id", flat=True)[:1]) or [1]
    sample_id = Ticket.objects.filter(letter_number__startswith=PREFIX, status=Status.ACCEPTED).order_by(
        "-id").values_list("id", flat=True).first() or some[0]
    _time_requests(Client(), "api_ticket_detail", f"/api/v1/tickets/{sample_id}/", repeat, size, **api)
    _time_requests(c["bench_dispatcher"], "console_ticket", f"/console/tickets/{sample_id}/", repeat, size)
    phone = Ticket.objects.filter(pk=sample_id).values_list("citizen_phone", flat=True).first()
    _time_call_card(phone, repeat, size)
    _time_lookups(repeat, size)
    _time_registration(agent, repeat, size)
    _time_sweep(size)
    _time_fanout(size)
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    current = _current_rss_kb()
    emit(BENCH, "web_rss", round((current or rss_kb) / 1024, 1), "MB", peak_mb=round(rss_kb / 1024, 1),
         note="this process served every request above in-process (Django's test client)", **size)
    connection.close()


def _current_rss_kb():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return None


def _time_call_card(phone, repeat, size):
    """The agent's screen pop (来电弹屏): the card a `ringing` CTI event builds for the caller."""
    from django.utils import timezone

    from hotline.telephony.models import Call
    from hotline.telephony.selectors import ringing_message

    call = Call(call_id="bench-call", caller=phone, started_at=timezone.now())
    samples = []
    for _ in range(repeat + 2):
        started = time.perf_counter()
        with _QueryCounter() as captured:
            ringing_message(call)
        samples.append(time.perf_counter() - started)
    _emit_samples("call_card", samples[2:], len(captured), **size)


def _time_lookups(repeat, size):
    """The citizen's lookup by letter number + password (the password check dominates)."""
    from django.test import Client

    from tickets.models import Ticket

    numbers = list(Ticket.objects.filter(letter_number__startswith=PREFIX).order_by("-id")
                   .values_list("letter_number", flat=True)[:repeat + 3])
    samples = []
    queries = 0
    for index, number in enumerate(numbers):
        client = Client(REMOTE_ADDR=f"127.0.{index // 250}.{index % 250 + 1}")
        started = time.perf_counter()
        with _QueryCounter() as captured:
            response = client.post("/api/v1/letters/lookup/", {"letter_number": number, "password": "bench-pass"},
                                   content_type="application/json")
        samples.append(time.perf_counter() - started)
        queries = len(captured)
        if response.status_code not in (200, 404, 429):
            raise AssertionError(("lookup", response.status_code))
    _emit_samples("lookup", samples[3:], queries, **size)


def _time_registration(agent, repeat, size):

    from tickets.services.intake import register_ticket

    samples = []
    for index in range(repeat + 2):
        started = time.perf_counter()
        with _QueryCounter() as captured:
            register_ticket(channel="phone", type="consultation", title=f"咨询社保缴费 {index}",
                            content="市民来电咨询灵活就业人员社保缴费基数和办理地点。", phone=f"139{index:08d}", by=agent,
                            category="100100")
        samples.append(time.perf_counter() - started)
    _emit_samples("registration", samples[2:], len(captured), **size)


def _time_sweep(size, crossed: int = 1000):
    """1,000 deadline points come due among the open tickets at once; one sweep announces them."""
    from django.db import transaction
    from django.utils import timezone

    from tickets.models import Status, Ticket
    from tickets.services.deadlines import sweep_deadlines

    now = timezone.now()
    open_count = Ticket.objects.filter(status__in=[Status.DISPATCHED, Status.ACCEPTED, Status.RETURN_REQUESTED]
                                       ).count()
    ids = list(Ticket.objects.filter(status=Status.ACCEPTED, reply_due__gt=now + timedelta(hours=2))
               .order_by("-id").values_list("id", flat=True)[:crossed])
    moment = now - timedelta(seconds=30)
    with transaction.atomic():
        # As if the reply warning point of each had just passed (80 % of its time used).
        Ticket.objects.filter(pk__in=ids).update(reply_warn_at=moment, sla_next_check_at=moment)
    started = time.perf_counter()
    with _QueryCounter() as captured:
        emitted = sweep_deadlines(now)
    elapsed = time.perf_counter() - started
    emit(BENCH, "sweep_time", round(elapsed, 3), "s", crossed=len(ids), emitted=emitted, open=open_count, **size)
    emit(BENCH, "sweep_queries", len(captured), "queries", crossed=len(ids))


def _time_fanout(size):
    """One sweep-sized burst reaching the wallboard: group_send of 200 ticket events to the
    supervision group with 50 listeners on the in-process (or Redis) channel layer."""
    import asyncio

    from channels.layers import get_channel_layer

    layer = get_channel_layer()
    if layer is None:
        return

    async def run():
        channels = [await layer.new_channel() for _ in range(50)]
        for name in channels:
            await layer.group_add("bench_city_supervision", name)
        started = time.perf_counter()
        for index in range(200):
            await layer.group_send("bench_city_supervision", {"type": "ticket.event", "event_id": index})
        sent = time.perf_counter() - started
        for name in channels:
            await layer.group_discard("bench_city_supervision", name)
        return sent

    try:
        sent = asyncio.run(run())
    except Exception as exc:  # noqa: BLE001 — the fan-out figure is optional (bench/ws_fanout.py has the full one)
        emit(BENCH, "ws_fanout_error", 1, "failed", detail=str(exc)[:200])
        return
    emit(BENCH, "ws_fanout_group_send", round(sent * 1000 / 200, 3), "ms/event", listeners=50, **size)


def main() -> None:
    from django.conf import settings
    from django.core.management import call_command

    settings.DEBUG = False
    call_command("migrate", verbosity=0, interactive=False)
    _reference_data()
    n = tickets_wanted()
    seconds = load(n)
    if seconds:
        emit(BENCH, "load_time", round(seconds, 1), "s", tickets=n)
    else:
        emit(BENCH, "load_time", 0, "s", tickets=n, note="already loaded: reused")
        _finish_load_if_needed()
    repeat = int(os.environ.get("CITY_SCALE_REPEAT", "20"))
    measure(n, repeat)


def _finish_load_if_needed() -> None:
    """A database loaded before the roll-up tables existed (or whose load was cut short) gets them
    filled once; sequences are set past the loaded ids every time."""
    from django.core.management import call_command

    _reset_sequences()
    try:
        from tickets.models import DailyTicketStat
    except ImportError:
        return
    if not DailyTicketStat.objects.exists():
        call_command("rebuild_rollups", verbosity=0)
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
