"""The official account's API client (wechatpy's WeChatClient) with a configurable transport.

settings.WECHAT_API_TRANSPORT:
- ``record`` (the embedded default, and tests): requests are answered in-process the way the API
  would answer and kept in ``recorder().calls`` (and appended to var/wechat-outbox.log), so nothing
  calls out and a test can read exactly what would have been sent.
- ``http``: the real API at api.weixin.qq.com.

The access token is kept in Django's cache (Redis in production), shared by all workers: each
process fetching its own would invalidate the others' tokens.
"""

from __future__ import annotations

import json
import logging
import threading
from collections import deque

import requests
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from wechatpy import WeChatClient
from wechatpy.exceptions import WeChatClientException
from wechatpy.session import SessionStorage

from hotline.sms.backends import DeliveryError, PermanentDeliveryError

log = logging.getLogger(__name__)

# Errors after which retrying the same message cannot succeed: the follower left, blocked the
# account, or has not written within the 48 hours WeChat allows customer-service messages in.
PERMANENT_ERRCODES = {
    40003: "OpenID 无效",
    43004: "用户未关注公众号",
    43019: "用户已将公众号加入黑名单",
    45015: "用户超过48小时未与公众号互动，无法发送客服消息",
    45047: "客服消息下行条数超过上限",
}


class CacheTokenStorage(SessionStorage):
    prefix = "wechat:"

    def get(self, key, default=None):
        return cache.get(self.prefix + key, default)

    def set(self, key, value, ttl=None):
        # Renew a little early so no call goes out with a token about to expire.
        cache.set(self.prefix + key, value, None if ttl is None else max(int(ttl) - 300, 60))

    def delete(self, key):
        cache.delete(self.prefix + key)


class RecordingSession(requests.Session):
    """A requests session that answers like the WeChat API without leaving the process.

    `script` holds canned outcomes for the next calls (a dict to answer with, or an exception to
    raise); when it is empty every call succeeds.
    """

    def __init__(self, log_path=None):
        super().__init__()
        self.calls: deque[dict] = deque(maxlen=1000)
        self.script: deque = deque()
        self.log_path = log_path
        self._lock = threading.Lock()

    def request(self, method, url, params=None, data=None, **kwargs):
        body = data.decode("utf-8") if isinstance(data, bytes) else data
        try:
            body = json.loads(body) if body else None
        except ValueError:
            pass
        with self._lock:
            outcome = self.script.popleft() if self.script else None
        if outcome is None:
            outcome = ({"access_token": "recorded-access-token", "expires_in": 7200} if url.endswith("/token")
                       else {"errcode": 0, "errmsg": "ok"})
        delivered = isinstance(outcome, dict) and not outcome.get("errcode")
        call = {"method": method.upper(), "url": url.split("?")[0], "body": body, "delivered": delivered,
                "at": timezone.now().isoformat()}
        with self._lock:
            self.calls.append(call)
        self._write(call)
        if isinstance(outcome, BaseException):
            raise outcome
        response = requests.Response()
        response.status_code = 200
        response._content = json.dumps(outcome).encode()
        response.url = url
        response.request = requests.Request(method.upper(), url).prepare()
        return response

    def _write(self, call: dict) -> None:
        if not self.log_path or "/token" in call["url"]:
            return
        try:
            with self._lock, open(self.log_path, "a", encoding="utf-8") as out:
                out.write(json.dumps(call, ensure_ascii=False) + "\n")
        except OSError:
            log.warning("could not write %s", self.log_path)

    def sent_texts(self) -> list[dict]:
        """The customer-service text messages WeChat accepted so far: [{"touser", "content"}]."""
        return [{"touser": c["body"]["touser"], "content": c["body"]["text"]["content"]}
                for c in list(self.calls) if c["url"].endswith("message/custom/send") and c["delivered"]]


_client: WeChatClient | None = None
_recorder: RecordingSession | None = None
_lock = threading.Lock()


def recorder() -> RecordingSession:
    global _recorder
    with _lock:
        if _recorder is None:
            _recorder = RecordingSession(log_path=settings.WECHAT_RECORD_LOG or None)
        return _recorder


def client() -> WeChatClient:
    global _client
    with _lock:
        if _client is None:
            _client = WeChatClient(settings.WECHAT_APP_ID, settings.WECHAT_APP_SECRET, session=CacheTokenStorage(),
                                   timeout=settings.WECHAT_API_TIMEOUT)
    if settings.WECHAT_API_TRANSPORT == "record":
        _client._http = recorder()
    return _client


def reset() -> None:
    """Forget the client and the recorded calls (tests, or after the settings changed)."""
    global _client, _recorder
    with _lock:
        _client = _recorder = None
    CacheTokenStorage().delete(f"{settings.WECHAT_APP_ID}_access_token")


def send_customer_text(openid: str, text: str, *, message_id: str = "") -> str:
    """Send a customer-service text message (the outbox's wechat channel)."""
    try:
        client().message.send_text(openid, text)
    except WeChatClientException as exc:
        if exc.errcode in PERMANENT_ERRCODES:
            raise PermanentDeliveryError(f"微信拒绝发送（{exc.errcode}）：{PERMANENT_ERRCODES[exc.errcode]}") from exc
        raise DeliveryError(f"微信接口错误（{exc.errcode}）：{exc.errmsg}") from exc
    except requests.RequestException as exc:
        raise DeliveryError(f"微信接口不可达：{type(exc).__name__}") from exc
    return message_id
