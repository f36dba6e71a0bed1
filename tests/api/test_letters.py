"""POST /api/v1/letters/: a citizen's letter, and every kind of bad input answered with a named field."""

import json

import pytest

from tickets import passwords
from tickets.models import Channel, OutboundMessage, Ticket

pytestmark = pytest.mark.django_db

URL = "/api/v1/letters/"
VALID = {"type": "consultation", "title": "养老金资格认证", "content": "退休人员每年需要认证吗？", "phone": "13812345678"}


def post(api, body):
    return api.post(URL, body, format="json")


def test_letter_returns_number_password_status_and_time(api, reference_data):
    response = post(api, VALID)
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"letter_number", "password", "status", "submitted_at"}
    assert body["letter_number"].isdigit() and 10 <= len(body["letter_number"]) <= 16
    assert body["status"] == "received"
    ticket = Ticket.objects.get(letter_number=body["letter_number"])
    assert ticket.channel == Channel.WEB
    assert passwords.check_password(body["password"], ticket.password_hash)
    assert body["password"] not in ticket.password_hash


def test_letter_keeps_the_citizens_own_password(api, reference_data):
    body = post(api, {**VALID, "password": "my-secret-1"}).json()
    assert body["password"] == "my-secret-1"


def test_letter_queues_sms_with_number_and_password(api, reference_data):
    body = post(api, VALID).json()
    sms = OutboundMessage.objects.get(template="letter_received")
    assert sms.recipient == "13812345678"
    assert body["letter_number"] in sms.body and body["password"] in sms.body


def test_letter_text_is_stored_as_written(api, reference_data):
    content = "<script>alert('x')</script> 门口 & 路灯"
    body = post(api, {**VALID, "content": content}).json()
    assert Ticket.objects.get(letter_number=body["letter_number"]).content == content


def test_letter_phone_written_with_spaces_and_hyphens_is_stored_as_digits(api, reference_data):
    body = post(api, {**VALID, "phone": "0311-8600 1001"}).json()
    assert Ticket.objects.get(letter_number=body["letter_number"]).citizen_phone == "031186001001"


def test_confidential_and_category_and_coordinates_are_kept(api, reference_data):
    body = post(api, {**VALID, "confidential": True, "category": "300200", "lat": 38.04, "lon": 114.51}).json()
    ticket = Ticket.objects.get(letter_number=body["letter_number"])
    assert ticket.confidential and ticket.category.code == "300200"
    assert float(ticket.lat) == 38.04 and float(ticket.lon) == 114.51


@pytest.mark.parametrize("change, field", [
    ({"type": None}, "type"),
    ({"type": "rant"}, "type"),
    ({"title": ""}, "title"),
    ({"title": "长" * 201}, "title"),
    ({"content": "x" * 5001}, "content"),
    ({"phone": "12"}, "phone"),
    ({"phone": "abc-def-ghij"}, "phone"),
    ({"password": "12345"}, "password"),
    ({"confidential": "yes"}, "confidential"),
    ({"lat": 91, "lon": 100}, "lat"),
    ({"lat": 30, "lon": -181}, "lon"),
    ({"lat": "north", "lon": 10}, "lat"),
    ({"lat": 30}, "lon"),
    ({"category": "999999"}, "category"),
    ({"title": "a\x00b"}, "title"),
])
def test_bad_letter_input_is_400_naming_the_field(api, reference_data, change, field):
    body = {**VALID, **change}
    body = {k: v for k, v in body.items() if v is not None}
    response = post(api, body)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert field in error["fields"], error
    assert all(isinstance(text, str) and text for text in error["fields"][field])
    assert not Ticket.objects.exists()


def test_missing_fields_are_all_named(api, reference_data):
    response = post(api, {})
    assert response.status_code == 400
    assert {"type", "title", "content", "phone"} <= set(response.json()["error"]["fields"])


def test_malformed_json_is_400(api, reference_data):
    response = api.post(URL, data='{"type": "help", ', content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "malformed_json"


def test_json_that_is_not_an_object_is_400(api, reference_data):
    response = api.post(URL, data=json.dumps(["a", "b"]), content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"


def test_form_encoded_body_is_415(api, reference_data):
    response = api.post(URL, data="type=help", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415
    assert response.json()["error"]["code"] == "unsupported_media_type"


def test_oversized_body_is_413(api, reference_data, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = api.post(URL, data=json.dumps({**VALID, "content": "x" * 20_000}), content_type="application/json")
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"


def test_submission_is_throttled_per_phone(api, reference_data, settings):
    settings.HOTLINE_THROTTLES = {**settings.HOTLINE_THROTTLES, "letters_per_phone": (3, 3600)}
    for _ in range(3):
        assert post(api, VALID).status_code == 201
    response = post(api, VALID)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert response.json()["error"]["code"] == "throttled"
    assert post(api, {**VALID, "phone": "13900000000"}).status_code == 201


def test_submission_is_throttled_per_address(api, reference_data, settings):
    settings.HOTLINE_THROTTLES = {**settings.HOTLINE_THROTTLES, "letters_per_address": (2, 3600)}
    assert post(api, {**VALID, "phone": "13900000001"}).status_code == 201
    assert post(api, {**VALID, "phone": "13900000002"}).status_code == 201
    assert post(api, {**VALID, "phone": "13900000003"}).status_code == 429
    other = api.post(URL, {**VALID, "phone": "13900000004"}, format="json", REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 201


def test_rejected_letters_do_not_count_against_the_limit(api, reference_data, settings):
    settings.HOTLINE_THROTTLES = {**settings.HOTLINE_THROTTLES, "letters_per_phone": (1, 3600)}
    assert post(api, {**VALID, "category": "999999"}).status_code == 400
    assert post(api, VALID).status_code == 201
