"""The Elasticsearch backend of the ticket search: the mapping and query bodies it sends, the fall
back to the database when the cluster is down, and sync after commit. The live tests talk to a real
cluster and run only when ELASTICSEARCH_URL is set."""

import datetime as dt
import os
from unittest import mock

import pytest
from django.test import override_settings

import tickets.search as search_module
from tickets.search import TicketFilters
from tickets.search.backends import elastic
from tickets.search.query import parse_ticket_query

LIVE = os.environ.get("ELASTICSEARCH_URL", "")


@pytest.fixture(autouse=True)
def _reset_breaker():
    search_module._es_down_until = 0.0
    yield
    search_module._es_down_until = 0.0


def test_mapping_has_segmented_text_keyword_tokens_and_filter_fields():
    with override_settings(ELASTICSEARCH_INDEX_PREFIX="city"):
        body = elastic.index_body()
        assert elastic.index_name() == "city_tickets"
    assert body["settings"]["analysis"]["analyzer"]["hotline_terms"]["tokenizer"] == "whitespace"
    props = body["mappings"]["properties"]
    for name in ("title", "body"):
        assert props[name]["analyzer"] == "hotline_terms"
        assert props[name]["fields"] == {"cjk": {"type": "text", "analyzer": "cjk"}}
    for name in ("keys", "status", "lead_department", "departments", "categories", "channel", "type", "priority",
                 "district", "street"):
        assert props[name] == {"type": "keyword"}, name
    assert props["created_at"] == {"type": "date"}


def test_every_group_must_match_and_numbers_are_keyword_lookups():
    query = parse_ticket_query("提取公积金 13700001111", personal=True)
    body = elastic.query_body(query)
    must = body["query"]["bool"]["must"]
    assert len(must) == 3
    number = must[2]["bool"]["should"]
    assert number[0] == {"bool": {"must": [{"term": {"keys": "p13700001111"}}]}}
    assert all(clause["term"]["keys"].startswith("n") for clause in number[1]["bool"]["must"])
    word = must[0]["bool"]["should"][0]["bool"]["must"][0]["multi_match"]
    assert word["query"] == "提取" and "title^4" in word["fields"] and "personal^2" in word["fields"]
    assert body["sort"][0] == "_score" and body["sort"][1] == {"created_at": {"order": "desc"}}


def test_a_department_query_never_reaches_personal_fields_and_sees_only_its_tickets():
    body = elastic.query_body(parse_ticket_query("王五", personal=False), department_code="housing")
    clause = body["query"]["bool"]["must"][0]["bool"]["should"][0]["bool"]["must"][0]["multi_match"]
    assert not any(field.startswith("personal") for field in clause["fields"])
    assert {"term": {"departments": "housing"}} in body["query"]["bool"]["filter"]


@pytest.mark.django_db
def test_filters_are_pushed_into_the_query(reference_data):
    filters = TicketFilters.from_params({"status": "received,dispatched", "channel": "web", "category": "100000",
                                         "from": "2026-03-01", "to": "2026-03-31", "district": "裕华区"})
    clauses = elastic.query_body(parse_ticket_query("社保"), filters)["query"]["bool"]["filter"]
    assert {"terms": {"status": ["received", "dispatched"]}} in clauses
    assert {"terms": {"channel": ["web"]}} in clauses
    assert {"term": {"categories": "100000"}} in clauses
    assert {"term": {"district": "裕华区"}} in clauses
    created = next(c["range"]["created_at"] for c in clauses if "range" in c)
    assert created["gte"] == "2026-03-01" and created["lte"] == "2026-03-31||/d"


@pytest.mark.django_db
def test_the_document_carries_the_index_tokens_and_visibility(indexed, users):
    from tickets.services import transitions

    ticket = indexed(title="住房公积金提取", name="王五", phone="13700001111", category="100101")
    ticket = transitions.dispatch(ticket.pk, by=users["dispatcher1"], department="housing", co_departments=["urban"])
    doc = elastic.to_document(ticket).to_dict()
    assert "公积金" in doc["title"].split()
    assert "p13700001111" in doc["keys"] and "t1111" in doc["keys"]
    assert any(key.startswith("n") for key in doc["keys"])
    assert "王五" in doc["personal"].split()
    assert doc["departments"] == ["housing", "urban"] and doc["categories"] == ["100101", "100100", "100000"]
    assert isinstance(doc["created_at"], dt.datetime)


@pytest.mark.django_db
def test_search_falls_back_to_the_database_when_elasticsearch_is_down(indexed, users):
    from tickets.models import Ticket

    ticket = indexed(title="住房公积金提取")
    with override_settings(ELASTICSEARCH_URL="http://127.0.0.1:9"):
        assert search_module.backend_name() == "elasticsearch"
        found = search_module.search(Ticket.objects.all(), TicketFilters(q="公积金怎么提取"), users["dispatcher1"])
        assert [t.pk for t in found] == [ticket.pk]
        assert search_module.backend_name() == "database"


@pytest.mark.django_db
def test_a_committed_ticket_event_schedules_elasticsearch_sync(make_ticket, django_capture_on_commit_callbacks):
    with override_settings(ELASTICSEARCH_URL="http://127.0.0.1:9"), \
            mock.patch("tickets.tasks.sync_ticket_to_elasticsearch.delay") as delay, \
            django_capture_on_commit_callbacks(execute=True):
        ticket = make_ticket(title="路灯").ticket
    delay.assert_called_once_with(ticket.pk)


@pytest.mark.django_db
def test_the_sync_task_survives_an_unreachable_cluster(make_ticket):
    from tickets.tasks import sync_ticket_to_elasticsearch

    ticket = make_ticket().ticket
    with override_settings(ELASTICSEARCH_URL="http://127.0.0.1:9"):
        assert sync_ticket_to_elasticsearch.apply(args=[ticket.pk]).get() == "failed"


@pytest.mark.live_es
@pytest.mark.skipif(not LIVE, reason="needs ELASTICSEARCH_URL")
@pytest.mark.django_db
def test_live_elasticsearch_finds_tickets_by_words_in_any_order_and_by_number(indexed, users):
    from tickets.models import Ticket

    fund = indexed(title="住房公积金提取", phone="13700001111")
    indexed(title="路灯不亮")
    assert elastic.rebuild() == 2
    user = users["dispatcher1"]
    for q in ("提取公积金", "公积金怎么提取", fund.letter_number[-8:], "13700001111"):
        found = search_module.search(Ticket.objects.all(), TicketFilters(q=q), user).order_by(*search_module.RANKING)
        assert [t.pk for t in found] == [fund.pk], q
    assert search_module.backend_name() == "elasticsearch"
