"""Citizen notices: written to the outbox in the caller's transaction, once per cause, in the
wording the SMS app registered (or the defaults)."""

import pytest
from django.db import transaction

from tickets.models import OutboundMessage
from tickets.services import notifications

pytestmark = pytest.mark.django_db


def test_the_same_cause_queues_a_notice_once(make_ticket):
    ticket = make_ticket().ticket
    assert notifications.queue_letter_received(ticket, "abc12345") is None  # registration already queued it
    assert OutboundMessage.objects.filter(ticket=ticket, template="letter_received").count() == 1


def test_no_recipient_queues_nothing(make_ticket):
    ticket = make_ticket(phone="").ticket
    assert not OutboundMessage.objects.filter(ticket=ticket).exists()


def test_a_rolled_back_change_leaves_no_notice(make_ticket):
    with pytest.raises(RuntimeError), transaction.atomic():
        make_ticket()
        raise RuntimeError
    assert not OutboundMessage.objects.exists()


def test_the_core_renders_defaults_until_a_door_registers_its_wording(monkeypatch):
    monkeypatch.setattr(notifications, "_wording", notifications._default_wording)
    assert notifications.render("letter_replied", letter_number="123") == \
        notifications.DEFAULT_TEMPLATES["letter_replied"].format(letter_number="123")
    notifications.register_wording(lambda name, default: "【测试】{letter_number}")
    assert notifications.render("letter_replied", letter_number="123") == "【测试】123"


def test_the_sms_app_registers_the_admins_wording(make_ticket):
    from hotline.sms.models import MessageTemplate

    MessageTemplate.objects.create(name="letter_replied", text="【石家庄12345】信件{letter_number}已答复。")
    assert notifications.render("letter_replied", letter_number="9") == "【石家庄12345】信件9已答复。"


def test_every_template_has_a_label_for_the_admin():
    assert set(notifications.TEMPLATE_LABELS) == set(notifications.DEFAULT_TEMPLATES)


def test_the_core_imports_no_door():
    import pathlib
    import re

    core = pathlib.Path(notifications.__file__).resolve().parents[1]
    offenders = [str(path.relative_to(core.parent)) for path in core.rglob("*.py")
                 if "migrations" not in path.parts
                 and re.search(r"^\s*(from|import) (hotline|kb)\b", path.read_text(encoding="utf-8"), re.M)]
    assert offenders == []
