"""Knowledge-base search: one interface, backends behind it.

``search()`` is what callers use (the REST API, the FAQ page, the staff pages, the agent console).
It parses the query once (jieba, the project dictionary, synonyms), asks the backend in use for
ranked entry ids, and returns the entries with the matched words highlighted. Callers never know
which backend answered except through ``SearchResult.backend``.

With ``ELASTICSEARCH_URL`` set, Elasticsearch answers; if it cannot be reached the database answers
instead, ``backend`` says "database", and Elasticsearch is left alone for a short while before the
next try so that every search does not wait for a dead cluster.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.safestring import SafeString

from kb.backends.database import DatabaseBackend, Filters
from kb.models import Article
from kb.richtext import answer_text
from kb.text import ParsedQuery, highlight, parse_query

log = logging.getLogger(__name__)

MAX_LIMIT = 50
SNIPPET_CHARS = 120
ES_RETRY_SECONDS = 30.0

_database = DatabaseBackend()
_es_down_until = 0.0


@dataclass
class SearchHit:
    article: Article
    score: float
    question_html: SafeString
    snippet_html: SafeString

    @property
    def answer_text(self) -> str:
        return answer_text(self.article.answer)


@dataclass
class SearchResult:
    query: ParsedQuery
    hits: list[SearchHit]
    backend: str
    took_ms: float


def _elasticsearch_available() -> bool:
    return bool(settings.ELASTICSEARCH_URL) and time.monotonic() >= _es_down_until


def backend_name() -> str:
    """The backend answering searches now: "elasticsearch" or "database"."""
    return "elasticsearch" if _elasticsearch_available() else "database"


def _mark_elasticsearch_down(exc: Exception) -> None:
    global _es_down_until
    _es_down_until = time.monotonic() + ES_RETRY_SECONDS
    log.warning("Elasticsearch unavailable, searching the database for %.0f s: %s", ES_RETRY_SECONDS, exc)


def _ranked_ids(query: ParsedQuery, filters: Filters, limit: int) -> tuple[list[tuple[int, float]], str]:
    if _elasticsearch_available():
        from elasticsearch import ApiError, TransportError

        from kb.backends.elastic import ElasticsearchBackend

        try:
            return ElasticsearchBackend().search(query, filters, limit), "elasticsearch"
        except (TransportError, ApiError) as exc:
            _mark_elasticsearch_down(exc)
    return _database.search(query, filters, limit), "database"


def search(q: str, *, include_internal: bool = False, department=None, category=None,
           limit: int = 10) -> SearchResult:
    """Published entries in their validity dates that match ``q``, best first.

    ``include_internal`` is for staff: citizens only ever see public entries. ``department`` and
    ``category`` (model instances) narrow the search; a category includes its sub-categories.
    """
    started = time.perf_counter()
    limit = max(1, min(int(limit), MAX_LIMIT))
    query = parse_query(q)
    filters = Filters(include_internal=include_internal, department_id=getattr(department, "pk", None),
                      category_code=getattr(category, "code", None), today=timezone.localdate())
    ranked, backend = _ranked_ids(query, filters, limit) if query.raw else ([], backend_name())
    articles = Article.objects.select_related("department", "category").in_bulk([pk for pk, _ in ranked])
    terms = query.highlight_terms
    hits = []
    for pk, score in ranked:
        article = articles.get(pk)
        # The index may briefly lag (Elasticsearch syncs after commit): never show an entry that is
        # no longer published or that this reader may not see.
        if article is None or article.status != Article.Status.PUBLISHED or (
                not include_internal and not article.is_public):
            continue
        hits.append(SearchHit(
            article=article, score=round(score, 4), question_html=highlight(article.question, terms),
            snippet_html=highlight(answer_text(article.answer), terms, limit=SNIPPET_CHARS),
        ))
    took_ms = round((time.perf_counter() - started) * 1000, 1)
    return SearchResult(query=query, hits=hits, backend=backend, took_ms=took_ms)
