"""GeoReport v2's two wire formats, from one Python value.

XML is the specification's own (schemaless, no namespace, UTF-8 with the declaration); JSON is its
programmatic mapping (the Spark convention): a list element becomes an array of its children, so
`<services><service>…</service></services>` is `[{…}]`. `LIST_ITEMS` names each list's child.
"""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET

from django.http import HttpResponse

FORMATS = ("json", "xml")
CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
LIST_ITEMS = {
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "errors": "error",
    "endpoints": "endpoint",
    "formats": "format",
}


class Open311Error(Exception):
    """A failed call: the HTTP status and the specification's error list of (code, description)."""

    def __init__(self, status: int, *descriptions: str, code: int | str | None = None):
        super().__init__("; ".join(descriptions))
        self.status = status
        self.errors = [{"code": code or status, "description": text} for text in descriptions]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _append(parent: ET.Element, name: str, value) -> None:
    element = ET.SubElement(parent, name)
    _fill(element, name, value)


def _fill(element: ET.Element, name: str, value) -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            _append(element, key, child)
    elif isinstance(value, list):
        for item in value:
            _append(element, LIST_ITEMS[name], item)
    else:
        element.text = _text(value)


def to_xml(root: str, value) -> bytes:
    element = ET.Element(root)
    _fill(element, root, value)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(element, encoding="utf-8", xml_declaration=False)


def respond(fmt: str, root: str, value, *, status: int = 200) -> HttpResponse:
    """`root` is the XML document element; in JSON the value stands alone (a list or an object)."""
    if fmt == "json":
        body = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    else:
        body = to_xml(root, value)
    return HttpResponse(body, status=status, content_type=CONTENT_TYPES[fmt])


def error_response(fmt: str, error: Open311Error) -> HttpResponse:
    return respond(fmt if fmt in FORMATS else "xml", "errors", error.errors, status=error.status)
