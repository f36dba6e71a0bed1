"""Looking up and rating a letter with number + password, and the limits on guessing."""

import pytest

pytestmark = pytest.mark.django_db

LOOKUP = "/api/v1/letters/lookup/"
RATE = "/api/v1/letters/rate/"


def lookup(api, number, password, **extra):
    return api.post(LOOKUP, {"letter_number": number, "password": password}, format="json", **extra)


def test_lookup_shows_status_timeline_and_no_reply_yet(api, letter):
    sent = letter()
    response = lookup(api, sent["letter_number"], sent["password"])
    assert response.status_code == 200
    body = response.json()
    assert {"letter_number", "type", "title", "status", "status_label", "submitted_at", "timeline", "reply",
            "rating", "can_rate"} <= set(body)
    assert body["status"] == "received" and body["status_label"] == "已受理"
    assert body["timeline"][0]["label"] == "已受理"
    assert body["reply"] is None and body["rating"] is None and body["can_rate"] is False


def test_lookup_ignores_spaces_and_hyphens_in_the_number(api, letter):
    sent = letter()
    number = sent["letter_number"]
    spaced = f"{number[:4]} {number[4:8]}-{number[8:]}"
    assert lookup(api, spaced, sent["password"]).status_code == 200


def test_lookup_shows_no_personal_data(api, letter):
    sent = letter()
    text = lookup(api, sent["letter_number"], sent["password"]).content.decode()
    assert "13912345678" not in text and "李四" not in text and "裕华路12号" not in text


def test_wrong_password_and_unknown_number_are_indistinguishable(api, letter):
    sent = letter()
    wrong_password = lookup(api, sent["letter_number"], "not-the-password")
    unknown_number = lookup(api, "202601019999999", sent["password"])
    garbage_number = lookup(api, "abc", sent["password"])
    assert wrong_password.status_code == unknown_number.status_code == garbage_number.status_code == 404
    assert wrong_password.json() == unknown_number.json() == garbage_number.json()


def test_lookup_without_fields_is_400(api, letter):
    response = api.post(LOOKUP, {"letter_number": "1"}, format="json")
    assert response.status_code == 400
    assert "password" in response.json()["error"]["fields"]


def test_five_wrong_passwords_lock_the_letter_number(api, letter):
    sent = letter()
    for _ in range(5):
        assert lookup(api, sent["letter_number"], "wrong-pass").status_code == 404
    blocked = lookup(api, sent["letter_number"], sent["password"])
    assert blocked.status_code == 429
    assert 0 < int(blocked["Retry-After"]) <= 15 * 60
    error = blocked.json()["error"]
    assert error["code"] == "throttled" and "分钟" in error["message"]


def test_locked_letter_number_does_not_lock_other_letters(api, letter):
    first, second = letter(), letter(phone="13700000000")
    for _ in range(5):
        lookup(api, first["letter_number"], "wrong-pass")
    assert lookup(api, second["letter_number"], second["password"]).status_code == 200


def test_successful_lookups_are_not_counted(api, letter):
    sent = letter()
    for _ in range(8):
        assert lookup(api, sent["letter_number"], sent["password"]).status_code == 200
    for _ in range(4):
        lookup(api, sent["letter_number"], "wrong-pass")
    assert lookup(api, sent["letter_number"], sent["password"]).status_code == 200


def test_guessing_many_numbers_from_one_address_locks_that_address(api, letter, settings):
    settings.HOTLINE_THROTTLES = {**settings.HOTLINE_THROTTLES, "lookup_failures_per_address": (30, 3600)}
    sent = letter()
    for index in range(30):
        assert lookup(api, f"20260101{index:07d}", "whatever1").status_code == 404
    assert lookup(api, sent["letter_number"], sent["password"]).status_code == 429
    other_address = lookup(api, sent["letter_number"], sent["password"], REMOTE_ADDR="10.1.2.3")
    assert other_address.status_code == 200


def test_rating_counts_wrong_passwords_too(api, letter):
    sent = letter()
    body = {"letter_number": sent["letter_number"], "password": "wrong-pass", "solved": True,
            "satisfaction": "satisfied"}
    for _ in range(5):
        assert api.post(RATE, body, format="json").status_code == 404
    assert api.post(RATE, {**body, "password": sent["password"]}, format="json").status_code == 429


def test_rating_before_resolution_is_409(api, letter):
    sent = letter()
    response = api.post(RATE, {"letter_number": sent["letter_number"], "password": sent["password"], "solved": True,
                               "satisfaction": "satisfied"}, format="json")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "transition_not_allowed"


@pytest.mark.parametrize("change, field", [
    ({"solved": "yes"}, "solved"), ({"satisfaction": "great"}, "satisfaction"), ({"comment": "x" * 1001}, "comment"),
])
def test_bad_rating_is_400_naming_the_field(api, letter, change, field):
    sent = letter()
    body = {"letter_number": sent["letter_number"], "password": sent["password"], "solved": True,
            "satisfaction": "satisfied", **change}
    response = api.post(RATE, body, format="json")
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]


def test_others_failing_on_a_letter_from_elsewhere_never_lock_its_citizen_out(api, letter):
    sent = letter()
    for index in range(5):
        assert lookup(api, sent["letter_number"], "wrong-pass", REMOTE_ADDR=f"10.7.0.{index}").status_code == 404
        assert lookup(api, sent["letter_number"], "wrong-pass", REMOTE_ADDR=f"10.7.0.{index}").status_code == 404
    assert lookup(api, sent["letter_number"], sent["password"], REMOTE_ADDR="192.0.2.44").status_code == 200


def test_a_failed_lookup_says_how_many_tries_are_left_and_then_when_it_opens(api, letter):
    sent = letter()
    first = lookup(api, sent["letter_number"], "wrong-pass")
    assert "还可尝试4次" in first.json()["error"]["message"]
    for _ in range(4):
        lookup(api, sent["letter_number"], "wrong-pass")
    locked = lookup(api, sent["letter_number"], sent["password"])
    assert locked.status_code == 429 and "12345" in locked.json()["error"]["message"]
    assert "约" in locked.json()["error"]["message"] and int(locked["Retry-After"]) > 0
