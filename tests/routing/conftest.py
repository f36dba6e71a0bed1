"""Smart-dispatch fixtures: the demo catalogue (and knowledge base) loaded the way seed_demo loads them."""

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


@pytest.fixture(autouse=True)
def _fresh_routing_caches():
    """Indexes and models are cached per process: each test builds its own from its own rows."""
    from tickets.models import RoutingSettings
    from tickets.routing import catalogue, learning, suggestions

    catalogue._index = None
    catalogue._checked_at = float("-inf")
    learning.forget_loaded_model()
    suggestions._records.clear()
    RoutingSettings.forget_cached()
    cache.clear()
    yield
    catalogue._index = None
    learning.forget_loaded_model()


@pytest.fixture
def catalogue(reference_data):
    from tickets.routing.spreadsheet import seed_demo_catalogue

    seed_demo_catalogue()


@pytest.fixture
def knowledge(reference_data):
    from kb.demo import seed_articles

    seed_articles()


@pytest.fixture
def staff_api(users):
    def client(username):
        c = APIClient()
        token, _ = Token.objects.get_or_create(user=users[username])
        c.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return c

    return client
