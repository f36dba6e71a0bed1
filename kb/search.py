"""Knowledge-base search: one interface, backends behind it."""

from django.conf import settings


def backend_name() -> str:
    return "elasticsearch" if settings.ELASTICSEARCH_URL else "database"
