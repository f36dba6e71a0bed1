"""Phone numbers: one canonical form, used by every door and every lookup.

A number is stored, compared and searched in its canonical form: ASCII digits only, no country
code, no separators.

- Mobile: 11 digits starting with 1 — "13812345678". "+86 138 1234 5678", "0086-138…", "86138…"
  (13 digits) and full-width "１３８…" typed with a Chinese input method all read as that.
- Landline: the area code with its trunk 0, then the local number — "031186001001". "0311-86001001",
  "(0311) 8600 1001" and "+86 311 8600 1001" (the country code drops the trunk 0) all read as that.
  A local number without an area code (7–8 digits, as a caller types it or a local exchange reports
  it) gets the hotline's own area code (`PHONE_DEFAULT_AREA_CODE`, Shijiazhuang's 0311 by default),
  so the console's "8600 1001" and the switch's "031186001001" are the same caller.
- Service numbers (12345, 95566, 400/800 numbers) are kept as their digits.

`normalize_phone` returns None for text that is not a phone number; `PHONE_MESSAGE` is the one
message every door shows for it.
"""

from __future__ import annotations

import re

from django.conf import settings

PHONE_MESSAGE = "请填写有效的电话号码（手机号或带区号的固定电话）。"
MAX_INPUT = 32  # longer input is not a phone number, however it is punctuated

# Full-width digits and punctuation a Chinese input method produces.
_FULL_WIDTH = str.maketrans("０１２３４５６７８９＋－（）　", "0123456789+-() ")
_SEPARATORS = re.compile(r"[\s\-().·]")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_SERVICE = re.compile(r"^(?:1\d{4}|9\d{4}|[48]00\d{7})$")  # 12345, 95566, 400/800 numbers


def ascii_digits(text: str) -> str:
    """The text with full-width digits and separators read as ASCII (letter numbers use it too)."""
    return (text or "").translate(_FULL_WIDTH)


def _default_area_code() -> str:
    return getattr(settings, "PHONE_DEFAULT_AREA_CODE", "0311")


def normalize_phone(value) -> str | None:
    """The canonical form of a phone number, or None when the text is not one."""
    if not isinstance(value, str):
        return None
    text = ascii_digits(value).strip()
    if not text or len(text) > MAX_INPUT:
        return None
    plus = text.startswith("+")
    digits = _SEPARATORS.sub("", text.lstrip("+"))
    if not digits.isdigit():
        return None
    if digits.startswith("0086"):
        digits, international = digits[4:], True
    elif plus and digits.startswith("86"):
        digits, international = digits[2:], True
    elif plus:
        return None  # a foreign number: the hotline cannot call it back by SMS or phone
    elif len(digits) == 13 and digits.startswith("86") and _MOBILE.match(digits[2:]):
        digits, international = digits[2:], True
    else:
        international = False
    if _MOBILE.match(digits):
        return digits
    if international:
        # +86 311 8600 1001: the country code replaces the trunk 0 of the area code.
        digits = digits if digits.startswith("0") else "0" + digits
    if _SERVICE.match(digits):
        return digits
    if digits.startswith("0"):
        # Area codes are 3 or 4 digits with the trunk 0 (010, 0311), local numbers 7 or 8 digits.
        return digits if 10 <= len(digits) <= 12 else None
    if 7 <= len(digits) <= 8:
        return _default_area_code() + digits
    return None


def is_mobile(phone: str) -> bool:
    """True for a canonical mobile number (one that can receive an SMS)."""
    return bool(phone and _MOBILE.match(phone))


def area_code(phone: str) -> str:
    """The area code of a canonical landline number ("0311"), or "" for mobiles and service numbers."""
    if not phone or not phone.startswith("0"):
        return ""
    # Three-digit area codes are 010 and 02x; every other is four digits.
    return phone[:3] if phone[1] in "12" else phone[:4]


def mask_phone(phone: str) -> str:
    """138****5678 for a mobile; 0311-****1001 for a landline (the area code says only the city)."""
    if not phone:
        return ""
    code = area_code(phone)
    if code:
        return f"{code}-****{phone[-4:]}"
    if len(phone) >= 7:
        return f"{phone[:3]}****{phone[-4:]}"
    return "*" * len(phone)


def canonicalise_stored(queryset, field: str, *, batch: int = 2000) -> int:
    """Rewrite `field` of every row whose number is not yet canonical (data migrations use it);
    values that are no phone number stay as they are. Returns how many rows changed."""
    changed, last = 0, 0
    while True:
        rows = list(queryset.filter(pk__gt=last).exclude(**{field: ""}).order_by("pk")
                    .values_list("pk", field)[:batch])
        if not rows:
            return changed
        last = rows[-1][0]
        for pk, value in rows:
            canonical = normalize_phone(value)
            if canonical and canonical != value:
                queryset.filter(pk=pk).update(**{field: canonical})
                changed += 1
