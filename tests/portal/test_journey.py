"""The citizen's journey through the portal with Django's test client: write, keep the number and
password, look the letter up, read the reply, rate it."""

import re

import pytest
from django.test import Client

from tickets.models import OutboundMessage, Ticket
from tickets.services import transitions

pytestmark = pytest.mark.django_db


def submit(client, data):
    response = client.post("/letters/new/", data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    assert response["Location"] == "/letters/done/"
    page = client.get("/letters/done/").content.decode()
    number = re.search(r'id="letter-number">(\d+)<', page).group(1)
    password = re.search(r'id="letter-password">([^<]+)<', page).group(1)
    return number, password, page


def resolve(ticket, users):
    transitions.dispatch(ticket.pk, by=users["dispatcher1"], department="housing")
    transitions.accept(ticket.pk, by=users["housing1"])
    transitions.reply(ticket.pk, by=users["housing1"], text="路灯已于今日修复。")
    transitions.approve_reply(ticket.pk, by=users["dispatcher1"])


def test_full_citizen_journey(letter_form_data, users):
    citizen = Client(enforce_csrf_checks=True)
    form_page = citizen.get("/letters/new/")
    assert form_page.status_code == 200
    csrf = citizen.cookies["csrftoken"].value
    number, password, done = submit(citizen, {**letter_form_data(), "csrfmiddlewaretoken": csrf})
    assert "请妥善保存" in done and "139****5678" in done

    ticket = Ticket.objects.get(letter_number=number)
    assert ticket.channel == "web" and ticket.category.code == "300200"
    sms = OutboundMessage.objects.get(ticket=ticket, template="letter_received")
    assert number in sms.body and password in sms.body

    stranger = Client()
    lookup = stranger.post("/letters/lookup/", {"letter_number": number, "password": password})
    assert lookup.status_code == 302 and lookup["Location"] == f"/letters/{number}/"
    page = stranger.get(lookup["Location"]).content.decode()
    assert "已受理" in page and "门口路灯不亮" in page
    assert 'id="rate"' not in page

    resolve(ticket, users)
    page = stranger.get(f"/letters/{number}/").content.decode()
    assert "路灯已于今日修复。" in page and "已转交市住建局办理" in page
    assert 'id="rate"' in page

    rated = stranger.post(f"/letters/{number}/rate/", {"solved": "1", "satisfaction": "satisfied", "comment": "很快"})
    assert rated.status_code == 302
    page = stranger.get(f"/letters/{number}/").content.decode()
    assert "感谢您的评价" in page and "满意" in page and 'id="rate"' not in page
    assert Ticket.objects.get(pk=ticket.pk).status == "closed"


def test_unsatisfied_rating_on_the_portal_reopens(client, letter_form_data, users):
    number, _, _ = submit(client, letter_form_data())
    ticket = Ticket.objects.get(letter_number=number)
    resolve(ticket, users)
    client.post(f"/letters/{number}/rate/", {"solved": "0", "satisfaction": "unsatisfied", "comment": "没修好"})
    assert Ticket.objects.get(pk=ticket.pk).status == "accepted"


def test_form_without_csrf_token_is_refused(letter_form_data):
    response = Client(enforce_csrf_checks=True).post("/letters/new/", letter_form_data())
    assert response.status_code == 403
    assert not Ticket.objects.exists()


def test_errors_are_shown_next_to_fields_and_typed_text_is_kept(client, letter_form_data):
    response = client.post("/letters/new/", letter_form_data(phone="12", title="我写的标题", content="我写的内容"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "请填写有效的电话号码" in page and "我写的标题" in page and "我写的内容" in page
    assert 'value="12"' in page
    assert not Ticket.objects.exists()


def test_choosing_a_type_on_the_home_page_preselects_it(client, reference_data):
    page = client.get("/letters/new/?type=report").content.decode()
    assert re.search(r'value="report"[^>]*checked', page)
    assert re.search(r'data-type="report"[^>]*>', page).group(0).count("hidden") == 0


def test_submitted_text_is_escaped_on_the_letter_page(client, letter_form_data):
    number, _, _ = submit(client, letter_form_data(title="<b>粗体</b>", content="<script>alert(1)</script>"))
    page = client.get(f"/letters/{number}/").content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert "&lt;b&gt;粗体&lt;/b&gt;" in page
    assert Ticket.objects.get(letter_number=number).content == "<script>alert(1)</script>"


def test_confidential_flag_is_kept(client, letter_form_data):
    number, _, _ = submit(client, letter_form_data(confidential="on"))
    assert Ticket.objects.get(letter_number=number).confidential is True


def test_wrong_password_and_unknown_number_look_the_same(client, letter_form_data):
    number, _, _ = submit(client, letter_form_data())
    client.cookies.clear()
    wrong = client.post("/letters/lookup/", {"letter_number": number, "password": "nope-nope"})
    unknown = client.post("/letters/lookup/", {"letter_number": "202001010000017", "password": "nope-nope"})
    assert wrong.status_code == unknown.status_code == 200
    assert wrong.context["form"].non_field_errors() == unknown.context["form"].non_field_errors()
    assert "信件编号或查询密码不正确" in wrong.content.decode()


def test_repeated_wrong_passwords_are_throttled(client, letter_form_data):
    number, password, _ = submit(client, letter_form_data())
    for _ in range(5):
        client.post("/letters/lookup/", {"letter_number": number, "password": "wrong-pass"})
    response = client.post("/letters/lookup/", {"letter_number": number, "password": password})
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert "查询失败次数过多" in response.content.decode()


def test_letter_page_needs_the_password_in_a_new_session(client, letter_form_data):
    number, _, _ = submit(client, letter_form_data())
    other = Client()
    response = other.get(f"/letters/{number}/")
    assert response.status_code == 302 and response["Location"] == f"/letters/lookup/?number={number}"
    unknown = other.get("/letters/202001010000017/")
    assert unknown.status_code == 302 and "lookup" in unknown["Location"]
    assert other.post(f"/letters/{number}/rate/", {"solved": "1", "satisfaction": "satisfied"}).status_code == 302


def test_submission_is_throttled_per_phone(client, letter_form_data, settings):
    settings.HOTLINE_THROTTLES = {**settings.HOTLINE_THROTTLES, "letters_per_phone": (1, 3600)}
    submit(client, letter_form_data())
    response = client.post("/letters/new/", letter_form_data())
    assert response.status_code == 429
    assert "提交过于频繁" in response.content.decode()


def test_done_page_without_a_submission_goes_to_the_form(client, reference_data):
    assert client.get("/letters/done/")["Location"] == "/letters/new/"
