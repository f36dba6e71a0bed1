"""The hostile-input list: each of these once answered 500 (or nothing). None may (CONTRACT.md)."""

import json
import re

import pytest
from django.core.cache import cache
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


# --- the table: every hostile value of issue #12 on the door it hit, each answered < 500 in shape ---------

SUPERSCRIPT_TWO = "%C2%B2"  # '²': str.isdigit() says yes, int() says ValueError
NUL = "%00"
HUGE = "长" * 100_000


def hostile_requests(ticket_id: int):
    """(label, method, path, JSON body or None, extra headers) — the items of issue #12 and their kin."""
    yield "deep-array", "POST", "/api/v1/letters/", DEEP, {}
    yield "deep-object", "POST", "/api/v1/tickets/", DEEP_OBJECT, {}
    yield "deep-action", "POST", f"/api/v1/tickets/{ticket_id}/actions/note/", DEEP, {}
    yield "deep-suggestions", "POST", "/api/v1/suggestions/", DEEP, {}
    yield "huge-title", "POST", "/api/v1/letters/", {"type": "help", "title": HUGE, "content": "x", "phone": "13812345678"}, {}
    yield "huge-note", "POST", f"/api/v1/tickets/{ticket_id}/actions/note/", {"text": HUGE}, {}
    yield "nul-in-body", "POST", "/api/v1/letters/lookup/", {"letter_number": "1\x002", "password": "\x00"}, {}
    yield "nul-kb-search", "GET", f"/api/v1/kb/search/?q=%E8%B7%AF{NUL}", None, {}
    yield "nul-ticket-search", "GET", f"/api/v1/tickets/?q={NUL}", None, {}
    yield "nul-in-path", "GET", f"/api/v1/tickets/{NUL}/", None, {}
    yield "nul-faq", "GET", f"/faq/?q=a{NUL}b", None, {}
    yield "nul-kb-page", "GET", f"/kb/?q={NUL}", None, {}
    yield "superscript-public-page", "GET", f"/api/v1/letters/public/?page={SUPERSCRIPT_TWO}", None, {}
    yield "superscript-cursor", "GET", f"/api/v1/tickets/?cursor={SUPERSCRIPT_TWO}", None, {}
    yield "superscript-kb-limit", "GET", f"/api/v1/kb/search/?q=x&limit={SUPERSCRIPT_TWO}", None, {}
    yield "superscript-merge", "POST", f"/api/v1/tickets/{ticket_id}/transitions/merge/", {"into": "²"}, {}
    yield "superscript-kb-article", "POST", f"/api/v1/tickets/{ticket_id}/transitions/resolve_directly/", {"answer": "答", "kb_article": "²"}, {}
    yield "superscript-version", "POST", f"/api/v1/tickets/{ticket_id}/actions/note/", {"text": "备注", "version": "²"}, {}
    yield "huge-version", "POST", f"/api/v1/tickets/{ticket_id}/actions/note/", {"text": "备注", "version": 10**30}, {}
    signature = {"HTTP_X_HOTLINE_SIGNATURE": "sha256=签名".encode().decode("latin-1")}
    yield "non-ascii-cti-signature", "POST", "/api/v1/cti/events/", {}, signature
    yield "non-ascii-sms-signature", "POST", "/api/v1/sms/inbound/", {}, signature
    yield "non-ascii-transfer-signature", "POST", "/api/v1/transfers/inbound/", {}, {
        **signature, "HTTP_X_HOTLINE_PLATFORM": "province-12345", "HTTP_X_HOTLINE_TIMESTAMP": "1"}
    yield "superscript-transfer-timestamp", "POST", "/api/v1/transfers/inbound/", {}, {
        "HTTP_X_HOTLINE_SIGNATURE": "sha256=00", "HTTP_X_HOTLINE_PLATFORM": "province-12345",
        "HTTP_X_HOTLINE_TIMESTAMP": "²".encode().decode("latin-1")}
    yield "superscript-content-length", "POST", "/api/v1/transfers/inbound/", {}, {"CONTENT_LENGTH": "²"}


def assert_answered_in_shape(response, path: str) -> None:
    assert response.status_code < 500, response.content[:300]
    if path.startswith("/api/"):
        error = json.loads(response.content)["error"]
        assert error["code"] and re.search(r"[\u4e00-\u9fff]", error["message"]) and isinstance(error["fields"], dict)
    elif response.status_code >= 400:
        assert re.search(r"[\u4e00-\u9fff]", response.content.decode())


