"""POST requests: an Open311 service request becomes a letter like any other (channel `open311`),
registered through the core's intake; what the letter has no place for is kept beside it."""

from __future__ import annotations

import re
import secrets
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction

from tickets.letter_rules import ADDRESS_MAX, NAME_MAX, TITLE_MAX
from tickets.phones import normalize_phone
from hotline.open311.formats import Open311Error
from hotline.open311.models import ApiKey, ServiceRequest
from hotline.open311.selectors import (
    DEFAULT_LETTER_TYPE, DESCRIPTION_MAX, VARIABLE_ATTRIBUTES, active_category, check_jurisdiction,
)
from tickets.errors import InvalidInput
from tickets.models import Channel
from tickets.services.intake import register_ticket

_ATTRIBUTE = re.compile(r"^attribute\[([^\[\]]+)\](\[\])?$")
TITLE_FROM_DESCRIPTION = 30
SHORT_FIELDS = {"address_id": 100, "device_id": 100, "account_id": 100, "email": 200, "first_name": NAME_MAX,
                "last_name": NAME_MAX, "phone": 20, "jurisdiction_id": 100}


def _attributes(form) -> tuple[dict, list[str]]:
    values: dict[str, list[str]] = {}
    problems: list[str] = []
    for name in form:
        match = _ATTRIBUTE.match(name)
        if not match:
            continue
        code, many = match.group(1), bool(match.group(2))
        spec = VARIABLE_ATTRIBUTES.get(code)
        if spec is None:
            problems.append(f"attribute[{code}] 不是该服务定义的属性。")
            continue
        given = [v.strip() for v in form.getlist(name) if v.strip()]
        if (many or len(given) > 1) and spec["datatype"] != "multivaluelist":
            problems.append(f"attribute[{code}] 只能填一个值。")
            continue
        if "values" in spec:
            allowed = {v["key"] for v in spec["values"]}
            wrong = [v for v in given if v not in allowed]
            if wrong:
                problems.append(f"attribute[{code}] 的取值“{wrong[0]}”不在可选范围内（{'、'.join(sorted(allowed))}）。")
                continue
        if given:
            values[code] = given
    for code, spec in VARIABLE_ATTRIBUTES.items():
        if spec["required"] and code not in values:
            problems.append(f"缺少必填属性 attribute[{code}]（{spec['description']}）。")
    return {code: given[0] for code, given in values.items()}, problems


def _location(form, problems: list[str]) -> tuple[Decimal | None, Decimal | None]:
    lat, lon = form.get("lat", "").strip(), form.get("long", "").strip()
    if bool(lat) != bool(lon):
        problems.append("lat 和 long 需同时提供。")
        return None, None
    if not lat:
        if not (form.get("address_string", "").strip() or form.get("address_id", "").strip()):
            problems.append("缺少位置：请提供 lat 和 long，或 address_string，或 address_id。")
        return None, None
    try:
        lat_value, lon_value = Decimal(lat), Decimal(lon)
    except InvalidOperation:
        problems.append("lat/long 应为 WGS84 经纬度数值。")
        return None, None
    if not (lat_value.is_finite() and lon_value.is_finite() and -90 <= lat_value <= 90 and -180 <= lon_value <= 180):
        problems.append("lat 应在 -90 到 90 之间，long 应在 -180 到 180 之间。")
        return None, None
    return lat_value, lon_value


def _checked_fields(form, problems: list[str]) -> dict[str, str]:
    fields = {name: form.get(name, "").strip() for name in SHORT_FIELDS}
    for name, limit in SHORT_FIELDS.items():
        if len(fields[name]) > limit:
            problems.append(f"{name} 不能超过{limit}个字符。")
    if fields["email"]:
        try:
            validate_email(fields["email"])
        except ValidationError:
            problems.append("email 格式不正确。")
    if fields["phone"]:
        phone = normalize_phone(fields["phone"])
        if phone is None:
            problems.append("phone 格式不正确（7到15位数字，可带区号）。")
        fields["phone"] = phone or ""
    if len(fields["last_name"] + fields["first_name"]) > NAME_MAX:
        problems.append(f"姓名（last_name + first_name）不能超过{NAME_MAX}个字符。")
    address = form.get("address_string", "").strip()
    if len(address) > ADDRESS_MAX:
        problems.append(f"address_string 不能超过{ADDRESS_MAX}个字符。")
    fields["address_string"] = address
    description = form.get("description", "")
    if len(description) > DESCRIPTION_MAX:
        problems.append(f"description 不能超过{DESCRIPTION_MAX}个字符。")
    fields["description"] = description.strip()
    media_url = form.get("media_url", "").strip()
    if media_url:
        try:
            URLValidator(schemes=["http", "https"])(media_url)
        except ValidationError:
            problems.append("media_url 应为 http 或 https 网址。")
        if len(media_url) > 500:
            problems.append("media_url 不能超过500个字符。")
    fields["media_url"] = media_url
    return fields


def submit_service_request(form, *, api_key: ApiKey) -> ServiceRequest:
    """Check a POST requests form and register its letter. Raises Open311Error (400/404)."""
    check_jurisdiction(form.get("jurisdiction_id", "").strip())
    category = active_category(form.get("service_code", "").strip())
    problems: list[str] = []
    lat, lon = _location(form, problems)
    fields = _checked_fields(form, problems)
    attributes, attribute_problems = _attributes(form)
    problems += attribute_problems
    title = attributes.get("title", "")
    if len(title) > TITLE_MAX:
        problems.append(f"attribute[title] 不能超过{TITLE_MAX}字。")
    if problems:
        raise Open311Error(400, *problems)

    description = fields["description"]
    place = fields["address_string"] or (f"地址编号{fields['address_id']}" if fields["address_id"] else "")
    content = description or f"{category.name}:{place or '见定位坐标'}"
    title = title or (description.splitlines()[0][:TITLE_FROM_DESCRIPTION] if description else category.name)
    try:
        with transaction.atomic():
            registration = register_ticket(
                channel=Channel.OPEN311, type=attributes.get("letter_type", DEFAULT_LETTER_TYPE), title=title,
                content=content, phone=fields["phone"], name=fields["last_name"] + fields["first_name"],
                address=fields["address_string"], lat=lat, lon=lon, category=category,
                confidential=attributes.get("confidential") == "true",
            )
            return ServiceRequest.objects.create(
                ticket=registration.ticket, api_key=api_key, token=secrets.token_hex(16), service_code=category.code,
                jurisdiction_id=fields["jurisdiction_id"], address_string=fields["address_string"],
                address_id=fields["address_id"], media_url=fields["media_url"], email=fields["email"],
                device_id=fields["device_id"], account_id=fields["account_id"], attributes=attributes,
            )
    except InvalidInput as exc:
        raise Open311Error(400, *[f"{field}:{'、'.join(texts)}" for field, texts in exc.fields.items()]
                           or [exc.message]) from exc


def service_notice() -> str:
    return settings.OPEN311["SERVICE_NOTICE"]


def created_view(service_request: ServiceRequest) -> dict:
    """The POST answer: the letter number at once (realtime), or a token for a batch client."""
    if service_request.api_key and service_request.api_key.response_mode == ApiKey.ResponseMode.BATCH:
        head = {"token": service_request.token}
    else:
        head = {"service_request_id": service_request.ticket.letter_number}
    return {**head, "service_notice": service_notice(), "account_id": service_request.account_id or None}
