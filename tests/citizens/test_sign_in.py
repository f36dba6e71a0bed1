"""Signing in with a mobile number and an SMS code: 6 digits, 5 minutes, 5 tries, resend after 60 s,
limits per number and per address; one indistinguishable 400 for every bad code."""

import logging
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from hotline.citizens.models import CitizenAccount, SmsCode
from hotline.sms import delivery
from tests.citizens.conftest import PHONE, sent_code
from tickets.models import OutboundMessage

pytestmark = pytest.mark.django_db


def ask(api, phone=PHONE, **extra):
    return api.post("/api/v1/citizens/sms-code/", {"phone": phone}, format="json", **extra)


def login(api, code, phone=PHONE, **extra):
    return api.post("/api/v1/citizens/login/", {"phone": phone, "code": code}, format="json", **extra)


def test_a_code_is_six_digits_sent_through_the_sms_outbox(api):
    assert ask(api).status_code == 202
    message = OutboundMessage.objects.get(template="citizen_sms_code")
    assert message.recipient == PHONE and len(sent_code()) == 6 and sent_code().isdigit()


def test_the_right_code_signs_in_and_creates_the_account_on_first_use(api):
    ask(api)
    response = login(api, sent_code())
    assert response.status_code == 200 and response.json()["token"].startswith("ct_")
    assert CitizenAccount.objects.filter(phone=PHONE).count() == 1


def test_a_number_written_with_country_code_and_spaces_is_the_same_account(api):
    ask(api, "+86 138 1234 5678")
    assert login(api, sent_code(), "138-1234-5678").status_code == 200
    assert list(CitizenAccount.objects.values_list("phone", flat=True)) == [PHONE]


def test_only_a_mobile_number_can_receive_a_code(api):
    response = ask(api, "0311-86001001")
    assert response.status_code == 400 and "phone" in response.json()["error"]["fields"]


def _bad_code_answers(api):
    ask(api)
    right = sent_code()
    wrong = "000000" if right != "000000" else "111111"
    answers = {"wrong": login(api, wrong), "malformed": login(api, "12ab")}
    row = SmsCode.objects.get()
    SmsCode.objects.filter(pk=row.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    answers["expired"] = login(api, right)
    answers["never_sent"] = login(api, "123456", phone="13900000000")
    return answers


def test_wrong_expired_and_never_sent_codes_get_one_indistinguishable_400(api):
    answers = _bad_code_answers(api)
    bodies = {name: (r.status_code, r.json()) for name, r in answers.items()}
    assert len({repr(body) for body in bodies.values()}) == 1, bodies
    assert bodies["wrong"][0] == 400 and bodies["wrong"][1]["error"]["code"] == "invalid_code"


def test_a_code_expires_after_five_minutes(api):
    ask(api)
    SmsCode.objects.update(expires_at=timezone.now() + timedelta(seconds=1))
    row = SmsCode.objects.get()
    assert (row.expires_at - row.created_at) <= timedelta(minutes=5)
    SmsCode.objects.update(expires_at=timezone.now())
    assert login(api, sent_code()).status_code == 400


def test_the_code_lives_five_minutes_exactly():
    from hotline.citizens import services

    row = services.request_code(PHONE, address="10.0.0.1")
    assert row.expires_at - row.created_at == timedelta(minutes=5)


def test_after_five_wrong_tries_even_the_right_code_is_refused(api):
    ask(api)
    right = sent_code()
    wrong = "000000" if right != "000000" else "111111"
    for _ in range(5):
        assert login(api, wrong).status_code == 400
    assert login(api, right).status_code == 400
    assert SmsCode.objects.get().attempts == 5


def test_four_wrong_tries_still_leave_the_fifth_for_the_right_code(api):
    ask(api)
    right = sent_code()
    wrong = "000000" if right != "000000" else "111111"
    for _ in range(4):
        login(api, wrong)
    assert login(api, right).status_code == 200


def test_a_code_opens_one_session_only(api):
    ask(api)
    code = sent_code()
    assert login(api, code).status_code == 200
    assert login(api, code).status_code == 400


def test_a_new_code_within_sixty_seconds_is_refused_with_the_wait(api):
    ask(api)
    response = ask(api)
    assert response.status_code == 429 and int(response["Retry-After"]) <= 60
    assert "秒后" in response.json()["error"]["message"]
    assert OutboundMessage.objects.filter(template="citizen_sms_code").count() == 1


def test_after_the_resend_window_only_the_newest_code_counts(api):
    from django.core.cache import cache

    ask(api)
    first = sent_code()
    cache.clear()  # sixty seconds later
    ask(api)
    second = sent_code()
    if first != second:
        assert login(api, first).status_code == 400
    assert login(api, second).status_code == 200


@override_settings(HOTLINE_THROTTLES={"citizen_codes_per_phone": (2, 3600), "citizen_codes_per_address": (100, 3600),
                                      "citizen_sign_in_failures_per_address": (30, 3600)})
def test_codes_per_number_are_limited(api):
    from django.core.cache import cache

    for _ in range(2):
        cache.delete("citizens:resend:sign_in:" + PHONE)  # sixty seconds later
        assert ask(api).status_code == 202
    cache.delete("citizens:resend:sign_in:" + PHONE)
    assert ask(api).status_code == 429


@override_settings(HOTLINE_THROTTLES={"citizen_codes_per_phone": (10, 3600), "citizen_codes_per_address": (3, 3600),
                                      "citizen_sign_in_failures_per_address": (30, 3600)})
def test_codes_per_client_address_are_limited_across_numbers(api):
    for n in range(3):
        assert ask(api, f"1391234560{n}").status_code == 202
    assert ask(api, "13912345609").status_code == 429
    assert ask(api, "13912345609", REMOTE_ADDR="10.9.9.9").status_code == 202


@override_settings(HOTLINE_THROTTLES={"citizen_codes_per_phone": (10, 3600), "citizen_codes_per_address": (100, 3600),
                                      "citizen_sign_in_failures_per_address": (3, 3600)})
def test_failed_sign_ins_per_client_address_are_limited(api):
    for n in range(3):
        assert login(api, "000000", phone=f"1391234560{n}").status_code == 400
    assert login(api, "000000", phone="13912345609").status_code == 429


def test_the_code_never_appears_in_any_log_line_but_reaches_the_outbox_file(api, caplog, tmp_path, settings):
    settings.SMS_BACKEND, settings.SMS_FILE_PATH = "file", tmp_path / "sms-outbox.log"
    with caplog.at_level(logging.DEBUG):
        ask(api)
        code = sent_code()
        message = OutboundMessage.objects.get(template="citizen_sms_code")
        assert delivery.deliver([message.pk]) == {"sent": 1}
        login(api, code)
    assert code not in caplog.text
    assert code in (tmp_path / "sms-outbox.log").read_text(encoding="utf-8")
    message.refresh_from_db()
    assert code not in message.body  # scrubbed once sent, like a query password


def test_a_malformed_body_is_a_400_not_a_500(api):
    assert api.post("/api/v1/citizens/login/", {"phone": PHONE}, format="json").status_code == 400
    assert api.post("/api/v1/citizens/sms-code/", {"phone": ["x"]}, format="json").status_code == 400
