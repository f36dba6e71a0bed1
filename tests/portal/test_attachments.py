"""Attachments: the type from the content, the limits, and who may download them."""

import hashlib
import io
from pathlib import Path

import pytest
from django.core.files.base import File
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.portal.conftest import JPEG, PDF, PNG
from tickets import passwords
from tickets.errors import InvalidInput
from tickets.models import Attachment, PersonalDataAccess, Ticket
from tickets.services import attachments, transitions

pytestmark = pytest.mark.django_db

GIF = b"GIF89a" + b"\x00" * 32
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 32


@pytest.mark.parametrize("content, expected", [
    (JPEG, "image/jpeg"), (PNG, "image/png"), (GIF, "image/gif"), (WEBP, "image/webp"), (PDF, "application/pdf"),
])
def test_type_is_recognised_from_the_first_bytes(upload, content, expected):
    [checked] = attachments.check_uploads([upload(name="whatever.bin", content=content)])
    assert checked.content_type == expected


def test_script_renamed_to_jpg_is_refused(upload):
    with pytest.raises(InvalidInput) as caught:
        attachments.check_uploads([upload(name="photo.jpg", content=b"<?php system($_GET['c']); ?>")])
    assert "photo.jpg" in caught.value.fields["attachments"][0]


def test_file_over_five_megabytes_is_refused(upload):
    big = JPEG + b"\x00" * (attachments.MAX_BYTES)
    with pytest.raises(InvalidInput) as caught:
        attachments.check_uploads([upload(content=big)])
    assert "5MB" in caught.value.fields["attachments"][0]


def test_more_than_five_files_are_refused(upload):
    with pytest.raises(InvalidInput):
        attachments.check_uploads([upload(name=f"{i}.jpg") for i in range(6)])


def test_empty_file_is_refused(upload):
    with pytest.raises(InvalidInput):
        attachments.check_uploads([upload(content=b"")])


def test_stored_under_a_random_name_with_its_digest(make_ticket, media_root):
    ticket = make_ticket().ticket
    checked = attachments.check_uploads([SimpleUploadedFile("../../etc/passwd.jpg", JPEG)])
    [stored] = attachments.store_attachments(ticket, checked)
    assert stored.original_name == "passwd.jpg"
    assert stored.sha256 == hashlib.sha256(JPEG).hexdigest() and stored.size == len(JPEG)
    path = Path(stored.file.path)
    assert path.is_relative_to(media_root) and "passwd" not in path.name and path.suffix == ".jpg"


def test_plain_file_objects_are_accepted(make_ticket):
    ticket = make_ticket().ticket
    checked = attachments.check_uploads([File(io.BytesIO(PDF), name="scan.pdf")])
    [stored] = attachments.store_attachments(ticket, checked)
    assert stored.content_type == "application/pdf"


def _ticket_with_attachment(make_ticket, users, *, content=JPEG, name="photo.jpg", dispatch_to="housing"):
    ticket = make_ticket().ticket
    [stored] = attachments.store_attachments(ticket, attachments.check_uploads([SimpleUploadedFile(name, content)]))
    transitions.dispatch(ticket.pk, by=users["dispatcher1"], department=dispatch_to)
    return ticket, stored


def test_lead_department_may_download_and_it_is_logged(client, users, make_ticket):
    ticket, stored = _ticket_with_attachment(make_ticket, users)
    client.force_login(users["housing1"])
    response = client.get(f"/attachments/{stored.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == JPEG
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert PersonalDataAccess.objects.filter(ticket=ticket, user=users["housing1"], via="attachment").exists()


def test_pdf_is_downloaded_not_opened(client, users, make_ticket):
    _, stored = _ticket_with_attachment(make_ticket, users, content=PDF, name="证明.pdf")
    client.force_login(users["dispatcher1"])
    response = client.get(f"/attachments/{stored.pk}/")
    assert response["Content-Disposition"].startswith("attachment")


def test_other_department_and_strangers_get_404(client, users, make_ticket):
    _, stored = _ticket_with_attachment(make_ticket, users)
    assert client.get(f"/attachments/{stored.pk}/").status_code == 404
    client.force_login(users["market1"])
    assert client.get(f"/attachments/{stored.pk}/").status_code == 404
    assert client.get("/attachments/999999/").status_code == 404


def test_citizen_may_download_after_lookup_in_the_same_session(client, letter_form_data, upload):
    client.post("/letters/new/", {**letter_form_data(), "attachments": [upload()]})
    stored = Attachment.objects.get()
    assert client.get(f"/attachments/{stored.pk}/").status_code == 200
    client.cookies.clear()
    assert client.get(f"/attachments/{stored.pk}/").status_code == 404
    Ticket.objects.filter(pk=stored.ticket_id).update(password_hash=passwords.hash_password("secret-99"))
    client.post("/letters/lookup/", {"letter_number": stored.ticket.letter_number, "password": "secret-99"})
    assert client.get(f"/attachments/{stored.pk}/").status_code == 200


def test_portal_refuses_a_disguised_file_and_keeps_the_form(client, letter_form_data, upload):
    response = client.post("/letters/new/", {**letter_form_data(title="我的标题"),
                                             "attachments": [upload(name="a.jpg", content=b"MZ\x90\x00 not a photo")]})
    assert response.status_code == 200
    assert "a.jpg" in response.context["form"].errors["attachments"][0]
    assert "我的标题" in response.content.decode()
    assert not Ticket.objects.exists()


def test_portal_accepts_five_attachments(client, letter_form_data, upload):
    files = [upload(name=f"{i}.png", content=PNG, content_type="image/png") for i in range(5)]
    response = client.post("/letters/new/", {**letter_form_data(), "attachments": files})
    assert response.status_code == 302
    assert Attachment.objects.count() == 5


def test_oversized_request_is_refused_unread(client, letter_form_data):
    response = client.post("/letters/new/", letter_form_data(), CONTENT_LENGTH=str(40 * 1024 * 1024))
    assert response.status_code == 413
    assert "过大" in response.content.decode()
