"""POST /api/v1/cti/events/ — the telephony platform's webhook (CONTRACT.md, Channel endpoints).

Checks in this order: the signature over the raw body (401), the JSON (400), the fields (400), the
clock window (401). Only an authenticated body is ever parsed.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt

from hotline.api import parsing
from hotline.api.errors import json_error
from hotline.channel_gate import requires_channel_settings
from hotline.telephony.services import parse_call_event, record_call_event
from hotline.telephony.signing import HEADER, signature_valid
from tickets.errors import HotlineError


_error = json_error


@csrf_exempt
@requires_channel_settings("CTI_SHARED_SECRET")
def cti_events(request):
    if request.method != "POST":
        response = _error(405, "method_not_allowed", "该接口只接受 POST 请求。")
        response["Allow"] = "POST"
        return response
    try:
        body = request.body
    except RequestDataTooBig:
        return _error(413, "too_large", "请求体过大。")
    if not signature_valid(body, request.headers.get(HEADER), settings.CTI_SHARED_SECRET):
        return _error(401, "bad_signature", f"签名无效：请用共享密钥对原始请求体计算 HMAC-SHA256，放在 {HEADER} 头中。")
    try:
        data = parsing.loads(body)
    except (ValueError, UnicodeDecodeError):
        return _error(400, "bad_json", "请求体不是有效的 JSON。")
    try:
        outcome = record_call_event(parse_call_event(data))
    except HotlineError as error:
        return _error(error.status, error.code, error.message, error.fields)
    call = outcome.call
    return JsonResponse({"status": outcome.status, "call_id": call.call_id, "state": call.state,
                         "duration": call.duration, "ticket_id": call.ticket_id}, status=202)
