"""Access control of the doors in production: client addresses, lockouts, tokens, sessions, logs, WeChat replays."""

import logging
import time
from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from hotline.clients import resolve_client_address

LETTER = {"type": "complaint", "title": "路灯不亮", "content": "裕华路12号路灯坏了。", "phone": "13912345678"}


def test_forwarded_for_is_ignored_from_an_untrusted_peer():
    assert resolve_client_address("203.0.113.9", "1.2.3.4", []) == "203.0.113.9"
    assert resolve_client_address("203.0.113.9", "1.2.3.4", ["127.0.0.1"]) == "203.0.113.9"


def test_only_the_hop_our_proxy_added_is_believed():
    # a client forged "6.6.6.6"; nginx on 127.0.0.1 appended the address it really saw
    assert resolve_client_address("127.0.0.1", "6.6.6.6, 198.51.100.7", ["127.0.0.1/32"]) == "198.51.100.7"
    # two proxies of ours in a row
    assert resolve_client_address("10.0.0.2", "6.6.6.6, 198.51.100.7, 10.0.0.1", ["10.0.0.0/24"]) == "198.51.100.7"
    assert resolve_client_address("127.0.0.1", "junk", ["127.0.0.1"]) == "127.0.0.1"


@pytest.mark.django_db
@override_settings(HOTLINE_THROTTLES={"lookup_failures_per_letter": (5, 900), "lookup_failures_per_address": (30, 3600),
                                      "letters_per_address": (2, 3600), "letters_per_phone": (50, 3600)})
def test_rotating_forwarded_for_does_not_bypass_the_per_address_letter_limit(reference_data):
    api = APIClient()
    codes = [api.post("/api/v1/letters/", {**LETTER, "phone": f"1391234{i:04d}"}, format="json",
                      HTTP_X_FORWARDED_FOR=f"10.9.{i}.1").status_code for i in range(4)]
    assert codes == [201, 201, 429, 429]


@pytest.mark.django_db
def test_the_audit_log_stores_the_peer_not_a_forged_forwarded_address(users, make_ticket):
    from tickets.models import PersonalDataAccess

    ticket = make_ticket().ticket
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=users['dispatcher1']).key}")
    client.get(f"/api/v1/tickets/{ticket.pk}/personal/", HTTP_X_FORWARDED_FOR="6.6.6.6", REMOTE_ADDR="192.0.2.5")
    assert set(PersonalDataAccess.objects.values_list("ip_address", flat=True)) == {"192.0.2.5"}


def _admin_login(client, password, address):
    return client.post("/admin/login/?next=/admin/", {"username": "supervisor1", "password": password},
                       REMOTE_ADDR=address)


@pytest.mark.django_db
def test_admin_login_locks_the_user_at_that_address_only(users):
    users["supervisor1"].is_staff = True
    users["supervisor1"].save(update_fields=["is_staff"])
    attacker = Client()
    codes = [_admin_login(attacker, "guess", "198.51.100.66").status_code for _ in range(10)]
    assert codes[-1] == 429 and set(codes[:-1]) == {200}
    assert _admin_login(attacker, "demo-pass-12345", "198.51.100.66").status_code == 429
    # the real supervisor at her own desk is not locked out by someone else's guessing
    assert _admin_login(Client(), "demo-pass-12345", "192.0.2.10").status_code == 302


@pytest.mark.django_db
def test_the_staff_login_page_is_locked_per_user_and_address(users):
    client = Client()
    for _ in range(10):
        last = client.post("/accounts/login/", {"username": "agent1", "password": "x"}, REMOTE_ADDR="198.51.100.1")
    assert last.status_code == 429 and "Retry-After" in last
    assert "暂时锁定" in last.content.decode()
    assert Client().post("/accounts/login/", {"username": "agent1", "password": "demo-pass-12345"},
                         REMOTE_ADDR="192.0.2.1").status_code == 302


@pytest.mark.django_db
def test_a_token_login_rotates_the_token(users):
    api = APIClient()
    first = api.post("/api/v1/auth/token/", {"username": "agent1", "password": "demo-pass-12345"}, format="json")
    second = api.post("/api/v1/auth/token/", {"username": "agent1", "password": "demo-pass-12345"}, format="json")
    old, new = first.json()["token"], second.json()["token"]
    assert old != new
    api.credentials(HTTP_AUTHORIZATION=f"Token {old}")
    assert api.get("/api/v1/tickets/").status_code == 401
    api.credentials(HTTP_AUTHORIZATION=f"Token {new}")
    assert api.get("/api/v1/tickets/").status_code == 200


