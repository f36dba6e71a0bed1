"""Search on Elasticsearch (``ELASTICSEARCH_URL``) through ``elasticsearch.dsl``.

Documents carry the same jieba-segmented text as the database index, analysed on whitespace, with
a ``cjk`` sub-field (bigrams, built into Elasticsearch: no plugin) that catches words jieba split
differently, and, when ``KB_ELASTICSEARCH_ANALYZER`` names one (``ik_smart``, ``smartcn``: plugins
on the server), a third sub-field with that analyzer. Queries are built from the parsed query: one
``dis_max`` per concept over the word, its synonyms and parts, with the question and keywords
boosted over the answer. Ranking is Elasticsearch's BM25.

The index follows the entries through Celery tasks scheduled after commit (``kb.tasks``);
``manage.py kb_reindex --elasticsearch`` rebuilds it.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from elasticsearch import Elasticsearch, helpers
from elasticsearch.dsl import Boolean, Date, Document, Integer, Keyword, Q, Search, Text, Wildcard, analyzer

from kb.backends.database import Filters
from kb.indexing import category_path, is_indexable, segment
from kb.text import ParsedQuery

hotline_terms = analyzer("hotline_terms", tokenizer="whitespace", filter=["lowercase"])

# (field, boost) of the segmented fields; the cjk sub-fields count for less than exact words.
FIELD_BOOSTS = (("question", 3.0), ("keywords", 2.5), ("answer", 1.0))
CJK_FACTOR = 0.5
EXTRA_FACTOR = 0.7


def index_name() -> str:
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}_kb_articles"


def extra_analyzer() -> str:
    return settings.KB_ELASTICSEARCH_ANALYZER


def _text_field() -> Text:
    subfields = {"cjk": Text(analyzer="cjk")}
    if extra_analyzer():
        subfields["extra"] = Text(analyzer=extra_analyzer())
    return Text(analyzer=hotline_terms, fields=subfields)


def document_class() -> type[Document]:
    """The document type. Built on demand because the optional analyzer comes from settings."""

    class KbArticleDocument(Document):
        question = _text_field()
        keywords = _text_field()
        answer = _text_field()
        title_plain = Wildcard()
        is_public = Boolean()
        department = Keyword()
        department_id = Integer()
        categories = Keyword(multi=True)
        valid_from = Date()
        valid_until = Date()

        class Index:
            name = index_name()
            settings = {"number_of_shards": 1, "number_of_replicas": 0}

    return KbArticleDocument


def index_body() -> dict:
    """Settings and mappings of the index, as sent to Elasticsearch."""
    return document_class()._index.to_dict()


def to_document(article):
    fields = segment(article.question, article.keywords, article.synonyms, article.answer)
    path = category_path(article.category) if article.category_id else ""
    return document_class()(
        meta={"id": article.pk},
        question=fields["question_terms"], keywords=fields["keywords_terms"], answer=fields["answer_terms"],
        title_plain=fields["title_plain"], is_public=article.is_public,
        department=article.department.code if article.department_id else None,
        department_id=article.department_id, categories=[code for code in path.split("/") if code],
        valid_from=article.valid_from, valid_until=article.valid_until,
    )


def _alternative_query(term: str, weight: float):
    fields = []
    for name, boost in FIELD_BOOSTS:
        fields.append(f"{name}^{boost:g}")
        fields.append(f"{name}.cjk^{boost * CJK_FACTOR:g}")
        if extra_analyzer():
            fields.append(f"{name}.extra^{boost * EXTRA_FACTOR:g}")
    return Q("multi_match", query=term, fields=fields, type="best_fields", operator="and", boost=round(weight, 3))


def query_body(query: ParsedQuery, filters: Filters, limit: int) -> dict:
    """The search request for a parsed query: what is sent to Elasticsearch's _search."""
    should = [Q("dis_max", queries=[_alternative_query(term, weight) for term, weight in group.alternatives.items()])
              for group in query.groups]
    if query.is_short and query.raw:
        pattern = query.raw.replace("\\", "\\\\").replace("*", "\\*").replace("?", "\\?")
        should.append(Q("wildcard", title_plain={"value": f"*{pattern}*", "boost": 2.0}))
    filter_clauses = []
    if not filters.include_internal:
        filter_clauses.append(Q("term", is_public=True))
    if filters.department_id:
        filter_clauses.append(Q("term", department_id=filters.department_id))
    if filters.category_code:
        filter_clauses.append(Q("term", categories=filters.category_code))
    if filters.today:
        day = filters.today.isoformat()
        filter_clauses.append(~Q("range", valid_from={"gt": day}))
        filter_clauses.append(~Q("range", valid_until={"lt": day}))
    body = {
        "query": Q("bool", should=should, minimum_should_match=1, filter=filter_clauses).to_dict(),
        "size": limit,
        "_source": False,
    }
    return body


@lru_cache(maxsize=4)
def _client(url: str) -> Elasticsearch:
    # Short timeout and no retries: when the cluster is down the database answers instead, at once.
    return Elasticsearch(url, request_timeout=2, max_retries=0, retry_on_timeout=False)


def client() -> Elasticsearch:
    return _client(settings.ELASTICSEARCH_URL)


class ElasticsearchBackend:
    name = "elasticsearch"

    def search(self, query: ParsedQuery, filters: Filters, limit: int) -> list[tuple[int, float]]:
        if not query.groups and not query.raw:
            return []
        response = Search(using=client(), index=index_name()).update_from_dict(
            query_body(query, filters, limit)).execute()
        return [(int(hit.meta.id), float(hit.meta.score or 0.0)) for hit in response]


def sync_article(article_id: int) -> str:
    """Index or remove one entry. Returns what was done (for logs and tests)."""
    from kb.models import Article

    article = Article.objects.select_related("department", "category__parent__parent").filter(pk=article_id).first()
    if article is None or not is_indexable(article):
        client().options(ignore_status=404).delete(index=index_name(), id=str(article_id))
        return "deleted"
    to_document(article).save(using=client(), index=index_name())
    return "indexed"


def create_index(*, recreate: bool = False) -> None:
    index = document_class()._index
    if recreate:
        index.delete(using=client(), ignore_unavailable=True)
    if not index.exists(using=client()):
        index.create(using=client())


def rebuild(*, chunk_size: int = 500) -> int:
    from kb.models import Article

    create_index(recreate=True)
    articles = (Article.objects.filter(status=Article.Status.PUBLISHED)
                .select_related("department", "category__parent__parent").iterator(chunk_size=chunk_size))
    actions = (to_document(article).to_dict(include_meta=True) for article in articles)
    indexed, _ = helpers.bulk(client().options(request_timeout=60), actions, index=index_name(),
                              chunk_size=chunk_size, refresh=True)
    return indexed
