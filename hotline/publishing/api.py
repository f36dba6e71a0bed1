"""Published letters over the API: the public column (`GET /api/v1/letters/public/`) and the staff
actions `publish` / `unpublish` on a ticket (CONTRACT.md, second wave), with the editor's draft."""

from __future__ import annotations

from django.core.paginator import EmptyPage, Paginator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from hotline.api import parsing
from hotline.api.schema import STAFF_ERRORS, errors
from hotline.api.serializers import ticket_version_field
from hotline.api.views.base import CitizenView, StaffView
from hotline.publishing import selectors, services
from hotline.publishing.schema import (
    PublicationDraftSerializer, PublicLetterPageSerializer, PublicLetterSerializer, TicketPublicationSerializer,
)
from hotline.publishing.models import Publication
from tickets.errors import HotlineError, InvalidInput, NotFound
from tickets.models import Ticket
from tickets.selectors import ticket_payload, visible_ticket

PAGE_SIZE = 20


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


TICKET_ID = OpenApiParameter("ticket_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="工单 id")


class PublicLettersView(CitizenView):
    @extend_schema(
        operation_id="letters_public_list", tags=["citizens"], summary="来信选登（已公开的信件，已去除个人信息）",
        parameters=[
            OpenApiParameter("q", {"type": "string", "maxLength": selectors.Q_MAX}, description="搜索标题、内容和答复"),
            OpenApiParameter("department", {"type": "string", "maxLength": 40}, description="承办单位代码"),
            OpenApiParameter("column", str, enum=Publication.Column.values, description="栏目：来信选登或曝光纠错"),
            OpenApiParameter("page", {"type": "integer", "minimum": 1, "maximum": 10000}, description="页码"),
        ],
        responses={200: PublicLetterPageSerializer, **errors(400, 429)},
    )
    def get(self, request):
        paginator = Paginator(selectors.public_letters(**_filters(request.query_params)), PAGE_SIZE)
        number = parsing.page_number(request.query_params)
        try:
            items = list(paginator.page(number).object_list)
        except EmptyPage:
            items = []
        return Response({"count": paginator.count, "page": number, "pages": paginator.num_pages,
                         "results": [selectors.public_payload(p) for p in items]})


class PublicLetterView(CitizenView):
    @extend_schema(
        operation_id="letters_public_retrieve", tags=["citizens"], summary="一封公开的信件",
        parameters=[OpenApiParameter("publication_id", OpenApiTypes.INT, OpenApiParameter.PATH)],
        responses={200: PublicLetterSerializer, **errors(404, 429)},
    )
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
    version = ticket_version_field()


class UnpublishSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=services.REASON_MAX, default="")
    version = ticket_version_field()


def _answer(ticket_id: int, user) -> Response:
    ticket = Ticket.objects.select_related("lead_department", "category").get(pk=ticket_id)
    body = ticket_payload(ticket, user)
    body["publication"] = selectors.staff_payload(Publication.objects.filter(ticket_id=ticket_id).first())
    return Response(body)


class PublishView(StaffView):
    @extend_schema(
        operation_id="tickets_publish", tags=["tickets"], summary="选登公开（或修改已公开的内容）",
        description="仅限已办结或已归档、且来信人同意公开的信件，否则 409。未给出的文字取自已自动去除个人信息的草稿；"
                    "给出的文字仍含电话、证件号、车牌或来信人姓名时 400。",
        parameters=[TICKET_ID], request=PublishSerializer,
        responses={200: TicketPublicationSerializer, **errors(*STAFF_ERRORS, 409)},
    )
    def post(self, request, ticket_id):
        ticket = visible_ticket(request.user, ticket_id)
        services.publish(ticket.pk, by=request.user, **self.valid(PublishSerializer))
        return _answer(ticket.pk, request.user)


class UnpublishView(StaffView):
    @extend_schema(
        operation_id="tickets_unpublish", tags=["tickets"], summary="撤销公开",
        description="未公开的信件 409。撤销记入工单历史。",
        parameters=[TICKET_ID], request=UnpublishSerializer,
        responses={200: TicketPublicationSerializer, **errors(*STAFF_ERRORS, 409)},
    )
    def post(self, request, ticket_id):
        ticket = visible_ticket(request.user, ticket_id)
        services.unpublish(ticket.pk, by=request.user, **self.valid(UnpublishSerializer))
        return _answer(ticket.pk, request.user)


class PublicationDraftView(StaffView):
    """GET the editor's starting point: the redacted draft (or why the letter cannot be published)
    and the current publication, if any."""

    @extend_schema(
        operation_id="tickets_publication", tags=["tickets"], summary="选登草稿（已自动去除个人信息）与公开状态",
        parameters=[TICKET_ID], responses={200: PublicationDraftSerializer, **errors(*STAFF_ERRORS)},
    )
    def get(self, request, ticket_id):
        ticket = visible_ticket(request.user, ticket_id)
        try:
            draft, refusal = services.draft(ticket), None
        except HotlineError as exc:
            draft, refusal = None, {"code": exc.code, "message": exc.message}
        return Response({"ticket": ticket.pk, "publishable": draft is not None, "refusal": refusal, "draft": draft,
                         "publication": selectors.staff_payload(Publication.objects.filter(ticket=ticket).first())})
