"""JSON from strangers: hostile nesting is bad input (400), not a RecursionError (500).

`"[" * 100000` parses to a RecursionError in Python's json module, which is not a ValueError, so
DRF's parser and every hand-written `json.loads` let it through. Everything that reads JSON sent
by a client goes through `loads` (or the parser below, which uses it).
"""

from __future__ import annotations

import json

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


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
