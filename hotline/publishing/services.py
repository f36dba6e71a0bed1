"""Selecting letters for publication, editing their text, and withdrawing them.

Rules (issue 13 §3, seeds 000/001): only a letter that is resolved or closed and whose citizen
consented when writing may be published (otherwise 409); the editor starts from a draft with
personal data already removed (`draft`), edits and confirms it (`publish`); a text that still
carries a phone number, an ID number, a plate or the citizen's name is refused. Publishing and
unpublishing are events in the ticket's history, recorded through the core's event service under
the ticket's row lock.
"""

from __future__ import annotations

import re

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from hotline.publishing import redaction
from hotline.publishing.models import Publication
from tickets.errors import InvalidInput, PermissionDenied, TransitionNotAllowed
from tickets.models import EventKind, Status, Ticket
from tickets.roles import PUBLISHERS, has_any
from tickets.selectors import public_view
from tickets.services.events import record_event
from tickets.services.engine import locked_ticket

PUBLISHABLE_STATUSES = (Status.RESOLVED, Status.CLOSED)
TITLE_MAX, TEXT_MAX, OUTCOME_MAX, REASON_MAX = 200, 5000, 2000, 500
# Words that mark a complaint about an office not doing its job (不作为): the draft suggests 曝光纠错.
INACTION_WORDS = re.compile(r"不作为|推诿|推脱|踢皮球|不管不问|无人管|没人管|拖延|不处理|不予处理|敷衍|懒政|慢作为|乱作为")


def _publisher(by) -> None:
    if not has_any(by, PUBLISHERS):
        raise PermissionDenied("只有派单审核员和督办班长可以选登信件。")


def check_publishable(ticket: Ticket) -> None:
    if not ticket.publish_consent:
        raise TransitionNotAllowed("来信人未同意公开，不能选登。")
    if ticket.status not in PUBLISHABLE_STATUSES:
        raise TransitionNotAllowed(f"信件当前状态为“{ticket.get_status_display()}”，办结后才能选登。")


def _names(ticket: Ticket) -> tuple[str, ...]:
    return (ticket.citizen_name,) if ticket.citizen_name else ()


def draft(ticket: Ticket) -> dict:
    """What the editor starts from: title, letter and reply with personal data removed, what was
    removed, and the suggested column. The editor never sees the unredacted text here."""
    check_publishable(ticket)
    reply = public_view(ticket)["reply"]
    if reply is None:
        raise TransitionNotAllowed("该信件没有可公开的答复。")
    names = _names(ticket)
    parts = {key: redaction.redact(text, names=names)
             for key, text in (("title", ticket.title), ("content", ticket.content), ("reply", reply["text"]))}
    found: dict[str, int] = {}
    for part in parts.values():
        for kind, n in part.found.items():
            found[kind] = found.get(kind, 0) + n
    inaction = ticket.type == "complaint" and bool(INACTION_WORDS.search(f"{ticket.title}{ticket.content}"))
    return {
        "title": parts["title"].text, "content": parts["content"].text, "reply": parts["reply"].text,
        "reply_department": reply["department"], "replied_at": reply["at"],
        "removed": {redaction.LABELS[kind]: n for kind, n in found.items()},
        "column": Publication.Column.EXPOSURE if inaction else Publication.Column.LETTERS,
    }


def _text(value, field: str, label: str, limit: int, *, required: bool = True) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(fields={field: ["应为文本。"]})
    value = value.strip()
    if required and not value:
        raise InvalidInput(fields={field: [f"请填写{label}。"]})
    if len(value) > limit:
        raise InvalidInput(fields={field: [f"{label}不能超过{limit}字。"]})
    return value


def publish(ticket_id: int, *, by, title=None, content=None, reply=None, column=None, outcome="",
            version: int | None = None) -> Publication:
    """Publish (or re-edit a published) letter. Text not given is taken from the redacted draft; the
    text given is the editor's confirmed version and must be free of personal data."""
    _publisher(by)
    with locked_ticket(ticket_id, expected_version=version) as ticket:
        start = draft(ticket)
        fields = {
            "title": _text(start["title"] if title is None else title, "title", "标题", TITLE_MAX),
            "content": _text(start["content"] if content is None else content, "content", "来信内容", TEXT_MAX),
            "reply_text": _text(start["reply"] if reply is None else reply, "reply", "答复内容", TEXT_MAX),
            "outcome": _text(outcome, "outcome", "整改结果", OUTCOME_MAX, required=False),
        }
        column = column or start["column"]
        if column not in Publication.Column.values:
            raise InvalidInput(fields={"column": ["栏目应为 letters（来信选登）或 exposure（曝光纠错）。"]})
        problems = {}
        for field in ("title", "content", "reply_text", "outcome"):
            left = redaction.personal_data_left(fields[field], names=_names(ticket))
            if left:
                problems["reply" if field == "reply_text" else field] = [f"仍含有个人信息（{'、'.join(left)}），请删除后再发布。"]
        if problems:
            raise InvalidInput("公开内容仍含有个人信息。", fields=problems)
        rating = ticket.ratings.order_by("-round").first()
        now = timezone.now()
        existing = Publication.objects.filter(ticket=ticket).first()
        values = dict(fields, column=column, reply_department=start["reply_department"],
                      department=ticket.lead_department, solved=rating.solved if rating else None,
                      submitted_at=ticket.created_at, replied_at=parse_datetime(start["replied_at"]),
                      is_published=True, published_by=by, unpublished_at=None, unpublished_by=None,
                      unpublish_reason="")
        if existing is None or not existing.is_published:
            values["published_at"] = now
        publication, _ = Publication.objects.update_or_create(ticket=ticket, defaults=values)
        edited = existing is not None and existing.is_published
        _bump(ticket)
        record_event(ticket, EventKind.PUBLISHED, actor=by,
                     text=f"{'修改公开内容' if edited else '选登公开'}（{publication.get_column_display()}）",
                     public_label="" if edited else "信件已公开选登",
                     data={"publication": publication.pk, "column": column, "edited": edited,
                           "removed": start["removed"]})
        return publication


def unpublish(ticket_id: int, *, by, reason="", version: int | None = None) -> Publication:
    _publisher(by)
    reason = _text(reason, "reason", "撤销原因", REASON_MAX, required=False)
    with locked_ticket(ticket_id, expected_version=version) as ticket:
        publication = Publication.objects.filter(ticket=ticket, is_published=True).first()
        if publication is None:
            raise TransitionNotAllowed("该信件未公开，无需撤销。")
        publication.is_published = False
        publication.unpublished_at, publication.unpublished_by, publication.unpublish_reason = timezone.now(), by, reason
        publication.save(update_fields=["is_published", "unpublished_at", "unpublished_by", "unpublish_reason",
                                        "updated_at"])
        _bump(ticket)
        record_event(ticket, EventKind.UNPUBLISHED, actor=by, text=reason or "撤销公开",
                     public_label="信件已撤销公开", data={"publication": publication.pk})
        return publication


def _bump(ticket: Ticket) -> None:
    # Someone holding the ticket open sees it changed (its version), like any other action.
    ticket.version += 1
    Ticket.objects.filter(pk=ticket.pk).update(version=ticket.version, updated_at=timezone.now())


__all__ = ["check_publishable", "draft", "publish", "unpublish"]
