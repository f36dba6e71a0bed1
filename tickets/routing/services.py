"""Writes of smart dispatch: linking a repeat (重复件), screening a new letter for duplicates, and
auto-dispatch. Dispatch itself always goes through ``tickets.services.transitions.dispatch``."""

from __future__ import annotations

import logging

from django.db import transaction

from tickets import letter_rules as rules
from tickets import roles
from tickets.errors import HotlineError, InvalidInput, NotFound, PermissionDenied
from tickets.models import Channel, EventKind, RoutingSettings, Status, Ticket
from tickets.services import transitions
from tickets.services.events import record_event, ticket_audiences

log = logging.getLogger(__name__)

# Letters nobody read yet when they arrive: the phone agent routes calls while talking.
SCREENED_CHANNELS = (Channel.WEB, Channel.WECHAT, Channel.SMS, Channel.API, Channel.OPEN311, Channel.PLATFORM)


def _may_link(by) -> None:
    if not roles.has_any(by, roles.INTAKE):
        raise PermissionDenied("只有话务员和派单员可以关联重复件。")


def link_repeat(ticket_id: int, *, by, of, version: int | None = None) -> Ticket:
    """重复件: record that this ticket repeats an earlier one (the same citizen back about the same
    matter). The earlier ticket's units hear that the citizen came back."""
    _may_link(by)
    if isinstance(of, bool) or not isinstance(of, (int, str)) or not (str(of).isascii() and str(of).isdigit()):
        raise InvalidInput(fields={"of": ["请填写原工单编号。"]})
    earlier_id = int(of)
    if earlier_id == ticket_id:
        raise InvalidInput(fields={"of": ["不能关联自身。"]})
    with transitions.locked_ticket(ticket_id, expected_version=version) as ticket:
        earlier = Ticket.objects.select_related("lead_department").filter(pk=earlier_id).first()
        if earlier is None:
            raise InvalidInput(fields={"of": ["原工单不存在。"]})
        if earlier.created_at > ticket.created_at:
            raise InvalidInput(fields={"of": ["原工单应早于本工单受理。"]})
        if earlier.repeat_of_id == ticket.pk:
            raise InvalidInput(fields={"of": ["原工单已关联为本工单的重复件。"]})
        ticket.repeat_of = earlier
        ticket.version += 1
        ticket.save(update_fields=["repeat_of", "version", "updated_at"])
        record_event(ticket, EventKind.REPEAT_LINKED, actor=by, text=f"重复件：市民此前反映过，原工单{earlier.letter_number}",
                     data={"repeat_of": earlier.pk, "repeat_of_letter_number": earlier.letter_number},
                     intake=ticket.status == Status.RECEIVED)
        record_event(earlier, EventKind.REPEAT_RECEIVED, actor=by, department=earlier.lead_department,
                     text=f"市民再次反映此事：新工单{ticket.letter_number}",
                     data={"repeat": ticket.pk, "repeat_letter_number": ticket.letter_number},
                     audiences=ticket_audiences(earlier))
        return ticket


def screen_new_letter(ticket_id: int) -> str:
    """After a web/WeChat/... letter is stored: note likely duplicates on it for the dispatcher and,
    when switched on and confident enough, dispatch it. Returns what was done."""
    from tickets.routing.suggestions import suggest

    ticket = Ticket.objects.select_related("category").filter(pk=ticket_id).first()
    if ticket is None or ticket.status != Status.RECEIVED or ticket.channel not in SCREENED_CHANNELS:
        return "skipped"
    suggestions = suggest(ticket=ticket)
    if suggestions.duplicates:
        lines = [f"信件{d.ticket.letter_number}（{'、'.join(d.reasons)}）" for d in suggestions.duplicates[:3]]
        with transaction.atomic():
            record_event(ticket, EventKind.NOTE, actor_label="系统", text="疑似重复件：" + "；".join(lines),
                         data={"duplicates": [{"id": d.ticket.pk, "score": d.score, "reasons": d.reasons}
                                              for d in suggestions.duplicates]},
                         intake=True)
        return "duplicates"
    return auto_dispatch(ticket, suggestions)


AUTO_REASONS = 4


def auto_dispatch_facts(suggestions, threshold: float) -> dict:
    """What an auto-dispatch stores in its event's data, so the timeline, the statistics and the API
    tell it from a dispatcher's choice without reading the note: the score against the threshold,
    what the score came from (the catalogue alone, or with the learned model — which row) and the
    reasons shown to people."""
    best = suggestions.best
    return {"auto": True, "score": best.score, "threshold": threshold,
            "source": "catalogue+model" if suggestions.model_id else "catalogue",
            "model": suggestions.model_id, "reasons": best.reasons[:AUTO_REASONS]}


def auto_dispatch(ticket: Ticket, suggestions) -> str:
    settings = RoutingSettings.current()
    best = suggestions.best
    if not settings.auto_dispatch_enabled or best is None or best.score < settings.auto_dispatch_threshold:
        return "left"
    note = (f"智能派单（自动）：置信度 {best.score:.0%}，阈值 {settings.auto_dispatch_threshold:.0%}；"
            f"依据：{'；'.join(best.reasons[:3])}")
    try:
        # by=None: the system acts (the event's actor is empty and reads "系统").
        transitions.dispatch(ticket.pk, by=None, department=best.code, co_departments=best.co_departments,
                             note=note[:rules.TEXT_MAX], version=ticket.version,
                             facts=auto_dispatch_facts(suggestions, settings.auto_dispatch_threshold))
    except (HotlineError, NotFound) as exc:
        # Someone acted first, or the unit was switched off: the dispatcher carries on by hand.
        log.info("auto-dispatch of ticket %s skipped: %s", ticket.pk, exc)
        return "left"
    return "dispatched"
