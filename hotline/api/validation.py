"""Shapes a citizen's input must have, shared by the REST API and the portal's forms.

The domain (`tickets.services.intake.register_ticket`) checks the rules; the doors check shapes:
lengths within the columns, a phone number that can be dialled, coordinates that are numbers.
"""

import re

TITLE_MAX = 200
CONTENT_MAX = 5000
NAME_MAX = 50
ADDRESS_MAX = 200
COMMENT_MAX = 1000
PASSWORD_MIN = 6
PASSWORD_MAX = 64
LETTER_NUMBER_MAX = 32

# Digits with optional spaces or hyphens as people write them (0311-8600 1001, +86 138 1234 5678).
_PHONE_SHAPE = re.compile(r"^\+?[0-9][0-9 \-]*[0-9]$")
PHONE_MESSAGE = "请填写有效的电话号码(7到15位数字,可带区号)。"


def normalize_phone(value: str) -> str | None:
    """The number as digits (a leading + kept), or None when it is not a phone number.
    Stored as digits so the agent's screen pop finds the caller whatever way they typed it."""
    value = (value or "").strip()
    if not _PHONE_SHAPE.match(value):
        return None
    digits = value.replace(" ", "").replace("-", "")
    count = len(digits.lstrip("+"))
    return digits if 7 <= count <= 15 else None
