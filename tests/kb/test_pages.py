"""The FAQ page for citizens, the staff knowledge page and the editors' pages."""

import pytest
from django.test import Client

from kb.models import Article

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return Client()


def test_faq_search_shows_public_answers_with_highlighted_terms(client, demo_articles):
    page = client.get("/faq/", {"q": "孩子刚出生怎么上户口"}).content.decode()
    assert demo_articles["newborn-hukou"].question in page.replace("<mark>", "").replace("</mark>", "")
    assert "<mark>出生</mark>" in page


def test_faq_escapes_the_query_and_never_shows_internal_entries(client, demo_articles):
    page = client.get("/faq/", {"q": "<script>路灯</script>"}).content.decode()
    assert "<script>路灯" not in page and "&lt;script&gt;" in page
    assert "派单口径" not in page


def test_faq_browses_a_category_with_its_subcategories(client, demo_articles):
    page = client.get("/faq/", {"category": "500000"}).content.decode()  # 公安户政 › 出入境证件, 户籍办理
    assert demo_articles["passport-collect"].question in page
    assert demo_articles["newborn-hukou"].question in page
    assert demo_articles["weekend-appointment-what"].question not in page


def test_faq_front_page_lists_categories(client, demo_articles):
    page = client.get("/faq/").content.decode()
    assert "社会保障" in page and "政务服务" in page


def test_public_faq_article_page_hides_internal_entries(client, demo_articles):
    assert client.get(f"/faq/{demo_articles['passport-collect'].pk}/").status_code == 200
    assert client.get(f"/faq/{demo_articles['agent-emergency-transfer'].pk}/").status_code == 404


def test_staff_page_needs_login(client):
    response = client.get("/kb/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_staff_search_includes_internal_entries(client, users, demo_articles):
    client.force_login(users["agent1"])
    page = client.get("/kb/", {"q": "路灯不亮"}).content.decode()
    assert "内部口径" in page and "城市照明管理处" in page


def test_agent_cannot_open_the_editors_pages(client, users):
    client.force_login(users["agent1"])
    assert client.get("/kb/manage/").status_code == 403


def test_handler_lists_only_their_departments_entries(client, users, demo_articles):
    client.force_login(users["hrss1"])
    page = client.get("/kb/manage/").content.decode()
    assert demo_articles["zero-employment-family"].question in page
    assert demo_articles["low-rent-housing-materials"].question not in page


def test_handler_cannot_open_another_departments_entry(client, users, demo_articles):
    client.force_login(users["hrss1"])
    assert client.get(f"/kb/manage/{demo_articles['low-rent-housing-materials'].pk}/").status_code == 404


def test_editor_creates_submits_and_reviewer_publishes_through_the_pages(client, users):
    client.force_login(users["housing1"])
    response = client.post("/kb/manage/new/", {
        "question": "公租房租金怎么交？", "answer": "每月10日前通过银行代扣缴纳。", "keywords": "公租房，租金",
        "synonyms": "", "is_public": "on", "note": "",
    })
    article = Article.objects.get(question="公租房租金怎么交？")
    assert response.status_code == 302 and article.department.code == "housing"
    client.post(f"/kb/manage/{article.pk}/submit/")
    client.force_login(users["kbeditor1"])
    client.post(f"/kb/manage/{article.pk}/publish/", {"note": "核实无误"})
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    history = client.get(f"/kb/manage/{article.pk}/history/").content.decode()
    assert "第 1 版" in history and "核实无误" in history


def test_send_back_without_reason_shows_an_error_and_changes_nothing(client, users):
    from kb import services

    article = services.create_article(by=users["housing1"], question="问题", answer="答案")
    services.submit(article.pk, by=users["housing1"])
    client.force_login(users["kbeditor1"])
    response = client.post(f"/kb/manage/{article.pk}/send_back/", follow=True)
    assert "请填写退回修改的理由" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW


def test_edit_form_shows_validation_errors(client, users, demo_articles):
    client.force_login(users["kbeditor1"])
    article = demo_articles["passport-collect"]
    response = client.post(f"/kb/manage/{article.pk}/", {"question": "", "answer": "", "department": ""})
    assert response.status_code == 200 and "field-error" in response.content.decode()


def test_saving_the_form_unchanged_changes_nothing(client, users, demo_articles):
    article = demo_articles["zero-employment-family"]
    client.force_login(users["hrss1"])
    form = client.get(f"/kb/manage/{article.pk}/").context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None and name != "department"}
    data["is_public"] = "on"
    response = client.post(f"/kb/manage/{article.pk}/", data)
    assert response.status_code == 302  # saved, not refused
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED and article.version == 1


def test_staff_entry_page_counts_tickets_it_answered(client, users, demo_articles, make_ticket):
    from tickets.services import transitions

    article = demo_articles["passport-collect"]
    ticket = make_ticket(channel="phone", type="consultation", title="护照去哪领", by=users["agent1"]).ticket
    transitions.resolve_directly(ticket.pk, by=users["agent1"], answer="到递交申请的网点领取", kb_article=article.pk)
    client.force_login(users["agent1"])
    page = client.get(f"/kb/{article.pk}/").content.decode()
    assert "已用于直接答复办结 1 件" in page
