"""The service's own surface: /healthz, the admin in Chinese, seed_demo."""

import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_healthz_reports_each_part(client, settings):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body == {"status": "ok", "database": "ok", "channel_layer": "ok",
                    "search": "elasticsearch" if settings.ELASTICSEARCH_URL else "database"}


def test_healthz_says_degraded_when_redis_is_unreachable(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["channel_layer"] == "error"


# Derived tables, rebuilt from the tickets by a command and never edited by hand: no admin page.
# The search index also holds citizens' names and phone tokens, which the admin must not list.
DERIVED_TABLES = {"DailyTicketStat", "UnitStat", "BreakdownStat", "TicketSearchEntry"}


def test_every_model_has_a_chinese_admin_page(admin_client, users):
    missing = []
    for model in apps.get_models():
        if model._meta.app_label not in {"tickets", "kb"}:
            continue
        assert re.search(r"[\u4e00-\u9fff]", str(model._meta.verbose_name)), model.__name__
        if model.__name__ in DERIVED_TABLES:
            assert model not in admin.site._registry, model.__name__
            continue
        if model not in admin.site._registry:
            missing.append(model.__name__)
            continue
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        response = admin_client.get(url, follow=True)  # a one-row settings model opens its only row
        assert response.status_code == 200, url
    assert not missing
    assert "数据管理" in admin_client.get("/admin/").content.decode()


def test_seed_demo_is_idempotent():
    from tickets.models import Category, Department, SpecialDay, User

    call_command("seed_demo", verbosity=0)
    counts = (Department.objects.count(), Category.objects.count(), SpecialDay.objects.count(), User.objects.count())
    call_command("seed_demo", verbosity=0)
    assert counts == (Department.objects.count(), Category.objects.count(), SpecialDay.objects.count(),
                      User.objects.count())
    assert counts[0] >= 24
    for code in ("housing", "hrss", "market", "urban"):
        assert Department.objects.filter(code=code).exists()
    assert User.objects.get(username="housing1").department.code == "housing"
    assert User.objects.get(username="agent1").check_password("demo-pass-12345")
    assert Department.objects.filter(kind="street", parent__kind="district").count() >= 4


def test_seed_demo_leaves_work_in_every_stage():
    from tickets.models import Ticket

    call_command("seed_demo", verbosity=0)
    statuses = set(Ticket.objects.values_list("status", flat=True))
    assert {"received", "dispatched", "accepted", "return_requested", "replied", "resolved", "closed"} <= statuses
    call_command("seed_demo", verbosity=0)
    assert Ticket.objects.count() == 12
