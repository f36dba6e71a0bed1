"""Schemathesis against /api/schema/ on the running app (in-process WSGI): generated requests,
valid and invalid, must never get a 500, and every response must match the published schema."""

import json
import re

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core import signals
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from hypothesis.configuration import set_hypothesis_home_dir
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance, negative_data_rejection, response_schema_conformance, status_code_conformance,
)

# Hypothesis keeps caches on disk: under var/ (ignored by git), not in the repository's root.
set_hypothesis_home_dir(django_settings.BASE_DIR / "var" / "hypothesis")
# The operations this module owns; other doors under /api/ have their own tests.
OWN_PATHS = r"^/api/v1/(letters|tickets|auth)/"
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          negative_data_rejection]


@pytest.fixture
def in_test_transaction():
    """Like Django's test client: a raw WSGI call would otherwise close the connection after each
    request (it is inside the test's transaction, so it looks unusable) and lose the test data."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(users, make_ticket, in_test_transaction):
    # A few tickets so that generated ids sometimes hit a real one.
    for _ in range(3):
        make_ticket()
    schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    schema.config.generation.update(max_examples=12, deterministic=True)
    return schema


schema = schemathesis.pytest.from_fixture("api_schema").include(path_regex=OWN_PATHS)


@pytest.mark.django_db
@schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck), max_examples=12, database=None)
def test_api_matches_its_schema_and_never_fails(case, users):
    cache.clear()  # throttles would otherwise turn most later cases into 429s
    token, _ = Token.objects.get_or_create(user=users["dispatcher1"])
    case.call_and_validate(headers={"Authorization": f"Token {token.key}"}, checks=CHECKS)


# --- the hostile values of issue #12, on every operation the schema publishes -------------------------
# Hypothesis rarely reaches these (a NUL, 100,000 characters, '²', nesting past Python's recursion
# limit, a non-ASCII header), so every operation gets each of them explicitly, in each place it takes input.

HOSTILE_VALUES = {
    "nul": "路灯\x00不亮",
    "huge": "长" * 100_000,
    "superscript-digits": "²³",
    "circled-digit": "①",
    "huge-integer": 10**30,
    "nested": [[[[{"a": [1]}]]]],
    "emoji-and-rtl": "😀\u202eلا",
}
DEEP = ("[" * 100_000 + "]" * 100_000).encode()
NON_ASCII_HEADER = "Token 签名".encode().decode("latin-1")  # how a WSGI server hands over UTF-8 bytes


def published_operations(client) -> list[tuple[str, str, list[str], list[str], dict]]:
    """(method, path template, body properties, query parameters, path parameter enums) for OWN_PATHS."""
    spec = json.loads(client.get("/api/schema/?format=json").content)
    components = spec["components"]["schemas"]
    operations = []
    for path, methods in spec["paths"].items():
        if not re.match(OWN_PATHS, path):
            continue
        for method, operation in methods.items():
            schema = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
            schema = components[schema["$ref"].rsplit("/", 1)[1]] if "$ref" in schema else schema
            parameters = operation.get("parameters", [])
            operations.append((method.upper(), path, list(schema.get("properties", {})),
                               [p["name"] for p in parameters if p["in"] == "query"],
                               {p["name"]: p["schema"].get("enum") for p in parameters if p["in"] == "path"}))
    return operations


def concrete_paths(template: str, enums: dict, ticket_id: int) -> list[str]:
    """The template with a real ticket id and each named transition/action in turn."""
    paths = [template.replace("{ticket_id}", str(ticket_id)).replace("{publication_id}", "1")]
    for name, values in enums.items():
        if values:
            paths = [path.replace("{" + name + "}", value) for path in paths for value in values]
    return paths


def assert_no_server_error_and_the_error_shape(response, what: str) -> None:
    assert response.status_code < 500, f"{what} → {response.status_code}: {response.content[:200]!r}"
    if response.status_code >= 400 and response["Content-Type"].startswith("application/json"):
        error = json.loads(response.content)["error"]
        assert error["code"] and error["message"] and isinstance(error["fields"], dict), what


@pytest.mark.django_db
def test_every_published_operation_survives_the_hostile_values(users, make_ticket):
    from django.test import Client

    ticket = make_ticket().ticket
    staff = Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=users['dispatcher1']).key}")
    checked = 0
    for method, template, properties, query, enums in published_operations(staff):
        for path in concrete_paths(template, enums, ticket.pk):
            for label, value in HOSTILE_VALUES.items():
                cache.clear()
                if method == "GET":
                    # One parameter at a time: the first one refused would hide a 500 in the next.
                    for name in query:
                        cache.clear()
                        response = staff.get(path, {name: str(value)})
                        assert_no_server_error_and_the_error_shape(response, f"GET {path}?{name}= with {label}")
                        checked += 1
                    continue
                # A body's fields are all checked together (serializers report every field at once).
                body = json.dumps({name: value for name in properties} or {"x": value})
                response = staff.generic(method, path, body, content_type="application/json")
                assert_no_server_error_and_the_error_shape(response, f"{method} {path} with {label}")
                checked += 1
            if method != "GET":
                cache.clear()
                response = staff.generic(method, path, DEEP, content_type="application/json")
                assert_no_server_error_and_the_error_shape(response, f"{method} {path} with deep nesting")
                assert response.status_code == 400
            cache.clear()
            response = Client().generic(method, path, b"{}", content_type="application/json",
                                        HTTP_AUTHORIZATION=NON_ASCII_HEADER)
            assert_no_server_error_and_the_error_shape(response, f"{method} {path} with a non-ASCII header")
    assert checked > 100  # the schema was read and its operations reached
