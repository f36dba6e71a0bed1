"""The Elasticsearch backend: the mapping and query bodies it sends, the fall-back to the database
when the cluster is down, and sync after commit. Tests marked live_es talk to a real cluster and
run only when ELASTICSEARCH_URL is set."""

import datetime
import os
from unittest import mock

import pytest
from django.test import override_settings

from kb import search as search_module
from kb.backends import elastic
from kb.backends.database import Filters
from kb.text import parse_query

LIVE = os.environ.get("ELASTICSEARCH_URL", "")


@pytest.fixture(autouse=True)
def _reset_breaker():
    search_module._es_down_until = 0.0
    yield
    search_module._es_down_until = 0.0


def test_mapping_has_segmented_fields_with_cjk_subfields():
    body = elastic.index_body()
    analyzers = body["settings"]["analysis"]["analyzer"]
    assert analyzers["hotline_terms"] == {"type": "custom", "tokenizer": "whitespace", "filter": ["lowercase"]}
    props = body["mappings"]["properties"]
    for field in ("question", "keywords", "answer"):
        assert props[field]["analyzer"] == "hotline_terms"
        assert props[field]["fields"] == {"cjk": {"type": "text", "analyzer": "cjk"}}
    assert props["is_public"] == {"type": "boolean"}
    assert props["categories"] == {"type": "keyword"}
    assert props["title_plain"] == {"type": "wildcard"}
    assert props["valid_until"] == {"type": "date"}


@override_settings(KB_ELASTICSEARCH_ANALYZER="ik_smart")
def test_configured_plugin_analyzer_adds_a_subfield():
    props = elastic.index_body()["mappings"]["properties"]
    assert props["question"]["fields"]["extra"] == {"type": "text", "analyzer": "ik_smart"}
    body = elastic.query_body(parse_query("公积金"), Filters(), 5)
    fields = body["query"]["bool"]["should"][0]["dis_max"]["queries"][0]["multi_match"]["fields"]
    assert "question.extra^2.1" in fields


def test_query_body_boosts_question_and_keywords_over_answer():
    body = elastic.query_body(parse_query("社保"), Filters(), 10)
    assert body["size"] == 10 and body["_source"] is False
    bool_query = body["query"]["bool"]
    assert bool_query["minimum_should_match"] == 1
    alternatives = bool_query["should"][0]["dis_max"]["queries"]
    first = alternatives[0]["multi_match"]
    assert first["query"] == "社保" and first["boost"] == 1.0 and first["operator"] == "and"
    assert first["fields"] == ["question^3", "question.cjk^1.5", "keywords^2.5", "keywords.cjk^1.25",
                               "answer^1", "answer.cjk^0.5"]
    synonym = next(q["multi_match"] for q in alternatives if q["multi_match"]["query"] == "社会保险")
    assert synonym["boost"] < 1.0


def test_query_body_has_one_clause_per_concept():
    body = elastic.query_body(parse_query("孩子刚出生怎么上户口"), Filters(), 5)
    words = [group["dis_max"]["queries"][0]["multi_match"]["query"] for group in body["query"]["bool"]["should"]]
    assert words == ["孩子", "出生", "上户口"]


def test_query_body_filters_for_citizens_department_category_and_validity():
    day = datetime.date(2026, 11, 22)
    body = elastic.query_body(parse_query("护照"), Filters(department_id=7, category_code="500000", today=day), 5)
    filters = body["query"]["bool"]["filter"]
    assert {"term": {"is_public": True}} in filters
    assert {"term": {"department_id": 7}} in filters
    assert {"term": {"categories": "500000"}} in filters
    assert {"bool": {"must_not": [{"range": {"valid_until": {"lt": "2026-11-22"}}}]}} in filters
    assert {"bool": {"must_not": [{"range": {"valid_from": {"gt": "2026-11-22"}}}]}} in filters


def test_staff_query_body_has_no_public_filter():
    body = elastic.query_body(parse_query("护照"), Filters(include_internal=True), 5)
    assert "filter" not in body["query"]["bool"] or {"term": {"is_public": True}} not in body["query"]["bool"]["filter"]


