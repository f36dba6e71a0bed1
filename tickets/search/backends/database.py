"""Ticket search on the database: SQLite FTS5 or PostgreSQL full text, chosen by ``connection.vendor``.

Both index the same segmented columns of ``TicketSearchEntry`` (migration 0004 adds the vendor part)
and both get the query as one expression built here: groups joined by AND, alternatives by OR, the
tokens of an alternative (letter-number n-grams) by AND. The match is a semi-join
``id IN (SELECT … full-text match …)`` that the database answers from its full-text index — a rare
word, a letter number or a phone number is an index lookup, never a ``LIKE`` scan over tickets.

Ranking: BM25 over the weighted columns (SQLite) or ts_rank over the weighted tsvector (PostgreSQL),
as an integer ``search_score``. Ranking needs a score for every match; a query matching more than
``RANK_LIMIT`` of the visible, filtered tickets (one common word over a city's year) is listed newest
first instead, which is what a person scanning thousands of matches wants and keeps the page fast.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import BigIntegerField, F, QuerySet
from django.db.models.expressions import RawSQL

from tickets.models import Ticket, TicketSearchEntry
from tickets.search.backends import no_match
from tickets.search.query import TicketQuery

RANK_LIMIT = 2000
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


def _match_and_rank(query: TicketQuery) -> tuple[RawSQL, RawSQL]:
    if connection.vendor == "postgresql":
        text = tsquery_text(query)
        match = RawSQL(f"SELECT ticket_id FROM {ENTRY} WHERE search_vector @@ to_tsquery('simple', %s)", [text])
        rank = RawSQL(
            f"(SELECT (ts_rank(e.search_vector, to_tsquery('simple', %s)) * 1000000)::bigint FROM {ENTRY} e "
            f'WHERE e.ticket_id = "{TICKET}"."id")', [text], output_field=BigIntegerField())
        return match, rank
    expression = fts5_expression(query)
    weights = ", ".join(str(weight) for weight in BM25_WEIGHTS)
    match = RawSQL(f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s", [expression])
    rank = RawSQL(
        f"(SELECT CAST(-bm25({FTS}, {weights}) * 1000000 AS INTEGER) FROM {FTS} "
        f'WHERE {FTS} MATCH %s AND rowid = "{TICKET}"."id")', [expression], output_field=BigIntegerField())
    return match, rank


def _matches(queryset: QuerySet, query: TicketQuery) -> tuple[QuerySet, RawSQL]:
    match, rank = _match_and_rank(query)
    return queryset.filter(id__in=match), rank


class DatabaseBackend:
    name = "database"

    def apply(self, queryset: QuerySet, query: TicketQuery, filters=None) -> QuerySet:
        if query.is_empty:
            return no_match(queryset)
        matched, rank = _matches(queryset, query)
        found = matched.order_by().values("id")[:RANK_LIMIT + 1].count()
        if not found and len(query.groups) > 1:
            # No ticket has every word: rank those with most of them.
            matched, rank = _matches(queryset, query.relaxed())
            found = matched.order_by().values("id")[:RANK_LIMIT + 1].count()
        if found > RANK_LIMIT:
            # Newest first: the id follows creation order and makes an exact keyset cursor.
            return matched.annotate(search_score=F("id"))
        return matched.annotate(search_score=rank)
