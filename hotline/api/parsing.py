"""Input from strangers: hostile JSON nesting and look-alike digits are bad input (400), not a 500.

`"[" * 100000` parses to a RecursionError in Python's json module, which is not a ValueError, so
DRF's parser and every hand-written `json.loads` let it through. Everything that reads JSON sent
by a client goes through `loads` (or the parser below, which uses it).
"""

from __future__ import annotations

import json

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from tickets.errors import InvalidInput


class HostileJSON(ValueError):
    """Too deeply nested (or otherwise unparseable) JSON."""


def loads(data: bytes | str):
    """json.loads, with RecursionError reported as a ValueError like any other malformed body."""
    try:
        return json.loads(data)
    except RecursionError:
        raise HostileJSON("JSON nested too deeply") from None


class SafeJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON nested too deeply") from None


def whole_number(text) -> int | None:
    """A non-negative whole number as a stranger typed it, or None. ASCII digits only: `str.isdigit`
    also says yes to '²' and '①', which `int()` then refuses with a ValueError (a 500)."""
    if isinstance(text, str) and text.isascii() and text.isdigit():
        return int(text)
    return None


PAGE_MAX = 10_000


def page_number(params) -> int:
    """`?page=` of a numbered list (1 when absent); anything but 1…PAGE_MAX is a 400 naming the field."""
    number = whole_number(params.get("page", "1"))
    if number is None or not 1 <= number <= PAGE_MAX:
        raise InvalidInput(fields={"page": ["页码应为正整数。"]})
    return number
