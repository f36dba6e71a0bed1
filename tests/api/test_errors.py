"""Every error under /api/ has the contract's shape, including Django's and DRF's own."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def assert_error_shape(response, status, code):
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body["error"]) >= {"code", "message", "fields"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]


def test_unknown_api_path_is_json_404(api, reference_data):
    assert_error_shape(api.get("/api/v1/nothing-here/"), 404, "not_found")


def test_wrong_method_is_json_405(api, reference_data):
    assert_error_shape(api.get("/api/v1/letters/"), 405, "method_not_allowed")
    assert_error_shape(api.delete("/api/v1/letters/lookup/"), 405, "method_not_allowed")


def test_unacceptable_accept_header_is_json_406(api, reference_data):
    response = api.post("/api/v1/letters/lookup/", {}, format="json", HTTP_ACCEPT="text/html")
    assert_error_shape(response, 406, "not_acceptable")


def test_staff_without_a_role_is_403(api, db):
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token

    user = get_user_model().objects.create_user("nobody", password="x")
    token = Token.objects.create(user=user)
    response = api.get("/api/v1/tickets/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert_error_shape(response, 403, "forbidden")


def test_session_login_without_csrf_token_is_403_json(users):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(users["agent1"])
    response = browser.post("/api/v1/tickets/", {"type": "help"}, content_type="application/json")
    assert_error_shape(response, 403, "forbidden")


def test_staff_api_is_rate_limited(staff_api, monkeypatch):
    from hotline.api.views.base import StaffRateThrottle

    monkeypatch.setattr(StaffRateThrottle, "THROTTLE_RATES", {"staff": "3/min"})
    client = staff_api("dispatcher1")
    for _ in range(3):
        assert client.get("/api/v1/tickets/").status_code == 200
    response = client.get("/api/v1/tickets/")
    assert_error_shape(response, 429, "throttled")
    assert int(response["Retry-After"]) > 0


def test_schema_and_docs_are_served(client, db):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    assert "/api/v1/letters/lookup/" in schema.json()["paths"]
    docs = client.get("/api/docs/")
    assert docs.status_code == 200 and b"swagger" in docs.content.lower()


def test_a_format_outside_the_schema_is_a_400_naming_the_parameter(users, client):
    client.force_login(users["dispatcher1"])
    for value, status in (("api", 400), ("", 400), ("html", 400), ("json", 200), ("csv", 200)):
        response = client.get("/api/v1/tickets/", {"format": value})
        assert response.status_code == status, value
        if status == 400:
            assert response.json()["error"]["fields"]["format"] == ["format 只能是 json、xlsx、csv。"]
