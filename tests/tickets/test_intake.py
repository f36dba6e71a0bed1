"""Registering letters and calls (受理): the use cases every door calls."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.portal.conftest import PNG
from tickets.errors import InvalidInput
from tickets.models import Attachment, OutboundMessage, Status, Ticket, TicketEvent
from tickets.services import attachments
from tickets.services.intake import append_to_ticket, register_call, register_ticket, submit_letter

pytestmark = pytest.mark.django_db

LETTER = {"type": "complaint", "title": "路灯不亮", "content": "裕华路12号门口路灯坏了一周。", "phone": "13812345678"}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_letter_and_its_files_are_stored_together(reference_data, media):
    files = attachments.check_uploads([SimpleUploadedFile("灯.png", PNG)])
    registration = submit_letter(channel="web", attachments=files, **LETTER)
    assert [a.original_name for a in registration.ticket.attachments.all()] == ["灯.png"]
    assert OutboundMessage.objects.filter(ticket=registration.ticket, template="letter_received").exists()


def test_a_file_that_cannot_be_stored_leaves_no_letter_behind(reference_data, media, monkeypatch):
    def broken(ticket, uploads):
        raise InvalidInput(fields={"attachments": ["存储失败。"]})

    monkeypatch.setattr(attachments, "store_attachments", broken)
    files = attachments.check_uploads([SimpleUploadedFile("灯.png", PNG)])
    with pytest.raises(InvalidInput):
        submit_letter(channel="web", attachments=files, **LETTER)
    assert not Ticket.objects.exists() and not OutboundMessage.objects.exists() and not Attachment.objects.exists()


def test_a_registered_call_can_be_dispatched_in_the_same_step(users):
    registration = register_call(by=users["agent1"], channel="phone", ending=("dispatch", {"department": "urban"}),
                                 **LETTER)
    assert registration.ticket.status == Status.DISPATCHED
    assert registration.ticket.lead_department.code == "urban"


def test_a_refused_call_ending_registers_nothing(users):
    with pytest.raises(InvalidInput):
        register_call(by=users["agent1"], channel="phone", ending=("dispatch", {"department": "nowhere"}), **LETTER)
    assert not Ticket.objects.exists() and not TicketEvent.objects.exists()


def test_a_call_ends_only_in_dispatch_or_a_direct_answer(users):
    with pytest.raises(InvalidInput) as raised:
        register_call(by=users["agent1"], channel="phone", ending=("close", {}), **LETTER)
    assert "ending" in raised.value.fields


@pytest.mark.parametrize("field, value", [("title", "标" * 201), ("content", "字" * 5001), ("name", "名" * 51),
                                          ("address", "址" * 201), ("title", "   "), ("content", 12)])
def test_the_core_enforces_the_letter_limits_whatever_the_door(reference_data, field, value):
    with pytest.raises(InvalidInput) as raised:
        register_ticket(channel="wechat", **{**LETTER, field: value})
    assert field in raised.value.fields


def test_coordinates_come_in_pairs_within_range(reference_data):
    with pytest.raises(InvalidInput) as raised:
        register_ticket(channel="web", lat=91, lon=114.5, **LETTER)
    assert "lat" in raised.value.fields
    ticket = register_ticket(channel="web", lat="38.0428123", lon="114.5149", **LETTER).ticket
    assert (str(ticket.lat), str(ticket.lon)) == ("38.042812", "114.514900")


def test_a_supplement_joins_a_letter_only_before_dispatch(users, make_ticket):
    ticket = make_ticket().ticket
    append_to_ticket(ticket.pk, text="晚上七点以后完全不亮。")
    ticket.refresh_from_db()
    assert ticket.content.endswith("晚上七点以后完全不亮。")
    from tickets.services import transitions

    transitions.dispatch(ticket.pk, by=users["dispatcher1"], department="urban")
    with pytest.raises(Exception) as raised:
        append_to_ticket(ticket.pk, text="还有一处。")
    assert raised.value.status == 409


def test_a_supplement_cannot_grow_a_letter_past_the_content_cap(make_ticket):
    from tickets.letter_rules import CONTENT_MAX

    ticket = make_ticket(content="长" * (CONTENT_MAX - 10)).ticket
    with pytest.raises(Exception) as raised:
        append_to_ticket(ticket.pk, text="补充" * 10)
    assert raised.value.status == 400 and "text" in raised.value.fields
    append_to_ticket(ticket.pk, text="短" * 9)  # the newline and nine characters fit exactly
    ticket.refresh_from_db()
    assert len(ticket.content) == CONTENT_MAX


def test_publish_consent_is_kept_with_the_letter(reference_data):
    assert register_ticket(channel="web", publish_consent=True, **LETTER).ticket.publish_consent is True
