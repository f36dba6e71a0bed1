"""Redis down: citizens' letters are still accepted (the cache fails over to process memory)."""

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

DEAD_REDIS = {"default": {"BACKEND": "config.cache.FailoverRedisCache", "LOCATION": "redis://127.0.0.1:8119/0",
                          "KEY_PREFIX": "prod-fault"}}  # nothing listens on 8119 (this helper's port range)


@pytest.mark.django_db
@override_settings(CACHES=DEAD_REDIS)
def test_letters_are_accepted_while_redis_is_down(reference_data):
    from django.core.cache import cache

    api = APIClient()
    codes = [api.post("/api/v1/letters/", {"type": "complaint", "title": "路灯不亮", "content": "路灯坏了。",
                                           "phone": f"1391234{i:04d}"}, format="json").status_code for i in range(3)]
    assert codes == [201, 201, 201]
    assert cache.degraded


@pytest.mark.django_db
@override_settings(CACHES=DEAD_REDIS, HOTLINE_THROTTLES={
    "lookup_failures_per_letter": (5, 900), "lookup_failures_per_letter_global": (50, 3600),
    "lookup_failures_per_address": (200, 3600), "letters_per_address": (2, 3600), "letters_per_phone": (50, 3600)})
def test_throttles_keep_a_local_limit_while_redis_is_down(reference_data):
    api = APIClient()
    codes = [api.post("/api/v1/letters/", {"type": "complaint", "title": "路灯不亮", "content": "路灯坏了。",
                                           "phone": f"1391234{i:04d}"}, format="json").status_code for i in range(3)]
    assert codes == [201, 201, 429]


@pytest.mark.django_db
@override_settings(CACHES=DEAD_REDIS)
def test_the_working_calendar_falls_back_to_the_database(reference_data):
    from tickets.working_time import load_calendar

    assert load_calendar().periods
