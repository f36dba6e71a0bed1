"""The agent console (坐席工作台): live intake queue, call card, registration with the two endings."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from tickets.errors import HotlineError
from tickets.models import OutboundMessage, Ticket
from tickets.privacy import mask_phone
from tickets.selectors import visible_tickets
from tickets.selectors.stats import start_of_today
from tickets.services.intake import register_call

from ..access import AGENT_CONSOLE, console_for
from ..forms import ConsoleChoices, RegistrationForm
from ..lists import LISTS, open_counts, page_of
from ..search import search_box
from .common import form_error_response, hotline_error_response, live, wants_json

ENDING_MESSAGES = {
    "dispatch": "已登记并派单",
    "resolve_directly": "已登记并直接办结",
    "transfer": "已登记并即时转",
    None: "已登记，等待派单",
}


def sms_notice(ticket: Ticket) -> str:
    """What the agent may tell the caller about the SMS, from the outbox rather than assumed: a
    caller without a phone number (or with a landline the gateway cannot text) got nothing."""
    queued = ticket.messages.filter(channel=OutboundMessage.Channel.SMS, template="letter_received").first()
    if queued is None:
        return "未发送短信（来电人未留手机号码），请务必口头告知来电人信件编号和查询密码。"
    return f"请告知来电人信件编号和查询密码；同一内容已加入短信发送队列，发往 {mask_phone(queued.recipient)}。"


def transfer_of(ticket: Ticket) -> dict | None:
    """What the call card shows of an emergency transfer: read from the ticket's history."""
    event = ticket.events.filter(transition="transfer").order_by("-id").first()
    if event is None:
        return None
    return {"platform": event.data.get("platform_name", ""), "emergency": bool(event.data.get("emergency")),
            "at": timezone.localtime(event.created_at).strftime("%H:%M:%S"), "reference": event.data.get("transfer")}


@console_for(AGENT_CONSOLE)
def agent_console(request):
    user = request.user
    choices = ConsoleChoices.of(request)
    result, status = None, 200
    if request.method == "POST":
        form = RegistrationForm(request.POST, user=user, choices=choices)
        failure = None
        if form.is_valid():
            try:
                ending = form.call_ending()
                registration = register_call(by=user, ending=ending, repeat_of=form.cleaned_data.get("repeat_of"),
                                             **form.registration_kwargs())
            except HotlineError as exc:
                form.add_hotline_error(exc)
                failure, status = exc, exc.status
            else:
                # The query password is shown once, here, for the agent to read out; it is not
                # put in a redirect's message cookie.
                ticket = registration.ticket
                transfer = transfer_of(ticket) if ending and ending[0] == "transfer" else None
                result = {
                    "ok": True, "message": ENDING_MESSAGES[ending[0] if ending else None]
                    + (transfer["platform"] if transfer else ""), "transfer": transfer, "notice": sms_notice(ticket),
                    "letter_number": ticket.letter_number, "password": registration.password, "url": reverse("consoles:ticket", args=[ticket.pk]),
                    "ticket": {"id": ticket.pk, "status": ticket.status, "status_label": ticket.get_status_display(),
                               "title": ticket.title},
                }
                if wants_json(request):
                    return JsonResponse(result, status=201)
                form, status = RegistrationForm(user=user, choices=choices), 201
        else:
            status = 400
        if status >= 400 and wants_json(request):
            return hotline_error_response(failure) if failure else form_error_response(form, status)
    else:
        form = RegistrationForm(user=user, choices=choices, initial={
            key: request.GET[key] for key in ("phone", "call_id") if request.GET.get(key)})
    context = {
        "form": form,
        "result": result,
        "spec": LISTS["intake"],
        "page": (page := page_of(LISTS["intake"], user, request.GET.get("cursor"), request.GET, choices,
                                 total=open_counts(user, only=("intake",))["intake"])),
        "search": search_box(request.GET, user, statuses=LISTS["intake"].statuses, error=page.search_error,
                             choices=choices),
        "mine": visible_tickets(user).filter(created_by=user, created_at__gte=start_of_today())
        .order_by("-created_at")[:8],
        **live("/ws/agent/"),
    }
    return render(request, "consoles/agent.html", context, status=status)
