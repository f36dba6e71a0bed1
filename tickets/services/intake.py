"""Registering a ticket (受理), whatever door it came through."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from tickets import gazetteer, letter_numbers, passwords
from tickets import letter_rules as rules
from tickets.errors import InvalidInput, TransitionNotAllowed
from tickets.models import FINAL_STATUSES, Category, Channel, EventKind, Priority, Status, Ticket, TicketType
from tickets.phones import PHONE_MESSAGE, normalize_phone
from tickets.services import notifications
from tickets.services.events import record_event


@dataclass(frozen=True)
class Registration:
    ticket: Ticket
    password: str  # the plain query password: shown once to the citizen, never stored


def register_ticket(*, channel: str, type: str, title: str, content: str, phone: str = "", name: str = "",
                    address: str = "", lat=None, lon=None, category: Category | str | None = None,
                    password: str | None = None, confidential: bool = False, publish_consent: bool = False,
                    priority: str = Priority.NORMAL, call_id: str = "", openid: str = "", id_number: str = "", by=None,
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
    for field, label, value, limit, required in (
            ("title", "标题", title, rules.TITLE_MAX, True), ("content", "诉求内容", content, rules.CONTENT_MAX, True),
            ("name", "姓名", name, rules.NAME_MAX, False), ("address", "地址", address, rules.ADDRESS_MAX, False)):
        text = (value or "").strip() if isinstance(value, str) or value is None else None
        if text is None:
            errors[field] = ["应为文本。"]
        elif required and not text:
            errors[field] = [f"请填写{label}。"]
        elif len(text) > limit:
            errors[field] = [f"{label}不能超过{limit}字。"]
    canonical_phone = normalize_phone(phone) if (phone or "").strip() else ""
    if canonical_phone is None:
        errors["phone"] = [PHONE_MESSAGE]
    if password is not None and password != "" and not (rules.PASSWORD_MIN <= len(password) <= rules.PASSWORD_MAX):
        errors["password"] = [f"查询密码长度应为{rules.PASSWORD_MIN}到{rules.PASSWORD_MAX}个字符。"]
    lat, lon = rules.check_coordinates(lat, lon, errors)
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
    # Where the matter is: the address first, else a place named in the letter itself.
    place = gazetteer.locate(address) or gazetteer.locate(f"{title} {content[:1000]}")
    # No savepoint inside a caller's transaction (submit_letter, register_call): the registration
    # stands or falls with it, and SAVEPOINT/RELEASE would be two more round trips per letter.
    with transaction.atomic(savepoint=False):
        ticket = Ticket.objects.create(
            letter_number=letter_numbers.next_letter_number(), password_hash=passwords.hash_password(plain_password),
            channel=channel, type=type, priority=priority, title=title.strip(), content=content.strip(),
            category=category, citizen_name=(name or "").strip(), citizen_phone=canonical_phone,
            citizen_address=(address or "").strip(), citizen_id_number=id_number.strip(), citizen_openid=openid,
            lat=lat, lon=lon, confidential=bool(confidential), publish_consent=bool(publish_consent), call_id=call_id,
            district=place.district, street=place.street,
            created_by=by if getattr(by, "pk", None) else None,
        )
        record_event(ticket, EventKind.CREATED, actor=by, actor_label="" if by else "市民", to_status=ticket.status,
                     public_label="已受理", intake=True,
                     data={"channel": channel, "type": type, "priority": priority})
        if notify_citizen and ticket.citizen_phone:
            notifications.queue_letter_received(ticket, plain_password)
    return Registration(ticket=ticket, password=plain_password)


def submit_letter(*, channel: str, attachments=(), **letter) -> Registration:
    """我要写信: a citizen's letter with the files they sent, from any door (portal, API, Open311…).

    The letter and its files are stored in one transaction: a file that cannot be stored leaves no
    letter behind without it, and the receipt SMS is queued in the same transaction. `attachments`
    are uploads already checked by `tickets.services.attachments.check_uploads` (the door checks them
    first, so a bad file is reported before anything is written); `letter` takes the fields of
    `tickets.letter_rules.LETTER_FIELDS`.
    """
    from tickets.services.attachments import store_attachments

    with transaction.atomic():
        registration = register_ticket(channel=channel, **letter)
        if attachments:
            store_attachments(registration.ticket, list(attachments))
    return registration


# How an agent may end a call they registered: the transition run right after registration.
CALL_ENDINGS = ("dispatch", "resolve_directly", "transfer")  # transfer: 即时转 to 110/119/120/122


def register_call(*, by, ending: tuple[str, dict] | None = None, repeat_of: int | None = None,
                  **registration) -> Registration:
    """An agent registers the caller's request and ends the call in one step: dispatch it, answer it
    on the spot (直接办结), or (no `ending`) leave it for the dispatchers. ``repeat_of`` links it as a
    repeat (重复件) of an earlier ticket the agent recognised.

    One transaction: a refused ending (no such department, no answer) leaves no half-done ticket
    behind and pushes nothing. The returned registration holds the ticket as the ending left it.
    """
    from tickets.services.transitions import run_transition

    if ending is not None and ending[0] not in CALL_ENDINGS:
        raise InvalidInput(fields={"ending": ["办理方式不正确。"]})
    with transaction.atomic():
        result = register_ticket(by=by, **registration)
        if repeat_of:
            from tickets.routing.services import link_repeat

            link_repeat(result.ticket.pk, by=by, of=repeat_of)
        if ending is not None:
            run_transition(result.ticket.pk, ending[0], by=by, payload=ending[1])
    return Registration(ticket=Ticket.objects.get(pk=result.ticket.pk), password=result.password)


def append_to_ticket(ticket_id: int, *, text: str = "", lat=None, lon=None, location_label: str = "",
                     media: dict | None = None, source: str = "", by=None) -> Ticket:
    """信息补充: the citizen adds to a letter — more words, a location, a picture — and one `updated`
    event records what came.

    Words join the content only while the ticket is still `received` (no unit has read it yet); a
    location or a picture may still arrive while the ticket is open anywhere in the loop. `media` is
    what the channel knows about a picture (e.g. WeChat's media id and URL); it is kept in the event.
    """
    from tickets.services.engine import locked_ticket

    text = (text or "").strip()
    errors: dict[str, list[str]] = {}
    if len(text) > rules.SUPPLEMENT_MAX:
        errors["text"] = [f"补充内容不能超过{rules.SUPPLEMENT_MAX}字。"]
    lat, lon = rules.check_coordinates(lat, lon, errors)
    if media is not None and not isinstance(media, dict):
        errors["media"] = ["附件信息格式不正确。"]
    if not errors and not (text or lat is not None or media):
        errors["text"] = ["没有可补充的内容。"]
    if errors:
        raise InvalidInput(fields=errors)

    with locked_ticket(ticket_id) as ticket:
        if ticket.status in FINAL_STATUSES or ticket.status == Status.RESOLVED:
            raise TransitionNotAllowed("该信件已办结，不能再补充内容。")
        if text and ticket.status != Status.RECEIVED:
            raise TransitionNotAllowed("该信件已转交承办单位，文字补充请另行提交。")
        if text and len(ticket.content) + 1 + len(text) > rules.CONTENT_MAX:
            # The letter's one cap holds for its content as it grows, not just as first sent.
            raise InvalidInput(fields={"text": [f"补充后信件内容将超过{rules.CONTENT_MAX}字，请另行提交。"]})
        fields = ["version", "updated_at"]
        data: dict = {"source": source} if source else {}
        if text:
            ticket.content = f"{ticket.content}\n{text}"
            fields.append("content")
            data["text"] = text
        if lat is not None:
            ticket.lat, ticket.lon = lat, lon
            fields += ["lat", "lon"]
            data.update(lat=str(lat), lon=str(lon), label=location_label[:rules.LOCATION_LABEL_MAX])
        if media:
            data["media"] = media
        ticket.version += 1
        ticket.save(update_fields=fields)
        record_event(ticket, EventKind.UPDATED, actor=by, actor_label="" if by else "市民", text=text,
                     department=ticket.lead_department, data=data,
                     intake=ticket.status == Status.RECEIVED)
        return ticket
