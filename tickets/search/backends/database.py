"""Ticket search on the database: SQLite FTS5 or PostgreSQL full text, chosen by ``connection.vendor``.

Both index the same segmented columns of ``TicketSearchEntry`` (migration 0004 adds the vendor part)
and both get the query as one expression built here: groups joined by AND, alternatives by OR, the
tokens of an alternative (letter-number n-grams) by AND. The match is a semi-join
``id IN (SELECT … full-text match …)`` that the database answers from its full-text index — a rare
word, a letter number or a phone number is an index lookup, never a ``LIKE`` scan over tickets.

Ranking: BM25 over the weighted columns (SQLite, scores read in one FTS5 query) or ts_rank over the
weighted tsvector (PostgreSQL, a primary-key lookup per match), as an integer ``search_score``.
Ranking needs a score for every match; a query matching more than ``RANK_LIMIT`` tickets (PostgreSQL:
of the visible, filtered ones; SQLite: ``SQLITE_RANK_LIMIT`` of all) — one common word over a city's year — is listed
newest first instead, which is what a person scanning thousands of matches wants and keeps the page
fast.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import BigIntegerField, Case, F, QuerySet, Value, When
from django.db.models.expressions import RawSQL

from tickets.models import Ticket, TicketSearchEntry
from tickets.search.backends import no_match
from tickets.search.query import TicketQuery

RANK_LIMIT = 2000
# SQLite ranks in a CASE over the matched ids (FTS5 scores cannot be joined cheaply): smaller.
SQLITE_RANK_LIMIT = 500
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


def _postgres_match_and_rank(query: TicketQuery) -> tuple[RawSQL, RawSQL]:
    text = tsquery_text(query)
    match = RawSQL(f"SELECT ticket_id FROM {ENTRY} WHERE search_vector @@ to_tsquery('simple', %s)", [text])
    # A primary-key lookup per matched ticket: the cost follows the matches, not the table.
    rank = RawSQL(
        f"(SELECT (ts_rank(e.search_vector, to_tsquery('simple', %s)) * 1000000)::bigint FROM {ENTRY} e "
        f'WHERE e.ticket_id = "{TICKET}"."id")', [text], output_field=BigIntegerField())
    return match, rank


def _sqlite_match(query: TicketQuery) -> RawSQL:
    return RawSQL(f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s", [fts5_expression(query)])


def _sqlite_scores(query: TicketQuery, limit: int) -> list[tuple[int, int]]:
    """(ticket id, score) of up to ``limit`` matches in one FTS5 query. (A correlated bm25()
    subquery per row would run the whole MATCH again for every row.)"""
    weights = ", ".join(str(weight) for weight in BM25_WEIGHTS)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT rowid, CAST(-bm25({FTS}, {weights}) * 1000000 AS INTEGER) FROM {FTS} "
                       f"WHERE {FTS} MATCH %s LIMIT %s", [fts5_expression(query), limit])
        return cursor.fetchall()


def _score_case(scores: list[tuple[int, int]]) -> Case:
    by_score: dict[int, list[int]] = {}
    for pk, score in scores:
        by_score.setdefault(max(int(score), 0), []).append(pk)
    return Case(*[When(id__in=ids, then=Value(score)) for score, ids in by_score.items()],
                default=Value(0), output_field=BigIntegerField())


def _newest_first(queryset: QuerySet, match: RawSQL) -> QuerySet:
    # The id follows creation order and makes an exact keyset cursor.
    return queryset.filter(id__in=match).annotate(search_score=F("id"))


class DatabaseBackend:
    name = "database"

    def apply(self, queryset: QuerySet, query: TicketQuery, filters=None) -> QuerySet:
        if query.is_empty:
            return no_match(queryset)
        if connection.vendor == "postgresql":
            return self._postgresql(queryset, query)
        return self._sqlite(queryset, query)

    def _postgresql(self, queryset: QuerySet, query: TicketQuery) -> QuerySet:
        match, rank = _postgres_match_and_rank(query)
        found = queryset.filter(id__in=match).order_by().values("id")[:RANK_LIMIT + 1].count()
        if not found and len(query.groups) > 1:
            # No ticket has every word: rank those with most of them.
            query = query.relaxed()
            match, rank = _postgres_match_and_rank(query)
            found = queryset.filter(id__in=match).order_by().values("id")[:RANK_LIMIT + 1].count()
        if found > RANK_LIMIT:
            return _newest_first(queryset, match)
        return queryset.filter(id__in=match).annotate(search_score=rank)

    def _sqlite(self, queryset: QuerySet, query: TicketQuery) -> QuerySet:
        limit = min(RANK_LIMIT, SQLITE_RANK_LIMIT)
        scores = _sqlite_scores(query, limit + 1)
        if not scores and len(query.groups) > 1:
            query = query.relaxed()
            scores = _sqlite_scores(query, limit + 1)
        if len(scores) > limit:
            return _newest_first(queryset, _sqlite_match(query))
        if not scores:
            return no_match(queryset)
        return queryset.filter(id__in=[pk for pk, _ in scores]).annotate(search_score=_score_case(scores))
