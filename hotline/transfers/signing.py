"""The transfer protocol's signature, the same both ways (README: 平台转办协议).

    X-Hotline-Signature: sha256=<hex HMAC-SHA256 of "<X-Hotline-Timestamp>.<raw body>" keyed with the platform's secret>

Signing the timestamp with the body lets the receiver refuse a replayed old message.
"""

from __future__ import annotations

import hashlib
import hmac
import time

PLATFORM_HEADER = "X-Hotline-Platform"
EVENT_HEADER = "X-Hotline-Event"
TIMESTAMP_HEADER = "X-Hotline-Timestamp"
SIGNATURE_HEADER = "X-Hotline-Signature"
IDEMPOTENCY_HEADER = "Idempotency-Key"
PREFIX = "sha256="


def signature(secret: str, timestamp: str, body: bytes) -> str:
    return PREFIX + hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def signed_headers(*, secret: str, sender: str, event: str, idempotency_key: str, body: bytes,
                   now: float | None = None) -> dict[str, str]:
    timestamp = str(int(now if now is not None else time.time()))
    return {
        "Content-Type": "application/json; charset=utf-8",
        PLATFORM_HEADER: sender,
        EVENT_HEADER: event,
        TIMESTAMP_HEADER: timestamp,
        IDEMPOTENCY_HEADER: idempotency_key,
        SIGNATURE_HEADER: signature(secret, timestamp, body),
    }


def verify(*, secret: str, timestamp: str | None, body: bytes, given: str | None, max_skew: int,
           now: float | None = None) -> bool:
    if not (secret and timestamp and given and timestamp.isascii() and timestamp.isdigit()):
        return False
    if abs((now if now is not None else time.time()) - int(timestamp)) > max_skew:
        return False
    expected = signature(secret, timestamp, body).encode()
    return hmac.compare_digest(expected, given.strip().lower().encode("utf-8", "surrogateescape"))
