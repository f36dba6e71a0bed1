import pytest

URL = "/api/v1/suggestions/"


@pytest.fixture
def agent(staff_api, catalogue):
    return staff_api("agent1")


def test_suggestions_answer_in_the_contract_shape(agent):
    response = agent.post(URL, {"title": "门口路灯不亮", "content": "小区门口路灯坏了", "address": "裕华区东苑街道"},
                          format="json")
    assert response.status_code == 200
    body = response.json()
    assert set(body) >= {"departments", "categories", "duplicates", "kb"}
    first = body["departments"][0]
    assert set(first) >= {"code", "name", "score", "reasons"} and first["code"] == "urban_lighting"
    assert set(body["categories"][0]) >= {"code", "name", "score"}
    assert all(len(body[key]) <= 5 for key in ("departments", "categories", "duplicates", "kb"))
    scores = [d["score"] for d in body["departments"]]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("body", [{}, {"title": "", "content": ""}, {"title": "😀😀", "content": "🎉🎉🎉"},
                                  {"title": "路灯", "content": "坏" * 100_000}])
def test_bad_or_odd_text_gets_a_clean_answer_never_a_500(agent, body):
    response = agent.post(URL, body, format="json")
    assert response.status_code == 200
    if not any(body.values()) or "😀" in body.get("title", ""):
        assert response.json()["departments"] == []


@pytest.mark.parametrize("body,field", [({"title": 5}, "title"), ({"content": "x" * 100_001}, "content"),
                                        ({"type": "nonsense"}, "type"), ({"phone": ["1"]}, "phone")])
def test_malformed_fields_are_a_400_naming_the_field(agent, body, field):
    response = agent.post(URL, body, format="json")
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]


def test_a_body_that_is_not_an_object_is_a_400(agent):
    assert agent.post(URL, ["x"], format="json").status_code == 400


def test_department_handlers_and_anonymous_callers_get_no_suggestions(staff_api, catalogue):
    from rest_framework.test import APIClient

    assert staff_api("housing1").post(URL, {"title": "路灯"}, format="json").status_code == 403
    assert APIClient().post(URL, {"title": "路灯"}, format="json").status_code == 401


def test_a_stored_ticket_has_suggestions_and_never_lists_itself(agent, make_ticket):
    first = make_ticket(title="门口路灯不亮", content="东苑小区门口路灯坏了一周", address="裕华区东苑街道").ticket
    second = make_ticket(title="路灯还是不亮", content="东苑小区门口路灯坏了一周了", address="裕华区东苑街道").ticket
    response = agent.get(f"/api/v1/tickets/{second.pk}/suggestions/")
    assert response.status_code == 200
    body = response.json()
    assert body["departments"][0]["code"] == "urban_lighting"
    assert [d["id"] for d in body["duplicates"]] == [first.pk]
    assert {"id", "letter_number", "title", "status", "score", "reasons"} <= set(body["duplicates"][0])


def test_an_unknown_ticket_is_a_404(agent):
    assert agent.get("/api/v1/tickets/999999/suggestions/").status_code == 404
