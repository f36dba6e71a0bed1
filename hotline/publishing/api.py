"""Published letters over the API: the public column (`GET /api/v1/letters/public/`) and the staff
actions `publish` / `unpublish` on a ticket (CONTRACT.md, second wave), with the editor's draft."""

from __future__ import annotations

from django.core.paginator import EmptyPage, Paginator
from rest_framework import serializers
from rest_framework.response import Response

from hotline.api.views.base import CitizenView, StaffView
from hotline.publishing import selectors, services
from hotline.publishing.models import Publication
from tickets.errors import HotlineError, InvalidInput, NotFound
from tickets.models import Ticket
from tickets.selectors import ticket_payload, visible_ticket

PAGE_SIZE = 20


def _page_number(params) -> int:
    raw = params.get("page", "1")
    if not raw.isdigit() or not 1 <= int(raw) <= 10_000:
        raise InvalidInput(fields={"page": ["页码应为正整数。"]})
    return int(raw)


def _filters(params) -> dict:
    problems = {}
    q = params.get("q", "").strip()
    if len(q) > selectors.Q_MAX or "\x00" in q:
        problems["q"] = [f"搜索词不能超过{selectors.Q_MAX}个字符。"]
    column = params.get("column", "")
    if column and column not in Publication.Column.values:
        problems["column"] = ["栏目应为 letters 或 exposure。"]
    department = params.get("department", "")
    if len(department) > 40 or "\x00" in department:
        problems["department"] = ["单位代码不正确。"]
    if problems:
        raise InvalidInput(fields=problems)
    return {"q": q, "column": column, "department": department}


class PublicLettersView(CitizenView):
    def get(self, request):
        paginator = Paginator(selectors.public_letters(**_filters(request.query_params)), PAGE_SIZE)
        number = _page_number(request.query_params)
        try:
            items = list(paginator.page(number).object_list)
        except EmptyPage:
            items = []
        return Response({"count": paginator.count, "page": number, "pages": paginator.num_pages,
                         "results": [selectors.public_payload(p) for p in items]})


class PublicLetterView(CitizenView):
    def get(self, request, publication_id):
        publication = selectors.public_letter(publication_id)
        if publication is None:
            raise NotFound("未找到该公开信件。")
        return Response(selectors.public_payload(publication))


class PublishSerializer(serializers.Serializer):
    title = serializers.CharField(required=False, allow_blank=True, max_length=services.TITLE_MAX)
    content = serializers.CharField(required=False, allow_blank=True, max_length=services.TEXT_MAX)
    reply = serializers.CharField(required=False, allow_blank=True, max_length=services.TEXT_MAX)
    column = serializers.ChoiceField(choices=Publication.Column.choices, required=False)
    outcome = serializers.CharField(required=False, allow_blank=True, max_length=services.OUTCOME_MAX, default="")


class UnpublishSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=services.REASON_MAX, default="")


def _answer(ticket_id: int, user) -> Response:
    ticket = Ticket.objects.select_related("lead_department", "category").get(pk=ticket_id)
    body = ticket_payload(ticket, user)
    body["publication"] = selectors.staff_payload(Publication.objects.filter(ticket_id=ticket_id).first())
    return Response(body)


class PublishView(StaffView):
    def post(self, request, ticket_id):
        ticket = visible_ticket(request.user, ticket_id)
        services.publish(ticket.pk, by=request.user, **self.valid(PublishSerializer))
        return _answer(ticket.pk, request.user)


class UnpublishView(StaffView):
    def post(self, request, ticket_id):
        ticket = visible_ticket(request.user, ticket_id)
        services.unpublish(ticket.pk, by=request.user, **self.valid(UnpublishSerializer))
        return _answer(ticket.pk, request.user)


class PublicationDraftView(StaffView):
    """GET the editor's starting point: the redacted draft (or why the letter cannot be published)
    and the current publication, if any."""

    def get(self, request, ticket_id):
        ticket = visible_ticket(request.user, ticket_id)
        try:
            draft, refusal = services.draft(ticket), None
        except HotlineError as exc:
            draft, refusal = None, {"code": exc.code, "message": exc.message}
        return Response({"ticket": ticket.pk, "publishable": draft is not None, "refusal": refusal, "draft": draft,
                         "publication": selectors.staff_payload(Publication.objects.filter(ticket=ticket).first())})
