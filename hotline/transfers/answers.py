"""Answering a platform that transferred a ticket to us, once we are done with it.

After commit, the event that brings such a ticket to an end queues the answer; the periodic sweep
queues any the listener missed (a process that died between commit and listener), so an answer
is never lost. A reopened ticket that is resolved again answers again (one answer per round).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F, Q

from hotline.transfers.models import InboundTransfer
from tickets.models import Status
from tickets.selectors.letters import public_view

DONE = (Status.RESOLVED, Status.CLOSED, Status.MERGED, Status.INVALID)


def _unanswered():
    return InboundTransfer.objects.filter(ticket__status__in=DONE).filter(
        Q(answered_round__isnull=True) | Q(answered_round__lt=F("ticket__reopen_count")))


def answer(inbound: InboundTransfer) -> bool:
    from hotline.transfers.services import queue_message

    with transaction.atomic():
        inbound = InboundTransfer.objects.select_for_update().select_related("ticket", "platform").get(pk=inbound.pk)
        ticket, round_ = inbound.ticket, inbound.ticket.reopen_count
        if ticket.status not in DONE or (inbound.answered_round is not None and inbound.answered_round >= round_):
            return False
        if ticket.status in (Status.RESOLVED, Status.CLOSED):
            reply = public_view(ticket)["reply"] or {}
            event, payload = "transfer.resolved", {"reply": reply.get("text", ""), "department": reply.get("department"),
                                                   "resolved_at": reply.get("at")}
        else:
            last = ticket.events.filter(to_status=ticket.status).order_by("-id").first()
            event, payload = "transfer.refused", {"reason": (last.text or last.public_label) if last else "不予受理"}
        queue_message(inbound.platform, event, f"answer:{inbound.pk}:{round_}",
                      {"transfer_id": inbound.external_id, "letter_number": ticket.letter_number, **payload},
                      inbound=inbound)
        InboundTransfer.objects.filter(pk=inbound.pk).update(answered_round=round_)
    return True


def answer_due_inbound(limit: int = 200) -> int:
    return sum(answer(inbound) for inbound in _unanswered()[:limit])


def on_event_committed(sender, event, **kwargs) -> None:
    if event.to_status not in DONE:
        return
    inbound = InboundTransfer.objects.filter(ticket_id=event.ticket_id).first()
    if inbound is not None:
        answer(inbound)
