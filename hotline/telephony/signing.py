"""The CTI webhook's signature: `X-Hotline-Signature: sha256=<hex HMAC-SHA256 of the raw body>`
keyed with settings.CTI_SHARED_SECRET (CONTRACT.md)."""

import hashlib
import hmac

HEADER = "X-Hotline-Signature"
PREFIX = "sha256="


def sign(body: bytes, secret: str) -> str:
    return PREFIX + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def signature_valid(body: bytes, header: str | None, secret: str) -> bool:
    if not header or not secret:
        return False
    # Compare as bytes: compare_digest refuses non-ASCII str, and a forged header may carry any.
    given = header.strip().lower().encode("utf-8", "surrogateescape")
    return hmac.compare_digest(sign(body, secret).encode(), given)
