"""The hostile-input list: each of these once answered 500 (or nothing). None may (CONTRACT.md)."""

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from hotline.telephony.signing import sign

DEEP = ("[" * 100_000 + "]" * 100_000).encode()
DEEP_SMALL = ("[" * 5_000 + "]" * 5_000).encode()  # under the webhooks' 16 KB body limit
DEEP_OBJECT = ('{"a":' * 50_000 + "1" + "}" * 50_000).encode()

JSON_ENDPOINTS = ["/api/v1/letters/", "/api/v1/letters/lookup/", "/api/v1/letters/rate/", "/api/v1/auth/token/",
                  "/api/v1/tickets/"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", JSON_ENDPOINTS)
@pytest.mark.parametrize("body", [DEEP, DEEP_OBJECT], ids=["array", "object"])
def test_deeply_nested_json_is_a_400_on_every_api_endpoint(users, path, body):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=users['agent1']).key}")
    response = client.generic("POST", path, body, content_type="application/json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "malformed_json"


@pytest.mark.django_db
def test_deeply_nested_json_on_a_transition_is_a_400(users, make_ticket):
    ticket = make_ticket().ticket
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=users['dispatcher1']).key}")
    response = client.generic("POST", f"/api/v1/tickets/{ticket.pk}/transitions/dispatch/", DEEP,
                              content_type="application/json")
    assert response.status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize("path,secret", [("/api/v1/cti/events/", "CTI_SHARED_SECRET"),
                                         ("/api/v1/sms/inbound/", "SMS_INBOUND_SECRET")])
def test_deeply_nested_json_correctly_signed_on_a_webhook_is_a_400(settings, path, secret):
    response = Client().post(path, data=DEEP_SMALL, content_type="application/json",
                             HTTP_X_HOTLINE_SIGNATURE=sign(DEEP_SMALL, getattr(settings, secret)))
    assert response.status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/cti/events/", "/api/v1/sms/inbound/"])
def test_a_non_ascii_signature_header_is_a_401(path):
    response = Client().post(path, data=b"{}", content_type="application/json",
                             HTTP_X_HOTLINE_SIGNATURE="sha256=签名".encode().decode("latin-1"))
    assert response.status_code == 401


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/v1/kb/search/?q=%E8%B7%AF%00%E7%81%AF", "/faq/?q=a%00b", "/kb/?q=%00"])
def test_a_nul_byte_in_a_search_query_is_a_400(users, url):
    client = Client()
    client.force_login(users["agent1"])
    response = client.get(url)
    assert response.status_code == 400


@pytest.mark.django_db
def test_a_wechat_text_over_the_content_limit_is_refused_not_stored(client, reference_data):
    from tests.wechat.conftest import FakeWeChatServer
    from tickets.models import Ticket

    server = FakeWeChatServer(client)
    response = server.send_text("o-long", "长" * 10_000, safe=False)
    assert response.status_code == 200 and "过长" in response.reply["Content"]
    assert not Ticket.objects.exists()


@pytest.mark.django_db
def test_a_stale_version_on_an_action_is_a_409(users, make_ticket):
    ticket = make_ticket().ticket
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=users['agent1']).key}")
    stale = client.post(f"/api/v1/tickets/{ticket.pk}/actions/note/", {"text": "备注", "version": ticket.version + 5},
                        format="json")
    assert stale.status_code == 409
    fresh = client.post(f"/api/v1/tickets/{ticket.pk}/actions/note/", {"text": "备注", "version": ticket.version},
                        format="json")
    assert fresh.status_code == 200


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_a_deeply_nested_websocket_frame_gets_an_error_message_not_a_closed_socket(users):
    from tests.realtime.sockets import live_socket

    async with live_socket("/ws/agent/", users["agent1"]) as socket:
        await socket.send_to(text_data=DEEP.decode())
        error = await socket.receive_json_from(timeout=3)
        assert error["type"] == "error"
        await socket.send_json_to({"type": "ping"})
        assert (await socket.receive_json_from(timeout=3))["type"] == "pong"


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_a_nul_byte_in_a_socket_token_is_refused_cleanly():
    from tests.realtime.sockets import refusal

    error, code = await refusal("/ws/agent/?token=abc%00def")
    assert error["type"] == "error" and code == 4401
