"""Registering a ticket (受理), whatever door it came through."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from tickets import letter_numbers, passwords
from tickets.errors import InvalidInput, TransitionNotAllowed
from tickets.models import FINAL_STATUSES, Category, Channel, EventKind, Priority, Status, Ticket, TicketType
from tickets.services import notifications
from tickets.services.events import record_event


@dataclass(frozen=True)
class Registration:
    ticket: Ticket
    password: str  # the plain query password: shown once to the citizen, never stored


def register_ticket(*, channel: str, type: str, title: str, content: str, phone: str = "", name: str = "",
                    address: str = "", lat=None, lon=None, category: Category | str | None = None,
                    password: str | None = None, confidential: bool = False, priority: str = Priority.NORMAL,
                    call_id: str = "", openid: str = "", id_number: str = "", by=None,
                    notify_citizen: bool = True) -> Registration:
    """Create a ticket in `received` and write its `created` event.

    The doors validate shapes (lengths, formats); this checks the domain's rules and is the only
    place tickets are born. When the citizen gave a phone number, the letter number and password go
    to the SMS outbox in the same transaction.
    """
    errors: dict[str, list[str]] = {}
    if channel not in Channel.values:
        errors["channel"] = ["不支持的受理渠道。"]
    if type not in TicketType.values:
        errors["type"] = ["诉求类型不正确。"]
    if priority not in Priority.values:
        errors["priority"] = ["紧急程度不正确。"]
    if not (title or "").strip():
        errors["title"] = ["请填写标题。"]
    if not (content or "").strip():
        errors["content"] = ["请填写诉求内容。"]
    if password is not None and password != "" and not (
            passwords.MIN_LENGTH <= len(password) <= passwords.MAX_LENGTH):
        errors["password"] = [f"查询密码长度应为{passwords.MIN_LENGTH}到{passwords.MAX_LENGTH}个字符。"]
    if (lat is None) != (lon is None):
        errors["lat" if lat is None else "lon"] = ["经纬度需同时提供。"]
    if lat is not None and lon is not None:
        try:
            lat, lon = Decimal(str(lat)), Decimal(str(lon))
        except ArithmeticError:
            errors["lat"] = ["坐标格式不正确。"]
        else:
            if not (-90 <= lat <= 90):
                errors["lat"] = ["纬度应在 -90 到 90 之间。"]
            if not (-180 <= lon <= 180):
                errors["lon"] = ["经度应在 -180 到 180 之间。"]
            lat, lon = round(lat, 6), round(lon, 6)
    if isinstance(category, str) and category:
        found = Category.objects.filter(code=category, is_active=True).first()
        if found is None:
            errors["category"] = ["诉求分类不存在。"]
        category = found
    elif not category:
        category = None
    if errors:
        raise InvalidInput(fields=errors)

    plain_password = password or passwords.generate_password()
    with transaction.atomic():
        ticket = Ticket.objects.create(
            letter_number=letter_numbers.next_letter_number(), password_hash=passwords.hash_password(plain_password),
            channel=channel, type=type, priority=priority, title=title.strip(), content=content.strip(),
            category=category, citizen_name=name.strip(), citizen_phone=phone.strip(),
            citizen_address=address.strip(), citizen_id_number=id_number.strip(), citizen_openid=openid,
            lat=lat, lon=lon, confidential=confidential, call_id=call_id,
            created_by=by if getattr(by, "pk", None) else None,
        )
        record_event(ticket, EventKind.CREATED, actor=by, actor_label="" if by else "市民", to_status=ticket.status,
                     public_label="已受理", intake=True,
                     data={"channel": channel, "type": type, "priority": priority})
        if notify_citizen and ticket.citizen_phone:
            notifications.queue_letter_received(ticket, plain_password)
    return Registration(ticket=ticket, password=plain_password)


MAX_SUPPLEMENT = 2000


def append_to_ticket(ticket_id: int, *, text: str = "", lat=None, lon=None, location_label: str = "",
                     media: dict | None = None, source: str = "", by=None) -> Ticket:
    """信息补充: the citizen adds to a letter — more words, a location, a picture — and one `updated`
    event records what came.

    Words join the content only while the ticket is still `received` (no unit has read it yet); a
    location or a picture may still arrive while the ticket is open anywhere in the loop. `media` is
    what the channel knows about a picture (e.g. WeChat's media id and URL); it is kept in the event.
    """
    from tickets.services.transitions import locked_ticket

    text = (text or "").strip()
    errors: dict[str, list[str]] = {}
    if len(text) > MAX_SUPPLEMENT:
        errors["text"] = [f"补充内容不能超过{MAX_SUPPLEMENT}字。"]
    if (lat is None) != (lon is None):
        errors["lat" if lat is None else "lon"] = ["经纬度需同时提供。"]
    if lat is not None and lon is not None:
        try:
            lat, lon = Decimal(str(lat)), Decimal(str(lon))
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                errors["lat"] = ["坐标超出范围。"]
            lat, lon = round(lat, 6), round(lon, 6)
        except ArithmeticError:
            errors["lat"] = ["坐标格式不正确。"]
    if media is not None and not isinstance(media, dict):
        errors["media"] = ["附件信息格式不正确。"]
    if not errors and not (text or lat is not None or media):
        errors["text"] = ["没有可补充的内容。"]
    if errors:
        raise InvalidInput(fields=errors)

    with locked_ticket(ticket_id) as ticket:
        if ticket.status in FINAL_STATUSES or ticket.status == Status.RESOLVED:
            raise TransitionNotAllowed("该信件已办结,不能再补充内容。")
        if text and ticket.status != Status.RECEIVED:
            raise TransitionNotAllowed("该信件已转交承办单位,文字补充请另行提交。")
        fields = ["version", "updated_at"]
        data: dict = {"source": source} if source else {}
        if text:
            ticket.content = f"{ticket.content}\n{text}"
            fields.append("content")
            data["text"] = text
        if lat is not None:
            ticket.lat, ticket.lon = lat, lon
            fields += ["lat", "lon"]
            data.update(lat=str(lat), lon=str(lon), label=location_label[:200])
        if media:
            data["media"] = media
        ticket.version += 1
        ticket.save(update_fields=fields)
        record_event(ticket, EventKind.UPDATED, actor=by, actor_label="" if by else "市民", text=text,
                     department=ticket.lead_department, data=data,
                     intake=ticket.status == Status.RECEIVED)
        return ticket
