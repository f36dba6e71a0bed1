"""Message wording is editable in the admin and falls back to the defaults."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hotline.sms.models import MessageTemplate
from tickets.models import OutboundMessage
from tickets.services import notifications

pytestmark = pytest.mark.django_db


def test_edited_wording_is_used_for_new_messages(make_ticket):
    MessageTemplate.objects.create(name="letter_received", text="【测试市12345】编号{letter_number} 密码{password}")
    registration = make_ticket(password="abc12345")
    body = OutboundMessage.objects.get(ticket=registration.ticket).body
    assert notifications.outgoing_text(body) == f"【测试市12345】编号{registration.ticket.letter_number} 密码abc12345"


def test_switched_off_wording_falls_back_to_the_default(make_ticket):
    MessageTemplate.objects.create(name="letter_received", text="编号{letter_number}", is_active=False)
    body = OutboundMessage.objects.get(ticket=make_ticket().ticket).body
    assert body.startswith("【12345热线】您的诉求已受理")


@pytest.mark.parametrize("text,error", [
    ("编号{letter_number}，电话{phone}", "不支持的占位符"),
    ("编号{letter_number", "花括号"),
    ("编号{0}", "不支持的占位符"),
])
def test_wording_with_unknown_or_broken_placeholders_is_refused(text, error):
    template = MessageTemplate(name="letter_replied", text=text)
    with pytest.raises(ValidationError) as refused:
        template.full_clean()
    assert error in str(refused.value)


def test_admin_shows_placeholders_and_refuses_bad_wording(admin_client):
    add = reverse("admin:sms_messagetemplate_add")
    response = admin_client.post(add, {"name": "rating_invitation", "text": "请评价{letter}", "is_active": "on"})
    assert response.status_code == 200
    assert "不支持的占位符" in response.content.decode()
    assert not MessageTemplate.objects.exists()
    response = admin_client.post(add, {"name": "rating_invitation", "text": "请评价信件{letter_number}", "is_active": "on"})
    assert response.status_code == 302
    change = admin_client.get(reverse("admin:sms_messagetemplate_change", args=[MessageTemplate.objects.get().pk]))
    assert "{letter_number}" in change.content.decode()


def test_every_message_has_a_label_for_the_admin():
    assert set(notifications.TEMPLATE_LABELS) == set(notifications.DEFAULT_TEMPLATES)
