"""The portal's citizen pages: sign in with an SMS code, 我的信件 (opening a letter without its
password), the profile with real-name details, legal-person registration, and a pre-filled letter."""

import pytest

from hotline.citizens.models import CitizenAccount, LegalEntity
from tests.citizens.conftest import PHONE, sent_code
from tests.citizens.test_accounts import CREDIT_CODE, ID_NUMBER, letter

pytestmark = pytest.mark.django_db


def sign_in(client, phone=PHONE):
    client.post("/citizens/login/", {"phone": phone, "action": "send"})
    return client.post("/citizens/login/", {"phone": phone, "code": sent_code(phone), "action": "login"})


def test_my_letters_asks_for_sign_in_first(client):
    response = client.get("/citizens/letters/")
    assert response.status_code == 302 and response["Location"].startswith("/citizens/login/")


def test_sending_a_code_shows_where_it_went(client):
    page = client.post("/citizens/login/", {"phone": PHONE, "action": "send"}).content.decode()
    assert "验证码已发送至 138****5678" in page and 'data-wait="60"' in page


def test_signing_in_opens_my_letters(client, reference_data):
    letter("phone")
    response = sign_in(client)
    assert response.status_code == 302 and response["Location"] == "/citizens/letters/"
    page = client.get("/citizens/letters/").content.decode()
    assert "phone来信" in page and "共 1 件" in page


def test_a_wrong_code_on_the_page_says_so_next_to_the_field(client):
    client.post("/citizens/login/", {"phone": PHONE, "action": "send"})
    wrong = "000000" if sent_code() != "000000" else "111111"
    page = client.post("/citizens/login/", {"phone": PHONE, "code": wrong, "action": "login"}).content.decode()
    assert "验证码错误或已失效" in page


def test_asking_again_within_a_minute_is_a_429_page(client):
    client.post("/citizens/login/", {"phone": PHONE, "action": "send"})
    response = client.post("/citizens/login/", {"phone": PHONE, "action": "send"})
    assert response.status_code == 429 and "秒后再重新获取" in response.content.decode()


def test_a_portal_citizen_is_not_a_staff_user(client):
    sign_in(client)
    assert client.get("/console/agent/").status_code == 302  # to the staff login
    assert client.get("/api/v1/tickets/").status_code in (401, 403)


def test_opening_my_letter_needs_no_password(client, users):
    from tests.citizens.test_accounts import resolved

    ticket = resolved(letter("phone"), users)
    sign_in(client)
    response = client.get(f"/citizens/letters/{ticket.letter_number}/")
    assert response["Location"] == f"/letters/{ticket.letter_number}/"
    page = client.get(response["Location"]).content.decode()
    assert "已修复。" in page and 'id="rate"' in page


def test_someone_elses_letter_does_not_open(client, reference_data):
    other = letter("web", phone="13900000000")
    sign_in(client)
    client.get(f"/citizens/letters/{other.letter_number}/")
    assert client.get(f"/letters/{other.letter_number}/").status_code == 302  # to the password page


def test_the_letter_form_is_filled_in_for_a_signed_in_citizen(client, reference_data):
    sign_in(client)
    page = client.get("/letters/new/").content.decode()
    assert f'value="{PHONE}"' in page and "同意办结后公开选登" in page


def test_real_name_on_the_profile_page(client):
    sign_in(client)
    response = client.post("/citizens/profile/", {"name": "张三", "id_number": ID_NUMBER})
    assert response.status_code == 302
    page = client.get("/citizens/profile/").content.decode()
    assert "已实名" in page and ID_NUMBER not in page
    assert CitizenAccount.objects.get().real_name == "张三"


def test_a_wrong_id_number_on_the_profile_page_is_explained(client):
    sign_in(client)
    page = client.post("/citizens/profile/", {"name": "张三", "id_number": "110105194912310021"}).content.decode()
    assert "校验位不正确" in page


def test_legal_person_registration_page(client):
    sign_in(client)
    assert "须先" in client.get("/citizens/legal-person/").content.decode()
    client.post("/citizens/profile/", {"name": "张三", "id_number": ID_NUMBER})
    response = client.post("/citizens/legal-person/", {
        "kind": "enterprise", "name": "石家庄某某科技有限公司", "credit_code": CREDIT_CODE.lower(),
        "legal_rep_name": "张三", "legal_rep_id_number": ID_NUMBER, "contact_phone": PHONE})
    assert response.status_code == 302
    assert LegalEntity.objects.get().credit_code == CREDIT_CODE


def test_signing_out_ends_the_portal_session(client):
    sign_in(client)
    client.post("/citizens/logout/")
    assert client.get("/citizens/letters/").status_code == 302
