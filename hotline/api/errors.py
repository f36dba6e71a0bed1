"""Every API error in one shape: {"error": {"code", "message", "fields"}} (CONTRACT.md).

Three places produce errors and all end here: domain errors (`tickets.errors.HotlineError`), DRF's
own (parse errors, auth, 404/405/415, throttles, validation), and Django's below DRF (an unknown URL
under /api/, an oversized body, CSRF), which `JsonErrorsMiddleware` rewrites for /api/ paths.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404, JsonResponse
from rest_framework import exceptions as drf
from rest_framework.response import Response

from tickets.errors import HotlineError, TransitionNotAllowed

TOO_LARGE_MESSAGE = "请求内容过大。"

# For errors that carry no words of their own (Django's pages, DRF's English defaults).
STATUS_CODES = {
    400: ("invalid", "提交的内容有误，请检查后重试。"),
    401: ("not_authenticated", "请先登录（请求头 Authorization: Token <令牌>）。"),
    403: ("forbidden", "您无权执行此操作。"),
    404: ("not_found", "未找到相应记录。"),
    405: ("method_not_allowed", "不支持该请求方法。"),
    406: ("not_acceptable", "无法按请求的格式返回内容，请接受 application/json。"),
    409: ("conflict", "当前状态不允许此操作。"),
    413: ("too_large", TOO_LARGE_MESSAGE),
    415: ("unsupported_media_type", "请求体应为 JSON（Content-Type: application/json）。"),
    429: ("throttled", "请求过于频繁，请稍后再试。"),
    500: ("server_error", "服务器内部错误，请稍后再试。"),
}

DRF_CODES = {
    drf.ParseError: ("malformed_json", "请求体不是有效的 JSON。"),
    drf.AuthenticationFailed: ("authentication_failed", "登录凭据无效或已过期，请重新登录。"),
    drf.NotAuthenticated: STATUS_CODES[401],
    drf.PermissionDenied: STATUS_CODES[403],
    drf.NotFound: STATUS_CODES[404],
    drf.MethodNotAllowed: STATUS_CODES[405],
    drf.NotAcceptable: STATUS_CODES[406],
    drf.UnsupportedMediaType: STATUS_CODES[415],
    drf.Throttled: STATUS_CODES[429],
}


def error_body(code: str, message: str, fields: dict | None = None, **extra) -> dict:
    error = {"code": code, "message": message, "fields": fields or {}}
    error.update(extra)
    body = {"error": error}
    body.update(extra)  # e.g. "available_transitions" at the top level too, where CONTRACT.md names it
    return body


def json_error(status: int, code: str, message: str, fields: dict | None = None, **extra) -> JsonResponse:
    """The error shape as a plain Django response, for doors outside DRF (channel webhooks, consoles)."""
    return JsonResponse(error_body(code, message, fields, **extra), status=status,
                        json_dumps_params={"ensure_ascii": False})


def _flatten(detail, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested validation detail as {field: [text]}; list items become "field.0"."""
    fields: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            for sub_key, texts in _flatten(value, name).items():
                fields.setdefault(sub_key, []).extend(texts)
    elif isinstance(detail, list):
        if all(not isinstance(item, (dict, list)) for item in detail):
            fields[prefix or "non_field_errors"] = [str(item) for item in detail]
        else:
            for index, item in enumerate(detail):
                for sub_key, texts in _flatten(item, f"{prefix}.{index}" if prefix else str(index)).items():
                    fields.setdefault(sub_key, []).extend(texts)
    else:
        fields[prefix or "non_field_errors"] = [str(detail)]
    return fields


def _validation_message(fields: dict[str, list[str]]) -> str:
    if not fields:
        return STATUS_CODES[400][1]
    name, texts = next(iter(fields.items()))
    first = texts[0] if texts else ""
    return f"提交的内容有误：{first}" if name == "non_field_errors" else f"提交的内容有误（{name}）：{first}"


def domain_error_response(exc: HotlineError) -> Response:
    extra = {}
    if isinstance(exc, TransitionNotAllowed):
        extra["available_transitions"] = list(exc.available)
    response = Response(error_body(exc.code, exc.message, exc.fields, **extra), status=exc.status)
    if getattr(exc, "retry_after", None):
        response["Retry-After"] = str(exc.retry_after)
    return response


def exception_handler(exc, context):
    """REST_FRAMEWORK["EXCEPTION_HANDLER"]: every exception a DRF view raises, as the contract's shape."""
    if isinstance(exc, HotlineError):
        return domain_error_response(exc)
    if isinstance(exc, Http404):
        exc = drf.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = drf.PermissionDenied()
    if isinstance(exc, RequestDataTooBig):
        return Response(error_body(*STATUS_CODES[413]), status=413)
    if isinstance(exc, SuspiciousOperation):  # too many fields or files, and the like
        return Response(error_body(*STATUS_CODES[400]), status=400)
    if not isinstance(exc, drf.APIException):
        return None  # a real bug: let Django log it and answer 500 (rewritten by the middleware)

    if isinstance(exc, drf.ValidationError):
        fields = _flatten(exc.detail)
        body = error_body("invalid", _validation_message(fields), fields)
    else:
        code, message = next((v for k, v in DRF_CODES.items() if isinstance(exc, k)),
                             STATUS_CODES.get(exc.status_code, ("error", str(exc.detail))))
        if isinstance(exc, drf.Throttled) and exc.wait:
            message = f"请求过于频繁，请{int(exc.wait) + 1}秒后再试。"
        body = error_body(code, message)
    response = Response(body, status=exc.status_code)
    if getattr(exc, "auth_header", None):
        response["WWW-Authenticate"] = exc.auth_header
    if isinstance(exc, drf.Throttled) and exc.wait:
        response["Retry-After"] = str(int(exc.wait) + 1)
    return response


class JsonErrorsMiddleware:
    """Under /api/, answer Django's own errors (unknown URL, oversized body, CSRF, a crash) in the API's
    JSON shape instead of an HTML page. Views outside /api/ are left alone."""

    prefix = "/api/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(self.prefix) or response.status_code < 400:
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        code, message = STATUS_CODES.get(response.status_code, ("error", "请求无法处理。"))
        rewritten = JsonResponse(error_body(code, message), status=response.status_code,
                                 json_dumps_params={"ensure_ascii": False})
        for header in ("Retry-After", "Allow", "WWW-Authenticate"):
            if header in response:
                rewritten[header] = response[header]
        return rewritten

    def process_exception(self, request, exception):
        if request.path.startswith(self.prefix) and isinstance(exception, RequestDataTooBig):
            return JsonResponse(error_body(*STATUS_CODES[413]), status=413, json_dumps_params={"ensure_ascii": False})
        return None
