"""The reads of GeoReport v2: our categories as services, our letters as service requests.

Personal data never leaves through here: no name, phone, e-mail, device or account; phone and ID
numbers typed into a description are masked; a confidential letter's description is withheld and
it is left out of listings (it can still be followed by its number). A letter that did not come
through Open311 shows its place only to the street (区县 街道), and no coordinates.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from hotline.open311.formats import Open311Error
from tickets.models import Category, Reply, Status, Ticket, TicketEvent, TicketType
from tickets.phones import mask_phone
from tickets.selectors.letters import PUBLIC_STATUS_LABELS

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
MAX_RANGE = timedelta(days=90)
MAX_RESULTS = 1000
DESCRIPTION_MAX = 4000
CLOSED_STATUSES = (Status.RESOLVED, Status.CLOSED, Status.MERGED, Status.INVALID)
DEFAULT_LETTER_TYPE = TicketType.HELP
BOOLEAN_VALUES = [{"key": "true", "name": "是"}, {"key": "false", "name": "否"}]

# The letter's own fields a client may set, as the service definition's attributes.
ATTRIBUTES = [
    {"variable": True, "code": "letter_type", "datatype": "singlevaluelist", "required": False,
     "datatype_description": "诉求类型，默认“求助”", "order": 1, "description": "诉求类型",
     "values": [{"key": value, "name": label} for value, label in TicketType.choices]},
    {"variable": True, "code": "title", "datatype": "string", "required": False,
     "datatype_description": "不超过200字；不填则取描述的开头", "order": 2, "description": "标题"},
    {"variable": True, "code": "confidential", "datatype": "singlevaluelist", "required": False,
     "datatype_description": "true 或 false，默认 false", "order": 3,
     "description": "信息保密：承办单位看不到提交人的姓名和电话", "values": BOOLEAN_VALUES},
    {"variable": False, "code": "emergency_notice", "datatype": "string", "required": False,
     "datatype_description": None, "order": 4,
     "description": "紧急情况请直接拨打110、119、120、122，本接口不受理紧急求助。"},
]
VARIABLE_ATTRIBUTES = {a["code"]: a for a in ATTRIBUTES if a["variable"]}


def w3(moment) -> str | None:
    """ISO 8601 with the offset, as the specification asks (2010-01-01T08:00:00+08:00)."""
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def check_jurisdiction(jurisdiction_id: str | None) -> None:
    if jurisdiction_id and jurisdiction_id != settings.OPEN311["JURISDICTION_ID"]:
        raise Open311Error(404, f"jurisdiction_id “{jurisdiction_id}” 不存在(本接口服务于 "
                                f"{settings.OPEN311['JURISDICTION_ID']})。")


def discovery(base_url: str) -> dict:
    return {
        "changeset": settings.OPEN311["CHANGESET"],
        "contact": settings.OPEN311["CONTACT"],
        "key_service": settings.OPEN311["KEY_SERVICE"],
        "endpoints": [{
            "specification": SPECIFICATION, "url": base_url, "changeset": settings.OPEN311["CHANGESET"],
            "type": settings.OPEN311["ENDPOINT_TYPE"], "formats": ["text/xml", "application/json"],
        }],
    }


def service_list() -> list[dict]:
    categories = list(Category.objects.filter(is_active=True).select_related("parent__parent").order_by("code"))
    children: dict[int, list[str]] = {}
    for category in categories:
        if category.parent_id:
            children.setdefault(category.parent_id, []).append(category.name)
    return [_service(category, children.get(category.pk, [])) for category in categories]


def _top(category: Category) -> Category:
    node, depth = category, 0
    while node.parent is not None and depth < 5:
        node, depth = node.parent, depth + 1
    return node


def _service(category: Category, child_names: list[str]) -> dict:
    parent = category.parent
    keywords = [category.name, *([parent.name] if parent else []), *child_names]
    return {
        "service_code": category.code, "service_name": category.name, "description": category.full_name,
        "metadata": True, "type": "realtime", "keywords": ", ".join(dict.fromkeys(keywords)),
        "group": _top(category).name,
    }


def active_category(code: str | None) -> Category:
    if not code:
        raise Open311Error(400, "缺少 service_code：请先调用 services 接口选择服务代码。")
    category = Category.objects.filter(code=code, is_active=True).first()
    if category is None:
        raise Open311Error(404, f"service_code “{code}” 不存在或已停用。")
    return category


def service_definition(code: str) -> dict:
    category = active_category(code)
    return {"service_code": category.code, "attributes": ATTRIBUTES}


# --- service requests --------------------------------------------------------------------------------

def _moment(value: str, name: str) -> datetime:
    try:
        # An offset's "+" sent unencoded in a query string arrives as a space.
        moment = parse_datetime(value.strip().replace(" ", "+"))
    except ValueError:
        moment = None
    if moment is None:
        raise Open311Error(400, f"{name} 格式不正确，应为 W3C 日期时间，例如 2026-01-01T00:00:00+08:00。")
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _comma_list(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def request_filters(params) -> dict:
    """The query of GET requests, checked: ids (which override all else), or codes, a range of at
    most 90 days (the most recent 90 by default) and statuses."""
    ids = _comma_list(params.get("service_request_id"))
    if ids:
        if len(ids) > MAX_RESULTS:
            raise Open311Error(400, f"一次最多查询{MAX_RESULTS}个 service_request_id。")
        return {"ids": ids}
    start = _moment(params["start_date"], "start_date") if params.get("start_date") else None
    end = _moment(params["end_date"], "end_date") if params.get("end_date") else None
    if start and end and start > end:
        raise Open311Error(400, "start_date 不能晚于 end_date。")
    if start and end and end - start > MAX_RANGE:
        raise Open311Error(400, "start_date 到 end_date 的跨度不能超过90天。")
    if end is None:
        end = start + MAX_RANGE if start else timezone.now()
    if start is None:
        start = end - MAX_RANGE
    statuses = _comma_list(params.get("status"))
    unknown = sorted(set(statuses) - {"open", "closed"})
    if unknown:
        raise Open311Error(400, f"status 只能是 open 或 closed（收到：{','.join(unknown)}）。")
    return {"service_codes": _comma_list(params.get("service_code")), "start": start, "end": end,
            "statuses": set(statuses)}


def _base():
    return Ticket.objects.select_related("category", "lead_department", "open311_request")


def find_requests(*, ids=None, service_codes=(), start=None, end=None, statuses=frozenset()) -> list[Ticket]:
    if ids:
        return list(_base().filter(letter_number__in=ids).exclude(status=Status.INVALID)
                    .order_by("-created_at", "-id")[:MAX_RESULTS])
    tickets = _base().filter(created_at__gte=start, created_at__lte=end, confidential=False).exclude(
        status=Status.INVALID)
    if service_codes:
        tickets = tickets.filter(category__code__in=service_codes)
    if statuses == {"open"}:
        tickets = tickets.exclude(status__in=CLOSED_STATUSES)
    elif statuses == {"closed"}:
        tickets = tickets.filter(status__in=CLOSED_STATUSES)
    return list(tickets.order_by("-created_at", "-id")[:MAX_RESULTS])


def find_request(letter_number: str) -> Ticket:
    ticket = _base().filter(letter_number=letter_number).exclude(status=Status.INVALID).first() \
        if letter_number.isdigit() and len(letter_number) <= 16 else None
    if ticket is None:
        raise Open311Error(404, f"service_request_id “{letter_number}” 不存在。")
    return ticket


_NUMBER_RUN = re.compile(r"(?<![0-9])[0-9][0-9 \-]{5,}[0-9Xx](?![0-9])")


def scrub(text: str) -> str:
    """Phone and ID numbers in free text, masked (138****5678)."""
    def mask(match: re.Match) -> str:
        digits = re.sub(r"[ \-]", "", match.group())
        return mask_phone(digits) if len(digits) >= 7 else match.group()
    return _NUMBER_RUN.sub(mask, text)


def status_notes(tickets: list[Ticket]) -> dict[int, str | None]:
    """status_notes for each ticket, in two queries: the public reply once there is one (the approved
    department reply, or the direct answer), else the latest line of the citizen's timeline."""
    ids = [t.pk for t in tickets]
    replies: dict[int, str] = {}
    for ticket_id, text in (Reply.objects.filter(ticket_id__in=ids, review=Reply.Review.APPROVED)
                            .order_by("ticket_id", "id").values_list("ticket_id", "text")):
        replies[ticket_id] = text
    labels: dict[int, str] = {}
    for ticket_id, label in (TicketEvent.objects.filter(ticket_id__in=ids).exclude(public_label="")
                             .order_by("ticket_id", "id").values_list("ticket_id", "public_label")):
        labels[ticket_id] = label
    notes = {}
    for ticket in tickets:
        reply = (replies.get(ticket.pk) or ticket.direct_answer) if ticket.status in (Status.RESOLVED, Status.CLOSED) \
            else None
        notes[ticket.pk] = scrub(reply) if reply else labels.get(ticket.pk)
    return notes


