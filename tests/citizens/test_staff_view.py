"""Staff see on a ticket whether its citizen holds a verified account, and a legal person's name and
code — masked as the rest of the ticket, and nothing of it when the letter is confidential."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from hotline.citizens import services
from hotline.citizens.models import CitizenAccount
from tests.citizens.test_accounts import CREDIT_CODE, ID_NUMBER, letter
from tickets.services import transitions

pytestmark = pytest.mark.django_db


def staff(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def account_with_legal_person(phone="13812345678"):
    account = CitizenAccount.objects.create(phone=phone)
    services.set_real_name(account.pk, name="张三", id_number=ID_NUMBER)
    services.register_legal_entity(account.pk, kind="enterprise", name="石家庄某某科技有限公司", credit_code=CREDIT_CODE,
                                   legal_rep_name="张三", legal_rep_id_number=ID_NUMBER, contact_phone=phone)
    return account


def test_staff_see_a_verified_account_and_its_legal_person(users):
    account_with_legal_person()
    ticket = letter("phone")
    body = staff(users["agent1"]).get(f"/api/v1/tickets/{ticket.pk}/").json()
    facts = body["citizen"]["account"]
    assert facts["verified"] and facts["real_name_verified"]
    assert facts["legal_person"] == {"name": "石家庄某某科技有限公司", "credit_code": CREDIT_CODE, "kind": "enterprise",
                                     "kind_label": "企业"}
    assert facts["id_number"] != ID_NUMBER and facts["id_number"].endswith(ID_NUMBER[-4:])
    assert body["citizen"]["phone"] == "138****5678"


def test_a_citizen_without_an_account_shows_none(users):
    ticket = letter("phone")
    assert staff(users["agent1"]).get(f"/api/v1/tickets/{ticket.pk}/").json()["citizen"]["account"] is None


def test_a_department_sees_nothing_of_the_account_on_a_confidential_letter(users):
    account_with_legal_person()
    ticket = letter("web", confidential=True)
    transitions.dispatch(ticket.pk, by=users["dispatcher1"], department="urban")
    body = staff(users["urban1"]).get(f"/api/v1/tickets/{ticket.pk}/").json()
    assert "account" not in body["citizen"] and body["citizen"]["withheld"]


def test_the_ticket_page_shows_the_verified_account(client, users):
    account_with_legal_person()
    ticket = letter("phone")
    client.force_login(users["agent1"])
    page = client.get(f"/console/tickets/{ticket.pk}/").content.decode()
    assert "已验证账号" in page and "石家庄某某科技有限公司" in page and CREDIT_CODE in page
