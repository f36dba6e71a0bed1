"""A fake WeChat server: builds signed (and, in safe mode, encrypted) callbacks with wechatpy's own
crypto, the way the platform does, and reads the passive replies back."""

import random
import string
import time

import pytest
import xmltodict
from django.conf import settings
from wechatpy.crypto import WeChatCrypto
from wechatpy.utils import WeChatSigner

from tests.sms.conftest import clean_outbox_state  # noqa: F401 — the same isolation


def sign(*parts: str) -> str:
    signer = WeChatSigner()
    signer.add_data(*parts)
    return signer.signature


class FakeWeChatServer:
    def __init__(self, client, *, token=None, aes_key=None, app_id=None):
        self.client = client
        self.token = token or settings.WECHAT_TOKEN
        self.crypto = WeChatCrypto(self.token, aes_key or settings.WECHAT_ENCODING_AES_KEY,
                                   app_id or settings.WECHAT_APP_ID)
        self._msg_ids = iter(range(random.randrange(10**15, 9 * 10**15), 10**17))

    def next_msg_id(self) -> int:
        return next(self._msg_ids)

    def params(self) -> dict:
        timestamp, nonce = str(int(time.time())), "".join(random.choices(string.digits, k=10))
        return {"timestamp": timestamp, "nonce": nonce, "signature": sign(self.token, timestamp, nonce)}

    @staticmethod
    def text_xml(openid: str, content: str, msg_id: int) -> str:
        return (f"<xml><ToUserName><![CDATA[gh_12345demo]]></ToUserName><FromUserName><![CDATA[{openid}]]>"
                f"</FromUserName><CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
                f"<Content><![CDATA[{content}]]></Content><MsgId>{msg_id}</MsgId></xml>")

    @staticmethod
    def message_xml(openid: str, msg_type: str, fields: dict, msg_id: int | None = None) -> str:
        inner = "".join(f"<{k}><![CDATA[{v}]]></{k}>" if isinstance(v, str) else f"<{k}>{v}</{k}>"
                        for k, v in fields.items())
        msg = f"<MsgId>{msg_id}</MsgId>" if msg_id else ""
        return (f"<xml><ToUserName><![CDATA[gh_12345demo]]></ToUserName><FromUserName><![CDATA[{openid}]]>"
                f"</FromUserName><CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[{msg_type}]]>"
                f"</MsgType>{inner}{msg}</xml>")

    def post(self, xml: str, *, safe: bool = True, params: dict | None = None):
        """Deliver `xml` as WeChat would; returns the HTTP response (with `.reply` decoded)."""
        query = params or self.params()
        body = xml
        if safe:
            envelope = xmltodict.parse(self.crypto.encrypt_message(xml, query["nonce"], query["timestamp"]))["xml"]
            query = {**query, "encrypt_type": "aes", "msg_signature": envelope["MsgSignature"]}
            body = f"<xml><ToUserName><![CDATA[gh_12345demo]]></ToUserName><Encrypt><![CDATA[{envelope['Encrypt']}]]></Encrypt></xml>"
        path = "/wechat/callback/?" + "&".join(f"{k}={v}" for k, v in query.items())
        response = self.client.post(path, data=body, content_type="text/xml")
        response.reply = self.read_reply(response, safe=safe, query=query) if response.status_code == 200 else None
        return response

    def read_reply(self, response, *, safe: bool, query: dict) -> dict | None:
        text = response.content.decode()
        if text in ("", "success"):
            return None
        if safe:
            outer = xmltodict.parse(text)["xml"]
            text = self.crypto.decrypt_message(text, outer["MsgSignature"], outer["TimeStamp"], outer["Nonce"])
        return xmltodict.parse(text)["xml"]

    def send_text(self, openid: str, content: str, *, msg_id: int | None = None, safe: bool = True):
        return self.post(self.text_xml(openid, content, msg_id or self.next_msg_id()), safe=safe)


@pytest.fixture
def wechat(client, reference_data):
    return FakeWeChatServer(client)
