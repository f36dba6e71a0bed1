"""Staff ticket search: quality against a bag-of-terms oracle, and latency at a city's scale.

Generated tickets name a public service and what the citizen wants done with it ("公积金" + "提取"),
written the ways citizens write (service+action "公积金提取", action+service "提取公积金", a question
"公积金怎么提取?"), among sentences about other things. Queries take the same three forms.

- Quality: a ticket is relevant to a (service, action) query when its text contains the service
  and the action (or a synonym of either from the shared dictionary): the bag-of-terms oracle.
  recall = relevant tickets found / relevant tickets; precision@10 = relevant among the first ten
  results (or among all results when fewer), per query, averaged. Goal ≥ 0.95 each.
- Latency: ``GET /api/v1/tickets/?q=`` through the API as a dispatcher (the whole request: search,
  ranking, first page, serialisation), p50/p95 per kind of query: a whole letter number, 8 of its
  digits, a phone number, a rare word, a common two-character word (社保, 地铁), several words.
  Results with ``q`` are the newest ``RANK_LIMIT`` matches, ranked (``rank_limit`` is printed), so
  recall counts what a query matching more than the cap leaves out; a common word matches about one
  ticket in twelve and is the case the cap bounds.

TICKET_SEARCH_TICKETS sets the size (default 20,000 on SQLite, 100,000 on PostgreSQL; the README
gives the measured 1,000,000 figures). Tickets are written with multi-row INSERTs and their index
rows from pre-segmented text (jieba's phrase cache makes the templates cheap), not through the
service layer one by one; on PostgreSQL the GIN index is built after the load, then ANALYZE.
"""

from __future__ import annotations

import os
import random
import time

from django.db import connection, transaction
from django.utils import timezone

from bench._util import emit, summary_ms

BENCH = "ticket_search"

SERVICES = ["公积金", "社保卡", "医保", "养老金", "户口", "居住证", "身份证", "驾驶证", "营业执照", "低保",
            "路灯", "井盖", "下水道", "垃圾桶", "地铁", "公交", "燃气", "暖气", "电梯", "物业", "噪音", "广告牌",
            "违章建筑", "学籍", "医保卡", "社保", "出租车", "共享单车", "小区绿化", "停车位"]
ACTIONS = ["提取", "补办", "报修", "投诉", "办理", "查询", "缴纳", "转移", "注销", "挂失", "维修", "更换",
           "清理", "拆除", "延期", "审核", "退费", "开通", "迁入", "认证"]
FILLERS = ["我家住在{place}附近,", "前几天去{place}问过,", "已经反映过好几次了,", "家里老人着急,", "工作日没时间,",
           "上周打过电话,", "网上没有查到说明,", "希望尽快给个答复,", "麻烦帮忙看一下,", "谢谢!"]
PLACES = ["裕华路", "东苑小区", "建设大街", "中华北大街", "槐安路", "体育南大街", "和平路", "友谊大街", "石家庄站",
          "新百广场", "北国商城", "长安公园"]
FORMS = ("service_action", "action_service", "question")
TITLE_FORMS = {
    "service_action": ["{s}{a}", "{s}{a}问题", "关于{s}{a}"],
    "action_service": ["{a}{s}", "想{a}{s}", "申请{a}{s}"],
    "question": ["{s}怎么{a}", "{s}如何{a}", "{s}{a}找谁", "{s}能不能{a}", "请问{s}怎样{a}"],
}
QUERY_FORMS = {"service_action": "{s}{a}", "action_service": "{a}{s}", "question": "{s}怎么{a}"}
RARE_WORDS = ["镇流器", "化粪池", "消防栓", "隔油池", "检查井", "避雷针", "污水泵", "防盗网"]


def _size() -> int:
    default = 100_000 if connection.vendor == "postgresql" else 20_000
    return max(100, int(os.environ.get("TICKET_SEARCH_TICKETS", default)))


