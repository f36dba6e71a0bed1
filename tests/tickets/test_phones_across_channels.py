"""Every door stores a phone number the same way, so a citizen is found whatever door they use."""

import hashlib
import hmac
import json

import pytest
from django.conf import settings
from django.test import Client

from hotline.telephony.models import Call
from tests.sms.helpers import resolve
from tests.telephony.cti import cti_body, post_cti
from tickets.models import OutboundMessage, Rating, Ticket
from tickets.phones import canonicalise_stored
from tickets.selectors import caller_history

pytestmark = pytest.mark.django_db


def sms_reply(text, sender):
    body = json.dumps({"from": sender, "text": text}, ensure_ascii=False).encode()
    signature = hmac.new(settings.SMS_INBOUND_SECRET.encode(), body, hashlib.sha256).hexdigest()
    return Client().post("/api/v1/sms/inbound/", data=body, content_type="application/json",
                         HTTP_X_HOTLINE_SIGNATURE=f"sha256={signature}")


def test_a_web_letter_with_plus_86_is_rated_by_the_citizens_sms_reply(client, users):
    response = client.post("/api/v1/letters/", {
        "type": "complaint", "title": "路灯不亮", "content": "裕华路路灯坏了。", "phone": "+86 138 1234 5678"},
        content_type="application/json")
    assert response.status_code == 201
    ticket = Ticket.objects.get(letter_number=response.json()["letter_number"])
    assert ticket.citizen_phone == "13812345678"
    assert OutboundMessage.objects.get(ticket=ticket, template="letter_received").recipient == "13812345678"
    resolve(ticket.pk, users)
    assert sms_reply(f"{ticket.letter_number} 1", "13812345678").json()["outcome"] == "rated"
    assert Rating.objects.filter(ticket=ticket, source="sms").exists()


def test_a_portal_letter_with_full_width_digits_is_stored_canonically(client, reference_data):
    client.post("/letters/new/", {"type": "complaint", "title": "门口路灯不亮", "content": "裕华路12号小区东门路灯坏了。",
                                  "phone": "１３９－１２３４－５６７８", "category": "300200"})
    assert Ticket.objects.get().citizen_phone == "13912345678"


def test_a_console_typed_landline_pops_when_the_switch_reports_the_caller(users):
    agent = Client()
    agent.force_login(users["agent1"])
    response = agent.post("/console/agent/", {
        "channel": "phone", "type": "consultation", "priority": "normal", "title": "咨询公积金",
        "content": "想问公积金提取的材料。", "phone": "0311-86001001", "ending": "register"})
    assert response.status_code == 201
    ticket = Ticket.objects.get()
    assert ticket.citizen_phone == "031186001001"
    assert [t.pk for t in caller_history("031186001001")] == [ticket.pk]
    assert [t.pk for t in caller_history("8600 1001")] == [ticket.pk]  # a local exchange drops the area code


def test_the_switchs_caller_number_is_stored_canonically(users):
    assert post_cti(cti_body("ringing", call_id="C-P1", caller="+86 311 8600-1001")).status_code == 202
    assert Call.objects.get(call_id="C-P1").caller == "031186001001"


def test_an_sms_from_a_number_with_country_code_finds_the_letter(make_ticket, users):
    ticket = make_ticket(phone="13812345678").ticket
    resolve(ticket.pk, users)
    assert sms_reply("2", "008613812345678").json()["outcome"] == "rated"


def test_numbers_stored_before_the_rule_are_rewritten(make_ticket):
    ticket = make_ticket().ticket
    Ticket.objects.filter(pk=ticket.pk).update(citizen_phone="+8613812345678")
    other = make_ticket(phone="").ticket
    assert canonicalise_stored(Ticket.objects.all(), "citizen_phone") == 1
    assert Ticket.objects.get(pk=ticket.pk).citizen_phone == "13812345678"
    assert Ticket.objects.get(pk=other.pk).citizen_phone == ""


def test_a_registration_with_a_bad_phone_is_refused_by_the_core(make_ticket):
    from tickets.errors import InvalidInput

    with pytest.raises(InvalidInput) as raised:
        make_ticket(phone="call me")
    assert "phone" in raised.value.fields
