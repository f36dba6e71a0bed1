"""The ticket work page (every role), the one endpoint that runs an action on a ticket, the logged
reveal of a citizen's personal data, and one list row re-rendered for the live pages."""

from __future__ import annotations

import logging
from functools import wraps

from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from kb.search import search as kb_search
from tickets import privacy
from tickets.errors import HotlineError, NotFound
from tickets.models import FINAL_STATUSES, TRANSITION_LABELS, Ticket
from tickets.selectors import visible_ticket
from tickets.selectors.citizen_facts import citizen_facts

from ..access import forbidden, staff_only
from ..actions import ACTIONS
from ..forms import ConsoleChoices
from ..lists import LISTS, decorate, may_read, one_row
from hotline.clients import client_ip

from .common import form_error_response, hotline_error_response, live, safe_url, wants_json


logger = logging.getLogger(__name__)


def _not_found(request, message: str = "工单不存在，或您无权查看。"):
    if wants_json(request):
        return hotline_error_response(NotFound(message))
    return forbidden(request, message, status=404)


# Transitions whose event department is where the ticket was sent, not who acted.
_SENT_TO = {"dispatch"}


def _events(ticket: Ticket) -> list:
    """The history, each step credited to who did it: the actor with their own unit (a dispatcher's
    approval is the hotline's, not the lead department's); where a step sent the ticket is shown apart."""
    events = list(ticket.events.select_related("department", "actor__department").order_by("id"))
    for event in events:
        event.label = TRANSITION_LABELS.get(event.transition) or event.get_kind_display()
        actor = event.actor
        if actor is None:
            event.actor_unit = ""
        else:
            event.actor_unit = actor.department.label if actor.department_id else "12345热线"
        event.sent_to = event.department.name if event.transition in _SENT_TO and event.department_id else ""
    return events


KNOWLEDGE_ROLES = ("agent", "dispatcher", "handler")


def knowledge_for(ticket: Ticket, user, limit: int = 3) -> list:
    """Knowledge-base entries that may answer this letter, whatever channel it came in by (the phone
    form has its own live panel): searched with the title and the start of the content."""
    if ticket.status in FINAL_STATUSES or not user.has_role(*KNOWLEDGE_ROLES):
        return []
    try:
        return kb_search(f"{ticket.title} {ticket.content[:80]}", include_internal=True, limit=limit).hits
    except Exception:  # noqa: BLE001 - a search outage must not take the work page down with it
        logger.warning("knowledge suggestions failed for ticket %s", ticket.pk, exc_info=True)
        return []


def render_ticket(request, ticket: Ticket, *, bound: tuple[str, object] | None = None, revealed: dict | None = None,
                  error: str = "", status: int = 200):
    """The work page. `bound` is (action name, form) of a submission that failed: it replaces the
    blank form of that action so the error shows next to the fields the person filled in."""
    user = request.user
    choices = ConsoleChoices.of(request)
    decorate([ticket], user, choices=choices)
    action_forms = []
    for name in ticket.actions:
        form = bound[1] if bound and bound[0] == name else ACTIONS[name].form(ticket=ticket, user=user, choices=choices)
        action_forms.append((ACTIONS[name], form))
    if bound and bound[0] not in ticket.actions:
        # The action is no longer offered (someone moved the ticket on): still show why it failed.
        action_forms.insert(0, (ACTIONS[bound[0]], bound[1]))
    context = {
        "ticket": ticket,
        "action_forms": action_forms,
        "open_action": bound[0] if bound else "",
        "events": _events(ticket),
        "knowledge": knowledge_for(ticket, user),
        "replies": ticket.replies.select_related("department", "author").prefetch_related("attachments")
        .order_by("id"),
        "extensions": ticket.extension_requests.select_related("department", "requested_by", "decided_by")
        .order_by("id"),
        "ratings": ticket.ratings.select_related("department").order_by("round"),
        "co_departments": ticket.co_departments.all(),
        "merged_tickets": ticket.merged_tickets.only("id", "letter_number", "title"),
        "can_reveal": not privacy.withheld_from(ticket, user) and bool(
            ticket.citizen_phone or ticket.citizen_name or ticket.citizen_id_number),
        "revealed": revealed,
        "citizen_facts": citizen_facts(ticket, user),
        "error": error,
        "is_final": ticket.status in FINAL_STATUSES,
        **live(f"/ws/tickets/{ticket.pk}/"),
    }
    return render(request, "consoles/ticket.html", context, status=status)


