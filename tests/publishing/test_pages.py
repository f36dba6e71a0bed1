"""The public columns on the portal and the editor's desk in the consoles."""

import pytest

from hotline.publishing import services
from hotline.publishing.models import Publication

pytestmark = pytest.mark.django_db


def test_the_public_column_lists_searches_and_filters(client, users, resolved_letter):
    services.publish(resolved_letter().pk, by=users["dispatcher1"])
    services.publish(resolved_letter(department="housing", title="楼道灯", content="楼道灯坏了。", reply="已更换。").pk,
                     by=users["dispatcher1"])
    page = client.get("/letters/public/").content.decode()
    assert "共 2 封" in page and "13812345678" not in page and "张三" not in page
    assert "共 1 封" in client.get("/letters/public/?q=楼道").content.decode()
    assert "共 1 封" in client.get("/letters/public/?department=housing").content.decode()


def test_a_published_letter_shows_its_reply_unit_and_dates(client, users, resolved_letter):
    publication = services.publish(resolved_letter().pk, by=users["dispatcher1"])
    page = client.get(f"/letters/public/{publication.pk}/").content.decode()
    assert "路灯已于当日修复" in page and "市城市管理局" in page and "来信时间" in page and "答复时间" in page


def test_an_unpublished_letter_is_gone_from_the_portal(client, users, resolved_letter):
    ticket = resolved_letter()
    publication = services.publish(ticket.pk, by=users["dispatcher1"])
    services.unpublish(ticket.pk, by=users["dispatcher1"])
    assert client.get(f"/letters/public/{publication.pk}/").status_code == 404


def test_the_exposure_column_shows_complaints_of_inaction_with_their_outcome(client, users, resolved_letter):
    ticket = resolved_letter(department="housing", title="物业不作为", content="物业推诿不处理漏水。", reply="已督促物业维修。")
    services.publish(ticket.pk, by=users["dispatcher1"], outcome="物业已维修并道歉。")
    services.publish(resolved_letter().pk, by=users["dispatcher1"])
    page = client.get("/letters/exposure/").content.decode()
    assert "物业已维修并道歉" in page and "共 1 件" in page


def test_the_editor_desk_lists_consented_resolved_letters(client, users, resolved_letter):
    ready = resolved_letter()
    resolved_letter(consent=False, title="不同意公开的信")
    client.force_login(users["dispatcher1"])
    page = client.get("/console/publishing/").content.decode()
    assert ready.letter_number in page and "不同意公开的信" not in page


def test_the_editor_sees_the_redacted_draft_and_confirms(client, users, resolved_letter):
    ticket = resolved_letter()
    client.force_login(users["dispatcher1"])
    page = client.get(f"/console/publishing/{ticket.pk}/").content.decode()
    assert "13812345678" not in page and "已自动去除" in page
    response = client.post(f"/console/publishing/{ticket.pk}/", {
        "action": "publish", "column": "letters", "title": "翠苑小区路灯不亮", "content": "门口路灯坏了一周。",
        "reply": "路灯已修复。", "outcome": ""})
    assert response.status_code == 302 and Publication.objects.get().title == "翠苑小区路灯不亮"


def test_the_editor_is_told_when_personal_data_is_left(client, users, resolved_letter):
    ticket = resolved_letter()
    client.force_login(users["dispatcher1"])
    response = client.post(f"/console/publishing/{ticket.pk}/", {
        "action": "publish", "column": "letters", "title": "路灯", "content": "请联系13812345678", "reply": "已修复。"})
    assert response.status_code == 400 and "仍含有个人信息" in response.content.decode()


def test_a_department_handler_has_no_editor_desk(client, users):
    client.force_login(users["urban1"])
    assert client.get("/console/publishing/").status_code == 403


def test_the_letter_form_offers_consent(client, reference_data):
    assert "同意办结后公开选登" in client.get("/letters/new/").content.decode()


def test_the_demo_published_letters_are_seeded_once(users):
    from hotline.publishing.demo import seed_publications

    assert seed_publications() == 3
    assert seed_publications() == 3 and Publication.objects.count() == 3
    assert Publication.objects.filter(column="exposure").count() == 1
    assert not Publication.objects.filter(content__contains="13831100021").exists()
