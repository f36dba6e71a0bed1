"""Ticket search on the database: SQLite FTS5 or PostgreSQL full text, chosen by ``connection.vendor``.

Both index the same segmented columns of ``TicketSearchEntry`` (migration 0006 adds the vendor part)
and both get the query as one expression built here: groups joined by AND, alternatives by OR, the
tokens of an alternative (letter-number n-grams) by AND. The database answers the match from its
full-text index — a rare word, a letter number or a phone number is an index lookup, never a
``LIKE`` scan over tickets.

Ranking is bounded. The candidates are the newest ``RANK_LIMIT`` matches among the visible, filtered
tickets (``SQLITE_RANK_LIMIT`` on SQLite); they are ranked — BM25 over the weighted columns (SQLite)
or ts_rank over the weighted tsvector (PostgreSQL), an integer ``search_score``, newest first among
equals — and they are the results. A query matching more tickets (one common word over a city's
year: 社保, 地铁) thus ranks the newest of them rather than every one, and costs about the same at a
million tickets as at a hundred thousand; a date range or another word reaches older ones, since
filters narrow the candidates before the cap.

On PostgreSQL the newest matches are looked for in windows of the newest tickets, each next one
sized from the density of matches seen so far, until they hold enough: the GIN posting list is intersected with a primary-key
range (a BitmapAnd), so only matches inside the window are read from the heap, and their ts_rank is
taken from the rows read. Without the window a common word reads every one of its tens of thousands
of rows; and walking the primary key newest-first testing each row (what the planner picks for
``ORDER BY id DESC LIMIT``) costs a text match per ticket passed over. The cap is set so that a
two-word query over a city's year (about 2,000–4,500 matches per 1,000,000 tickets in the bench)
keeps its recall: ``bench/ticket_search.py``. A user who may see few tickets (one department) needs
wider windows: its matches are looked for among everyone's, then narrowed to the visible ones.
"""

from __future__ import annotations

import json

from django.db import connection, transaction
from django.db.models import BigIntegerField, Case, Max, QuerySet, Value, When
from django.db.models.expressions import RawSQL

from tickets.models import Ticket, TicketSearchEntry
from tickets.search import documents
from tickets.search.backends import no_match
from tickets.search.query import TicketQuery

# At most this many matches are ranked and listed (the newest of the visible, filtered ones).
RANK_LIMIT = 5000
# SQLite ranks in a CASE over the candidate ids (FTS5 scores cannot be joined cheaply): smaller.
SQLITE_RANK_LIMIT = 500
# PostgreSQL: the first window holds WINDOW_FACTOR × RANK_LIMIT of the newest tickets (enough for a
# word in one ticket of WINDOW_FACTOR); after a window without a match the next is WINDOW_FACTOR
# times what was seen.
WINDOW_FACTOR = 8
ENTRY = TicketSearchEntry._meta.db_table
FTS = "tickets_search_fts"
TICKET = Ticket._meta.db_table
# Column weights (title, body, letter number, personal) for bm25; PostgreSQL uses A, B, C, D.
BM25_WEIGHTS = (4.0, 1.0, 2.0, 2.0)
PUBLIC_COLUMNS = "{title_terms body_terms number_terms}"
PUBLIC_WEIGHTS = "ABC"


def fts5_expression(query: TicketQuery) -> str:
    """The FTS5 MATCH expression of a query."""
    def phrase(token: str) -> str:
        return '"' + token.replace('"', '""') + '"'

    groups = []
    for group in query.groups:
        alternatives = ["(" + " AND ".join(phrase(token) for token in alternative) + ")" for alternative in group]
        groups.append("(" + " OR ".join(alternatives) + ")")
    expression = " AND ".join(groups)
    return expression if query.personal else f"{PUBLIC_COLUMNS} : ({expression})"


def tsquery_text(query: TicketQuery) -> str:
    """The to_tsquery('simple', …) text of a query: every token quoted as one lexeme."""
    weights = "" if query.personal else ":" + PUBLIC_WEIGHTS

    def lexeme(token: str) -> str:
        return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'" + weights

    groups = []
    for group in query.groups:
        alternatives = ["(" + " & ".join(lexeme(token) for token in alternative) + ")" for alternative in group]
        groups.append("(" + " | ".join(alternatives) + ")")
    return " & ".join(groups)


def _postgres_matches(query: TicketQuery, floor: int | None, ceiling: int) -> dict[int, int]:
    """{ticket id: score} of the index entries matching ``query`` from ``floor`` (None: the first) to
    ``ceiling``. The score is ts_rank over the weighted tsvector, read from the row the match has
    fetched anyway."""
    sql = (f"SELECT ticket_id, (ts_rank(search_vector, to_tsquery('simple', %s)) * 1000000)::bigint FROM {ENTRY} "
           f"WHERE search_vector @@ to_tsquery('simple', %s) AND ticket_id <= %s")
    params: list = [tsquery_text(query), tsquery_text(query), ceiling]
    if floor is not None:
        sql += " AND ticket_id >= %s"
        params.append(floor)
    with transaction.atomic(), connection.cursor() as cursor:
        # The planner prices a text match like a comparison and walks the primary key testing every
        # entry of the window (10–20 ms per 16,000); bitmap scans intersect the GIN posting list with
        # the window instead (1–3 ms). Only for this query: the setting is put back before commit.
        cursor.execute("SELECT current_setting('enable_indexscan'), set_config('enable_indexscan', 'off', true)")
        previous = cursor.fetchone()[0]
        cursor.execute(sql, params)
        scores = dict(cursor.fetchall())
        cursor.execute("SELECT set_config('enable_indexscan', %s, true)", [previous])
    return scores


