"""The REST door (CONTRACT.md): shapes, the error codes that name each rule, never a 500 for bad input."""

from datetime import datetime

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from hotline.appointments import rules
from hotline.appointments.models import BlacklistEntry, Booking, Status
from tests.appointments.conftest import resident_id

pytestmark = pytest.mark.django_db

BASE = "/api/v1/appointments/"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def staff(hall):
    def client(username="dispatcher1"):
        c = APIClient()
        token, _ = Token.objects.get_or_create(user=hall[username])
        c.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return c

    return client


@pytest.fixture
def body():
    def make(**overrides):
        data = {"service": "business-license", "name": "王小明", "id_number": resident_id(1),
                "phone": "139 1234 5678", "date": "2026-12-05", "period": "09:00-10:30"}
        data.update(overrides)
        return data

    return make


def test_services_list_code_name_and_materials(api, hall):
    answer = api.get(f"{BASE}services/")
    assert answer.status_code == 200
    first = answer.json()[0]
    assert {"code", "name", "materials"} <= set(first) and first["materials"] and isinstance(first["materials"], list)


def test_calendar_says_which_days_and_periods_are_open(api, hall, clock):
    answer = api.get(f"{BASE}calendar/").json()
    assert answer["open"] is True and [d["date"] for d in answer["days"]] == ["2026-12-05", "2026-12-06"]
    assert "09:00-10:30" in [p["code"] for p in answer["periods"]]
    clock.set(datetime(2026, 12, 5, 9, 0, tzinfo=rules.tz()))
    assert api.get(f"{BASE}calendar/").json()["open"] is False


def test_booking_answers_201_with_id_and_status(api, hall, clock, body):
    answer = api.post(BASE, body(), format="json")
    assert answer.status_code == 201, answer.content
    data = answer.json()
    assert data["status"] == "pending" and data["id"].isdigit()
    assert data["id_number"].startswith("1301") and "*" in data["id_number"] and data["phone"] == "139****5678"
    assert Booking.objects.get(number=data["id"]).phone == "13912345678"


@pytest.mark.parametrize("moment,overrides,status,code", [
    (datetime(2026, 12, 2, 13, 0), {}, 409, "booking_closed"),
    (datetime(2026, 9, 28, 9, 0), {"date": "2026-10-03"}, 409, "holiday"),
    (None, {"id_number": "130102198506120010"}, 400, "invalid_id_number"),
    (None, {"id_number": "abc"}, 400, "invalid_id_number"),
])
def test_each_rule_is_named_by_its_error_code(api, hall, clock, body, moment, overrides, status, code):
    if moment:
        clock.set(moment.replace(tzinfo=rules.tz()))
    answer = api.post(BASE, body(**overrides), format="json")
    assert answer.status_code == status and answer.json()["error"]["code"] == code
    assert answer.json()["error"]["message"]  # in Chinese, for people


def test_second_active_booking_and_blacklist_codes(api, hall, clock, body):
    assert api.post(BASE, body(), format="json").status_code == 201
    again = api.post(BASE, body(date="2026-12-06"), format="json")
    assert again.status_code == 409 and again.json()["error"]["code"] == "active_booking_exists"
    BlacklistEntry.objects.create(id_number=resident_id(2), no_shows=3)
    refused = api.post(BASE, body(id_number=resident_id(2)), format="json")
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "blacklisted"


@pytest.mark.parametrize("overrides", [
    {"date": "2026-13-45"}, {"date": "next saturday"}, {"date": 20261205}, {"date": None},
    {"date": "2026-12-03"},                       # a Thursday
    {"period": 9}, {"period": "09:00"}, {"service": ["x"]}, {"name": ""}, {"name": "王" * 60},
    {"id_number": 130102198506120011}, {"phone": "abc"}, {"phone": None},
])
def test_bad_input_is_a_400_in_the_contract_shape(api, hall, clock, body, overrides):
    answer = api.post(BASE, body(**overrides), format="json")
    assert answer.status_code == 400, answer.content
    error = answer.json()["error"]
    assert error["code"] in ("invalid", "invalid_id_number") and error["message"] and error["fields"]


@pytest.mark.parametrize("raw", [b"not json", b"[]", b"null", b'"text"'])
def test_a_body_that_is_not_an_object_is_a_400(api, hall, clock, raw):
    answer = api.post(BASE, raw, content_type="application/json")
    assert answer.status_code == 400 and "error" in answer.json()


