"""Schemathesis against the appointment operations of /api/schema/: generated requests, valid and
invalid, never get a 500 and every answer matches the published schema (as tests/api does for its own)."""

import pytest
import schemathesis
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token

from tests.api.test_schema_fuzz import CHECKS, in_test_transaction  # noqa: F401 — fixture used by name
from tests.appointments.conftest import SATURDAY, resident_id


@pytest.fixture
def appointment_schema(hall, clock, in_test_transaction):  # noqa: F811
    from hotline.appointments import services

    services.book(service="business-license", name="王小明", id_number=resident_id(1), phone="13912345678",
                  date=SATURDAY, period="09:00-10:30")
    schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    schema.config.generation.update(max_examples=10, deterministic=True)
    return schema


schema = schemathesis.pytest.from_fixture("appointment_schema").include(path_regex=r"^/api/v1/appointments/")


@pytest.mark.django_db
@schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck), max_examples=10, database=None)
def test_appointment_api_matches_its_schema_and_never_fails(case, hall):
    cache.clear()
    token, _ = Token.objects.get_or_create(user=hall["dispatcher1"])
    case.call_and_validate(headers={"Authorization": f"Token {token.key}"}, checks=CHECKS)
