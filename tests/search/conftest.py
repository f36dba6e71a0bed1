import pytest


@pytest.fixture
def indexed(make_ticket, django_capture_on_commit_callbacks):
    """Register tickets the way the services do and let their events' after-commit work run, which
    is what keeps the search index current."""

    def make(**fields):
        with django_capture_on_commit_callbacks(execute=True):
            return make_ticket(**fields).ticket

    return make


@pytest.fixture
def staff_api(users):
    """An API client logged in with a token as the given demo user."""
    from django.core.cache import cache
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    cache.clear()  # throttle counters

    def client(username):
        c = APIClient()
        token, _ = Token.objects.get_or_create(user=users[username])
        c.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return c

    return client


@pytest.fixture
def rank_cap(monkeypatch):
    """Set the rank cap, with PostgreSQL's windows starting at 2 × the cap and doubling, so a handful
    of tickets exercise what one common word does over a city's year."""
    from tickets.search.backends import database

    def cap(limit):
        monkeypatch.setattr(database, "RANK_LIMIT", limit)
        monkeypatch.setattr(database, "SQLITE_RANK_LIMIT", limit)
        monkeypatch.setattr(database, "WINDOW_FACTOR", 2)

    return cap
