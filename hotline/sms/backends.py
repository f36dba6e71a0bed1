"""SMS backends: how a text leaves the building. Chosen by settings.SMS_BACKEND:

- ``file`` (the embedded default): appends one JSON line per message to settings.SMS_FILE_PATH
  (var/sms-outbox.log) and logs it — nothing leaves the machine.
- ``http``: the production gateway, an HTTP POST to settings.SMS_GATEWAY_URL (see HttpGatewayBackend).
- ``memory``: keeps messages in ``MemoryBackend.outbox``, for tests.
- a dotted path to a class with the same ``send`` method, for a provider-specific adapter.

A backend raises DeliveryError when the message may go out on a later try, and
PermanentDeliveryError when retrying cannot help (a refused number, a rejected key).
"""

from __future__ import annotations

import json
import logging
import threading
from pathlib import Path

import requests
from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)


class DeliveryError(Exception):
    """The message did not go out this time; try again later."""


class PermanentDeliveryError(DeliveryError):
    """The message cannot go out as it is; park it for a person to look at."""


class FileBackend:
    _lock = threading.Lock()

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path or settings.SMS_FILE_PATH)

    def send(self, recipient: str, text: str, *, message_id: str) -> str:
        line = json.dumps({"at": timezone.now().isoformat(), "to": recipient, "text": text, "id": message_id},
                          ensure_ascii=False)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._lock, self.path.open("a", encoding="utf-8") as out:
                out.write(line + "\n")
        except OSError as exc:
            raise DeliveryError(f"写入短信日志失败：{exc}") from exc
        log.info("SMS %s written to %s", message_id, self.path.name)  # never the number or the text
        return f"file:{message_id}"


class MemoryBackend:
    outbox: list[dict] = []

    def send(self, recipient: str, text: str, *, message_id: str) -> str:
        self.outbox.append({"to": recipient, "text": text, "id": message_id})
        return f"memory:{len(self.outbox)}"


class HttpGatewayBackend:
    """A generic SMS gateway over HTTPS.

    Request: ``POST SMS_GATEWAY_URL`` with ``Authorization: Bearer SMS_GATEWAY_KEY``,
    ``Idempotency-Key: <message id>`` and the JSON body ``{"to", "text", "client_id"}``.
    Answer: 2xx with ``{"id": "<gateway message id>"}``. 5xx, 408, 429 and network failures are
    retried later; any other 4xx is permanent. The idempotency key lets a gateway that supports it
    drop a resend of a message whose first answer was lost.
    """

    def __init__(self, url: str | None = None, key: str | None = None, timeout: float | None = None):
        self.url = url or settings.SMS_GATEWAY_URL
        self.key = key if key is not None else settings.SMS_GATEWAY_KEY
        self.timeout = timeout or settings.SMS_GATEWAY_TIMEOUT
        if not self.url:
            raise PermanentDeliveryError("未配置短信网关地址（SMS_GATEWAY_URL）。")

    def send(self, recipient: str, text: str, *, message_id: str) -> str:
        try:
            response = requests.post(
                self.url, json={"to": recipient, "text": text, "client_id": message_id}, timeout=self.timeout,
                headers={"Authorization": f"Bearer {self.key}", "Idempotency-Key": message_id},
            )
        except requests.RequestException as exc:
            raise DeliveryError(f"短信网关不可达：{type(exc).__name__}") from exc
        if response.status_code >= 500 or response.status_code in (408, 429):
            raise DeliveryError(f"短信网关暂时不可用（HTTP {response.status_code}）")
        if response.status_code >= 400:
            raise PermanentDeliveryError(f"短信网关拒绝发送（HTTP {response.status_code}）：{response.text[:200]}")
        try:
            provider_id = str(response.json().get("id", ""))
        except (ValueError, AttributeError):
            provider_id = ""
        return provider_id[:80]


BACKENDS = {"file": FileBackend, "http": HttpGatewayBackend, "memory": MemoryBackend}


def get_backend():
    name = settings.SMS_BACKEND
    return (BACKENDS.get(name) or import_string(name))()
