"""Staff tickets: registration, the list, the detail, transitions and actions, and who sees what."""

import json

import pytest

from tickets.models import PersonalDataAccess, Ticket

pytestmark = pytest.mark.django_db

CALL = {"type": "help", "title": "独居老人家中停电", "content": "来电人称家中停电半天。", "phone": "13611112222",
        "name": "王五", "address": "长安区建北街道3号", "id_number": "130102195001011234"}


def register(client, **overrides):
    return client.post("/api/v1/tickets/", {**CALL, **overrides}, format="json")


def test_agent_registers_a_phone_ticket_and_gets_the_password_to_read_out(staff_api, users):
    response = register(staff_api("agent1"), priority="urgent", call_id="call-42")
    assert response.status_code == 201
    body = response.json()
    assert body["channel"] == "phone" and body["priority"] == "urgent" and body["status"] == "received"
    assert body["citizen"] == {"name": "王五", "phone": "136****2222", "confidential": False, "withheld": False}
    assert len(body["password"]) >= 6
    ticket = Ticket.objects.get(pk=body["id"])
    assert ticket.created_by == users["agent1"] and ticket.call_id == "call-42"
    assert "dispatch" in body["available_transitions"]


def test_handler_cannot_register_tickets(staff_api):
    response = register(staff_api("housing1"))
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


