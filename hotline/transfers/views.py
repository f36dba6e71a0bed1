"""The signed inbound endpoint: other platforms' answers to our transfers, and their transfers to us.

``POST /api/v1/transfers/inbound/`` — headers and body in the README (平台转办协议). Answers JSON:
2xx with the outcome, or the API's error shape (400 bad body, 401 bad signature or unknown platform,
404 unknown transfer, 409 already answered, 413 too large, 503 a demo secret outside DEBUG). A message
repeated with the same Idempotency-Key gets the first answer again (header ``Idempotent-Replayed: true``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt

from hotline.api import parsing
from hotline.api.errors import error_body
from hotline.clients import declared_too_large
from hotline.transfers import services, signing
from hotline.transfers.models import InboundMessage, Platform
from tickets.errors import HotlineError

MAX_BODY = 64 * 1024
KEY_MAX = 80


def _json(body: dict, status: int, *, replayed: bool = False) -> JsonResponse:
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    if replayed:
        response["Idempotent-Replayed"] = "true"
    return response


def _error(status: int, code: str, message: str, fields: dict | None = None) -> JsonResponse:
    return _json(error_body(code, message, fields), status)


def _stored(platform: Platform, key: str) -> JsonResponse | None:
    seen = InboundMessage.objects.filter(platform=platform, idempotency_key=key).first()
    return _json(seen.response, seen.status_code, replayed=True) if seen else None


@csrf_exempt
def inbound(request):
    if request.method != "POST":
        return _error(405, "method_not_allowed", "仅支持 POST。")
    if declared_too_large(request, MAX_BODY):
        return _error(413, "too_large", "请求体过大。")
    body = request.body
    platform = Platform.objects.filter(code=request.headers.get(signing.PLATFORM_HEADER, ""), is_active=True).first()
    if platform is not None and not settings.DEBUG and platform.secret.startswith("demo-"):
        return _error(503, "not_configured", "该平台仍在使用演示密钥，请在管理后台更换后再对接。")
    if platform is None or not signing.verify(
            secret=platform.secret, timestamp=request.headers.get(signing.TIMESTAMP_HEADER), body=body,
            given=request.headers.get(signing.SIGNATURE_HEADER), max_skew=settings.TRANSFERS["MAX_SKEW_SECONDS"]):
        return _error(401, "bad_signature", "平台未登记，或签名/时间戳校验失败。")
    key = request.headers.get(signing.IDEMPOTENCY_HEADER, "").strip()
    if not key or len(key) > KEY_MAX:
        return _error(400, "invalid", f"请提供 {signing.IDEMPOTENCY_HEADER}（不超过{KEY_MAX}个字符）。")
    replay = _stored(platform, key)
    if replay is not None:
        return replay
    try:
        payload = parsing.loads(body)
    except (ValueError, UnicodeDecodeError):
        return _error(400, "malformed_json", "请求体不是有效的 JSON。")
    if not isinstance(payload, dict):
        return _error(400, "invalid", "请求体应为 JSON 对象。")
    event = payload.get("event") or request.headers.get(signing.EVENT_HEADER, "")
    if not isinstance(event, str) or request.headers.get(signing.EVENT_HEADER, event) != event:
        return _error(400, "invalid", "消息类型与请求头 X-Hotline-Event 不一致。")
    ticket = None
    try:
        status, answer, ticket = services.handle(platform, event, payload)
    except HotlineError as exc:
        status, answer = exc.status, error_body(exc.code, exc.message, exc.fields)
    try:
        with transaction.atomic():
            InboundMessage.objects.create(platform=platform, idempotency_key=key, event=event[:30], status_code=status,
                                          response=answer, ticket=ticket)
    except IntegrityError:
        return _stored(platform, key)
    return _json(answer, status)
