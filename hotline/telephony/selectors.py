"""Call cards for the agent console (来电弹屏), in the shapes of realtime/PROTOCOL.md."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from hotline.telephony.models import Call
from tickets import privacy
from tickets.selectors import caller_history

HISTORY_LIMIT = 10
# A call the platform never reported ending stops being "in progress" after this long.
IN_PROGRESS_WINDOW = timedelta(hours=4)


def _iso(moment):
    return timezone.localtime(moment).isoformat() if moment else None


def history(tickets) -> list[dict]:
    """The caller's previous tickets and their states, newest first."""
    return [
        {"id": ticket.pk, "letter_number": ticket.letter_number, "title": ticket.title, "type": ticket.type,
         "type_label": ticket.get_type_display(), "status": ticket.status, "status_label": ticket.get_status_display(),
         "lead_department": ticket.lead_department.name if ticket.lead_department_id else None,
         "created_at": _iso(ticket.created_at)}
        for ticket in tickets
    ]


def _agent_name(call: Call) -> str | None:
    return call.agent.username if call.agent_id else None


def ringing_message(call: Call) -> dict:
    return {"type": "call.ringing", "at": _iso(call.started_at), "call_id": call.call_id,
            "caller": privacy.mask_phone(call.caller), "agent": _agent_name(call),
            "history": history(caller_history(call.caller, limit=HISTORY_LIMIT))}


def answered_message(call: Call) -> dict:
    """The card with the full number, which the agent needs to fill in the form. Showing it must be
    logged: use `hotline.telephony.services.reveal_answered_card`, which does, rather than this."""
    previous = caller_history(call.caller, limit=HISTORY_LIMIT)
    return {"type": "call.answered", "at": _iso(call.answered_at), "call_id": call.call_id, "caller": call.caller,
            "caller_masked": privacy.mask_phone(call.caller), "agent": _agent_name(call),
            "history": history(previous),
            "prefill": {"channel": "phone", "phone": call.caller, "call_id": call.call_id}}


def ended_message(call: Call, *, reason: str = "hangup", agent=None) -> dict:
    agent = agent or call.agent
    return {"type": "call.ended", "at": _iso(call.ended_at or timezone.now()), "call_id": call.call_id,
            "agent": agent.username if agent else None, "answered": call.answered_at is not None,
            "duration": call.duration, "recording_url": call.recording_url or None, "ticket_id": call.ticket_id,
            "reason": reason}


def calls_in_progress(user) -> list[Call]:
    """This agent's calls still in progress (ringing or answered), oldest first."""
    return list(Call.objects.select_related("agent")
                .filter(agent=user, state__in=[Call.State.RINGING, Call.State.ANSWERED],
                        started_at__gte=timezone.now() - IN_PROGRESS_WINDOW)
                .order_by("started_at"))
