"""What every console view shares: telling a script's request from a page's, and answering both."""

from __future__ import annotations

from django.http import JsonResponse
from django.utils.http import url_has_allowed_host_and_scheme

from hotline.api.errors import error_body
from tickets.errors import HotlineError, InvalidInput
from tickets.models import TicketEvent


def wants_json(request) -> bool:
    """The pages' script submits forms with `Accept: application/json`; without script the same
    forms post normally and get a page back."""
    return "application/json" in request.headers.get("Accept", "")


def hotline_error_response(error: HotlineError) -> JsonResponse:
    extra = {"available_transitions": error.available} if getattr(error, "available", None) else {}
    return JsonResponse(error_body(error.code, error.message, error.fields, **extra), status=error.status)


def form_error_response(form, status: int = 400, code: str = InvalidInput.code) -> JsonResponse:
    """A bound form's errors in the REST error shape; errors not tied to a field go in `message`."""
    fields = {name: [str(m) for m in messages] for name, messages in form.errors.items() if name != "__all__"}
    general = [str(m) for m in form.non_field_errors()]
    message = "；".join(general) if general else InvalidInput.default_message
    return JsonResponse(error_body(code, message, fields), status=status)


def safe_url(request, candidate: str | None, fallback: str) -> str:
    if candidate and url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()},
                                                     require_https=request.is_secure()):
        return candidate
    return fallback


def live(socket_path: str) -> dict:
    """Context for a live page: its WebSocket endpoint and the newest event id at render time, from
    which the socket resumes, so nothing that happens between rendering and connecting is missed."""
    newest = TicketEvent.objects.order_by("-id").values_list("id", flat=True).first()
    return {"live_socket": socket_path, "live_since": newest or 0}
