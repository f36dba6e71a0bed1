"""Ratings that come back by SMS through the gateway's signed webhook."""

import hashlib
import hmac
import json

import pytest
from django.conf import settings

from hotline.sms.inbound import parse
from hotline.sms.models import InboundSms
from tests.sms.helpers import resolve
from tickets.models import OutboundMessage, Rating

pytestmark = pytest.mark.django_db

URL = "/api/v1/sms/inbound/"


def post_sms(client, payload, *, secret=None):
    body = json.dumps(payload, ensure_ascii=False).encode()
    signature = hmac.new((secret or settings.SMS_INBOUND_SECRET).encode(), body, hashlib.sha256).hexdigest()
    return client.post(URL, data=body, content_type="application/json", HTTP_X_HOTLINE_SIGNATURE=f"sha256={signature}")


@pytest.fixture
def resolved(make_ticket, users):
    registration = make_ticket()
    resolve(registration.ticket.pk, users)
    return registration.ticket


def test_reply_with_letter_number_and_digit_rates_the_letter(client, resolved):
    response = post_sms(client, {"from": "13812345678", "text": f"{resolved.letter_number} 1", "id": "gw-1"})
    assert response.status_code == 200
    assert response.json()["outcome"] == "rated"
    rating = Rating.objects.get(ticket=resolved)
    assert (rating.source, rating.satisfaction, rating.solved) == ("sms", "satisfied", True)
    resolved.refresh_from_db()
    assert resolved.status == "closed"
    assert OutboundMessage.objects.filter(ticket=resolved, template="rating_thanks").exists()


def test_digit_alone_rates_the_senders_latest_resolved_letter(client, resolved):
    response = post_sms(client, {"from": "+86 138-1234-5678", "text": "3 路灯还是不亮"})
    assert response.json()["outcome"] == "rated"
    rating = Rating.objects.get(ticket=resolved)
    assert (rating.satisfaction, rating.solved, rating.comment) == ("unsatisfied", False, "路灯还是不亮")
    resolved.refresh_from_db()
    assert resolved.status == "accepted"  # 重办: back to the same unit


def test_another_phone_cannot_rate_the_letter(client, resolved):
    response = post_sms(client, {"from": "13900000000", "text": f"{resolved.letter_number} 1"})
    assert response.json()["outcome"] == "not_found"
    assert not Rating.objects.exists()


def test_gateway_retry_of_the_same_message_rates_once(client, resolved):
    payload = {"from": "13812345678", "text": f"{resolved.letter_number} 2", "id": "gw-9"}
    post_sms(client, payload)
    again = post_sms(client, payload)
    assert again.json()["duplicate"] is True and again.json()["outcome"] == "rated"
    assert Rating.objects.count() == 1 and InboundSms.objects.count() == 1


def test_second_rating_is_answered_as_already_rated(client, resolved, users):
    post_sms(client, {"from": "13812345678", "text": f"{resolved.letter_number} 2"})
    response = post_sms(client, {"from": "13812345678", "text": f"{resolved.letter_number} 1"})
    assert response.json()["outcome"] in ("already_rated", "not_rateable")
    assert Rating.objects.count() == 1


def test_unrecognised_text_is_logged_not_rated(client, resolved):
    response = post_sms(client, {"from": "13812345678", "text": "你好"})
    assert response.json()["outcome"] == "not_understood"
    assert InboundSms.objects.get().outcome == "not_understood"


def test_bad_signature_is_refused(client, resolved):
    response = post_sms(client, {"from": "13812345678", "text": f"{resolved.letter_number} 1"}, secret="guess")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "bad_signature"
    assert not Rating.objects.exists()


@pytest.mark.parametrize("payload", [{"text": "1"}, {"from": "138", "text": ""}, [1, 2], "x"])
def test_incomplete_body_is_a_400(client, payload):
    response = post_sms(client, payload)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"


def test_non_json_body_is_a_400(client):
    body = b"from=138&text=1"
    signature = hmac.new(settings.SMS_INBOUND_SECRET.encode(), body, hashlib.sha256).hexdigest()
    response = client.post(URL, data=body, content_type="text/plain", HTTP_X_HOTLINE_SIGNATURE=f"sha256={signature}")
    assert response.status_code == 400


@pytest.mark.parametrize("text,expected", [
    ("202611050000011 1", ("202611050000011", "1", "")),
    ("1", (None, "1", "")),
    ("不满意，还没修好", (None, "3", "还没修好")),
    ("基本满意", (None, "2", "")),
    ("20261105000001 2", (None, "2", "20261105000001")),  # 14 digits is no letter number
])
def test_parse(text, expected):
    assert parse(text) == expected
