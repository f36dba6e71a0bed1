"""WeChat's server protocol: signatures, plain and safe (AES) mode, and distrust of the XML.

Every request carries ``signature`` = SHA1 of the sorted token, timestamp and nonce. In safe mode
(``encrypt_type=aes``) the body is ``<xml><Encrypt>…</Encrypt></xml>`` with ``msg_signature`` over
the ciphertext too, and the plaintext ends with the AppID it was meant for. wechatpy does the
cryptography; this module makes sure nothing hostile reaches it: bodies over the size limit, XML
with a DTD or entity declarations (billion laughs, external entities) and malformed XML are refused
before any parser that could be abused sees them.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from xml.etree.ElementTree import ParseError

import defusedxml
from defusedxml.ElementTree import fromstring
from django.conf import settings
from django.core.cache import cache
from wechatpy import parse_message
from wechatpy.crypto import WeChatCrypto
from wechatpy.exceptions import InvalidAppIdException, InvalidSignatureException
from wechatpy.messages import BaseMessage
from wechatpy.replies import TextReply
from wechatpy.utils import check_signature

from hotline import clients

MAX_BODY_BYTES = 64 * 1024
MAX_CLOCK_SKEW_SECONDS = 5 * 60


class CallbackRefused(Exception):
    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


@dataclass(frozen=True)
class Envelope:
    """A verified message and how to answer it."""

    message: BaseMessage
    safe_mode: bool
    nonce: str
    timestamp: str


def crypto() -> WeChatCrypto:
    return WeChatCrypto(settings.WECHAT_TOKEN, settings.WECHAT_ENCODING_AES_KEY, settings.WECHAT_APP_ID)


def verify_signature(params) -> None:
    try:
        check_signature(settings.WECHAT_TOKEN, params.get("signature", ""), params.get("timestamp", ""),
                        params.get("nonce", ""))
    except (InvalidSignatureException, TypeError, ValueError, UnicodeError):
        raise CallbackRefused(403, "bad_signature", "签名校验失败。") from None
    check_timestamp(params.get("timestamp", ""))


def check_timestamp(timestamp: str, now: float | None = None) -> None:
    """A signed query string is good for MAX_CLOCK_SKEW either side of now (as the CTI webhook's
    events are): a captured request cannot be replayed later."""
    try:
        sent = int(timestamp)
    except (TypeError, ValueError):
        raise CallbackRefused(403, "bad_timestamp", "时间戳无效。") from None
    if abs((now or time.time()) - sent) > MAX_CLOCK_SKEW_SECONDS:
        raise CallbackRefused(403, "stale_timestamp", "请求已过期（时间戳超出允许范围）。")


def claim_nonce(params, body: bytes) -> None:
    """Bind a signed (timestamp, nonce) to the first body it came with. WeChat's retry of the same
    message repeats the body and passes (MsgId deduplication answers it); the same signed query
    string with another body is a forgery (in plain mode the signature does not cover the body)."""
    key = "wechat:nonce:" + hashlib.sha256(
        f"{params.get('timestamp', '')}|{params.get('nonce', '')}|{params.get('signature', '')}".encode(
            "utf-8", "surrogatepass")).hexdigest()
    digest = hashlib.sha256(body).hexdigest()
    if not cache.add(key, digest, 2 * MAX_CLOCK_SKEW_SECONDS + 60) and cache.get(key) not in (digest, None):
        raise CallbackRefused(403, "replayed_nonce", "该签名已用于另一条消息。")


def _safe_xml(raw: bytes | str):
    """Parse with DTDs and entities forbidden; the element tree, or a refusal."""
    try:
        return fromstring(raw, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except defusedxml.DefusedXmlException:
        raise CallbackRefused(400, "xml_forbidden", "消息中含有不允许的 XML 声明。") from None
    except (ParseError, ValueError, UnicodeError):
        raise CallbackRefused(400, "malformed_xml", "消息格式不正确。") from None


def read_body(request) -> bytes:
    try:
        return clients.read_body(request, MAX_BODY_BYTES)
    except clients.BodyTooLarge:
        raise CallbackRefused(413, "too_large", "消息过大。") from None


def open_envelope(request) -> Envelope:
    """The verified message of a POST, decrypted in safe mode."""
    params = request.GET
    body = read_body(request)
    verify_signature(params)
    claim_nonce(params, body)
    root = _safe_xml(body)
    safe_mode = params.get("encrypt_type", "raw").lower() == "aes"
    if safe_mode and not settings.WECHAT_ENCODING_AES_KEY:
        raise CallbackRefused(503, "channel_not_configured", "安全模式尚未配置（WECHAT_ENCODING_AES_KEY）。")
    if safe_mode:
        encrypted = root.findtext("Encrypt")
        if not encrypted:
            raise CallbackRefused(400, "malformed_xml", "安全模式消息缺少密文。")
        try:
            plain = crypto().decrypt_message({"Encrypt": encrypted}, params.get("msg_signature", ""),
                                             params.get("timestamp", ""), params.get("nonce", ""))
        except InvalidSignatureException:
            raise CallbackRefused(403, "bad_signature", "消息签名校验失败。") from None
        except InvalidAppIdException:
            raise CallbackRefused(403, "wrong_app_id", "消息不属于本公众号。") from None
        except Exception:  # noqa: BLE001 — bad base64, padding or length all mean the same: garbage
            raise CallbackRefused(400, "malformed_xml", "消息解密失败。") from None
        _safe_xml(plain)
        xml = plain
    else:
        try:
            xml = body.decode("utf-8")
        except UnicodeDecodeError:
            raise CallbackRefused(400, "malformed_xml", "消息应为 UTF-8 编码。") from None
    message = _parse(xml)
    return Envelope(message=message, safe_mode=safe_mode, nonce=params.get("nonce", ""),
                    timestamp=params.get("timestamp", ""))


def _parse(xml: str) -> BaseMessage:
    try:
        message = parse_message(xml)
        # Touch the typed fields now, so a non-numeric MsgId or CreateTime is refused here.
        _ = (message.id, message.time)
        if not message.source:
            raise ValueError("no sender")
    except (KeyError, ValueError, TypeError, AttributeError):
        raise CallbackRefused(400, "malformed_xml", "消息格式不正确。") from None
    return message


def reply_body(envelope: Envelope, text: str) -> str:
    """The passive reply: a text message back to the sender, encrypted in safe mode; "success"
    (WeChat's "nothing to say") when there is no text."""
    if not text:
        return "success"
    # CDATA cannot hold "]]>"; a follower's own title echoed back must not break the reply.
    reply = TextReply(message=envelope.message, content=text.replace("]]>", "]] >")).render()
    if envelope.safe_mode:
        return crypto().encrypt_message(reply, envelope.nonce, envelope.timestamp or None)
    return reply


def verify_url(request) -> str:
    """The GET handshake when the server URL is configured: echo `echostr` if the signature holds."""
    verify_signature(request.GET)
    echostr = request.GET.get("echostr", "")
    if not echostr:
        raise CallbackRefused(400, "invalid", "缺少 echostr。")
    return echostr