def test_short_query_adds_a_wildcard_on_the_title():
    body = elastic.query_body(parse_query("环"), Filters(), 5)
    assert {"wildcard": {"title_plain": {"value": "*环*", "boost": 2.0}}} in body["query"]["bool"]["should"]


@pytest.mark.django_db
def test_document_carries_segmented_text_and_category_path(demo_articles):
    doc = elastic.to_document(demo_articles["newborn-hukou"]).to_dict(include_meta=True)
    assert doc["_id"] == demo_articles["newborn-hukou"].pk
    source = doc["_source"]
    assert "婴儿" in source["question"].split()
    assert source["categories"] == ["500000", "500100", "500101"]
    assert source["department"] == "psb_household" and source["is_public"] is True


@pytest.mark.django_db
def test_search_falls_back_to_the_database_when_elasticsearch_is_down(demo_articles):
    with override_settings(ELASTICSEARCH_URL="http://127.0.0.1:9"):
        assert search_module.backend_name() == "elasticsearch"
        result = search_module.search("孩子刚出生怎么上户口")
        assert result.backend == "database"
        assert result.hits[0].article.slug == "newborn-hukou"
        # The dead cluster is not asked again at once; /healthz reports the database meanwhile.
        assert search_module.backend_name() == "database"


@pytest.mark.django_db(transaction=True)
def test_saving_an_entry_schedules_elasticsearch_sync_after_commit(reference_data):
    from kb.models import Article

    with override_settings(ELASTICSEARCH_URL="http://127.0.0.1:9"), \
            mock.patch("kb.tasks.sync_article_to_elasticsearch.delay") as delay:
        article = Article.objects.create(question="问", answer="<p>答</p>", status="published")
        delay.assert_called_once_with(article.pk)


@pytest.mark.django_db
def test_sync_task_survives_an_unreachable_cluster(reference_data):
    from kb.models import Article
    from kb.tasks import sync_article_to_elasticsearch

    article = Article.objects.create(question="问", answer="<p>答</p>", status="published")
    with override_settings(ELASTICSEARCH_URL="http://127.0.0.1:9"):
        assert sync_article_to_elasticsearch.apply(args=[article.pk]).get() == "failed"


@pytest.mark.live_es
@pytest.mark.skipif(not LIVE, reason="needs ELASTICSEARCH_URL")
@pytest.mark.django_db
def test_live_elasticsearch_ranks_the_demo_content(demo_articles):
    from kb.evaluation import evaluate

    with override_settings(ELASTICSEARCH_URL=LIVE, ELASTICSEARCH_INDEX_PREFIX="hotline_test"):
        assert elastic.rebuild() == sum(1 for a in demo_articles.values() if a.status == "published")
        result = evaluate(top=3)
        assert result.score >= 0.9, result.misses
        assert search_module.search("护照").backend == "elasticsearch"
        elastic.document_class()._index.delete(using=elastic.client(), ignore_unavailable=True)


@pytest.mark.django_db
def test_elasticsearch_answers_and_unsearchable_hits_are_dropped(demo_articles):
    """The glue between Elasticsearch's hits and the entries: order kept, ids mapped, and a hit for
    an internal entry (index not yet in step) never reaches a citizen."""
    passport, internal = demo_articles["passport-collect"], demo_articles["agent-emergency-transfer"]
    hits = [{"_index": "x", "_id": str(pk), "_score": score} for pk, score in
            ((internal.pk, 9.0), (passport.pk, 7.5))]
    fake = mock.MagicMock()
    fake.search.return_value.body = {"hits": {"total": {"value": 2}, "hits": hits}}
    with override_settings(ELASTICSEARCH_URL="http://es.test:9200"), \
            mock.patch("kb.backends.elastic.client", return_value=fake):
        result = search_module.search("护照去哪拿")
        staff = search_module.search("护照去哪拿", include_internal=True)
    assert result.backend == "elasticsearch"
    assert [hit.article.pk for hit in result.hits] == [passport.pk]
    assert [hit.article.pk for hit in staff.hits] == [internal.pk, passport.pk]
    sent = fake.search.call_args.kwargs
    assert sent["index"] == ["hotline_kb_articles"] and sent["body"]["size"] == 10
