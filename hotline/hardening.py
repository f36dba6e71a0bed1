"""Middleware of the production profile: idle staff sessions end; a dependency that is down is a 503.

- `StaffSessionIdleTimeoutMiddleware`: a signed-in session unused for
  `settings.STAFF_SESSION_IDLE_MINUTES` is ended (logged out) on its next request; every request
  refreshes the clock (written at most once a minute, so a busy console does not write a session
  row per click).
- `ServiceUnavailableMiddleware`: an error that means "Redis (broker, channel layer) or the
  database cannot be reached right now" reaching the top of a request becomes
  `503 service_unavailable` with `Retry-After`, in the API's error shape under /api/, never a 500.
  Citizens' letters do not need Redis at all (throttles fail over, see config.cache; the outbox keeps
  notices until the broker is back), so this answers only what truly needs it.
"""

from __future__ import annotations

import logging
import time
from urllib.parse import parse_qsl

from django.conf import settings
from django.contrib.auth import logout
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from hotline.api.errors import json_error

log = logging.getLogger(__name__)

SESSION_SEEN_KEY = "_hotline_seen"
RETRY_AFTER_SECONDS = 5
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OperationalError, InterfaceError, ConnectionError)
UNAVAILABLE_MESSAGE = "服务暂时不可用，请稍后重试；紧急情况请直接拨打12345。"


NUL_MESSAGE = "请求参数中含有不允许的控制字符。"


class RefuseNulBytesMiddleware:
    """A NUL byte in the query string (`?q=%00`) is bad input everywhere: PostgreSQL cannot store or
    compare it in text, so it would surface as a DataError (500) deep in a search. Refused up front."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "%00" in query or "\x00" in query or "\x00" in request.path:
            if request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", ""):
                return json_error(400, "invalid", NUL_MESSAGE, fields=self.offending_parameters(query))
            return HttpResponse(NUL_MESSAGE, status=400, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def offending_parameters(query: str) -> dict[str, list[str]]:
        """{name: [message]} for each parameter whose value holds a NUL, so a client can point at it."""
        fields = {}
        for name, value in parse_qsl(query, keep_blank_values=True):
            if "\x00" in value or "\x00" in name:
                fields[name.replace("\x00", "")] = [NUL_MESSAGE]
        return fields


LOCKED_OUT_MESSAGE = "登录失败次数过多，该用户名在本地址已暂时锁定，请{minutes}分钟后再试。"


def login_locked_out(request, original_response=None, credentials=None) -> HttpResponse:
    """settings.AXES_LOCKOUT_CALLABLE: a locked user name + address, on any login door, gets 429 with
    Retry-After — the API's error shape under /api/, a page elsewhere."""
    from django.shortcuts import render

    seconds = int(settings.AXES_COOLOFF_TIME * 3600)
    message = LOCKED_OUT_MESSAGE.format(minutes=max(1, seconds // 60))
    if request.path.startswith("/api/"):
        response = json_error(429, "throttled", message)
    else:
        response = render(request, "registration/locked_out.html", {"message": message}, status=429)
    response["Retry-After"] = str(seconds)
    return response


class StaffSessionIdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = int(time.time())
            seen = request.session.get(SESSION_SEEN_KEY)
            if seen is not None and now - seen > settings.STAFF_SESSION_IDLE_MINUTES * 60:
                logout(request)
            elif seen is None or now - seen >= 60:
                request.session[SESSION_SEEN_KEY] = now
        return self.get_response(request)


def unavailable_response(request) -> HttpResponse:
    if request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", ""):
        response = json_error(503, "service_unavailable", UNAVAILABLE_MESSAGE)
    else:
        response = HttpResponse(UNAVAILABLE_MESSAGE, status=503, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class ServiceUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, UNAVAILABLE) or isinstance(exception.__cause__, UNAVAILABLE):
            log.warning("%s %s: a backing service is unavailable (%s: %s)", request.method, request.path,
                        type(exception).__name__, exception)
            return unavailable_response(request)
        return None
