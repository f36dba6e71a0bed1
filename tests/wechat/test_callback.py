"""The WeChat server protocol: verification, signatures, safe mode, and what is refused."""

import pytest
from django.test import override_settings

from tests.wechat.conftest import FakeWeChatServer, sign
from tickets.models import Ticket

pytestmark = pytest.mark.django_db

OPENID = "o6_bmjrPTlm6_2sgVt7hMZOPfL2M"


def test_url_verification_echoes_echostr(wechat, client):
    params = wechat.params()
    response = client.get("/wechat/callback/", {**params, "echostr": "8213990418226794962"})
    assert response.status_code == 200
    assert response.content == b"8213990418226794962"


def test_url_verification_with_wrong_token_is_refused(wechat, client):
    params = wechat.params()
    params["signature"] = sign("not-our-token", params["timestamp"], params["nonce"])
    response = client.get("/wechat/callback/", {**params, "echostr": "123"})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "bad_signature"


def test_safe_mode_text_message_gets_encrypted_reply_with_letter_number(wechat):
    response = wechat.send_text(OPENID, "小区门口路灯不亮已经一周了，晚上很黑")
    assert response.status_code == 200
    ticket = Ticket.objects.get(citizen_openid=OPENID)
    assert ticket.channel == "wechat"
    reply = response.reply
    assert reply["ToUserName"] == OPENID and reply["MsgType"] == "text"
    assert ticket.letter_number in reply["Content"]


def test_plain_mode_text_message_is_answered_in_plain_xml(wechat):
    response = wechat.send_text(OPENID, "请问新生儿医保怎么办理？", safe=False)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    ticket = Ticket.objects.get(citizen_openid=OPENID)
    assert ticket.letter_number in response.reply["Content"]


def test_post_with_bad_signature_is_refused_and_registers_nothing(wechat):
    params = wechat.params()
    params["signature"] = "0" * 40
    response = wechat.post(wechat.text_xml(OPENID, "路灯不亮", 1), safe=False, params=params)
    assert response.status_code == 403
    assert not Ticket.objects.exists()


def test_safe_mode_message_with_bad_msg_signature_is_refused(wechat, client):
    params = wechat.params()
    body = wechat.crypto.encrypt_message(wechat.text_xml(OPENID, "路灯不亮", 2), params["nonce"], params["timestamp"])
    query = "&".join(f"{k}={v}" for k, v in {**params, "encrypt_type": "aes", "msg_signature": "f" * 40}.items())
    response = client.post(f"/wechat/callback/?{query}", data=body, content_type="text/xml")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "bad_signature"
    assert not Ticket.objects.exists()


def test_message_encrypted_for_another_app_id_is_refused(client, reference_data):
    impostor = FakeWeChatServer(client, app_id="wx_some_other_account")
    response = impostor.send_text(OPENID, "路灯不亮")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "wrong_app_id"
    assert not Ticket.objects.exists()


def test_message_encrypted_with_another_key_is_refused(client, reference_data):
    stranger = FakeWeChatServer(client, aes_key="ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut")
    response = stranger.send_text(OPENID, "路灯不亮")
    assert response.status_code in (400, 403)
    assert not Ticket.objects.exists()


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE xml [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<xml><ToUserName>gh</ToUserName><FromUserName>{openid}</FromUserName><CreateTime>1</CreateTime>
<MsgType>text</MsgType><Content>&lol2;</Content><MsgId>3</MsgId></xml>"""


@pytest.mark.parametrize("safe", [False, True], ids=["plain", "safe"])
def test_xml_with_entity_declarations_is_refused(wechat, safe):
    response = wechat.post(BILLION_LAUGHS.format(openid=OPENID), safe=safe)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "xml_forbidden"
    assert not Ticket.objects.exists()


def test_external_entity_is_refused(wechat):
    xml = ('<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           f"<xml><FromUserName>{OPENID}</FromUserName><MsgType>text</MsgType><Content>&x;</Content></xml>")
    response = wechat.post(xml, safe=False)
    assert response.status_code == 400


@pytest.mark.parametrize("body", ["<xml><unclosed>", "not xml at all", "", "<xml></xml>",
                                  "<xml><MsgType>text</MsgType><MsgId>abc</MsgId><FromUserName>x</FromUserName></xml>"])
def test_malformed_xml_is_refused_without_a_server_error(wechat, body):
    response = wechat.post(body, safe=False)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "malformed_xml"


def test_safe_mode_envelope_with_garbage_ciphertext_is_refused(wechat, client):
    params = wechat.params()
    encrypted = "bm90IHJlYWxseSBlbmNyeXB0ZWQ="
    query = {**params, "encrypt_type": "aes", "msg_signature": sign(wechat.token, params["timestamp"],
                                                                      params["nonce"], encrypted)}
    path = "/wechat/callback/?" + "&".join(f"{k}={v}" for k, v in query.items())
    response = client.post(path, data=f"<xml><Encrypt>{encrypted}</Encrypt></xml>", content_type="text/xml")
    assert response.status_code == 400


def test_oversized_body_is_refused(wechat):
    response = wechat.send_text(OPENID, "路" * 30_000)  # ~90 KB of UTF-8, over the 64 KB limit
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"
    assert not Ticket.objects.exists()


def test_other_methods_are_not_allowed(client):
    assert client.put("/wechat/callback/").status_code == 405


@override_settings(WECHAT_TOKEN="another-token-for-this-test")
def test_token_comes_from_settings(client, reference_data):
    server = FakeWeChatServer(client)
    assert server.send_text(OPENID, "路灯不亮").status_code == 200
    assert FakeWeChatServer(client, token="hotline12345demo").send_text(OPENID, "路灯不亮").status_code == 403
