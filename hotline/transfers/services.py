"""Transfers: the carrier the core calls to hand a ticket out, and what other platforms tell us.

Registered with the core (tickets.services.transitions.register_transfer_carrier) in AppConfig.ready:
the core's `transfer` transition asks `platform_label` and, inside its transaction with the ticket
locked, `queue_transfer` — the Transfer row and its webhook are written with the state change.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from tickets.letter_rules import ADDRESS_MAX, CONTENT_MAX, NAME_MAX, TITLE_MAX
from tickets.phones import normalize_phone
from hotline.transfers.delivery import enqueue
from hotline.transfers.models import Delivery, InboundTransfer, Platform, Transfer
from tickets.errors import InvalidInput, NotFound, TransitionNotAllowed
from tickets.models import Channel, EventKind, Priority, Ticket, TicketType
from tickets.services import transitions
from tickets.services.engine import locked_ticket
from tickets.services.events import record_event
from tickets.services.intake import register_ticket

ANSWER_EVENTS = ("transfer.accepted", "transfer.refused", "transfer.resolved")
CREATED = "transfer.created"
REFERENCE_MAX = 64


# --- the carrier (called by the core) ------------------------------------------------------------

def active_platforms():
    return Platform.objects.filter(is_active=True)


def platform_label(code: str) -> str | None:
    return active_platforms().filter(code=code).values_list("name", flat=True).first()


def platform_choices() -> list[tuple[str, str, bool]]:
    return [(p.code, p.name, p.emergency) for p in active_platforms()]


def ticket_payload(ticket: Ticket, *, emergency: bool) -> dict:
    """The ticket as the other platform receives it. A confidential caller's name and phone go only
    to an emergency service (it must be able to call back); everyone else gets the matter alone."""
    share_citizen = emergency or not ticket.confidential
    return {
        "letter_number": ticket.letter_number, "type": ticket.type, "priority": ticket.priority,
        "title": ticket.title, "content": ticket.content,
        "category": {"code": ticket.category.code, "name": ticket.category.name} if ticket.category else None,
        "address": ticket.citizen_address, "district": ticket.district,
        "lat": str(ticket.lat) if ticket.lat is not None else None,
        "lon": str(ticket.lon) if ticket.lon is not None else None,
        "citizen": {"name": ticket.citizen_name if share_citizen else "",
                    "phone": ticket.citizen_phone if share_citizen else "", "confidential": ticket.confidential},
        "created_at": timezone.localtime(ticket.created_at).isoformat(),
    }


def queue_message(platform: Platform, event: str, key: str, payload: dict, *, emergency: bool = False,
                  transfer: Transfer | None = None, inbound: InboundTransfer | None = None) -> Delivery | None:
    """Write one webhook to the outbox (None when this key was already queued); sent after commit."""
    body = json.dumps({"event": event, **payload, "sent_at": timezone.localtime().isoformat()}, ensure_ascii=False)
    try:
        with transaction.atomic():
            delivery = Delivery.objects.create(platform=platform, event=event, idempotency_key=key, body=body,
                                               emergency=emergency, transfer=transfer, inbound=inbound)
    except IntegrityError:
        return None
    transaction.on_commit(lambda: enqueue([delivery.pk]))
    return delivery


def queue_transfer(ticket: Ticket, *, platform: str, reason: str, by) -> dict:
    """Record the transfer and queue its webhook (the caller holds the ticket's lock)."""
    target = active_platforms().get(code=platform)
    transfer = Transfer.objects.create(ticket=ticket, platform=target, reason=reason, emergency=target.emergency,
                                       created_by=by if getattr(by, "pk", None) else None)
    queue_message(target, CREATED, f"transfer:{transfer.reference}", {
        "transfer_id": transfer.reference, "emergency": target.emergency, "reason": reason,
        "callback_url": settings.TRANSFERS["CALLBACK_URL"], "ticket": ticket_payload(ticket, emergency=target.emergency),
    }, emergency=target.emergency, transfer=transfer)
    return {"transfer": transfer.reference, "platform_name": target.name, "emergency": target.emergency}


def transfer_ticket(ticket_id: int, *, by, platform: str, reason: str) -> Ticket:
    """The doors' way to transfer (the same as the REST transition `transfer`)."""
    return transitions.transfer(ticket_id, by=by, platform=platform, reason=reason)


def latest_transfer(ticket: Ticket) -> Transfer | None:
    return ticket.transfers.select_related("platform").order_by("-id").first()


# --- what the other platforms tell us ----------------------------------------------------------------

def _text(payload: dict, field: str, label: str, limit: int, *, required: bool = True) -> str:
    value = payload.get(field)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise InvalidInput(fields={field: [f"请填写{label}。"]})
    if len(value) > limit:
        raise InvalidInput(fields={field: [f"{label}不能超过{limit}个字符。"]})
    return value.strip()


def handle(platform: Platform, event: str, payload: dict) -> tuple[int, dict, Ticket | None]:
    """Act on one verified message; returns (HTTP status, answer body, ticket concerned)."""
    if event == CREATED:
        return receive_transfer(platform, payload)
    if event in ANSWER_EVENTS:
        return receive_answer(platform, event, payload)
    raise InvalidInput(f"不支持的消息类型“{event}”。", fields={"event": [f"应为 {CREATED}、{'、'.join(ANSWER_EVENTS)} 之一。"]})


def receive_answer(platform: Platform, event: str, payload: dict) -> tuple[int, dict, Ticket]:
    """accepted → a receipt in the history; refused → back to our intake; resolved → resolved with its reply."""
    reference = _text(payload, "transfer_id", "转办编号", REFERENCE_MAX)
    with transaction.atomic():
        transfer = (Transfer.objects.select_for_update(of=("self",)).select_related("ticket")
                    .filter(reference=reference, platform=platform).first())
        if transfer is None:
            raise NotFound("转办记录不存在。")
        if transfer.state in (Transfer.State.REFUSED, Transfer.State.RESOLVED) or latest_transfer(transfer.ticket) != transfer:
            raise TransitionNotAllowed("该转办已有结果，不能再次答复。")
        now = timezone.now()
        if event == "transfer.accepted":
            note = _text(payload, "note", "说明", 1000, required=False)
            with locked_ticket(transfer.ticket_id) as ticket:
                record_event(ticket, EventKind.PLATFORM_RECEIPT, actor_label=platform.name, text=note,
                             public_label=f"{platform.name}已受理", data={"transfer": reference, "event": event})
            transfer.state = Transfer.State.ACCEPTED
        elif event == "transfer.refused":
            reason = _text(payload, "reason", "退回理由", 2000)
            ticket = transitions.transfer_refused(transfer.ticket_id, by=None, reason=f"{platform.name}退回：{reason}")
            transfer.state, transfer.answer, transfer.answered_at = Transfer.State.REFUSED, reason, now
        else:
            reply = _text(payload, "reply", "办理结果", CONTENT_MAX)
            ticket = transitions.transfer_resolved(transfer.ticket_id, by=None, answer=reply)
            transfer.state, transfer.answer, transfer.answered_at = Transfer.State.RESOLVED, reply, now
        if transfer.delivered_at is None:
            transfer.delivered_at = now  # they answered, so it reached them whatever our outbox thinks
        transfer.save(update_fields=["state", "answer", "answered_at", "delivered_at"])
        ticket = Ticket.objects.get(pk=transfer.ticket_id)
    return 200, {"ok": True, "event": event, "transfer_id": reference, "letter_number": ticket.letter_number,
                 "status": ticket.status}, ticket


def _inbound_answer(inbound: InboundTransfer) -> dict:
    return {"ok": True, "event": CREATED, "transfer_id": inbound.external_id,
            "letter_number": inbound.ticket.letter_number, "status": "accepted"}


def receive_transfer(platform: Platform, payload: dict) -> tuple[int, dict, Ticket]:
    """A ticket another platform hands us: it enters our loop (channel `platform`), origin recorded."""
    reference = _text(payload, "transfer_id", "转办编号", REFERENCE_MAX)
    existing = InboundTransfer.objects.select_related("ticket").filter(platform=platform, external_id=reference).first()
    if existing is not None:
        return 200, _inbound_answer(existing), existing.ticket
    data = payload.get("ticket")
    if not isinstance(data, dict):
        raise InvalidInput(fields={"ticket": ["应为工单对象。"]})
    citizen = data.get("citizen") if isinstance(data.get("citizen"), dict) else {}
    phone = _text(citizen, "phone", "联系电话", 20, required=False)
    if phone and normalize_phone(phone) is None:
        raise InvalidInput(fields={"ticket.citizen.phone": ["电话号码格式不正确。"]})
    kind = data.get("type") or TicketType.OTHER
    priority = data.get("priority") or Priority.NORMAL
    category = data.get("category")
    category_code = category.get("code") if isinstance(category, dict) else category
    fields = {
        "title": _text(data, "title", "标题", TITLE_MAX), "content": _text(data, "content", "诉求内容", CONTENT_MAX),
        "address": _text(data, "address", "地址", ADDRESS_MAX, required=False),
        "name": _text(citizen, "name", "姓名", NAME_MAX, required=False),
        "phone": normalize_phone(phone) if phone else "",
    }
    external_number = data.get("letter_number") if isinstance(data.get("letter_number"), str) else ""
    try:
        with transaction.atomic():
            registration = register_ticket(
                channel=Channel.PLATFORM, type=kind if isinstance(kind, str) else "", priority=priority if isinstance(
                    priority, str) else "", category=category_code if isinstance(category_code, str) else None,
                lat=data.get("lat"), lon=data.get("lon"), confidential=citizen.get("confidential") is True, **fields)
            inbound = InboundTransfer.objects.create(platform=platform, external_id=reference,
                                                     ticket=registration.ticket,
                                                     external_letter_number=external_number[:40])
            record_event(registration.ticket, EventKind.PLATFORM_RECEIPT, actor_label=platform.name,
                         text=f"由{platform.name}转入（对方编号 {external_number or reference}）",
                         data={"platform": platform.code, "transfer_id": reference,
                               "external_letter_number": external_number}, intake=True)
    except IntegrityError:
        existing = InboundTransfer.objects.select_related("ticket").get(platform=platform, external_id=reference)
        return 200, _inbound_answer(existing), existing.ticket
    return 201, _inbound_answer(inbound), inbound.ticket
