"""POST /api/v1/cti/events/: signed, fresh, well-formed, idempotent."""

import pytest

from hotline.telephony.models import Call
from tests.telephony.cti import URL, cti_body, post_cti, seconds_ago
from tickets.models import PersonalDataAccess

pytestmark = pytest.mark.django_db


def _error(response):
    body = response.json()
    assert set(body["error"]) == {"code", "message", "fields"}
    return body["error"]


def test_a_signed_ringing_is_accepted_and_recorded(users):
    response = post_cti(cti_body("ringing"))
    assert response.status_code == 202
    assert response.json()["status"] == "recorded"
    call = Call.objects.get(call_id="C-0001")
    assert (call.state, call.caller, call.agent.username) == ("ringing", "13812345678", "agent1")


@pytest.mark.parametrize("signature", ["", "sha256=" + "0" * 64, "sha1=abc", "sha256=密钥"])
def test_a_bad_or_missing_signature_is_refused(users, signature):
    response = post_cti(cti_body("ringing"), signature=signature)
    assert response.status_code == 401
    assert _error(response)["code"] == "bad_signature"
    assert not Call.objects.exists()


def test_a_body_signed_with_another_secret_is_refused(users):
    assert post_cti(cti_body("ringing"), secret="not-the-shared-secret").status_code == 401


def test_a_body_changed_after_signing_is_refused(users):
    from hotline.telephony.signing import sign

    signature = sign(b'{"event": "ringing"}', "demo-cti-secret")
    assert post_cti(None, raw=b'{"event": "hangup"}', signature=signature).status_code == 401


@pytest.mark.parametrize("age", [301, -301, 3600])
def test_stale_or_far_future_timestamps_are_refused(users, age):
    response = post_cti(cti_body("ringing", at=seconds_ago(age)))
    assert response.status_code == 401
    assert _error(response)["code"] == "stale_timestamp"
    assert not Call.objects.exists()


def test_a_timestamp_within_the_window_is_accepted(users):
    assert post_cti(cti_body("ringing", at=seconds_ago(240))).status_code == 202


def test_bad_json_gets_the_error_shape(users):
    response = post_cti(None, raw=b"{not json")
    assert response.status_code == 400
    assert _error(response)["code"] == "bad_json"


def test_missing_and_malformed_fields_are_named(users):
    response = post_cti({"event": "ringing", "call_id": "has spaces", "caller": "abc", "at": "yesterday"})
    assert response.status_code == 400
    error = _error(response)
    assert error["code"] == "invalid"
    assert set(error["fields"]) == {"call_id", "caller", "agent", "at"}


def test_an_unknown_event_name_is_refused(users):
    error = _error(post_cti(cti_body("dialing")))
    assert error["code"] == "invalid" and "event" in error["fields"]


def test_an_unknown_agent_is_refused(users):
    response = post_cti(cti_body("ringing", agent="nobody"))
    assert response.status_code == 400
    assert _error(response)["code"] == "unknown_agent"
    assert _error(post_cti(cti_body("ringing", agent="housing1")))["code"] == "unknown_agent"


def test_only_post_is_allowed(users):
    from django.test import Client

    response = Client().get(URL)
    assert response.status_code == 405
    assert _error(response)["code"] == "method_not_allowed"


def test_a_repeated_event_is_idempotent(users):
    body = cti_body("ringing")
    assert post_cti(body).json()["status"] == "recorded"
    again = post_cti(body)
    assert again.status_code == 202 and again.json()["status"] == "duplicate"
    assert Call.objects.count() == 1


def test_hangup_records_the_talk_time(users):
    post_cti(cti_body("ringing", at=seconds_ago(200)))
    post_cti(cti_body("answered", at=seconds_ago(190)))
    response = post_cti(cti_body("hangup", at=seconds_ago(10), recording_url="https://rec.example.cn/C-0001.mp3"))
    assert response.status_code == 202 and response.json()["duration"] == 180
    call = Call.objects.get()
    assert (call.state, call.duration, call.recording_url) == ("ended", 180, "https://rec.example.cn/C-0001.mp3")


def test_a_missed_call_ends_with_no_talk_time(users):
    post_cti(cti_body("ringing", at=seconds_ago(30)))
    assert post_cti(cti_body("hangup", agent=None)).json()["duration"] == 0


def test_an_answer_arriving_after_the_hangup_is_ignored(users):
    post_cti(cti_body("ringing", at=seconds_ago(30)))
    post_cti(cti_body("hangup"))
    late = post_cti(cti_body("answered", at=seconds_ago(20)))
    assert late.status_code == 202 and late.json()["status"] == "ignored"
    assert Call.objects.get().state == "ended"


def test_answering_logs_who_saw_the_callers_number(users, make_ticket):
    make_ticket()
    post_cti(cti_body("ringing"))
    assert not PersonalDataAccess.objects.exists()  # ringing shows only the masked number
    post_cti(cti_body("answered"))
    access = PersonalDataAccess.objects.get()
    call = Call.objects.get()
    assert (access.ticket, access.call_id, access.user.username, access.via, access.fields) == (
        None, call.call_id, "agent1", "cti_answered", "phone")


def test_a_first_time_callers_number_reveal_is_logged_too(users):
    post_cti(cti_body("ringing"))
    post_cti(cti_body("answered"))
    assert PersonalDataAccess.objects.get().call_id == Call.objects.get().call_id


def test_a_ticket_registered_on_the_call_is_linked_to_it(users, make_ticket, django_capture_on_commit_callbacks):
    post_cti(cti_body("ringing", call_id="C-0042"))
    post_cti(cti_body("answered", call_id="C-0042"))
    with django_capture_on_commit_callbacks(execute=True):
        ticket = make_ticket(channel="phone", call_id="C-0042", by=users["agent1"]).ticket
    assert Call.objects.get(call_id="C-0042").ticket == ticket
    assert post_cti(cti_body("hangup", call_id="C-0042")).json()["ticket_id"] == ticket.pk