@pytest.mark.django_db
def test_every_hostile_request_of_issue_12_is_answered_below_500_in_the_error_shape(users, make_ticket):
    from hotline.transfers.models import Platform, PlatformKind

    Platform.objects.create(code="province-12345", name="省12345平台", kind=PlatformKind.PROVINCIAL_12345,
                            url="http://127.0.0.1:9/", secret="p" * 32)
    ticket = make_ticket().ticket
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=users['dispatcher1']).key}")
    for label, method, path, body, headers in hostile_requests(ticket.pk):
        cache.clear()  # throttles
        data = body if isinstance(body, bytes) else json.dumps(body).encode() if body is not None else None
        if method == "GET":
            response = client.get(path, **headers)
        else:
            response = client.generic(method, path, data, content_type="application/json", **headers)
        try:
            assert_answered_in_shape(response, path)
            assert response.status_code >= 400, "hostile input was accepted"
        except AssertionError as failure:
            raise AssertionError(f"{label}: {method} {path[:80]} → {response.status_code}: {failure}") from None


# --- a stale `version` is a 409 on every command, REST and console --------------------------------------

def _category_code():
    from tickets.models import Category

    return Category.objects.filter(is_active=True).values_list("code", flat=True).first()


ACTION_BODIES = {
    "urge": {"text": "请抓紧"}, "supervise": {"text": "督办"}, "note": {"text": "备注"},
    "request_extension": {"days": 1, "reason": "需要现场核实"}, "decide_extension": {"approve": True},
    "callback": {"solved": True, "satisfaction": "satisfied"}, "set_category": {"category": _category_code},
    "link_repeat": {"of": "earlier"}, "publish": {}, "unpublish": {},
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(ACTION_BODIES))
def test_a_stale_version_on_any_action_is_a_409_conflict(users, make_ticket, name):
    earlier = make_ticket().ticket
    ticket = make_ticket().ticket
    body = {key: value() if callable(value) else earlier.pk if value == "earlier" else value
            for key, value in ACTION_BODIES[name].items()}
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=users['dispatcher1']).key}")
    response = client.post(f"/api/v1/tickets/{ticket.pk}/actions/{name}/", {**body, "version": ticket.version + 1},
                           format="json")
    assert response.status_code == 409 and response.json()["error"]["code"] == "conflict"
    ticket.refresh_from_db()
    assert ticket.events.filter(kind__in=["note", "urged", "supervised"]).count() == 0


CONSOLE_FORMS = {
    "note": {"text": "备注"}, "urge": {"text": "请抓紧"}, "supervise": {"text": ""},
    "request_extension": {"days": "1", "reason": "需要现场核实"}, "decide_extension": {"decision": "approve"},
    "callback": {"solved": "1", "satisfaction": "satisfied"},
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(CONSOLE_FORMS))
def test_a_console_action_drawn_for_an_older_version_is_a_409(users, make_ticket, name):
    from django.urls import reverse

    ticket = make_ticket().ticket
    client = Client()
    client.force_login(users["dispatcher1"])
    response = client.post(reverse("consoles:act", args=[ticket.pk, name]),
                           {**CONSOLE_FORMS[name], "version": ticket.version + 1}, HTTP_ACCEPT="application/json")
    assert response.status_code == 409 and response.json()["error"]["code"] == "conflict"


@pytest.mark.django_db
def test_the_console_note_form_carries_the_version_it_was_drawn_for(users, make_ticket):
    from hotline.consoles.actions import ACTIONS

    ticket = make_ticket().ticket
    form = ACTIONS["note"].form(ticket=ticket, user=users["dispatcher1"])
    assert form["version"].value() == ticket.version


# --- look-alike digits and sockets ------------------------------------------------------------------

@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_a_superscript_digit_in_last_event_id_is_ignored_not_a_1011(users):
    from tests.realtime.sockets import live_socket

    async with live_socket("/ws/agent/", users["agent1"], query="last_event_id=%C2%B2") as socket:
        await socket.send_json_to({"type": "ping"})
        assert (await socket.receive_json_from(timeout=3))["type"] == "pong"


@pytest.mark.django_db
def test_a_superscript_digit_in_a_console_merge_is_a_form_error(users, make_ticket):
    from django.urls import reverse

    ticket = make_ticket().ticket
    client = Client()
    client.force_login(users["dispatcher1"])
    response = client.post(reverse("consoles:act", args=[ticket.pk, "merge"]), {"into": "²"},
                           HTTP_ACCEPT="application/json")
    assert response.status_code == 400 and "into" in response.json()["error"]["fields"]


def test_whole_number_takes_ascii_digits_only():
    from hotline.api.parsing import whole_number

    assert whole_number("42") == 42
    assert [whole_number(text) for text in ("²", "①", "٣", "-1", "1.0", "", None, 7)] == [None] * 8


@pytest.mark.django_db
def test_a_nul_byte_in_a_field_is_named_as_such_in_chinese(users):
    """Django's own zh-hans catalogue says "empty string" for a NUL; locale/ corrects it."""
    response = APIClient().post("/api/v1/letters/lookup/", {"letter_number": "1\x002", "password": "x"}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["letter_number"] == ["不能包含空字符（NUL）。"]
