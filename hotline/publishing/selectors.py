"""Reads of published letters: the public column (list, search, per-unit filter), one letter, and the
editor's queue of letters that may be selected."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from hotline.api import parsing
from hotline.publishing.models import Publication
from hotline.publishing.services import PUBLISHABLE_STATUSES
from tickets.models import Department, Ticket

Q_MAX = 50


def public_letters(*, q: str = "", department: str = "", column: str = "") -> QuerySet:
    """Published letters, newest first. `q` searches title, letter and reply; `department` is a unit
    code; `column` is letters or exposure (empty: both)."""
    letters = (Publication.objects.filter(is_published=True).select_related("ticket", "department")
               .order_by("-published_at", "-id"))
    if column:
        letters = letters.filter(column=column)
    if department:
        letters = letters.filter(department__code=department)
    for word in (q or "").split()[:5]:
        letters = letters.filter(Q(title__icontains=word) | Q(content__icontains=word) | Q(reply_text__icontains=word))
    return letters


def public_letter(publication_id) -> Publication | None:
    if parsing.whole_number(str(publication_id)) is None:
        return None
    return public_letters().filter(pk=publication_id).first()


def departments_with_letters() -> list[Department]:
    """The units that have published letters: the public filter offers only those."""
    published = Publication.objects.filter(is_published=True, department=OuterRef("pk"))
    return list(Department.objects.filter(Exists(published)).order_by("sort_order", "code"))


def _iso(value):
    return timezone.localtime(value).isoformat() if value else None


def public_payload(publication: Publication) -> dict:
    """GET /api/v1/letters/public/: a published letter, personal data removed by its editor."""
    ticket = publication.ticket
    return {
        "id": publication.pk,
        "column": publication.column,
        "column_label": publication.get_column_display(),
        "type": ticket.type,
        "type_label": ticket.get_type_display(),
        "title": publication.title,
        "content": publication.content,
        "department": ({"code": publication.department.code, "name": publication.department.name}
                       if publication.department_id else None),
        "reply": {"text": publication.reply_text, "department": publication.reply_department,
                  "at": _iso(publication.replied_at)},
        "outcome": publication.outcome,
        "solved": publication.solved,
        "submitted_at": _iso(publication.submitted_at),
        "published_at": _iso(publication.published_at),
    }


def editor_queue() -> QuerySet:
    """Letters an editor may select: consented, resolved or closed, and not published now."""
    published = Publication.objects.filter(ticket=OuterRef("pk"), is_published=True)
    return (Ticket.objects.filter(publish_consent=True, status__in=PUBLISHABLE_STATUSES)
            .exclude(Exists(published)).select_related("lead_department").order_by("-resolved_at", "-id"))


def staff_payload(publication: Publication | None) -> dict | None:
    if publication is None:
        return None
    body = public_payload(publication)
    body.update(is_published=publication.is_published, ticket=publication.ticket_id,
                published_by=publication.published_by.display_name if publication.published_by_id else "",
                unpublished_at=_iso(publication.unpublished_at), unpublish_reason=publication.unpublish_reason)
    return body
