"""Staff ticket search: one interface, backends behind it (as ``kb.search`` does for the knowledge base).

``search(queryset, filters, user)`` takes the tickets a user may see, applies the filters and, when
``filters.q`` is set, the text search, and returns a queryset annotated with ``search_score``, to be
ordered by ``RANKING`` (relevance, newest first among equals). The database answers by default
(SQLite FTS5, PostgreSQL tsvector + GIN); with ``ELASTICSEARCH_URL`` set Elasticsearch does, and if
it cannot be reached the database answers instead for a while.

The index is kept current after every committed ticket event (``tickets.search.indexing``) and
rebuilt by ``manage.py tickets_reindex``.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.db.models import QuerySet

from tickets.search.backends.database import DatabaseBackend
from tickets.search.filters import TicketFilters
from tickets.search.query import TicketQuery, parse_ticket_query

log = logging.getLogger(__name__)

RANKING = ("-search_score", "-id")
ES_RETRY_SECONDS = 30.0

_database = DatabaseBackend()
_es_down_until = 0.0


def _elasticsearch_available() -> bool:
    return bool(settings.ELASTICSEARCH_URL) and time.monotonic() >= _es_down_until


def backend_name() -> str:
    return "elasticsearch" if _elasticsearch_available() else "database"


def parse(filters: TicketFilters, user) -> TicketQuery:
    # A department may not find a letter by who wrote it (confidential letters withhold it).
    personal = bool(user and user.is_authenticated and not user.is_handler)
    return parse_ticket_query(filters.q, personal=personal, narrowed=filters.narrowed)


def search(queryset: QuerySet, filters: TicketFilters, user, *, now=None) -> QuerySet:
    """The filtered tickets, narrowed to those matching ``filters.q`` when it is set and annotated
    with ``search_score``; order by ``RANKING``."""
    global _es_down_until
    queryset = filters.apply(queryset, now)
    if not filters.q:
        return queryset
    query = parse(filters, user)
    if _elasticsearch_available():
        from elasticsearch import ApiError, TransportError

        from tickets.search.backends.elastic import ElasticsearchBackend

        try:
            return ElasticsearchBackend().apply(queryset, query, filters, user=user)
        except (TransportError, ApiError) as exc:
            _es_down_until = time.monotonic() + ES_RETRY_SECONDS
            log.warning("Elasticsearch unavailable, ticket search on the database for %.0f s: %s",
                        ES_RETRY_SECONDS, exc)
    return _database.apply(queryset, query, filters)


__all__ = ["RANKING", "TicketFilters", "TicketQuery", "backend_name", "parse", "parse_ticket_query", "search"]
