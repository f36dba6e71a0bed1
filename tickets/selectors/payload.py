"""The ticket in the API's shape (CONTRACT.md), shared by the REST API and the WebSocket pushes."""

from __future__ import annotations

from django.utils import timezone

from tickets import privacy
from tickets.models import Ticket
from tickets.selectors.citizen_facts import citizen_facts
from tickets.services.deadlines import sla_state
from tickets.selectors.transitions import available_transitions


def _iso(value):
    return timezone.localtime(value).isoformat() if value else None


def _department(department):
    return {"code": department.code, "name": department.name} if department else None


def ticket_payload(ticket: Ticket, user, *, with_events: bool = False, now=None) -> dict:
    body = {
        "id": ticket.pk,
        "letter_number": ticket.letter_number,
        "channel": ticket.channel,
        "type": ticket.type,
        "type_label": ticket.get_type_display(),
        "priority": ticket.priority,
        "status": ticket.status,
        "status_label": ticket.get_status_display(),
        "title": ticket.title,
        "content": ticket.content,
        "category": ({"code": ticket.category.code, "name": ticket.category.full_name} if ticket.category_id else None),
        "citizen": privacy.citizen_view(ticket, user),
        "address": "" if privacy.withheld_from(ticket, user) else ticket.citizen_address,
        "lead_department": _department(ticket.lead_department),
        "co_departments": [_department(d) for d in ticket.co_departments.all()] if ticket.pk else [],
        "deadlines": {
            "sign_due": _iso(ticket.sign_due),
            "reply_due": _iso(ticket.reply_due),
            "sla_state": sla_state(ticket, now),
        },
        "merged_into": ticket.merged_into_id,
        "reopen_count": ticket.reopen_count,
        "urge_count": ticket.urge_count,
        "is_supervised": ticket.is_supervised,
        "version": ticket.version,
        "created_at": _iso(ticket.created_at),
        "updated_at": _iso(ticket.updated_at),
        "available_transitions": available_transitions(ticket, user) if user is not None else [],
    }
    if with_events:
        # Facts other apps register about the citizen (a verified account, a legal person): detail only.
        body["citizen"].update(citizen_facts(ticket, user))
        body["events"] = [event_payload(event) for event in ticket.events.select_related("actor", "department")]
        body["replies"] = [
            {"text": r.text, "department": r.department.name, "review": r.review, "at": _iso(r.created_at)}
            for r in ticket.replies.select_related("department")
        ]
        body["direct_answer"] = ticket.direct_answer
    return body


def event_payload(event) -> dict:
    return {
        "id": event.pk,
        "kind": event.kind,
        "kind_label": event.get_kind_display(),
        "transition": event.transition,
        "from": event.from_status,
        "to": event.to_status,
        "actor": event.actor_label,
        "department": event.department.name if event.department_id else None,
        "text": event.text,
        "data": event.data,
        "at": _iso(event.created_at),
    }
