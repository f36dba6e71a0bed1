"""Attachments in the consoles: the citizen's files reach staff, and a department's evidence travels
with its reply to the citizen once the hotline approves it."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.portal.conftest import JPEG, PDF
from tickets.models import Attachment, Reply, Status
from tickets.services import attachments, transitions

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def photo(name="现场.jpg", content=JPEG):
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


def pdf(name="维修单.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def letter_with_photo(make_ticket):
    ticket = make_ticket().ticket
    attachments.store_attachments(ticket, attachments.check_uploads([photo("门口.jpg"), pdf("说明.pdf")]))
    return ticket


def _thumb_urls(html: str) -> list[str]:
    return re.findall(r'<img src="(/attachments/\d+/)"', html)


def test_dispatch_card_shows_the_citizens_photo_as_a_thumbnail_and_the_pdf_as_a_link(login, letter_with_photo):
    html = login("dispatcher1").get("/console/dispatch/").content.decode()
    image, document = letter_with_photo.attachments.order_by("id")
    assert f'<img src="/attachments/{image.pk}/"' in html and "门口.jpg" in html
    assert f'href="/attachments/{document.pk}/"' in html and "说明.pdf" in html


def test_inbox_row_and_ticket_page_show_the_citizens_files(login, letter_with_photo, users):
    ticket = transitions.run_transition(letter_with_photo.pk, "dispatch", by=users["dispatcher1"],
                                        payload={"department": "housing"})
    housing = login("housing1")
    assert _thumb_urls(housing.get("/console/inbox/").content.decode())
    page = housing.get(f"/console/tickets/{ticket.pk}/").content.decode()
    [url] = _thumb_urls(page)
    # The thumbnail opens through the permission-checked view, for this handler…
    assert housing.get(url).status_code == 200
    # …and not for another department's.
    assert login("market1").get(url).status_code == 404


def test_department_replies_with_a_photo_and_a_pdf_from_the_ticket_page(login, ticket_in):
    ticket = ticket_in(Status.ACCEPTED)
    response = login("housing1").post(f"/console/tickets/{ticket.pk}/do/reply/", {
        "text": "已更换路灯，附现场照片和维修单。", "version": ticket.version,
        "attachments": [photo(), pdf()]})
    assert response.status_code == 302
    reply = Reply.objects.get(ticket=ticket)
    assert sorted(a.content_type for a in reply.attachments.all()) == ["application/pdf", "image/jpeg"]
    assert {a.uploaded_by.username for a in reply.attachments.all()} == {"housing1"}
    # The reviewer sees the evidence with the reply it came with.
    desk = login("dispatcher1").get("/console/dispatch/?tab=replies").content.decode()
    assert "答复附件" in desk and "维修单.pdf" in desk


def test_reply_evidence_is_checked_like_a_citizens_upload(login, ticket_in):
    ticket = ticket_in(Status.ACCEPTED)
    script = SimpleUploadedFile("photo.jpg", b"<?php system($_GET['c']); ?>", content_type="image/jpeg")
    response = login("housing1").post(f"/console/tickets/{ticket.pk}/do/reply/", {
        "text": "已处理。", "version": ticket.version, "attachments": [script]})
    assert response.status_code == 400
    assert "photo.jpg" in response.content.decode() and "不是JPG、PNG、GIF、WEBP 图片或 PDF 文件" in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.status == Status.ACCEPTED and not Reply.objects.filter(ticket=ticket).exists()


def test_too_many_reply_files_are_refused_by_the_same_limit(users, ticket_in):
    ticket = ticket_in(Status.ACCEPTED)
    files = [photo(f"{i}.jpg") for i in range(attachments.MAX_FILES + 1)]
    with pytest.raises(Exception) as caught:
        transitions.run_transition(ticket.pk, "reply", by=users["housing1"],
                                   payload={"text": "已处理。", "attachments": files})
    assert "最多" in str(caught.value.fields["attachments"])
    assert not Attachment.objects.exists()


def test_a_json_body_cannot_pass_strings_as_attachments(users, ticket_in):
    ticket = ticket_in(Status.ACCEPTED)
    with pytest.raises(Exception) as caught:
        transitions.run_transition(ticket.pk, "reply", by=users["housing1"],
                                   payload={"text": "已处理。", "attachments": ["/etc/passwd"]})
    assert caught.value.status == 400


def _reply_with_evidence(ticket_in, users):
    ticket = ticket_in(Status.ACCEPTED)
    transitions.run_transition(ticket.pk, "reply", by=users["housing1"],
                               payload={"text": "已修复，见照片。", "attachments": [photo("修好了.jpg")]})
    return ticket


def test_citizen_sees_the_departments_evidence_only_once_the_reply_is_approved(ticket_in, users):
    from tickets import passwords

    ticket = _reply_with_evidence(ticket_in, users)
    type(ticket).objects.filter(pk=ticket.pk).update(password_hash=passwords.hash_password("secret-123"))
    api = Client()
    body = {"letter_number": ticket.letter_number, "password": "secret-123"}
    assert api.post("/api/v1/letters/lookup/", body, content_type="application/json").json()["reply"] is None
    evidence = Attachment.objects.get(reply__isnull=False)
    # Under review: the file is not the citizen's to open, even in a session that proved access.
    portal = Client()
    portal.post("/letters/lookup/", body)
    assert portal.get(f"/attachments/{evidence.pk}/").status_code == 404

    transitions.run_transition(ticket.pk, "approve_reply", by=users["dispatcher1"], payload={})
    reply = api.post("/api/v1/letters/lookup/", body, content_type="application/json").json()["reply"]
    [item] = reply["attachments"]
    assert item["name"] == "修好了.jpg" and item["content_type"] == "image/jpeg"
    # The API client keeps no session: the signed address opens the file by itself.
    assert Client().get(item["url"]).status_code == 200
    assert Client().get(f"/attachments/{evidence.pk}/?t=forged").status_code == 404
    page = portal.get(f"/letters/{ticket.letter_number}/").content.decode()
    assert "答复附件" in page and "修好了.jpg" in page
    assert portal.get(f"/attachments/{evidence.pk}/").status_code == 200


def test_a_signed_address_opens_only_its_own_attachment(letter_with_photo):
    from hotline.portal.access import attachment_url

    first, second = letter_with_photo.attachments.order_by("id")
    url = attachment_url(first.pk)
    token = url.split("?t=")[1]
    assert Client().get(url).status_code == 200
    assert Client().get(f"/attachments/{second.pk}/?t={token}").status_code == 404
