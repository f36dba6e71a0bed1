"""GET /api/v1/kb/search/ (CONTRACT.md) and the console's feedback endpoint."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

SEARCH = "/api/v1/kb/search/"


@pytest.fixture
def client():
    return APIClient()


@pytest.fixture
def agent_client(users):
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=users["agent1"])
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def _assert_error(response, status, code, field=None):
    assert response.status_code == status
    error = response.json()["error"]
    assert error["code"] == code and error["message"]
    assert isinstance(error["fields"], dict)
    if field:
        assert field in error["fields"]


def test_search_answers_in_the_contract_shape(client, demo_articles):
    response = client.get(SEARCH, {"q": "孩子刚出生怎么上户口", "limit": 3})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"results", "backend", "took_ms"}
    assert body["backend"] == "database" and isinstance(body["took_ms"], (int, float))
    first = body["results"][0]
    assert set(first) == {"id", "question", "answer", "department", "score"}
    assert first["id"] == demo_articles["newborn-hukou"].pk
    assert first["department"] == "市公安局户政管理支队"
    assert "<" not in first["answer"]  # plain text for API clients
    assert len(body["results"]) <= 3


def test_citizen_search_never_returns_internal_entries(client, demo_articles):
    body = client.get(SEARCH, {"q": "路灯不亮派给哪个单位", "limit": 50}).json()
    internal = {a.pk for a in demo_articles.values() if not a.is_public}
    assert not internal & {r["id"] for r in body["results"]}


def test_staff_with_token_also_get_internal_entries(agent_client, demo_articles):
    body = agent_client.get(SEARCH, {"q": "路灯不亮派给哪个单位"}).json()
    assert body["results"][0]["id"] == demo_articles["agent-streetlight-routing"].pk


def test_staff_session_also_gets_internal_entries(client, users, demo_articles):
    client.force_login(users["agent1"])
    body = client.get(SEARCH, {"q": "路灯不亮派给哪个单位"}).json()
    assert body["results"][0]["id"] == demo_articles["agent-streetlight-routing"].pk


@pytest.mark.parametrize("params, field", [
    ({}, "q"), ({"q": "   "}, "q"), ({"q": "护" * 201}, "q"), ({"q": "护照", "limit": "abc"}, "limit"),
    ({"q": "护照", "limit": "0"}, "limit"), ({"q": "护照", "limit": "51"}, "limit"),
    ({"q": "护照", "department": "nope"}, "department"), ({"q": "护照", "category": "999999"}, "category"),
])
def test_bad_search_parameters_are_400_with_the_error_shape(client, params, field):
    _assert_error(client.get(SEARCH, params), 400, "invalid", field)


def test_search_filters_by_department(client, demo_articles):
    body = client.get(SEARCH, {"q": "办公时间", "department": "psb_exit_entry", "limit": 20}).json()
    assert body["results"] and all(r["department"] == "市公安局出入境管理支队" for r in body["results"])


def test_invalid_token_is_401(client):
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    _assert_error(client.get(SEARCH, {"q": "护照"}), 401, "authentication_failed")


def test_article_endpoint_hides_internal_entries_from_citizens(client, agent_client, demo_articles):
    internal = demo_articles["agent-emergency-transfer"]
    _assert_error(client.get(f"/api/v1/kb/articles/{internal.pk}/"), 404, "not_found")
    body = agent_client.get(f"/api/v1/kb/articles/{internal.pk}/").json()
    assert body["question"] == internal.question and body["is_public"] is False


def test_agent_marks_an_entry_helpful(agent_client, demo_articles):
    article = demo_articles["passport-collect"]
    response = agent_client.post(f"/api/v1/kb/articles/{article.pk}/feedback/", {"kind": "helpful"}, format="json")
    assert response.status_code == 200
    assert response.json() == {"id": article.pk, "helpful": 1, "outdated": 0, "needs_review": False}


def test_outdated_mark_flags_the_entry(agent_client, demo_articles):
    article = demo_articles["passport-collect"]
    body = agent_client.post(f"/api/v1/kb/articles/{article.pk}/feedback/", {"kind": "outdated"},
                             format="json").json()
    assert body["outdated"] == 1 and body["needs_review"] is True


def test_feedback_needs_staff(client, demo_articles):
    article = demo_articles["passport-collect"]
    _assert_error(client.post(f"/api/v1/kb/articles/{article.pk}/feedback/", {"kind": "helpful"}, format="json"),
                  401, "not_authenticated")


def test_feedback_with_a_bad_kind_is_400(agent_client, demo_articles):
    article = demo_articles["passport-collect"]
    _assert_error(agent_client.post(f"/api/v1/kb/articles/{article.pk}/feedback/", {"kind": "great"},
                                    format="json"), 400, "invalid", "kind")


def test_feedback_on_unknown_entry_is_404(agent_client):
    _assert_error(agent_client.post("/api/v1/kb/articles/999999/feedback/", {"kind": "helpful"}, format="json"),
                  404, "not_found")


@pytest.mark.parametrize("q", ['"', "AND", "OR 护照 NOT", "%_\\", "护照*", "(低保", "NEAR(a b)", "a:b", "🙂", "１２３４５"])
def test_odd_queries_never_break_search(client, demo_articles, q):
    response = client.get(SEARCH, {"q": q})
    assert response.status_code == 200
    assert isinstance(response.json()["results"], list)
