"""Independent checks of the GeoReport v2 door: JSON schemas written from the specification
(schemas/README.md), an XML reading that knows only the specification's element names, and a
GeoReport client library from PyPI talking to a real socket."""

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from django.core.cache import cache
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

SCHEMAS = Path(__file__).parent / "schemas"
BASE = "/open311/v2"
SERVER = "127.0.0.1:8122"  # this suite's own port for a real socket


def _registry() -> Registry:
    resources = []
    for path in SCHEMAS.glob("*.json"):
        schema = json.loads(path.read_text())
        resources.append((schema["$id"], Resource.from_contents(schema)))
    return Registry().with_resources(resources)


REGISTRY = _registry()


def validate(name: str, value) -> None:
    """Raise jsonschema.ValidationError unless `value` matches schemas/<name>.json."""
    schema = json.loads((SCHEMAS / f"{name}.json").read_text())
    Draft202012Validator(schema, registry=REGISTRY).validate(value)


# The specification's XML: which element holds a list, and the name of each item.
LIST_ITEMS = {"services": "service", "service_requests": "request", "attributes": "attribute", "values": "value",
              "errors": "error", "endpoints": "endpoint", "formats": "format"}


def xml_to_spark(element: ET.Element):
    """The Spark mapping of an element, with text left as text (XML has no types)."""
    if element.tag in LIST_ITEMS:
        assert all(child.tag == LIST_ITEMS[element.tag] for child in element), element.tag
        return [xml_to_spark(child) for child in element]
    if len(element):
        return {child.tag: xml_to_spark(child) for child in element}
    return element.text or ""


def as_xml_text(value):
    """A JSON value as the XML would carry it."""
    if isinstance(value, list):
        return [as_xml_text(v) for v in value]
    if isinstance(value, dict):
        return {k: as_xml_text(v) for k, v in value.items()}
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def parse_xml(response) -> ET.Element:
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    body = response.content
    assert body.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    return ET.fromstring(body)


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def demo_key(db):
    from hotline.open311.keys import DEMO_KEY, seed_demo_key

    seed_demo_key()
    return DEMO_KEY


@pytest.fixture
def post_request(client, demo_key, reference_data):
    """POST requests.json as a client would (form-encoded); overrides replace or add fields."""

    def post(fmt="json", **overrides):
        form = {"api_key": demo_key, "service_code": "300200", "lat": "38.042300", "long": "114.514300",
                "address_string": "裕华路12号小区门口", "description": "小区门口的路灯坏了一周，晚上很黑。",
                "first_name": "三", "last_name": "张", "phone": "13812345678", "email": "zhang@example.com",
                "device_id": "dev-1", "account_id": "acct-9"}
        form.update(overrides)
        form = {k: v for k, v in form.items() if v is not None}
        return client.post(f"{BASE}/requests.{fmt}", form)

    return post


@pytest.fixture
def open311_server(transactional_db):
    """The hotline on a real socket (127.0.0.1:8122) for clients that speak HTTP themselves."""
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer(SERVER)
    yield server.url
    server.stop()
