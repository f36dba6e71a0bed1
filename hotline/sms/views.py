"""The SMS gateway's inbound webhook: replies from citizens (ratings).

``POST /api/v1/sms/inbound/`` with ``X-Hotline-Signature: sha256=<hex HMAC-SHA256 of the raw body
with SMS_INBOUND_SECRET>`` (the scheme of the telephony webhook) and the JSON body
``{"from": "<phone>", "text": "<message>", "id": "<gateway message id>"?}``.
Answers ``200 {"outcome", "message", "letter_number"}``; a bad signature is ``401``.
"""

from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from hotline.api import parsing
from hotline.api.errors import json_error
from hotline.channel_gate import requires_channel_settings
from hotline.clients import BodyTooLarge, read_body
from hotline.sms import inbound
from hotline.telephony.signing import signature_valid
from tickets.models import Ticket

MAX_BODY = 16 * 1024


_error = json_error


def signature_ok(body: bytes, header: str) -> bool:
    return signature_valid(body, header, settings.SMS_INBOUND_SECRET)


@csrf_exempt
@require_POST
@requires_channel_settings("SMS_INBOUND_SECRET")
def inbound_sms(request):
    try:
        body = read_body(request, MAX_BODY)
    except BodyTooLarge:
        return _error(413, "too_large", "请求体过大。")
    if not signature_ok(body, request.headers.get("X-Hotline-Signature", "")):
        return _error(401, "bad_signature", "签名校验失败。")
    try:
        payload = parsing.loads(body)
    except (ValueError, UnicodeDecodeError):
        return _error(400, "invalid", "请求体应为 JSON。")
    if not isinstance(payload, dict):
        return _error(400, "invalid", "请求体应为 JSON 对象。")
    errors = {}
    for field in ("from", "text"):
        if not isinstance(payload.get(field), str) or not payload[field].strip():
            errors[field] = ["此字段为必填项。"]
    provider_id = payload.get("id", "")
    if not isinstance(provider_id, (str, int)) or isinstance(provider_id, bool) or len(str(provider_id)) > 80:
        errors["id"] = ["应为不超过80个字符的文本。"]
    if errors:
        return _error(400, "invalid", "提交的内容有误。", errors)
    result = inbound.receive(sender=payload["from"], text=payload["text"], provider_id=str(provider_id))
    letter = Ticket.objects.filter(pk=result.ticket_id).values_list("letter_number", flat=True).first()
    return JsonResponse({"outcome": result.outcome, "message": result.message, "letter_number": letter,
                         "duplicate": result.duplicate}, json_dumps_params={"ensure_ascii": False})