def generated_ticket(rng: random.Random) -> dict:
    service, action = rng.choice(SERVICES), rng.choice(ACTIONS)
    form = rng.choice(FORMS)
    title = rng.choice(TITLE_FORMS[form]).format(s=service, a=action)
    # The content repeats the request in other words and mentions another service in passing,
    # so a search has distractors: tickets with the service but another action, and vice versa.
    other = rng.choice(SERVICES)
    content = "".join([rng.choice(FILLERS).format(place=rng.choice(PLACES)),
                       rng.choice(TITLE_FORMS[rng.choice(FORMS)]).format(s=service, a=action), "。",
                       f"另外{other}的事情以后再说。" if rng.random() < 0.3 else "",
                       rng.choice(FILLERS).format(place=rng.choice(PLACES))])
    if rng.random() < 0.001:
        content += f"现场{rng.choice(RARE_WORDS)}损坏。"
    return {"title": title, "content": content, "service": service, "action": action}


def _letter_number(day, seq: int) -> str:
    return f"{day:%Y%m%d}{seq:07d}"


TICKET_COLUMNS = ("letter_number", "password_hash", "channel", "type", "priority", "status", "title", "content",
                  "citizen_name", "citizen_phone", "citizen_id_number", "citizen_address", "district", "street",
                  "citizen_openid", "confidential", "publish_consent", "call_id", "direct_answer", "reopen_count",
                  "urge_count", "is_supervised", "extension_used", "version", "created_at", "updated_at")
ENTRY_COLUMNS = ("ticket_id", "title_terms", "body_terms", "number_terms", "personal_terms", "indexed_at")
NAMES = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄勇", "周杰", "吴霞"]
STATUSES = ["closed"] * 17 + ["received", "dispatched", "accepted"]


def _load(count: int, rng: random.Random) -> dict:
    """Insert ``count`` tickets and their index rows; return what the queries need to know."""
    from tickets.models import Ticket, TicketSearchEntry
    from tickets.search import documents

    ticket_sql = (f"INSERT INTO {Ticket._meta.db_table} ({', '.join(TICKET_COLUMNS)}) "
                  f"VALUES ({', '.join(['%s'] * len(TICKET_COLUMNS))})")
    entry_sql = (f"INSERT INTO {TicketSearchEntry._meta.db_table} ({', '.join(ENTRY_COLUMNS)}) "
                 f"VALUES ({', '.join(['%s'] * len(ENTRY_COLUMNS))})")
    now = timezone.now()
    start = now - timezone.timedelta(days=365)
    step = timezone.timedelta(days=365) / count
    samples = {"numbers": [], "phones": [], "texts": []}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {Ticket._meta.db_table}")
        first_id = cursor.fetchone()[0] + 1
    batch = 5000
    for offset in range(0, count, batch):
        tickets, entries = [], []
        for i in range(offset, min(count, offset + batch)):
            created = start + step * i
            generated = generated_ticket(rng)
            number = _letter_number(created, i)
            phone = f"1{rng.choice('3578')}{rng.randrange(10**9):09d}"
            name = rng.choice(NAMES)
            tickets.append((number, "!", rng.choice(("phone", "web", "wechat")), "help", "normal",
                            rng.choice(STATUSES), generated["title"], generated["content"], name, phone, "", "", "",
                            "", "", False, False, "", "", 0, 0, False, False, 1, created, created))
            fields = documents.segment(title=generated["title"], body_texts=[generated["content"]],
                                       letter_number=number, name=name, phone=phone)
            entries.append((first_id + i, fields["title_terms"], fields["body_terms"], fields["number_terms"],
                            fields["personal_terms"], now))
            if rng.random() < 0.002:
                samples["numbers"].append(number)
                samples["phones"].append(phone)
            if count <= 200_000 or rng.random() < 200_000 / count:
                samples["texts"].append((first_id + i, generated["title"] + generated["content"]))
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(ticket_sql, tickets)
            cursor.executemany(entry_sql, entries)
    return samples


def _relevant(text: str, service: str, action: str, synonyms: dict) -> bool:
    return (any(word in text for word in (service, *synonyms.get(service, ())))
            and any(word in text for word in (action, *synonyms.get(action, ()))))