def test_the_applicant_reads_cancels_and_gets_too_late_after_the_deadline(api, staff, hall, clock, body):
    number = api.post(BASE, body(), format="json").json()["id"]
    assert api.get(f"{BASE}{number}/").status_code == 404  # no ID number, no booking
    assert api.get(f"{BASE}{number}/", {"id_number": resident_id(3)}).status_code == 404
    seen = api.get(f"{BASE}{number}/", HTTP_X_ID_NUMBER=resident_id(1))
    assert seen.status_code == 200 and seen.json()["can_cancel"] is True
    staff().post(f"{BASE}{number}/review/", {"time": "09:30", "window": "3号窗口"}, format="json")
    notice = api.get(f"{BASE}{number}/", {"id_number": resident_id(1)}).json()
    assert notice["status"] == "notified" and "3号窗口" in notice["notice"] and notice["can_confirm"] is True
    confirmed = api.post(f"{BASE}{number}/confirm/", {"id_number": resident_id(1)}, format="json")
    assert confirmed.json()["status"] == "confirmed"
    clock.set(datetime(2026, 12, 5, 8, 0, tzinfo=rules.tz()))
    late = api.post(f"{BASE}{number}/cancel/", {"id_number": resident_id(1)}, format="json")
    assert late.status_code == 409 and late.json()["error"]["code"] == "too_late_to_cancel"
    assert "半天" in late.json()["error"]["message"]


def test_a_timely_cancel_is_200(api, hall, clock, body):
    number = api.post(BASE, body(), format="json").json()["id"]
    answer = api.post(f"{BASE}{number}/cancel/", {"id_number": resident_id(1)}, format="json")
    assert answer.status_code == 200 and answer.json()["status"] == "cancelled"


def test_staff_cancel_needs_a_reason_and_runs_the_day(api, staff, hall, clock, body):
    number = api.post(BASE, body(), format="json").json()["id"]
    assert staff().post(f"{BASE}{number}/cancel/", {}, format="json").status_code == 400
    answer = staff().post(f"{BASE}{number}/cancel/", {"reason": "materials_incomplete", "note": "缺少租赁合同"},
                          format="json")
    assert answer.status_code == 200 and answer.json()["status"] == "cancelled"
    assert "缺少租赁合同" in answer.json()["cancel_reason"]


def test_staff_window_flow_through_the_api(api, staff, hall, clock, body):
    number = api.post(BASE, body(), format="json").json()["id"]
    desk = staff("supervisor1")
    assert [b["id"] for b in desk.get(BASE, {"status": "pending"}).json()] == [number]
    assert desk.post(f"{BASE}{number}/review/", {"time": "11:00"}, format="json").status_code == 400
    assert desk.post(f"{BASE}{number}/review/", {}, format="json").json()["status"] == "notified"
    clock.set(datetime(2026, 12, 5, 9, 10, tzinfo=rules.tz()))
    checked = desk.post(f"{BASE}check-in/", {"id_number": resident_id(1)}, format="json")
    assert checked.status_code == 200 and checked.json()["queue_number"] == "Y001"
    assert [b["id"] for b in desk.get(BASE, {"date": "2026-12-05"}).json()] == [number]
    assert desk.post(f"{BASE}{number}/finish/").json()["status"] == "done"
    assert desk.post(f"{BASE}{number}/no-show/").status_code == 409
    assert desk.get(BASE, {"date": "5 Dec"}).status_code == 400


def test_staff_endpoints_refuse_citizens_and_other_roles(api, staff, hall, clock, body):
    number = api.post(BASE, body(), format="json").json()["id"]
    assert api.post(f"{BASE}{number}/review/", {}, format="json").status_code == 403
    assert staff("housing1").post(f"{BASE}{number}/review/", {}, format="json").status_code == 403
    assert api.get(BASE).status_code == 403
    assert Booking.objects.get(number=number).status == Status.PENDING


def test_repeated_misses_on_a_booking_number_are_throttled(api, hall, clock, body):
    number = api.post(BASE, body(), format="json").json()["id"]
    for _ in range(5):
        assert api.get(f"{BASE}{number}/", {"id_number": resident_id(4)}).status_code == 404
    answer = api.get(f"{BASE}{number}/", {"id_number": resident_id(1)})
    assert answer.status_code == 429 and answer["Retry-After"]


def test_a_token_that_is_not_a_staff_token_does_not_stop_a_citizen(api, hall, clock, body):
    api.credentials(HTTP_AUTHORIZATION="Token citizen-token-from-another-app")
    assert api.get(f"{BASE}services/").status_code == 200
    assert api.post(BASE, body(), format="json").status_code == 201
    assert api.get(BASE).status_code == 403
