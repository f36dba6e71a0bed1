"""Identity numbers and their check characters: the resident ID number (公民身份号码, GB 11643-1999)
and the unified social credit code (统一社会信用代码, GB 32100-2015).

Each `validate_*` returns the number in its canonical form (upper case, no spaces) or raises
`InvalidIdentity` with a message a citizen can act on. They check the structure and the check
character only: whether the number was really issued, and to whom, is for the issuing registry.
"""

from __future__ import annotations

import re
from datetime import date


class InvalidIdentity(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- resident ID number (GB 11643-1999) ----------------------------------------------------------

# Weight of position i (1-based from the left) is 2^(18 - i) mod 11; the check is the 18th character.
_ID_WEIGHTS = [2 ** (17 - i) % 11 for i in range(17)]
_ID_CHECK = "10X98765432"  # indexed by the weighted sum mod 11
_ID_SHAPE = re.compile(r"^[1-9]\d{16}[\dX]$")
# The first two digits name the province (GB/T 2260): 11–15, 21–23, 31–37, 41–46, 50–54, 61–65, and
# 71 (Taiwan), 81 (Hong Kong), 82 (Macao), 83 (residence permits of Taiwan residents).
_PROVINCES = {*range(11, 16), *range(21, 24), *range(31, 38), *range(41, 47), *range(50, 55), *range(61, 66),
              71, 81, 82, 83}


def resident_id_check_character(first17: str) -> str:
    """The check character (0–9 or X) of the first 17 digits of a resident ID number."""
    return _ID_CHECK[sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS)) % 11]


def validate_resident_id(value: str, *, today: date | None = None) -> str:
    """The 18-character resident ID number, upper-cased; raises InvalidIdentity when it cannot be one:
    wrong length or characters, an unknown province, an impossible or future birth date, or a check
    character (GB 11643: ISO 7064 MOD 11-2) that does not match."""
    if value is not None and not isinstance(value, str):
        raise InvalidIdentity("身份证号码应为18位（最后一位可以是数字或X）。")
    number = re.sub(r"\s", "", value or "").upper()
    if len(number) != 18 or not _ID_SHAPE.match(number):
        raise InvalidIdentity("身份证号码应为18位（最后一位可以是数字或X）。")
    if int(number[:2]) not in _PROVINCES:
        raise InvalidIdentity("身份证号码的地区码不正确。")
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise InvalidIdentity("身份证号码中的出生日期不正确。") from None
    if born.year < 1900 or born > (today or date.today()):
        raise InvalidIdentity("身份证号码中的出生日期不正确。")
    if resident_id_check_character(number[:17]) != number[17]:
        raise InvalidIdentity("身份证号码校验位不正确，请核对后重新填写。")
    return number


def is_valid_resident_id(value: str) -> bool:
    try:
        validate_resident_id(value)
    except InvalidIdentity:
        return False
    return True


# --- unified social credit code (GB 32100-2015) --------------------------------------------------

# 31 characters: digits and capitals without I, O, Z, S, V. A character's value is its index.
CREDIT_CODE_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = [3 ** i % 31 for i in range(17)]
_CREDIT_SHAPE = re.compile(rf"^[{CREDIT_CODE_CHARSET}]{{2}}\d{{6}}[{CREDIT_CODE_CHARSET}]{{10}}$")


def credit_code_check_character(first17: str) -> str:
    """The 18th character of a unified social credit code: 31 − (Σ value × 3^i mod 31) mod 31."""
    total = sum(CREDIT_CODE_CHARSET.index(c) * w for c, w in zip(first17, _CREDIT_WEIGHTS))
    return CREDIT_CODE_CHARSET[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> str:
    """The 18-character unified social credit code, upper-cased; raises InvalidIdentity when it cannot
    be one: wrong length or characters (I, O, Z, S, V are never used), a registration area that is
    not six digits, or a check character (GB 32100) that does not match."""
    if value is not None and not isinstance(value, str):
        raise InvalidIdentity("统一社会信用代码应为18位。")
    code = re.sub(r"\s", "", value or "").upper()
    if len(code) != 18:
        raise InvalidIdentity("统一社会信用代码应为18位。")
    if not _CREDIT_SHAPE.match(code):
        raise InvalidIdentity("统一社会信用代码含有不允许的字符（不使用 I、O、Z、S、V），或第3至8位不是数字。")
    if credit_code_check_character(code[:17]) != code[17]:
        raise InvalidIdentity("统一社会信用代码校验位不正确，请核对后重新填写。")
    return code


__all__ = ["CREDIT_CODE_CHARSET", "InvalidIdentity", "credit_code_check_character", "is_valid_resident_id",
           "resident_id_check_character", "validate_credit_code", "validate_resident_id"]