def test_staff_endpoints_need_a_token(api, reference_data):
    response = api.get("/api/v1/tickets/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
    bad = api.get("/api/v1/tickets/", HTTP_AUTHORIZATION="Token nonsense")
    assert bad.status_code == 401 and bad.json()["error"]["code"] == "authentication_failed"


def test_token_login_gives_a_working_token(api, users):
    response = api.post("/api/v1/auth/token/", {"username": "dispatcher1", "password": "demo-pass-12345"},
                        format="json")
    assert response.status_code == 200
    listing = api.get("/api/v1/tickets/", HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert listing.status_code == 200


def test_token_login_with_wrong_password_is_400_then_throttled(api, users):
    for _ in range(9):
        response = api.post("/api/v1/auth/token/", {"username": "agent1", "password": "guess"}, format="json")
        assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_credentials"
    tenth = api.post("/api/v1/auth/token/", {"username": "agent1", "password": "guess"}, format="json")
    assert tenth.status_code == 429 and tenth.json()["error"]["code"] == "throttled"  # the 10th failure locks
    blocked = api.post("/api/v1/auth/token/", {"username": "agent1", "password": "demo-pass-12345"}, format="json")
    assert blocked.status_code == 429 and "Retry-After" in blocked


def test_list_is_newest_first_and_paginated_by_cursor(staff_api, make_ticket):
    ids = [make_ticket(title=f"诉求{i}").ticket.pk for i in range(5)]
    client = staff_api("dispatcher1")
    first = client.get("/api/v1/tickets/?page_size=2").json()
    assert [t["id"] for t in first["results"]] == ids[::-1][:2]
    second = client.get(first["next"]).json()
    assert [t["id"] for t in second["results"]] == ids[::-1][2:4]


def test_list_filters_by_status_department_and_text(staff_api, make_ticket, dispatched_ticket):
    from tickets.search.indexing import rebuild

    make_ticket(title="噪音扰民")
    rebuild()  # the index follows committed events; this test's transaction never commits
    client = staff_api("dispatcher1")
    by_status = client.get("/api/v1/tickets/?status=dispatched").json()["results"]
    assert [t["id"] for t in by_status] == [dispatched_ticket.pk]
    by_department = client.get("/api/v1/tickets/?department=housing").json()["results"]
    assert [t["id"] for t in by_department] == [dispatched_ticket.pk]
    by_text = client.get("/api/v1/tickets/?q=噪音").json()["results"]
    assert [t["title"] for t in by_text] == ["噪音扰民"]
    by_number = client.get(f"/api/v1/tickets/?q={dispatched_ticket.letter_number}").json()["results"]
    assert [t["id"] for t in by_number] == [dispatched_ticket.pk]


def test_list_filters_by_sla_state(staff_api, dispatched_ticket):
    client = staff_api("dispatcher1")
    assert client.get("/api/v1/tickets/?sla=overdue").json()["results"] == []
    Ticket.objects.filter(pk=dispatched_ticket.pk).update(sign_due="2020-01-01T00:00:00Z",
                                                         sign_warn_at="2019-12-31T00:00:00Z")
    overdue = client.get("/api/v1/tickets/?sla=overdue").json()["results"]
    assert [t["id"] for t in overdue] == [dispatched_ticket.pk]
    assert overdue[0]["deadlines"]["sla_state"] == "overdue"


@pytest.mark.parametrize("query, field", [
    ("status=waiting", "status"), ("sla=late", "sla"), ("q=" + "x" * 101, "q"), ("cursor=%%%", "cursor"),
    ("cursor=cD1hYmM=", "cursor"),  # base64 of "p=abc": a forged position
])
def test_bad_list_parameters_are_400(staff_api, reference_data, query, field):
    response = staff_api("dispatcher1").get(f"/api/v1/tickets/?{query}")
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]


def test_handler_sees_only_their_departments_tickets(staff_api, make_ticket, dispatched_ticket):
    make_ticket(title="未派单的")
    results = staff_api("housing1").get("/api/v1/tickets/").json()["results"]
    assert [t["id"] for t in results] == [dispatched_ticket.pk]
    assert staff_api("market1").get("/api/v1/tickets/").json()["results"] == []


def test_handler_cannot_see_or_act_on_another_departments_ticket(staff_api, dispatched_ticket):
    market = staff_api("market1")
    missing = market.get("/api/v1/tickets/999999/")
    for response in (
        market.get(f"/api/v1/tickets/{dispatched_ticket.pk}/"),
        market.post(f"/api/v1/tickets/{dispatched_ticket.pk}/transitions/accept/", {}, format="json"),
        market.post(f"/api/v1/tickets/{dispatched_ticket.pk}/actions/note/", {"text": "看看"}, format="json"),
        market.get(f"/api/v1/tickets/{dispatched_ticket.pk}/personal/"),
    ):
        assert response.status_code == 404
        assert response.json() == missing.json()
    assert Ticket.objects.get(pk=dispatched_ticket.pk).status == "dispatched"


def test_transition_not_allowed_now_is_409_with_available_transitions(staff_api, dispatched_ticket):
    response = staff_api("housing1").post(f"/api/v1/tickets/{dispatched_ticket.pk}/transitions/reply/",
                                          {"text": "答复"}, format="json")
    assert response.status_code == 409
    body = response.json()
    assert body["error"]["code"] == "transition_not_allowed"
    assert set(body["available_transitions"]) == {"accept", "request_return"}
    assert body["error"]["available_transitions"] == body["available_transitions"]


def test_transition_that_is_not_this_users_is_403(staff_api, dispatched_ticket):
    response = staff_api("agent1").post(f"/api/v1/tickets/{dispatched_ticket.pk}/transitions/accept/", {},
                                        format="json")
    assert response.status_code == 403


def test_unknown_transition_is_404(staff_api, dispatched_ticket):
    response = staff_api("dispatcher1").post(f"/api/v1/tickets/{dispatched_ticket.pk}/transitions/teleport/", {},
                                             format="json")
    assert response.status_code == 404


def test_transition_with_missing_or_mistyped_fields_is_400(staff_api, make_ticket):
    ticket = make_ticket().ticket
    client = staff_api("dispatcher1")
    missing = client.post(f"/api/v1/tickets/{ticket.pk}/transitions/dispatch/", {}, format="json")
    assert missing.status_code == 400 and "department" in missing.json()["error"]["fields"]
    unknown = client.post(f"/api/v1/tickets/{ticket.pk}/transitions/dispatch/", {"department": "mars"}, format="json")
    assert unknown.status_code == 400 and "department" in unknown.json()["error"]["fields"]
    mistyped = client.post(f"/api/v1/tickets/{ticket.pk}/transitions/merge/", {"into": 2**70}, format="json")
    assert mistyped.status_code == 400 and "into" in mistyped.json()["error"]["fields"]


def test_dispatch_with_co_departments_shows_them(staff_api, make_ticket):
    ticket = make_ticket().ticket
    body = staff_api("dispatcher1").post(f"/api/v1/tickets/{ticket.pk}/transitions/dispatch/",
                                         {"department": "housing", "co_departments": ["urban"]}, format="json").json()
    assert body["lead_department"] == {"code": "housing", "name": "市住房和城乡建设局"}
    assert body["co_departments"] == [{"code": "urban", "name": "市城市管理局"}]
    urban = staff_api("urban1")
    assert urban.get(f"/api/v1/tickets/{ticket.pk}/").status_code == 200
    assert urban.post(f"/api/v1/tickets/{ticket.pk}/transitions/accept/", {}, format="json").status_code == 403


def test_actions_urge_and_extension(staff_api, dispatched_ticket):
    ticket_id = dispatched_ticket.pk
    urged = staff_api("supervisor1").post(f"/api/v1/tickets/{ticket_id}/actions/urge/", {"text": "请尽快"},
                                          format="json")
    assert urged.status_code == 200 and urged.json()["urge_count"] == 1
    housing = staff_api("housing1")
    housing.post(f"/api/v1/tickets/{ticket_id}/transitions/accept/", {}, format="json")
    asked = housing.post(f"/api/v1/tickets/{ticket_id}/actions/request_extension/", {"days": 5, "reason": "需现场勘查"},
                         format="json")
    assert asked.status_code == 200
    decided = staff_api("dispatcher1").post(f"/api/v1/tickets/{ticket_id}/actions/decide_extension/",
                                            {"approve": True}, format="json")
    assert decided.status_code == 200
    assert decided.json()["deadlines"]["reply_due"] != asked.json()["deadlines"]["reply_due"]
    again = housing.post(f"/api/v1/tickets/{ticket_id}/actions/request_extension/", {"days": 5, "reason": "再延"},
                         format="json")
    assert again.status_code == 409


def test_handler_cannot_urge(staff_api, dispatched_ticket):
    response = staff_api("housing1").post(f"/api/v1/tickets/{dispatched_ticket.pk}/actions/urge/", {}, format="json")
    assert response.status_code == 403


def test_detail_has_the_full_history(staff_api, dispatched_ticket):
    body = staff_api("housing1").get(f"/api/v1/tickets/{dispatched_ticket.pk}/").json()
    assert [e["kind"] for e in body["events"]] == ["created", "transition"]
    assert body["events"][1]["transition"] == "dispatch" and body["events"][1]["to"] == "dispatched"
    assert body["attachments"] == []


def test_revealing_personal_data_is_logged(staff_api, users, dispatched_ticket):
    response = staff_api("housing1").get(f"/api/v1/tickets/{dispatched_ticket.pk}/personal/")
    assert response.status_code == 200
    assert response.json()["phone"] == "13812345678"
    access = PersonalDataAccess.objects.get(via="api")
    assert access.user == users["housing1"] and access.ticket_id == dispatched_ticket.pk


def test_opening_the_detail_is_logged_as_access_to_name_and_address(staff_api, users, dispatched_ticket):
    staff_api("housing1").get(f"/api/v1/tickets/{dispatched_ticket.pk}/")
    assert PersonalDataAccess.objects.filter(user=users["housing1"], via="api:detail").count() == 1


def test_confidential_ticket_leaks_nothing_personal_to_the_department(staff_api, make_ticket):
    ticket = make_ticket(confidential=True, name="赵六", phone="13566667777", address="桥西区东里街道8号",
                         id_number="130104198001011111").ticket
    dispatcher = staff_api("dispatcher1")
    dispatcher.post(f"/api/v1/tickets/{ticket.pk}/transitions/dispatch/", {"department": "housing"}, format="json")
    housing = staff_api("housing1")
    responses = [
        housing.get(f"/api/v1/tickets/{ticket.pk}/"),
        housing.get("/api/v1/tickets/"),
        housing.post(f"/api/v1/tickets/{ticket.pk}/transitions/accept/", {}, format="json"),
        housing.post(f"/api/v1/tickets/{ticket.pk}/actions/note/", {"text": "已联系"}, format="json"),
    ]
    for response in responses:
        assert response.status_code == 200
        text = json.dumps(response.json(), ensure_ascii=False)
        for secret in ("赵六", "13566667777", "135****7777", "7777", "东里街道8号", "130104198001011111"):
            assert secret not in text, (secret, response.request["PATH_INFO"])
    detail = responses[0].json()
    assert detail["citizen"]["withheld"] is True and detail["citizen"]["confidential"] is True
    refused = housing.get(f"/api/v1/tickets/{ticket.pk}/personal/")
    assert refused.status_code == 403
    assert not PersonalDataAccess.objects.filter(ticket=ticket).exists()
    assert housing.get("/api/v1/tickets/?q=13566667777").json()["results"] == []
    # The hotline itself still sees who called, masked.
    assert dispatcher.get(f"/api/v1/tickets/{ticket.pk}/").json()["citizen"]["phone"] == "135****7777"
