"""Resident identity card numbers (居民身份证号码, GB 11643-1999): one validator for every door.

18 characters: a 6-digit address code, the birth date (YYYYMMDD), a 3-digit sequence, and a check
character computed over the first 17 digits (ISO 7064 MOD 11-2: weights 2^(17-i) mod 11, the sum
mod 11 mapped to 1 0 X 9 8 7 6 5 4 3 2). A lower-case x is accepted and stored upper-case.
"""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError

_SHAPE = re.compile(r"^[1-9][0-9]{16}[0-9X]$")
_WEIGHTS = [2 ** (17 - i) % 11 for i in range(17)]
_CHECK = "10X98765432"
MESSAGE = "请填写有效的18位居民身份证号码(最后一位可为X)。"


def check_character(first17: str) -> str:
    return _CHECK[sum(int(digit) * weight for digit, weight in zip(first17, _WEIGHTS)) % 11]


def validate_resident_id(value) -> str:
    """The number, normalised (trimmed, X upper-case), or ValidationError with a Chinese message."""
    if not isinstance(value, str):
        raise ValidationError(MESSAGE, code="invalid_id_number")
    number = value.strip().replace(" ", "").upper()
    if not _SHAPE.match(number):
        raise ValidationError(MESSAGE, code="invalid_id_number")
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError("身份证号码中的出生日期无效,请核对。", code="invalid_id_number") from None
    if born.year < 1900 or born > date.today():
        raise ValidationError("身份证号码中的出生日期无效,请核对。", code="invalid_id_number")
    if check_character(number[:17]) != number[17]:
        raise ValidationError("身份证号码校验位不正确,请核对后重新填写。", code="invalid_id_number")
    return number


__all__ = ["check_character", "validate_resident_id"]
