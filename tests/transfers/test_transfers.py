"""Transfers between platforms: out to 110 or the province, their answers back, and theirs to us."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from hotline.transfers import delivery
from hotline.transfers.answers import answer_due_inbound
from hotline.transfers.models import Delivery, InboundMessage, InboundTransfer, Transfer
from tests.sms.helpers import resolve
from tests.transfers.conftest import INBOUND
from tickets.errors import InvalidInput, PermissionDenied, TransitionNotAllowed
from tickets.models import Channel, EventKind, OutboundMessage, Status, Ticket
from tickets.selectors.letters import public_view
from tickets.services import transitions

pytestmark = pytest.mark.django_db


@pytest.fixture
def transferred(make_ticket, users, platforms):
    """A received ticket the agent transferred to the 110 platform (delivery not yet attempted)."""
    ticket = make_ticket(title="有人在小区门口打架", content="裕华路12号门口有人持械打架。").ticket
    return transitions.transfer(ticket.pk, by=users["agent1"], platform="police-110", reason="涉及治安，转110")


def test_a_transfer_is_a_transition_with_a_reason_recorded_in_the_history(transferred):
    assert transferred.status == Status.TRANSFERRED
    event = transferred.events.get(transition="transfer")
    assert (event.from_status, event.to_status, event.text) == ("received", "transferred", "涉及治安，转110")
    assert event.public_label == "已转市公安局110办理"
    record = Transfer.objects.get(ticket=transferred)
    assert event.data["transfer"] == record.reference and record.emergency is True
    assert Delivery.objects.get(transfer=record).state == Delivery.State.PENDING


def test_an_unknown_or_inactive_platform_is_refused(make_ticket, users, platforms):
    ticket = make_ticket().ticket
    with pytest.raises(InvalidInput):
        transitions.transfer(ticket.pk, by=users["agent1"], platform="mars-110", reason="x")
    platforms["police"].is_active = False
    platforms["police"].save()
    with pytest.raises(InvalidInput):
        transitions.transfer(ticket.pk, by=users["agent1"], platform="police-110", reason="x")
    assert Ticket.objects.get(pk=ticket.pk).status == Status.RECEIVED


def test_only_hotline_staff_may_transfer_and_only_from_intake(dispatched_ticket, make_ticket, users, platforms):
    with pytest.raises(TransitionNotAllowed):
        transitions.transfer(dispatched_ticket.pk, by=users["dispatcher1"], platform="police-110", reason="x")
    with pytest.raises(PermissionDenied):
        transitions.transfer(make_ticket().ticket.pk, by=users["housing1"], platform="police-110", reason="x")


def test_a_dispatcher_records_an_answer_given_by_phone_and_nobody_else_may(transferred, make_ticket, users):
    with pytest.raises(PermissionDenied):
        transitions.transfer_resolved(transferred.pk, by=users["housing1"], answer="已处置")
    with pytest.raises(PermissionDenied):
        transitions.transfer_refused(transferred.pk, by=users["agent1"], reason="不属于警情")
    with pytest.raises(TransitionNotAllowed):
        transitions.transfer_resolved(make_ticket().ticket.pk, by=users["dispatcher1"], answer="已处置")
    resolved = transitions.transfer_resolved(transferred.pk, by=users["dispatcher1"], answer="110电话告知：已处置")
    assert resolved.status == Status.RESOLVED and resolved.direct_answer == "110电话告知：已处置"
    event = resolved.events.filter(kind="transition").last()
    assert (event.transition, event.actor) == ("transfer_resolved", users["dispatcher1"])


def test_a_refused_ticket_can_be_dispatched_as_usual(transferred, users):
    transitions.transfer_refused(transferred.pk, by=users["dispatcher1"], reason="110告知不属于警情")
    assert transitions.dispatch(transferred.pk, by=users["dispatcher1"], department="urban").status == Status.DISPATCHED


def test_the_transfer_is_delivered_as_a_signed_webhook_with_an_idempotency_key(transferred, platforms, stub_for):
    stub = stub_for(platforms["police"])
    assert delivery.deliver_due() == {"delivered": 1}
    [message] = stub.received
    record = Transfer.objects.get(ticket=transferred)
    assert message["event"] == message["_event_header"] == "transfer.created"
    assert message["transfer_id"] == record.reference and message["_idempotency_key"] == f"transfer:{record.reference}"
    assert message["ticket"]["letter_number"] == transferred.letter_number
    assert message["ticket"]["citizen"]["phone"] == "13812345678"  # 110 must be able to call back
    assert message["callback_url"].endswith(INBOUND)
    assert stub.rejected == []
    record.refresh_from_db()
    assert record.state == Transfer.State.DELIVERED and record.delivered_at is not None


def test_nothing_is_lost_while_the_other_side_is_down(transferred, platforms, stub_for):
    assert delivery.deliver_due() == {"pending": 1}  # nobody listening: connection refused
    stub = stub_for(platforms["police"])
    row = Delivery.objects.get()
    row.next_attempt_at = timezone.now()
    row.save()
    stub.down = True
    assert delivery.deliver_due() == {"pending": 1}
    row.refresh_from_db()
    assert row.attempts == 2 and row.response_status == 503 and "503" in row.last_error
    assert row.next_attempt_at > timezone.now()
    assert delivery.deliver_due() == {}  # not due yet: backing off
    stub.down = False
    Delivery.objects.update(next_attempt_at=timezone.now())
    assert delivery.deliver_due() == {"delivered": 1}
    assert len(stub.received) == 1 and stub.attempts == 2


def test_backoff_doubles_and_is_faster_for_emergencies(settings):
    settings.TRANSFERS = {**settings.TRANSFERS, "RETRY_BASE_SECONDS": 30, "RETRY_MAX_SECONDS": 3600,
                          "EMERGENCY_RETRY_BASE_SECONDS": 5, "EMERGENCY_RETRY_MAX_SECONDS": 60}
    assert [delivery.backoff(n, emergency=False).seconds for n in (1, 2, 3)] == [30, 60, 120]
    assert delivery.backoff(40, emergency=False) == timedelta(hours=1)
    assert [delivery.backoff(n, emergency=True).seconds for n in (1, 2, 5, 9)] == [5, 10, 60, 60]


def test_a_resend_after_a_lost_answer_is_heard_once(transferred, platforms, stub_for):
    stub = stub_for(platforms["police"])
    delivery.deliver_due()
    Delivery.objects.update(state=Delivery.State.SENDING, next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert delivery.release_stale() == 1  # its worker died: back to the queue, not parked
    Delivery.objects.update(next_attempt_at=timezone.now())
    assert delivery.deliver_due() == {"delivered": 1}
    assert stub.attempts == 2 and len(stub.received) == 1


def test_an_emergency_transfer_goes_out_at_once(make_ticket, users, platforms, stub_for, deliver_at_once,
                                                 django_capture_on_commit_callbacks):
    stub = stub_for(platforms["police"])
    ticket = make_ticket().ticket
    with django_capture_on_commit_callbacks(execute=True):
        transitions.transfer(ticket.pk, by=users["agent1"], platform="police-110", reason="即时转")
    assert len(stub.received) == 1 and stub.received[0]["emergency"] is True
    assert Delivery.objects.get().state == Delivery.State.DELIVERED


def test_an_accepted_answer_is_a_receipt_in_the_history(transferred, platforms, stub_for, inbound):
    stub = stub_for(platforms["police"])
    reference = Transfer.objects.get().reference
    response = inbound(stub, "transfer.accepted", {"transfer_id": reference, "note": "已派警"})
    assert response.status_code == 200, response.content
    ticket = Ticket.objects.get(pk=transferred.pk)
    assert ticket.status == Status.TRANSFERRED
    receipt = ticket.events.get(kind=EventKind.PLATFORM_RECEIPT)
    assert (receipt.actor_label, receipt.text, receipt.public_label) == ("市公安局110", "已派警", "市公安局110已受理")
    assert Transfer.objects.get().state == Transfer.State.ACCEPTED


def test_a_refusal_returns_the_ticket_to_intake(transferred, platforms, stub_for, inbound):
    stub = stub_for(platforms["police"])
    response = inbound(stub, "transfer.refused", {"transfer_id": Transfer.objects.get().reference,
                                                  "reason": "不属于警情，请热线处理"})
    assert response.status_code == 200
    assert response.json()["status"] == Status.RECEIVED
    event = Ticket.objects.get(pk=transferred.pk).events.filter(kind="transition").last()
    assert event.transition == "transfer_refused" and "不属于警情" in event.text
    assert Transfer.objects.get().state == Transfer.State.REFUSED


def test_a_resolution_resolves_the_ticket_with_the_reply_for_the_citizen(transferred, platforms, stub_for,
                                                                          inbound):
    stub = stub_for(platforms["police"])
    response = inbound(stub, "transfer.resolved", {"transfer_id": Transfer.objects.get().reference,
                                                   "reply": "民警已到场处置，双方已调解。"})
    assert response.status_code == 200
    ticket = Ticket.objects.get(pk=transferred.pk)
    assert ticket.status == Status.RESOLVED
    view = public_view(ticket)
    assert view["reply"]["text"] == "民警已到场处置，双方已调解。" and view["can_rate"] is True
    assert OutboundMessage.objects.filter(ticket=ticket, template="letter_replied").exists()


def test_a_replayed_message_gets_the_same_answer_and_acts_once(transferred, platforms, stub_for, inbound):
    stub = stub_for(platforms["police"])
    payload = {"transfer_id": Transfer.objects.get().reference, "reply": "已处置。"}
    first = inbound(stub, "transfer.resolved", payload, key="k-1")
    again = inbound(stub, "transfer.resolved", payload, key="k-1")
    assert again.status_code == first.status_code == 200
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert Ticket.objects.get(pk=transferred.pk).events.filter(transition="transfer_resolved").count() == 1
    different = inbound(stub, "transfer.resolved", payload, key="k-2")
    assert different.status_code == 409  # a new message about a finished transfer
    assert InboundMessage.objects.count() == 2


@pytest.mark.parametrize("tamper", ["signature", "timestamp", "platform", "body"])
def test_an_unsigned_or_stale_message_is_401_and_changes_nothing(transferred, platforms, stub_for, client, tamper):
    stub = stub_for(platforms["police"])
    body, headers = stub.signed("transfer.refused", {"transfer_id": Transfer.objects.get().reference, "reason": "x"})
    headers.pop("Content-Type")
    if tamper == "signature":
        headers["X-Hotline-Signature"] = "sha256=" + "0" * 64
    elif tamper == "timestamp":
        old = str(int(headers["X-Hotline-Timestamp"]) - 3600)
        from hotline.transfers.signing import signature

        headers["X-Hotline-Timestamp"], headers["X-Hotline-Signature"] = old, signature(stub.secret, old, body)
    elif tamper == "platform":
        headers["X-Hotline-Platform"] = "province-12345"
    else:
        body = body.replace(b"refused", b"resolved")
    response = client.post(INBOUND, data=body, content_type="application/json", headers=headers)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "bad_signature"
    assert Ticket.objects.get(pk=transferred.pk).status == Status.TRANSFERRED


@pytest.mark.parametrize("event, payload, status", [
    ("transfer.resolved", {"transfer_id": "nope", "reply": "x"}, 404),
    ("transfer.resolved", {"reply": "x"}, 400),
    ("transfer.exploded", {"transfer_id": "x"}, 400),
    ("transfer.created", {"transfer_id": "x", "ticket": "not an object"}, 400),
    ("transfer.created", {"transfer_id": "x", "ticket": {"title": "", "content": "x"}}, 400),
])
def test_bad_messages_get_a_clear_error_never_a_500(platforms, stub_for, inbound, event, payload, status):
    stub = stub_for(platforms["province"])
    response = inbound(stub, event, payload)
    assert response.status_code == status, response.content
    assert response.json()["error"]["code"]


def test_a_ticket_transferred_to_us_enters_the_loop_with_its_origin(platforms, stub_for, inbound, reference_data):
    stub = stub_for(platforms["province"])
    payload = {"transfer_id": "P-2026-0001", "ticket": {
        "letter_number": "320000202612010001", "type": "complaint", "title": "我市某小区物业不作为",
        "content": "省平台转来：小区电梯长期故障，物业不修。", "category": {"code": "200200", "name": "物业管理"},
        "address": "裕华路12号", "citizen": {"name": "王五", "phone": "13912345678"}}}
    created = inbound(stub, "transfer.created", payload)
    assert created.status_code == 201, created.content
    ticket = Ticket.objects.get(letter_number=created.json()["letter_number"])
    assert (ticket.channel, ticket.status, ticket.category.code) == (Channel.PLATFORM, Status.RECEIVED, "200200")
    origin = InboundTransfer.objects.get(ticket=ticket)
    assert (origin.platform.code, origin.external_id, origin.external_letter_number) == (
        "province-12345", "P-2026-0001", "320000202612010001")
    assert "由省12345平台转入" in ticket.events.get(kind=EventKind.PLATFORM_RECEIPT).text
    again = inbound(stub, "transfer.created", payload)  # their retry under a new key: still one letter
    assert again.status_code == 200 and again.json()["letter_number"] == ticket.letter_number
    assert Ticket.objects.filter(channel=Channel.PLATFORM).count() == 1


def _transferred_to_us(stub, inbound) -> Ticket:
    created = inbound(stub, "transfer.created", {"transfer_id": "P-9", "ticket": {
        "title": "路灯不亮", "content": "省平台转来：裕华路路灯不亮。", "citizen": {"phone": "13912345678"}}})
    return Ticket.objects.get(letter_number=created.json()["letter_number"])


def test_the_answer_goes_back_when_we_resolve_it(platforms, stub_for, inbound, users, deliver_at_once,
                                                 django_capture_on_commit_callbacks):
    stub = stub_for(platforms["province"])
    ticket = _transferred_to_us(stub, inbound)
    with django_capture_on_commit_callbacks(execute=True):
        resolve(ticket.pk, users, reply_text="经核查，路灯已修复。")
    answer = Delivery.objects.get(event="transfer.resolved")
    assert answer.inbound.external_id == "P-9" and answer.state == Delivery.State.DELIVERED
    [message] = stub.received
    assert message["transfer_id"] == "P-9" and message["reply"] == "经核查，路灯已修复。"
    assert message["letter_number"] == ticket.letter_number
    assert answer_due_inbound() == 0  # answered once


def test_the_sweep_answers_what_the_listener_missed(platforms, stub_for, inbound, users):
    stub = stub_for(platforms["province"])
    ticket = _transferred_to_us(stub, inbound)
    resolve(ticket.pk, users)  # on-commit listeners never ran (the test's transaction is not committed)
    assert not Delivery.objects.filter(event="transfer.resolved").exists()
    assert answer_due_inbound() == 1
    assert answer_due_inbound() == 0
    assert Delivery.objects.filter(event="transfer.resolved").count() == 1


def test_an_invalid_ticket_from_a_platform_is_answered_as_refused(platforms, stub_for, inbound, users):
    stub = stub_for(platforms["province"])
    ticket = _transferred_to_us(stub, inbound)
    transitions.mark_invalid(ticket.pk, by=users["agent1"], reason="重复转办")
    answer_due_inbound()
    assert "重复转办" in Delivery.objects.get(event="transfer.refused").body


def test_the_rest_api_runs_the_transfer_transition(make_ticket, users, platforms, client):
    from rest_framework.authtoken.models import Token

    ticket = make_ticket().ticket
    token, _ = Token.objects.get_or_create(user=users["agent1"])
    auth = {"HTTP_AUTHORIZATION": f"Token {token.key}"}
    url = f"/api/v1/tickets/{ticket.pk}/transitions/transfer/"
    missing = client.post(url, {"platform": "police-110"}, content_type="application/json", **auth)
    assert missing.status_code == 400 and "reason" in missing.json()["error"]["fields"]
    unknown = client.post(url, {"platform": "x", "reason": "y"}, content_type="application/json", **auth)
    assert unknown.status_code == 400 and "platform" in unknown.json()["error"]["fields"]
    done = client.post(url, {"platform": "police-110", "reason": "治安警情"}, content_type="application/json", **auth)
    assert done.status_code == 200 and done.json()["status"] == "transferred"


@override_settings(DEBUG=False)
def test_a_demo_secret_is_refused_outside_debug(platforms, stub_for, inbound):
    platforms["province"].secret = "demo-platform-secret-province"
    platforms["province"].save()
    stub = stub_for(platforms["province"])
    assert inbound(stub, "transfer.created", {"transfer_id": "x"}).status_code == 503
