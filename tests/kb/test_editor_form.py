"""The editors' form around the rich-text editor: the answer box stays the source of truth, the
preview shows the sanitised answer (also when an entry is reopened), empty choices read 请选择…,
and a new draft is 第 1 版."""

import html
import re

import pytest

from kb import services
from kb.models import Article

pytestmark = pytest.mark.django_db


def _page(client, url) -> str:
    return client.get(url).content.decode()


def _preview_doc(page: str) -> str:
    """The preview frame's document, as the browser reads its srcdoc attribute."""
    match = re.search(r'<iframe class="kb-preview"[^>]*srcdoc="([^"]*)"', page)
    assert match, "the edit page has no preview frame"
    return html.unescape(match.group(1))


@pytest.fixture
def entry(users):
    return services.create_article(by=users["kbeditor1"], question="公租房租金怎么交？",
                                   answer="<p><strong>每月10日前</strong>缴纳：</p><ul><li>银行代扣</li><li>窗口缴纳</li></ul>",
                                   department=users["housing1"].department)


def test_form_keeps_a_plain_answer_box_and_loads_the_editor(client, users):
    client.force_login(users["kbeditor1"])
    page = _page(client, "/kb/manage/new/")
    assert re.search(r'<textarea name="answer"[^>]*id="id_answer"', page)
    assert "/static/vendor/quill/quill.js" in page and "/static/vendor/quill/quill.snow.css" in page


def test_reopened_entry_shows_its_answer_in_the_preview(client, users, entry):
    client.force_login(users["kbeditor1"])
    doc = _preview_doc(_page(client, f"/kb/manage/{entry.pk}/"))
    assert '<div class="kb-answer"><p><strong>每月10日前</strong>缴纳：</p><ul><li>银行代扣</li>' in doc


def test_preview_of_a_form_sent_back_with_errors_is_the_sanitised_typed_answer(client, users, entry):
    client.force_login(users["kbeditor1"])
    response = client.post(f"/kb/manage/{entry.pk}/", {
        "question": "", "answer": '<p onclick="x()">新的口径<script>alert(1)</script></p>', "department": ""})
    doc = _preview_doc(response.content.decode())
    assert "<p>新的口径</p>" in doc and "script" not in doc and "onclick" not in doc


def test_preview_endpoint_sanitises_as_saving_does(client, users):
    client.force_login(users["housing1"])
    response = client.post("/kb/manage/preview/", {
        "answer": '<h2>标题</h2><p style="color:red"><b>带</b>身份证</p><img src=x onerror=alert(1)>'
                  '<a href="javascript:alert(1)">链接</a>'})
    assert response.status_code == 200
    cleaned = response.json()["html"]
    assert "<b>带</b>身份证" in cleaned
    for unsafe in ("<h2", "style=", "<img", "onerror", "javascript:"):
        assert unsafe not in cleaned


def test_preview_endpoint_is_for_editors_only(client, users):
    client.force_login(users["agent1"])
    assert client.post("/kb/manage/preview/", {"answer": "<p>答</p>"}).status_code == 403
    client.force_login(users["kbeditor1"])
    assert client.get("/kb/manage/preview/").status_code == 405


def test_empty_choices_read_please_choose_never_dashes(client, users, entry):
    client.force_login(users["kbeditor1"])
    for url in ("/kb/manage/new/", f"/kb/manage/{entry.pk}/"):
        page = _page(client, url)
        assert "---------" not in page
        assert page.count('<option value="" selected>请选择…</option>') + page.count(
            '<option value="">请选择…</option>') == 2


def test_new_draft_is_version_one(client, users, entry):
    client.force_login(users["kbeditor1"])
    assert "第 1 版（未发布）" in _page(client, "/kb/manage/new/")
    assert entry.edition == 1
    page = _page(client, f"/kb/manage/{entry.pk}/")
    assert "第 1 版（未发布）" in page and "第 0 版" not in page


def test_published_entry_shows_its_version_and_a_revision_the_next(users, entry):
    services.submit(entry.pk, by=users["kbeditor1"])
    published = services.publish(entry.pk, by=users["admin"])
    assert published.version == 1 and published.edition == 1
    revised = services.update_article(entry.pk, by=users["housing1"], answer="<p>只能银行代扣。</p>")
    assert revised.status == Article.Status.IN_REVIEW and revised.edition == 2
