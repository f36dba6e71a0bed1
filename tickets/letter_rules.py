"""What a letter (信件) is made of, and the limits of every text on it — one module, imported by the
model, the intake service, the API's serializers and every form.

Doors use these to check shapes early (and to tell the citizen the limit in the form's help text);
the services apply the same rules again, so a door that forgets one cannot store a bad letter.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from tickets import passwords
from tickets.errors import InvalidInput
from tickets.phones import ascii_digits

TITLE_MAX = 200
CONTENT_MAX = 5000
NAME_MAX = 50
ADDRESS_MAX = 200
ID_NUMBER_MAX = 18
COMMENT_MAX = 1000           # a rating's comment
TEXT_MAX = 5000              # staff texts on a ticket: a reply, a reason, a note, a direct answer
SUPPLEMENT_MAX = 2000        # 信息补充: words a citizen adds to a letter already sent
LOCATION_LABEL_MAX = 200
PASSWORD_MIN, PASSWORD_MAX = passwords.MIN_LENGTH, passwords.MAX_LENGTH
LETTER_NUMBER_INPUT_MAX = 32  # what a lookup form accepts before it reads the number (spaces, hyphens)

# The fields a citizen's letter carries into `submit_letter` / `register_ticket`, whatever the door.
LETTER_FIELDS = ("type", "title", "content", "name", "phone", "address", "lat", "lon", "category", "password",
                 "confidential", "publish_consent")
# An agent's registration adds how the request came in.
REGISTRATION_FIELDS = LETTER_FIELDS + ("id_number", "channel", "priority", "call_id")


def letter_kwargs(data: dict, fields=LETTER_FIELDS) -> dict:
    """The letter's fields out of a door's cleaned data (absent fields keep the service's defaults)."""
    return {key: data[key] for key in fields if key in data}


def normalize_letter_number(text) -> str:
    """A letter number as typed — full-width digits from a Chinese input method, spaces, hyphens —
    read as its digits. Anything else stays, so a wrong number stays wrong."""
    if not isinstance(text, str):
        return ""
    return "".join(ch for ch in ascii_digits(text) if ch not in " -\u3000")


def check_coordinates(lat, lon, errors: dict) -> tuple[Decimal | None, Decimal | None]:
    """Latitude and longitude come together, as numbers within range, kept to 6 decimals (~0.1 m).
    Problems go into `errors` by field; the returned pair is (None, None) when there is none or a problem."""
    if lat is None and lon is None:
        return None, None
    if (lat is None) != (lon is None):
        errors["lat" if lat is None else "lon"] = ["经纬度需同时提供。"]
        return None, None
    try:
        lat, lon = Decimal(str(lat)), Decimal(str(lon))
        if not (lat.is_finite() and lon.is_finite()):
            raise InvalidOperation
    except (ArithmeticError, ValueError):
        errors["lat"] = ["坐标格式不正确。"]
        return None, None
    if not (-90 <= lat <= 90):
        errors["lat"] = ["纬度应在 -90 到 90 之间。"]
    if not (-180 <= lon <= 180):
        errors["lon"] = ["经度应在 -180 到 180 之间。"]
    if "lat" in errors or "lon" in errors:
        return None, None
    return round(lat, 6), round(lon, 6)


def required_text(value, field: str, label: str, max_length: int = TEXT_MAX) -> str:
    """A text that must be given (a reply, a reason): stripped, not empty, within the limit."""
    text = value.strip() if isinstance(value, str) else None
    if not text:
        raise InvalidInput(fields={field: [f"请填写{label}。"]})
    if len(text) > max_length:
        raise InvalidInput(fields={field: [f"{label}不能超过{max_length}字。"]})
    return text


def optional_text(value, field: str, max_length: int = TEXT_MAX) -> str:
    """A text that may be left out (a note): "" when absent, else stripped and within the limit."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidInput(fields={field: ["应为文本。"]})
    if len(value) > max_length:
        raise InvalidInput(fields={field: [f"不能超过{max_length}字。"]})
    return value.strip()
