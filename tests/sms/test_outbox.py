"""The outbox: delivered once, retried with backoff, parked after the last try, re-sent from the admin,
and never lost to a broker outage."""

from datetime import timedelta

import pytest
import requests
import responses
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from hotline.sms import delivery
from hotline.sms.backends import FileBackend, MemoryBackend
from hotline.sms.tasks import deliver_messages, sweep_outbox
from tests.sms.helpers import resolve
from tickets.models import OutboundMessage, Ticket

pytestmark = pytest.mark.django_db

GATEWAY = "https://sms-gateway.example.test/v1/messages"
http_gateway = override_settings(SMS_BACKEND="http", SMS_GATEWAY_URL=GATEWAY, SMS_GATEWAY_KEY="gw-key")


def received_sms(registration) -> OutboundMessage:
    return OutboundMessage.objects.get(ticket=registration.ticket, template="letter_received")


def make_due(message: OutboundMessage) -> None:
    OutboundMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())


def test_letter_number_and_password_are_delivered_once_then_scrubbed(make_ticket):
    registration = make_ticket(password="lamp-2026")
    message = received_sms(registration)
    assert delivery.deliver([message.pk]) == {"sent": 1}
    assert delivery.deliver([message.pk]) == {}
    assert delivery.deliver_due() == {}
    assert len(MemoryBackend.outbox) == 1
    sent = MemoryBackend.outbox[0]
    assert sent["to"] == "13812345678"
    assert registration.ticket.letter_number in sent["text"] and "lamp-2026" in sent["text"]
    assert "\x1e" not in sent["text"]
    message.refresh_from_db()
    assert (message.state, message.attempts) == ("sent", 1)
    assert "lamp-2026" not in message.body and "******" in message.body


def test_a_claimed_message_cannot_be_claimed_again(make_ticket):
    message = received_sms(make_ticket())
    assert delivery.claim(message.pk) is not None
    assert delivery.claim(message.pk) is None
    assert delivery.claim_due(10) == []


@http_gateway
@responses.activate
def test_gateway_failure_is_retried_later_with_backoff(make_ticket):
    message = received_sms(make_ticket())
    responses.post(GATEWAY, status=503)
    responses.post(GATEWAY, json={"id": "gw-42"})
    before = timezone.now()
    assert delivery.deliver_due() == {"pending": 1}
    message.refresh_from_db()
    assert (message.state, message.attempts) == ("pending", 1)
    assert "503" in message.last_error
    assert message.next_attempt_at >= before + timedelta(seconds=settings.OUTBOX["RETRY_BASE_SECONDS"])
    assert delivery.deliver_due() == {}  # not due yet
    make_due(message)
    assert delivery.deliver_due() == {"sent": 1}
    message.refresh_from_db()
    assert (message.state, message.attempts, message.provider_id) == ("sent", 2, "gw-42")
    request = responses.calls[-1].request
    assert request.headers["Authorization"] == "Bearer gw-key"
    assert request.headers["Idempotency-Key"] == message.dedupe_key
    assert b"13812345678" in request.body


@http_gateway
@responses.activate
def test_unreachable_gateway_is_retried(make_ticket):
    message = received_sms(make_ticket())
    responses.post(GATEWAY, body=requests.ConnectionError("connection refused"))
    delivery.deliver_due()
    message.refresh_from_db()
    assert message.state == "pending" and "不可达" in message.last_error


@http_gateway
@responses.activate
def test_gateway_refusal_is_parked_at_once(make_ticket):
    message = received_sms(make_ticket())
    responses.post(GATEWAY, status=400, json={"error": "invalid number"})
    delivery.deliver_due()
    message.refresh_from_db()
    assert (message.state, message.attempts) == ("failed", 1)


def test_backoff_doubles_and_is_capped():
    base = settings.OUTBOX["RETRY_BASE_SECONDS"]
    assert [delivery.backoff(n).total_seconds() for n in (1, 2, 3)] == [base, 2 * base, 4 * base]
    assert delivery.backoff(50).total_seconds() == settings.OUTBOX["RETRY_MAX_SECONDS"]


