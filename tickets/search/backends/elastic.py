"""Ticket search on Elasticsearch (``ELASTICSEARCH_URL``) through ``elasticsearch.dsl``.

Documents carry the same jieba-segmented text as the database index (analysed on whitespace, with a
``cjk`` bigram sub-field built into Elasticsearch for words jieba split differently), the
letter-number n-grams and phone tokens as keywords, and every field a filter needs, so filters and
visibility narrow the search inside Elasticsearch before ranking. Ranking is Elasticsearch's BM25,
newest first among equal scores. The best ``MAX_RESULTS`` ids come back and the database applies
the same visibility and filters again (and the SLA state, which changes with the clock).

The index follows the tickets through a Celery task scheduled after each committed event;
``manage.py tickets_reindex --elasticsearch`` rebuilds it.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.db.models import BigIntegerField, Case, QuerySet, Value, When
from elasticsearch import Elasticsearch, helpers
from elasticsearch.dsl import Date, Document, Integer, Keyword, Q, Search, Text, analyzer

from tickets.search import documents
from tickets.search.backends import no_match
from tickets.search.query import TicketQuery

MAX_RESULTS = 1000
hotline_terms = analyzer("hotline_terms", tokenizer="whitespace", filter=["lowercase"])
# (field, boost): a word in the title counts most; the cjk sub-fields count for less than words.
TEXT_FIELDS = (("title", 4.0), ("body", 1.0))
PERSONAL_BOOST = 2.0
CJK_FACTOR = 0.5


def index_name() -> str:
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}_tickets"


def _text() -> Text:
    return Text(analyzer=hotline_terms, fields={"cjk": Text(analyzer="cjk")})


class TicketDocument(Document):
    ticket_id = Integer()
    title = _text()
    body = _text()
    personal = Text(analyzer=hotline_terms)
    keys = Keyword(multi=True)  # letter-number n-grams, phone and phone-tail tokens
    status = Keyword()
    lead_department = Keyword()
    departments = Keyword(multi=True)  # lead and co-handling units: a department's visibility
    categories = Keyword(multi=True)  # the category and its ancestors: a node finds its subtree
    channel = Keyword()
    type = Keyword()
    priority = Keyword()
    district = Keyword()
    street = Keyword()
    created_at = Date()

    class Index:
        name = "hotline_tickets"  # replaced by index_name() wherever the index is used
        settings = {"number_of_shards": 1, "number_of_replicas": 0}


def index_body() -> dict:
    """Settings and mappings of the index, as sent to Elasticsearch."""
    return TicketDocument._index.clone(name=index_name()).to_dict()


def _category_codes(category) -> list[str]:
    codes, node, depth = [], category, 0
    while node is not None and depth < 6:
        codes.append(node.code)
        node, depth = node.parent, depth + 1
    return codes


def to_document(ticket, fields: dict | None = None) -> TicketDocument:
    fields = fields or documents.segment_ticket(ticket)
    keys = fields["number_terms"].split() + [t for t in fields["personal_terms"].split() if documents.is_key_token(t)]
    personal = " ".join(t for t in fields["personal_terms"].split() if not documents.is_key_token(t))
    departments = [d.code for d in ticket.co_departments.all()]
    if ticket.lead_department_id:
        departments.insert(0, ticket.lead_department.code)
    return TicketDocument(
        meta={"id": ticket.pk}, ticket_id=ticket.pk, title=fields["title_terms"], body=fields["body_terms"],
        personal=personal, keys=keys, status=ticket.status,
        lead_department=ticket.lead_department.code if ticket.lead_department_id else None,
        departments=departments, categories=_category_codes(ticket.category) if ticket.category_id else [],
        channel=ticket.channel, type=ticket.type, priority=ticket.priority, district=ticket.district or None,
        street=ticket.street or None, created_at=ticket.created_at,
    )


def _token_clause(token: str, personal: bool):
    if documents.is_key_token(token):
        return Q("term", keys=token)
    fields = []
    for name, boost in TEXT_FIELDS:
        fields += [f"{name}^{boost:g}", f"{name}.cjk^{boost * CJK_FACTOR:g}"]
    if personal:
        fields.append(f"personal^{PERSONAL_BOOST:g}")
    return Q("multi_match", query=token, fields=fields, type="best_fields", operator="and")


def _filter_clauses(filters, department_code: str | None) -> list:
    clauses = []
    if department_code:
        clauses.append(Q("term", departments=department_code))
    if filters is None:
        return clauses
    for field, values in (("status", filters.statuses), ("channel", filters.channels), ("type", filters.types),
                          ("priority", filters.priorities)):
        if values:
            clauses.append(Q("terms", **{field: list(values)}))
    if filters.department:
        clauses.append(Q("term", lead_department=filters.department.code))
    if filters.category:
        clauses.append(Q("term", categories=filters.category.code))
    if filters.district:
        clauses.append(Q("term", district=filters.district))
    if filters.street:
        clauses.append(Q("term", street=filters.street))
    if filters.created_from or filters.created_to:
        bounds = {"time_zone": settings.TIME_ZONE}
        if filters.created_from:
            bounds["gte"] = filters.created_from.isoformat()
        if filters.created_to:
            bounds["lte"] = filters.created_to.isoformat() + "||/d"
        clauses.append(Q("range", created_at=bounds))
    return clauses


def query_body(query: TicketQuery, filters=None, *, department_code: str | None = None,
               size: int = MAX_RESULTS) -> dict:
    """The _search request for a parsed query: every group must match (any of its alternatives,
    all tokens of an alternative)."""
    must = [
        Q("bool", should=[Q("bool", must=[_token_clause(token, query.personal) for token in alternative])
                          for alternative in group], minimum_should_match=1)
        for group in query.groups
    ]
    return {
        "query": Q("bool", must=must, filter=_filter_clauses(filters, department_code)).to_dict(),
        "sort": ["_score", {"created_at": {"order": "desc"}}, {"ticket_id": {"order": "desc"}}],
        "size": size,
        "_source": False,
    }


@lru_cache(maxsize=4)
def _client(url: str) -> Elasticsearch:
    return Elasticsearch(url, request_timeout=2, max_retries=0, retry_on_timeout=False)


def client() -> Elasticsearch:
    return _client(settings.ELASTICSEARCH_URL)


def _department_code(user) -> str | None:
    if user is not None and getattr(user, "is_handler", False):
        return user.department.code if user.department_id else "-"
    return None


class ElasticsearchBackend:
    name = "elasticsearch"

    def ranked_ids(self, query: TicketQuery, filters=None, *, user=None) -> list[int]:
        body = query_body(query, filters, department_code=_department_code(user))
        response = Search(using=client(), index=index_name()).update_from_dict(body).execute()
        return [int(hit.meta.id) for hit in response]

    def apply(self, queryset: QuerySet, query: TicketQuery, filters=None, *, user=None) -> QuerySet:
        if query.is_empty:
            return no_match(queryset)
        ids = self.ranked_ids(query, filters, user=user)
        if not ids and len(query.groups) > 1:
            ids = self.ranked_ids(query.relaxed(), filters, user=user)
        if not ids:
            return no_match(queryset)
        score = Case(*[When(id=pk, then=Value(len(ids) - rank)) for rank, pk in enumerate(ids)],
                     default=Value(0), output_field=BigIntegerField())
        return queryset.filter(id__in=ids).annotate(search_score=score)


def sync_ticket(ticket_id: int) -> str:
    from tickets.models import Ticket

    ticket = (Ticket.objects.select_related("lead_department", "category__parent__parent")
              .prefetch_related("co_departments").filter(pk=ticket_id).first())
    if ticket is None:
        client().options(ignore_status=404).delete(index=index_name(), id=str(ticket_id))
        return "deleted"
    to_document(ticket).save(using=client(), index=index_name())
    return "indexed"


def create_index(*, recreate: bool = False) -> None:
    index = TicketDocument._index.clone(name=index_name())
    if recreate:
        index.delete(using=client(), ignore_unavailable=True)
    if not index.exists(using=client()):
        index.create(using=client())


def rebuild(*, chunk_size: int = 500) -> int:
    from tickets.models import Ticket

    create_index(recreate=True)
    tickets = (Ticket.objects.select_related("lead_department", "category__parent__parent")
               .prefetch_related("co_departments").order_by("id").iterator(chunk_size=chunk_size))
    actions = (to_document(ticket).to_dict(include_meta=True) for ticket in tickets)
    indexed, _ = helpers.bulk(client().options(request_timeout=60), actions, index=index_name(),
                              chunk_size=chunk_size, refresh=True)
    return indexed
