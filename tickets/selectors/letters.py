"""The citizen's view of a letter: looked up with number + password, shown in plain language."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from tickets import passwords
from tickets.letter_rules import normalize_letter_number
from tickets.errors import NotFound
from tickets.models import Reply, Status, Ticket

PUBLIC_STATUS_LABELS = {
    Status.RECEIVED: "已受理",
    Status.DISPATCHED: "已转交承办单位",
    Status.ACCEPTED: "办理中",
    Status.RETURN_REQUESTED: "办理中",
    Status.REPLIED: "已答复，审核中",
    Status.RESOLVED: "已办结，待评价",
    Status.CLOSED: "已办结",
    Status.MERGED: "已合并办理",
    Status.INVALID: "已终止",
    Status.TRANSFERRED: "已转交相关平台办理",
}


def lookup_letter(letter_number, password) -> Ticket:
    """The ticket for this number and password. Unknown number and wrong password raise the same
    NotFound after the same hashing work, so neither can be told from the other."""
    ticket = None
    letter_number = normalize_letter_number(letter_number)
    if letter_number.isascii() and letter_number.isdigit() and len(letter_number) <= 16:
        ticket = Ticket.objects.select_related("lead_department").filter(letter_number=letter_number).first()
    ok = passwords.check_password(password if isinstance(password, str) else "",
                                  ticket.password_hash if ticket else passwords.DUMMY_HASH)
    if ticket is None or not ok:
        raise NotFound("信件编号或查询密码不正确。")
    return ticket


def public_timeline(ticket: Ticket) -> list[dict]:
    return [
        {"at": timezone.localtime(e.created_at).isoformat(), "label": e.public_label}
        for e in ticket.events.exclude(public_label="").order_by("id")
    ]


def attachment_ref(attachment) -> dict:
    """An attachment as the doors describe it; each door adds the address its reader can open."""
    return {"id": attachment.pk, "name": attachment.original_name, "content_type": attachment.content_type,
            "size": attachment.size}


def citizen_attachments(ticket: Ticket) -> list:
    """What the citizen may open: the files they sent, and the evidence of approved replies — never
    a reply still under review or sent back."""
    return list(ticket.attachments.filter(
        Q(reply__isnull=True) | Q(reply__review=Reply.Review.APPROVED)).select_related("reply"))


def citizen_may_open(attachment) -> bool:
    return attachment.reply_id is None or attachment.reply.review == Reply.Review.APPROVED


def public_view(ticket: Ticket) -> dict:
    """The lookup body of CONTRACT.md."""
    reply = None
    approved = ticket.replies.filter(review=Reply.Review.APPROVED).select_related("department").order_by("-id").first()
    if approved is not None:
        reply = {"text": approved.text, "department": approved.department.name,
                 "at": timezone.localtime(approved.reviewed_at or approved.created_at).isoformat(),
                 "attachments": [attachment_ref(a) for a in approved.attachments.all()]}
    elif ticket.direct_answer and ticket.status in (Status.RESOLVED, Status.CLOSED):
        reply = {"text": ticket.direct_answer, "department": "12345热线",
                 "at": timezone.localtime(ticket.resolved_at or ticket.updated_at).isoformat(), "attachments": []}
    rating = ticket.ratings.order_by("-round").first()
    rated_now = ticket.ratings.filter(round=ticket.reopen_count).exists()
    return {
        "letter_number": ticket.letter_number,
        "type": ticket.type,
        "type_label": ticket.get_type_display(),
        "title": ticket.title,
        "status": ticket.status,
        "status_label": PUBLIC_STATUS_LABELS.get(ticket.status, ticket.get_status_display()),
        "submitted_at": timezone.localtime(ticket.created_at).isoformat(),
        "timeline": public_timeline(ticket),
        "reply": reply,
        "rating": ({"solved": rating.solved, "satisfaction": rating.satisfaction,
                    "satisfaction_label": rating.get_satisfaction_display(), "comment": rating.comment,
                    "at": timezone.localtime(rating.created_at).isoformat()} if rating else None),
        "can_rate": ticket.status == Status.RESOLVED and not rated_now,
    }


def letters_of_openid(openid: str, *, limit: int = 10) -> list[Ticket]:
    """A WeChat follower's own letters, newest first: the follower is known by the openid WeChat
    vouches for, so no password is asked."""
    if not openid:
        return []
    return list(Ticket.objects.filter(citizen_openid=openid).order_by("-created_at", "-id")[:limit])


def letter_of_openid(openid: str, letter_number: str) -> Ticket:
    """One of the follower's letters; someone else's letter looks exactly like a missing one."""
    ticket = None
    letter_number = normalize_letter_number(letter_number)
    if openid and letter_number.isascii() and letter_number.isdigit() and len(letter_number) <= 16:
        ticket = Ticket.objects.filter(letter_number=letter_number, citizen_openid=openid).first()
    if ticket is None:
        raise NotFound("未找到该信件，请核对信件编号。")
    return ticket
