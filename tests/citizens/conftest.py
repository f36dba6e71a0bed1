import re

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from tickets.models import OutboundMessage
from tickets.services.notifications import outgoing_text

PHONE = "13812345678"


@pytest.fixture(autouse=True)
def clear_cache():
    """Resend windows and throttle counters live in the cache: each test starts clean."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    return APIClient()


def sent_code(phone: str = PHONE) -> str:
    """The code in the newest SMS to this number, as the citizen reads it on their phone."""
    message = OutboundMessage.objects.filter(recipient=phone, template="citizen_sms_code").latest("id")
    found = re.search(r"\d{6}", outgoing_text(message.body))
    if found is None:  # already delivered (a live server sends at once) and scrubbed: read the phone
        from hotline.sms.backends import MemoryBackend

        delivered = [m for m in MemoryBackend.outbox if m["to"] == phone and m["id"] == message.dedupe_key]
        found = re.search(r"\d{6}", delivered[-1]["text"])
    return found.group(0)


@pytest.fixture
def signed_in(api, db):
    """An API client signed in as the citizen with this number: signed_in("13812345678")."""

    def sign_in(phone: str = PHONE) -> APIClient:
        cache.clear()  # the resend window of an earlier sign-in in the same test
        assert api.post("/api/v1/citizens/sms-code/", {"phone": phone}, format="json").status_code == 202
        response = api.post("/api/v1/citizens/login/", {"phone": phone, "code": sent_code(phone)}, format="json")
        assert response.status_code == 200, response.content
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
        return client

    return sign_in
