"""Pages: the public columns on the portal (来信选登, 曝光纠错) and the editor's desk in the consoles."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from hotline.consoles.access import console_for
from hotline.publishing import selectors, services
from hotline.publishing.models import Publication
from tickets.errors import HotlineError, NotFound
from tickets.roles import PUBLISHERS
from tickets.selectors import visible_ticket

PAGE_SIZE = 10


def _column_page(request, column: str, template: str):
    q = request.GET.get("q", "").strip()[:selectors.Q_MAX]
    department = request.GET.get("department", "")[:40]
    page = Paginator(selectors.public_letters(q=q, department=department, column=column), PAGE_SIZE).get_page(
        request.GET.get("page"))
    return render(request, template, {
        "page": page, "q": q, "department": department, "departments": selectors.departments_with_letters(),
        "column": column,
    })


def public_letters(request):
    return _column_page(request, "", "publishing/public_list.html")


def exposure(request):
    return _column_page(request, Publication.Column.EXPOSURE, "publishing/exposure.html")


def public_letter(request, publication_id):
    publication = selectors.public_letter(publication_id)
    if publication is None:
        raise Http404
    return render(request, "publishing/public_letter.html", {"p": publication})


@console_for(PUBLISHERS)
def editor_queue(request):
    return render(request, "publishing/editor_queue.html", {
        "waiting": Paginator(selectors.editor_queue(), 20).get_page(request.GET.get("page")),
        "published": Publication.objects.filter(is_published=True).select_related("ticket", "department")[:50],
    })


@console_for(PUBLISHERS)
@require_http_methods(["GET", "POST"])
def editor(request, ticket_id):
    try:
        ticket = visible_ticket(request.user, ticket_id)
    except NotFound:
        raise Http404 from None
    publication = Publication.objects.filter(ticket=ticket).first()
    error, fields, status = "", {}, 200
    if request.method == "POST":
        try:
            if request.POST.get("action") == "unpublish":
                services.unpublish(ticket.pk, by=request.user, reason=request.POST.get("reason", ""))
                messages.success(request, "已撤销公开。")
            else:
                services.publish(ticket.pk, by=request.user, title=request.POST.get("title", ""),
                                 content=request.POST.get("content", ""), reply=request.POST.get("reply", ""),
                                 column=request.POST.get("column") or None, outcome=request.POST.get("outcome", ""))
                messages.success(request, "已确认发布。")
            return redirect("publishing:editor", ticket_id=ticket.pk)
        except HotlineError as exc:
            error, fields, status = exc.message, exc.fields, exc.status
    try:
        draft = services.draft(ticket)
    except HotlineError as exc:
        draft, error = None, error or exc.message
    if request.method == "POST" and draft is not None:
        # Show what the editor typed, not the draft, next to the errors.
        draft.update({key: request.POST.get(key, draft.get(key, "")) for key in ("title", "content", "reply",
                                                                                    "outcome", "column")})
    if publication is not None and publication.is_published and draft is not None and request.method == "GET":
        draft.update(title=publication.title, content=publication.content, reply=publication.reply_text,
                     outcome=publication.outcome, column=publication.column)
    return render(request, "publishing/editor.html", {
        "ticket": ticket, "draft": draft, "publication": publication, "error": error, "fields": fields,
        "columns": Publication.Column.choices,
    }, status=status)
