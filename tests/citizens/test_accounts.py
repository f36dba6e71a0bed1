"""The account: its profile, 我的信件 from every channel without a password, rating there, new
letters with details filled in, real-name details, legal persons, and tokens kept apart from staff."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from hotline.citizens.models import CitizenAccount, CitizenToken, LegalEntity
from tests.citizens.conftest import PHONE
from tickets.identity import credit_code_check_character, resident_id_check_character
from tickets.models import Ticket
from tickets.services import transitions
from tickets.services.intake import register_ticket

pytestmark = pytest.mark.django_db

ID_NUMBER = "11010519491231002X"
CREDIT_17 = "91130100MA0CDE12K"
CREDIT_CODE = CREDIT_17 + credit_code_check_character(CREDIT_17)


def letter(channel, phone=PHONE, **extra):
    fields = {"channel": channel, "type": "complaint", "title": f"{channel}来信", "content": "路灯不亮。", "phone": phone}
    fields.update(extra)
    return register_ticket(**fields).ticket


def resolved(ticket, users):
    transitions.dispatch(ticket.pk, by=users["dispatcher1"], department="urban")
    transitions.accept(ticket.pk, by=users["urban1"])
    transitions.reply(ticket.pk, by=users["urban1"], text="已修复。")
    return transitions.approve_reply(ticket.pk, by=users["dispatcher1"])


def test_me_needs_a_citizen_token(api):
    assert api.get("/api/v1/citizens/me/").status_code == 401
    api.credentials(HTTP_AUTHORIZATION="Token ct_not-a-real-token")
    assert api.get("/api/v1/citizens/me/").status_code == 401


def test_me_shows_the_signed_in_account(signed_in):
    body = signed_in().get("/api/v1/citizens/me/").json()
    assert body["phone"] == PHONE and body["real_name_verified"] is False and body["legal_person"] is None


def test_my_letters_lists_every_channel_by_the_normalised_number(signed_in, reference_data):
    for channel in ("web", "phone", "wechat", "sms"):
        letter(channel)
    letter("web", phone="13900000000")  # someone else's
    body = signed_in().get("/api/v1/citizens/me/letters/").json()
    assert body["count"] == 4
    assert sorted(item["channel"] for item in body["results"]) == ["phone", "sms", "web", "wechat"]
    assert {"status", "status_label", "reply", "rating", "can_rate", "letter_number"} <= set(body["results"][0])


def test_my_letters_show_the_reply_and_can_be_rated_without_a_password(signed_in, users):
    ticket = resolved(letter("phone"), users)
    client = signed_in()
    item = client.get(f"/api/v1/citizens/me/letters/{ticket.letter_number}/").json()
    assert item["reply"]["text"] == "已修复。" and item["can_rate"] is True
    rated = client.post(f"/api/v1/citizens/me/letters/{ticket.letter_number}/rate/",
                        {"solved": True, "satisfaction": "satisfied", "comment": "谢谢"}, format="json")
    assert rated.status_code == 200 and rated.json()["rating"]["satisfaction"] == "satisfied"
    assert Ticket.objects.get(pk=ticket.pk).status == "closed"
    again = client.post(f"/api/v1/citizens/me/letters/{ticket.letter_number}/rate/",
                        {"solved": True, "satisfaction": "satisfied"}, format="json")
    assert again.status_code == 409


def test_someone_elses_letter_looks_missing(signed_in, reference_data):
    other = letter("web", phone="13900000000")
    response = signed_in().get(f"/api/v1/citizens/me/letters/{other.letter_number}/")
    assert response.status_code == 404


def test_a_new_letter_is_filled_in_with_the_account_details(signed_in, reference_data):
    client = signed_in()
    client.post("/api/v1/citizens/me/real-name/", {"name": "张三", "id_number": ID_NUMBER}, format="json")
    response = client.post("/api/v1/citizens/me/letters/", {"type": "consultation", "title": "社保咨询",
                                                            "content": "退休手续怎么办？", "publish_consent": True},
                           format="json")
    assert response.status_code == 201
    ticket = Ticket.objects.get(letter_number=response.json()["letter_number"])
    assert (ticket.citizen_phone, ticket.citizen_name, ticket.publish_consent) == (PHONE, "张三", True)
    assert client.get("/api/v1/citizens/me/letters/").json()["count"] == 1


def test_a_citizen_token_never_opens_a_staff_endpoint(signed_in, users):
    client = signed_in()
    assert client.get("/api/v1/tickets/").status_code == 401
    assert client.post("/api/v1/tickets/", {}, format="json").status_code == 401


def test_a_staff_token_is_not_a_citizen_token(users):
    from rest_framework.authtoken.models import Token

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=users['agent1']).key}")
    assert client.get("/api/v1/citizens/me/").status_code == 401


def test_a_citizen_token_expires(signed_in):
    client = signed_in()
    CitizenToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.get("/api/v1/citizens/me/").status_code == 401


def test_signing_out_ends_the_token(signed_in):
    client = signed_in()
    assert client.post("/api/v1/citizens/logout/").status_code == 204
    assert client.get("/api/v1/citizens/me/").status_code == 401


def test_real_name_details_are_checked_with_the_gb11643_check_digit(signed_in):
    response = signed_in().post("/api/v1/citizens/me/real-name/", {"name": "张三", "id_number": "110105194912310021"},
                                format="json")
    assert response.status_code == 400 and "校验位" in response.json()["error"]["fields"]["id_number"][0]


def test_real_name_details_cannot_be_changed_once_given(signed_in):
    client = signed_in()
    ok = client.post("/api/v1/citizens/me/real-name/", {"name": "张三", "id_number": ID_NUMBER}, format="json")
    assert ok.status_code == 200 and ok.json()["real_name_verified"] and ok.json()["id_number"] != ID_NUMBER
    first17 = "13010219900307123"
    again = client.post("/api/v1/citizens/me/real-name/",
                        {"name": "李四", "id_number": first17 + resident_id_check_character(first17)}, format="json")
    assert again.status_code == 409
    assert CitizenAccount.objects.get(phone=PHONE).real_name == "张三"


def test_one_resident_id_number_belongs_to_one_account(signed_in):
    signed_in().post("/api/v1/citizens/me/real-name/", {"name": "张三", "id_number": ID_NUMBER}, format="json")
    other = signed_in("13900000000").post("/api/v1/citizens/me/real-name/", {"name": "张三", "id_number": ID_NUMBER},
                                          format="json")
    assert other.status_code == 400 and "id_number" in other.json()["error"]["fields"]


def _legal_body(**overrides):
    body = {"kind": "enterprise", "name": "石家庄某某科技有限公司", "credit_code": CREDIT_CODE,
            "legal_rep_name": "张三", "legal_rep_id_number": ID_NUMBER, "contact_phone": PHONE}
    body.update(overrides)
    return body


def test_a_legal_person_needs_its_representative_real_name_first(signed_in):
    response = signed_in().post("/api/v1/citizens/me/legal-person/", _legal_body(), format="json")
    assert response.status_code == 409 and "实名" in response.json()["error"]["message"]


def test_a_legal_person_registers_with_a_valid_credit_code(signed_in):
    client = signed_in()
    client.post("/api/v1/citizens/me/real-name/", {"name": "张三", "id_number": ID_NUMBER}, format="json")
    response = client.post("/api/v1/citizens/me/legal-person/", _legal_body(), format="json")
    assert response.status_code == 201
    assert response.json()["legal_person"]["credit_code"] == CREDIT_CODE
    assert LegalEntity.objects.get().name == "石家庄某某科技有限公司"


def test_a_credit_code_with_a_wrong_check_character_is_refused(signed_in):
    client = signed_in()
    client.post("/api/v1/citizens/me/real-name/", {"name": "张三", "id_number": ID_NUMBER}, format="json")
    wrong = CREDIT_17 + ("0" if CREDIT_CODE[-1] != "0" else "1")
    response = client.post("/api/v1/citizens/me/legal-person/", _legal_body(credit_code=wrong), format="json")
    assert response.status_code == 400 and "校验位" in response.json()["error"]["fields"]["credit_code"][0]


def test_the_legal_representative_must_be_the_account_holder(signed_in):
    client = signed_in()
    client.post("/api/v1/citizens/me/real-name/", {"name": "张三", "id_number": ID_NUMBER}, format="json")
    first17 = "13010219900307123"
    response = client.post("/api/v1/citizens/me/legal-person/",
                           _legal_body(legal_rep_name="李四",
                                       legal_rep_id_number=first17 + resident_id_check_character(first17)),
                           format="json")
    assert response.status_code == 400 and "legal_rep_id_number" in response.json()["error"]["fields"]


def test_an_organisation_registers_once(signed_in):
    client = signed_in()
    client.post("/api/v1/citizens/me/real-name/", {"name": "张三", "id_number": ID_NUMBER}, format="json")
    client.post("/api/v1/citizens/me/legal-person/", _legal_body(), format="json")
    first17 = "13010219900307123"
    other = signed_in("13900000000")
    other.post("/api/v1/citizens/me/real-name/", {"name": "李四", "id_number": first17 + resident_id_check_character(first17)},
               format="json")
    response = other.post("/api/v1/citizens/me/legal-person/",
                          _legal_body(legal_rep_name="李四", legal_rep_id_number=first17 + resident_id_check_character(first17)),
                          format="json")
    assert response.status_code == 400 and "credit_code" in response.json()["error"]["fields"]
