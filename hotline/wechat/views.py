"""``GET|POST /wechat/callback/``: the official account's server URL.

GET is WeChat's URL verification (echo `echostr`); POST carries a follower's message or an event and
is answered with the passive reply. Refusals (bad signature, wrong AppID, hostile or malformed XML,
oversized bodies) get a 4xx with the project's error shape; nothing a sender does makes a 500.
"""

import logging

from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from hotline.api.errors import json_error
from hotline.channel_gate import requires_channel_settings
from hotline.clients import client_address
from hotline.wechat import handlers, protocol
from tickets.services.notifications import outgoing_text

log = logging.getLogger(__name__)


def _refused(exc: protocol.CallbackRefused) -> JsonResponse:
    return json_error(exc.status, exc.code, exc.message)


@csrf_exempt
@require_http_methods(["GET", "POST"])
@requires_channel_settings("WECHAT_TOKEN", "WECHAT_APP_ID")
def callback(request):
    try:
        if request.method == "GET":
            return HttpResponse(protocol.verify_url(request), content_type="text/plain")
        envelope = protocol.open_envelope(request)
    except protocol.CallbackRefused as exc:
        log.warning("wechat callback refused (%s) from %s", exc.code, client_address(request))
        return _refused(exc)
    reply = outgoing_text(handlers.handle(envelope.message))
    body = protocol.reply_body(envelope, reply)
    return HttpResponse(body, content_type="application/xml" if body != "success" else "text/plain")