@http_gateway
@responses.activate
def test_parked_after_the_last_try_and_resent_from_the_admin(make_ticket, admin_client):
    message = received_sms(make_ticket())
    responses.post(GATEWAY, status=500)
    for _ in range(settings.OUTBOX["MAX_ATTEMPTS"]):
        make_due(message)
        delivery.deliver_due()
    message.refresh_from_db()
    assert (message.state, message.attempts) == ("failed", settings.OUTBOX["MAX_ATTEMPTS"])
    make_due(message)
    assert delivery.deliver_due() == {}  # parked: the sweep leaves it alone

    changelist = reverse("admin:tickets_outboundmessage_changelist")
    listing = admin_client.get(changelist, {"state__exact": "failed"})
    assert listing.status_code == 200 and str(message.pk) in listing.content.decode()
    response = admin_client.post(changelist, {"action": "resend", "_selected_action": [message.pk]}, follow=True)
    assert response.status_code == 200
    assert "重新加入发送队列" in response.content.decode()
    message.refresh_from_db()
    assert (message.state, message.attempts) == ("pending", 0)

    responses.replace(responses.POST, GATEWAY, json={"id": "gw-7"})
    assert delivery.deliver_due() == {"sent": 1}
    message.refresh_from_db()
    assert (message.state, message.provider_id) == ("sent", "gw-7")
    assert sum(1 for call in responses.calls if call.response.status_code == 200) == 1


def test_admin_resend_leaves_sent_messages_alone(make_ticket, admin_client):
    message = received_sms(make_ticket())
    delivery.deliver([message.pk])
    changelist = reverse("admin:tickets_outboundmessage_changelist")
    response = admin_client.post(changelist, {"action": "resend", "_selected_action": [message.pk]}, follow=True)
    assert "未重复发送" in response.content.decode()
    message.refresh_from_db()
    assert message.state == "sent"
    assert len(MemoryBackend.outbox) == 1


def test_admin_never_shows_the_query_password(make_ticket, admin_client):
    message = received_sms(make_ticket(password="secret-777"))
    page = admin_client.get(reverse("admin:tickets_outboundmessage_change", args=[message.pk]))
    assert page.status_code == 200
    assert "secret-777" not in page.content.decode()


def test_broker_outage_keeps_the_ticket_and_the_sweep_sends_later(make_ticket, monkeypatch,
                                                                  django_capture_on_commit_callbacks):
    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(deliver_messages, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        registration = make_ticket()
    assert Ticket.objects.filter(pk=registration.ticket.pk).exists()
    assert received_sms(registration).state == "pending"
    monkeypatch.undo()
    sweep_outbox.apply()
    assert received_sms(registration).state == "sent"
    assert len(MemoryBackend.outbox) == 1


def test_the_sweep_runs_periodically():
    from config.celery import app

    tasks = {spec["task"] for spec in settings.PERIODIC_TASKS.values()}
    assert "hotline.sms.tasks.sweep_outbox" in tasks
    app.loader.import_default_modules()
    assert "hotline.sms.tasks.sweep_outbox" in app.tasks


def test_approved_reply_queues_reply_notice_and_rating_invitation(make_ticket, users):
    registration = make_ticket()
    resolve(registration.ticket.pk, users)
    templates = set(OutboundMessage.objects.filter(ticket=registration.ticket).values_list("template", flat=True))
    assert templates == {"letter_received", "letter_replied", "rating_invitation"}  # no openid: no WeChat push
    invitation = OutboundMessage.objects.get(ticket=registration.ticket, template="rating_invitation")
    assert f"{registration.ticket.letter_number} 1" in invitation.body


def test_file_backend_appends_one_json_line_per_message(tmp_path):
    import json

    log = tmp_path / "sms.log"
    backend = FileBackend(log)
    backend.send("13800000000", "第一条", message_id="a")
    backend.send("13900000000", "第二条", message_id="b")
    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert [(line["to"], line["text"]) for line in lines] == [("13800000000", "第一条"), ("13900000000", "第二条")]


def test_urgent_deadline_warning_is_texted_to_the_departments_duty_phone(make_ticket, users):
    from tickets.services import notifications, transitions

    ticket = make_ticket(priority="urgent").ticket
    ticket = transitions.dispatch(ticket.pk, by=users["dispatcher1"], department="housing")
    notifications.queue_urgent_deadline_warning(ticket, "sign")
    delivery.deliver_due()
    warnings = [sms for sms in MemoryBackend.outbox if "紧急工单" in sms["text"]]
    assert [sms["to"] for sms in warnings] == [ticket.lead_department.duty_phone]
    assert ticket.letter_number in warnings[0]["text"] and "签收" in warnings[0]["text"]
