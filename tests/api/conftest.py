import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


@pytest.fixture(autouse=True)
def clear_cache():
    """Throttle counters live in the cache (Redis in production-like runs): each test starts clean."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def staff_api(users):
    """An API client logged in with a token as the given demo user: staff_api("housing1")."""

    def client(username):
        c = APIClient()
        token, _ = Token.objects.get_or_create(user=users[username])
        c.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return c

    return client


@pytest.fixture
def letter(api, reference_data):
    """Submit a letter through the API; returns the 201 body. Overrides go into the request body."""

    def submit(**overrides):
        body = {"type": "complaint", "title": "小区门口路灯不亮", "content": "裕华路12号小区门口路灯坏了一周。",
                "name": "李四", "phone": "13912345678", "address": "裕华路12号"}
        body.update(overrides)
        response = api.post("/api/v1/letters/", body, format="json")
        assert response.status_code == 201, response.content
        return response.json()

    return submit