def _ids_in(ids: list[int]) -> RawSQL:
    # One array parameter, however many ids (an IN list would be one parameter per id).
    return RawSQL("SELECT unnest(%s::bigint[])", [ids])


def _score_lookup(scores: dict[int, int]) -> RawSQL:
    """The candidates' scores as one jsonb parameter, looked up by id (a binary search over the
    object's keys): no second read of the index rows, and a CASE of thousands of branches avoided."""
    return RawSQL(f'(%s::jsonb ->> "{TICKET}"."id"::text)::bigint',
                  [json.dumps({str(pk): score for pk, score in scores.items()})], output_field=BigIntegerField())


def _exact(query: TicketQuery) -> bool:
    """A letter number or phone search (every token digits or an n-gram/phone token)."""
    return all(documents.is_key_token(token) or token.isdigit()
               for group in query.groups for alternative in group for token in alternative)


def _visible(queryset: QuerySet, scores: dict[int, int]) -> dict[int, int]:
    if not scores or not queryset.query.where:
        return scores  # every ticket may be seen and every index entry has its ticket
    visible = queryset.filter(id__in=_ids_in(list(scores))).order_by().values_list("id", flat=True)
    return {pk: scores[pk] for pk in visible}


def _postgres_candidates(queryset: QuerySet, query: TicketQuery, limit: int) -> dict[int, int]:
    """{ticket id: score} of the newest ``limit`` visible, filtered matches.

    Windows of ids, newest first and disjoint: the first holds ``WINDOW_FACTOR × limit`` tickets; each
    next one as many as the density of matches seen so far says are still needed (a quarter more),
    at least as many as already looked at, so a rare word reaches the oldest ticket in a few steps."""
    ceiling = TicketSearchEntry.objects.aggregate(newest=Max("ticket_id"))["newest"]
    if ceiling is None:
        return {}
    # A number or a phone matches a handful of tickets: one look over all of them.
    newest, size, ids = ceiling, ceiling if _exact(query) else WINDOW_FACTOR * limit, {}
    while True:
        floor = ceiling - size + 1 if size < ceiling else None
        ids |= _visible(queryset, _postgres_matches(query, floor, ceiling))
        if len(ids) >= limit or floor is None:
            return {pk: ids[pk] for pk in sorted(ids, reverse=True)[:limit]}
        seen = newest - floor + 1
        needed = (limit - len(ids)) * seen * 5 // (4 * len(ids)) + 1 if ids else seen * WINDOW_FACTOR
        size, ceiling = max(needed, seen), floor - 1


def _sqlite_match(query: TicketQuery) -> RawSQL:
    return RawSQL(f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s", [fts5_expression(query)])


def _sqlite_candidates(queryset: QuerySet, query: TicketQuery, limit: int) -> list[int]:
    return list(queryset.filter(id__in=_sqlite_match(query)).order_by("-id").values_list("id", flat=True)[:limit])


def _sqlite_scores(query: TicketQuery, candidates: list[int]) -> list[tuple[int, int]]:
    """(ticket id, score) of the candidates in one FTS5 query, bounded by the oldest candidate's
    rowid. (A correlated bm25() subquery per row would run the whole MATCH again for every row.)"""
    weights = ", ".join(str(weight) for weight in BM25_WEIGHTS)
    wanted = set(candidates)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT rowid, CAST(-bm25({FTS}, {weights}) * 1000000 AS INTEGER) FROM {FTS} "
                       f"WHERE {FTS} MATCH %s AND rowid >= %s", [fts5_expression(query), min(candidates)])
        return [(pk, score) for pk, score in cursor.fetchall() if pk in wanted]


def _score_case(scores: list[tuple[int, int]]) -> Case:
    by_score: dict[int, list[int]] = {}
    for pk, score in scores:
        by_score.setdefault(max(int(score), 0), []).append(pk)
    return Case(*[When(id__in=ids, then=Value(score)) for score, ids in by_score.items()],
                default=Value(0), output_field=BigIntegerField())


class DatabaseBackend:
    name = "database"

    def apply(self, queryset: QuerySet, query: TicketQuery, filters=None) -> QuerySet:
        if query.is_empty:
            return no_match(queryset)
        postgresql = connection.vendor == "postgresql"
        limit = RANK_LIMIT if postgresql else min(RANK_LIMIT, SQLITE_RANK_LIMIT)
        find = _postgres_candidates if postgresql else _sqlite_candidates
        candidates = find(queryset, query, limit)
        if not candidates and len(query.groups) > 1:
            # No ticket has every word: rank those with most of them.
            query = query.relaxed()
            candidates = find(queryset, query, limit)
        if not candidates:
            return no_match(queryset)
        if postgresql:
            return queryset.filter(id__in=_ids_in(list(candidates))).annotate(search_score=_score_lookup(candidates))
        return queryset.filter(id__in=candidates).annotate(search_score=_score_case(_sqlite_scores(query, candidates)))
