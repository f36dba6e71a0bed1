"""Schemathesis against /api/schema/ on the running app (in-process WSGI): generated requests,
valid and invalid, must never get a 500, and every response must match the published schema."""

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