def _quality(user, texts: list[tuple[int, str]], rng: random.Random, pairs: int) -> None:
    """Recall and precision@10 per query form over a sample of (service, action) pairs. The oracle
    runs over every ticket of the sample (all tickets up to 200,000)."""
    from tickets.models import Ticket
    from tickets.search import RANKING, TicketFilters, search
    from tickets.search.text import synonym_map

    synonyms = synonym_map()
    sample_ids = {pk for pk, _ in texts}
    chosen = rng.sample([(s, a) for s in SERVICES for a in ACTIONS], pairs)
    for form in FORMS:
        recalls, precisions = [], []
        for service, action in chosen:
            relevant = {pk for pk, text in texts if _relevant(text, service, action, synonyms)}
            if not relevant:
                continue
            q = QUERY_FORMS[form].format(s=service, a=action)
            results = search(Ticket.objects.all(), TicketFilters(q=q), user).order_by(*RANKING)
            found = [pk for pk in results.values_list("id", flat=True)[:20000] if pk in sample_ids]
            recalls.append(len(relevant & set(found)) / len(relevant))
            top = found[:10]
            precisions.append(sum(pk in relevant for pk in top) / len(top) if top else 0.0)
        emit(BENCH, f"recall_{form}", round(sum(recalls) / len(recalls), 4), "fraction", queries=len(recalls),
             goal=0.95)
        emit(BENCH, f"precision_at_10_{form}", round(sum(precisions) / len(precisions), 4), "fraction",
             queries=len(precisions), goal=0.95)


def _latency(client, user, queries: dict[str, list[str]], size: int, vendor: str) -> None:
    """Per kind: the API request (``search_*``) and the search alone, first page of ids (``query_*``)."""
    from tickets.models import Ticket
    from tickets.search import RANKING, TicketFilters, search

    for kind, items in queries.items():
        api, alone = [], []
        for q in items:
            started = time.perf_counter()
            response = client.get("/api/v1/tickets/", {"q": q})
            api.append(time.perf_counter() - started)
            assert response.status_code == 200, (q, response.status_code)
            started = time.perf_counter()
            list(search(Ticket.objects.all(), TicketFilters(q=q), user).order_by(*RANKING)
                 .values_list("id", flat=True)[:21])
            alone.append(time.perf_counter() - started)
        for prefix, samples in (("search", api), ("query", alone)):
            summary = summary_ms(samples)
            emit(BENCH, f"{prefix}_{kind}_p50", summary["p50"], "ms", tickets=size, database=vendor,
                 queries=len(items))
            emit(BENCH, f"{prefix}_{kind}_p95", summary["p95"], "ms", tickets=size, database=vendor,
                 queries=len(items), goal=100)


def main() -> None:
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    from tickets.management.commands import seed_demo
    from tickets.models import User

    for step in (seed_demo.seed_departments, seed_demo.seed_categories, seed_demo.seed_calendar,
                 seed_demo.seed_deadline_rules, seed_demo.seed_users):
        step()
    user = User.objects.get(username="dispatcher1")
    vendor = connection.vendor
    size = _size()
    rng = random.Random(9)
    from tickets.search.text import tokenizer

    tokenizer()
    started = time.perf_counter()
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX IF EXISTS tickets_search_vector_gin")
    samples = _load(size, rng)
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("CREATE INDEX tickets_search_vector_gin ON tickets_ticketsearchentry "
                           "USING gin (search_vector)")
            cursor.execute("ANALYZE")
    emit(BENCH, "load_time", round(time.perf_counter() - started, 1), "s", tickets=size, database=vendor)

    from tickets.search.backends.database import RANK_LIMIT, SQLITE_RANK_LIMIT

    emit(BENCH, "rank_limit", RANK_LIMIT if vendor == "postgresql" else min(RANK_LIMIT, SQLITE_RANK_LIMIT),
         "tickets", database=vendor)
    _quality(user, samples["texts"], rng, pairs=int(os.environ.get("TICKET_SEARCH_PAIRS", 40)))

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    numbers, phones = samples["numbers"][:40], samples["phones"][:40]
    queries = {
        "letter_number": numbers,
        "letter_digits": [number[-8:] for number in numbers],
        "phone": phones,
        "rare_word": RARE_WORDS * 4,
        "common_word": ["社保", "地铁", "公交", "物业"] * 8,
        "multi_word": [QUERY_FORMS[form].format(s=rng.choice(SERVICES), a=rng.choice(ACTIONS))
                       for form in FORMS for _ in range(12)],
    }
    client.get("/api/v1/tickets/", {"q": "预热"})
    _latency(client, user, queries, size, vendor)