@pytest.mark.django_db
@override_settings(API_TOKEN_TTL_HOURS=12)
def test_an_expired_token_is_refused(users):
    token = Token.objects.create(user=users["agent1"])
    Token.objects.filter(pk=token.pk).update(created=timezone.now() - timedelta(hours=13))
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = api.get("/api/v1/tickets/")
    assert response.status_code == 401 and "过期" in response.json()["error"]["message"]


@pytest.mark.django_db
def test_a_password_change_revokes_the_api_token(users):
    user = users["agent1"]
    token = Token.objects.create(user=user)
    user.set_password("a-new-long-password-2026")
    user.save()
    assert not Token.objects.filter(key=token.key).exists()


@pytest.mark.django_db
@override_settings(STAFF_SESSION_IDLE_MINUTES=30)
def test_an_idle_staff_session_ends(users):
    client = Client()
    client.force_login(users["agent1"])
    assert client.get("/console/agent/").status_code == 200
    session = client.session
    session["_hotline_seen"] = int(time.time()) - 31 * 60
    session.save()
    response = client.get("/console/agent/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_no_log_line_carries_a_query_password_or_a_message_body(reference_data, caplog, tmp_path, settings):
    from hotline.sms import delivery
    from tickets.models import OutboundMessage

    settings.SMS_BACKEND = "file"
    settings.SMS_FILE_PATH = str(tmp_path / "sms.log")
    with caplog.at_level(logging.DEBUG):
        body = APIClient().post("/api/v1/letters/", {**LETTER, "password": "secret-pw-778"}, format="json").json()
        delivery.deliver(OutboundMessage.objects.values_list("pk", flat=True))
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert "secret-pw-778" not in text and "13912345678" not in text and body["letter_number"]
    assert OutboundMessage.objects.get().state == "sent"


@pytest.mark.django_db
def test_the_outbox_keeps_a_redacted_copy_and_no_control_characters(reference_data):
    from tickets.models import OutboundMessage

    APIClient().post("/api/v1/letters/", {**LETTER, "password": "secret-pw-778"}, format="json")
    message = OutboundMessage.objects.get()
    assert "secret-pw-778" in message.body and "\x1e" not in message.body and "\x1f" not in message.body
    assert "secret-pw-778" not in message.redacted_body and "******" in message.redacted_body


@pytest.mark.django_db
def test_a_wechat_request_outside_the_time_window_is_refused(wechat_server):
    from tests.wechat.conftest import sign

    old = "978307200"  # 2001
    params = {"timestamp": old, "nonce": "123", "signature": sign(wechat_server.token, old, "123")}
    response = wechat_server.post(wechat_server.text_xml("o-replay", "路灯坏了", 1), safe=False, params=params)
    assert response.status_code == 403 and response.json()["error"]["code"] == "stale_timestamp"


@pytest.mark.django_db
def test_a_signed_query_string_cannot_be_reused_with_another_body(wechat_server):
    from tickets.models import Ticket

    params = wechat_server.params()
    first = wechat_server.post(wechat_server.text_xml("o-a", "第一条诉求内容", 11), safe=False, params=params)
    again = wechat_server.post(wechat_server.text_xml("o-a", "第一条诉求内容", 11), safe=False, params=params)
    forged = wechat_server.post(wechat_server.text_xml("o-b", "查询", 12), safe=False, params=params)
    assert first.status_code == 200 and again.status_code == 200
    assert forged.status_code == 403 and forged.json()["error"]["code"] == "replayed_nonce"
    assert Ticket.objects.count() == 1


@pytest.fixture
def wechat_server(client, reference_data):
    from tests.wechat.conftest import FakeWeChatServer

    return FakeWeChatServer(client)


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_a_browser_socket_from_another_site_is_refused():
    from channels.testing import WebsocketCommunicator

    from realtime.origin import AllowedHostsOriginValidator

    async def app(scope, receive, send):
        await send({"type": "websocket.accept"})

    with override_settings(ALLOWED_HOSTS=["hotline.example"], DEBUG=False):
        guarded = AllowedHostsOriginValidator(app)
    evil = WebsocketCommunicator(guarded, "/ws/agent/", headers=[(b"origin", b"https://evil.example")])
    connected, _ = await evil.connect()
    assert not connected
    ours = WebsocketCommunicator(guarded, "/ws/agent/", headers=[(b"origin", b"https://hotline.example")])
    assert (await ours.connect())[0]
    await ours.disconnect()
    script = WebsocketCommunicator(guarded, "/ws/agent/")  # no Origin: a program, which must still authenticate
    assert (await script.connect())[0]
    await script.disconnect()
