"""API keys: issuing, revoking, checking, and each key's rate limit and log of use."""

from __future__ import annotations

import hashlib
import secrets

from django.core.cache import cache
from django.utils import timezone

from hotline.open311.formats import Open311Error
from hotline.open311.models import ApiKey, ApiKeyUse

DEMO_KEY = "demo-open311-key"
RATE_WINDOW_SECONDS = 3600


def digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()


def issue_key(*, name: str, contact: str = "", rate_limit_per_hour: int = 120, response_mode: str = "realtime",
              by=None, key: str | None = None) -> tuple[ApiKey, str]:
    """A new key; returns the row and the key itself, which is not stored and is shown only now."""
    key = key or "o311_" + secrets.token_urlsafe(24)
    api_key = ApiKey.objects.create(name=name, contact=contact, key_digest=digest(key), key_prefix=key[:8],
                                    rate_limit_per_hour=rate_limit_per_hour, response_mode=response_mode,
                                    created_by=by if getattr(by, "pk", None) else None)
    return api_key, key


def revoke(queryset) -> int:
    return queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now(), is_active=False)


def seed_demo_key() -> ApiKey:
    """The demo key of CONTRACT.md (`demo-open311-key`). Idempotent."""
    existing = ApiKey.objects.filter(key_digest=digest(DEMO_KEY)).first()
    if existing is not None:
        return existing
    api_key, _ = issue_key(name="演示客户端", contact="demo", rate_limit_per_hour=600, key=DEMO_KEY)
    return api_key


def check_key(key: str | None) -> ApiKey:
    """The usable key for this value, or the specification's 403."""
    if not key:
        raise Open311Error(403, "缺少 api_key（Missing api_key）：提交服务请求需要 API 密钥。")
    api_key = ApiKey.objects.filter(key_digest=digest(key)).first()
    if api_key is None or not api_key.usable:
        raise Open311Error(403, "api_key 无效或已吊销（Invalid api_key）。")
    return api_key


def spend_call(api_key: ApiKey) -> None:
    """Count one call against the key's hourly limit (a fixed window in the cache)."""
    window = int(timezone.now().timestamp()) // RATE_WINDOW_SECONDS
    counter = f"open311:rate:{api_key.pk}:{window}"
    cache.add(counter, 0, RATE_WINDOW_SECONDS + 60)
    try:
        used = cache.incr(counter)
    except ValueError:  # the entry expired between add and incr
        cache.set(counter, 1, RATE_WINDOW_SECONDS + 60)
        used = 1
    if used > api_key.rate_limit_per_hour:
        raise Open311Error(429, f"调用过于频繁：该密钥每小时最多调用{api_key.rate_limit_per_hour}次，请稍后再试。")


def log_use(api_key: ApiKey, *, method: str, path: str, status_code: int, ticket=None, ip_address=None,
            detail: str = "") -> None:
    ApiKeyUse.objects.create(api_key=api_key, method=method[:8], path=path[:200], status_code=status_code,
                             ticket=ticket, ip_address=ip_address, detail=detail[:200])
    ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=timezone.now())