def _float(value) -> float | None:
    return float(value) if value is not None else None


def request_views(tickets: list[Ticket], *, extensions: bool = False) -> list[dict]:
    notes = status_notes(tickets)
    return [request_view(ticket, notes[ticket.pk], extensions=extensions) for ticket in tickets]


def request_view(ticket: Ticket, notes: str | None, *, extensions: bool = False) -> dict:
    origin = getattr(ticket, "open311_request", None)
    closed = ticket.status in CLOSED_STATUSES
    if origin is not None:
        address, lat, lon = origin.address_string or None, _float(ticket.lat), _float(ticket.lon)
    else:
        address, lat, lon = " ".join(part for part in (ticket.district, ticket.street) if part) or None, None, None
    view = {
        "service_request_id": ticket.letter_number,
        "status": "closed" if closed else "open",
        "status_notes": notes,
        "service_name": ticket.category.name if ticket.category else None,
        "service_code": ticket.category.code if ticket.category else None,
        "description": None if ticket.confidential else scrub(ticket.content)[:DESCRIPTION_MAX],
        "agency_responsible": ticket.lead_department.name if ticket.lead_department else "12345政务服务便民热线",
        "service_notice": None,
        "requested_datetime": w3(ticket.created_at),
        "updated_datetime": w3((ticket.closed_at or ticket.resolved_at) if closed else ticket.updated_at)
        or w3(ticket.updated_at),
        "expected_datetime": w3(ticket.reply_due) if not closed else None,
        "address": address,
        "address_id": (origin.address_id or None) if origin else None,
        "zipcode": None,
        "lat": lat,
        "long": lon,
        "media_url": (origin.media_url or None) if origin else None,
    }
    if extensions:
        view["extended_attributes"] = {
            "letter_number": ticket.letter_number,
            "status_label": PUBLIC_STATUS_LABELS.get(ticket.status, ticket.get_status_display()),
            "type": ticket.type,
            "channel": ticket.channel,
        }
    return view


def token_view(token: str) -> dict:
    from hotline.open311.models import ServiceRequest

    found = ServiceRequest.objects.select_related("ticket").filter(token=token).first() if len(token) <= 40 else None
    if found is None:
        raise Open311Error(404, f"token “{token}” 不存在。")
    return {"service_request_id": found.ticket.letter_number, "token": found.token}