def with_visible_ticket(view):
    """Resolve the URL's ticket id through tickets.selectors.visible_ticket: another department's
    ticket answers exactly like a missing one."""

    @wraps(view)
    def wrapped(request, ticket_id: int, *args, **kwargs):
        try:
            ticket = visible_ticket(request.user, ticket_id)
        except NotFound:
            return _not_found(request)
        return view(request, ticket, *args, **kwargs)

    return wrapped


@require_GET
@staff_only
@with_visible_ticket
def ticket_page(request, ticket: Ticket):
    return render_ticket(request, ticket)


@require_GET
@staff_only
@with_visible_ticket
def ticket_print(request, ticket: Ticket):
    """工单打印: the ticket and its whole history on paper, the citizen masked as on screen."""
    decorate([ticket], request.user)
    return render(request, "consoles/ticket_print.html", {
        "ticket": ticket,
        "events": _events(ticket),
        "replies": ticket.replies.select_related("department", "author").prefetch_related("attachments")
        .order_by("id"),
        "extensions": ticket.extension_requests.select_related("department").order_by("id"),
        "ratings": ticket.ratings.order_by("round"),
        "co_departments": ticket.co_departments.all(),
        "printed_at": timezone.now(),
    })


@require_POST
@staff_only
@with_visible_ticket
def run_ticket_action(request, ticket: Ticket, name: str):
    """Run one transition or action through the tickets services. Success answers JSON to the
    pages' script or redirects back; a refusal shows the service's message next to the form."""
    action = ACTIONS.get(name)
    if action is None:
        return _not_found(request, f"未知的操作“{name}”。")
    user = request.user
    form = action.form(request.POST, request.FILES, ticket=ticket, user=user, choices=ConsoleChoices.of(request))
    status, failure = 400, None
    if form.is_valid():
        try:
            action.run(ticket.pk, user, form.payload())
        except HotlineError as exc:
            form.add_hotline_error(exc)
            status, failure = exc.status, exc
        else:
            if wants_json(request):
                fresh = Ticket.objects.get(pk=ticket.pk)
                return JsonResponse({"ok": True, "message": action.success, "ticket": {
                    "id": fresh.pk, "letter_number": fresh.letter_number, "status": fresh.status,
                    "status_label": fresh.get_status_display(), "version": fresh.version}})
            messages.success(request, action.success)
            return redirect(safe_url(request, request.POST.get("next"), reverse("consoles:ticket", args=[ticket.pk])))
    if wants_json(request):
        return hotline_error_response(failure) if failure else form_error_response(form, status)
    ticket = Ticket.objects.select_related("lead_department", "category").get(pk=ticket.pk)
    return render_ticket(request, ticket, bound=(name, form), status=status)


@require_POST
@staff_only
@with_visible_ticket
def reveal_personal_data(request, ticket: Ticket):
    """显示完整信息: an explicit act, logged in PersonalDataAccess by tickets.privacy."""
    try:
        revealed = privacy.reveal_personal_data(ticket, request.user, via="console", ip_address=client_ip(request))
    except HotlineError as exc:
        return render_ticket(request, ticket, error=exc.message, status=exc.status)
    return render_ticket(request, ticket, revealed=revealed)


@require_GET
@staff_only
def list_row(request, list_name: str, ticket_id: int):
    """One row of a live list, rendered for this user; 204 when the ticket does not belong there
    (any more), so the page's script removes it."""
    spec = LISTS.get(list_name)
    if spec is None:
        return _not_found(request, "列表不存在。")
    if not may_read(spec, request.user):
        return forbidden(request)
    ticket = one_row(spec, request.user, ticket_id, request.GET)
    if ticket is None:
        return HttpResponse(status=204)
    referer = safe_url(request, request.headers.get("Referer"), "")
    return render(request, spec.row_template, {"ticket": ticket, "spec": spec, "next_url": referer})
