"""Staff tickets: register, list, detail, transitions, actions, and the logged reveal of personal data.

Every read goes through `tickets.selectors` (what this user may see, masked as they may see it) and
every write through `tickets.services`. A ticket the user may not see answers 404 exactly like a
missing one, so a department cannot learn that another department's ticket exists.
"""

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response

from hotline.api.pagination import NewestFirstPagination, RelevancePagination
from hotline.api.schema import (
    STAFF_ERRORS, PersonalDataSerializer, RegisteredTicketSerializer, TicketDetailSerializer, TicketSerializer,
    errors,
)
from hotline.api.serializers import ActionSerializer, TicketRegistrationSerializer, TransitionSerializer
from hotline.api.views.base import StaffView
from hotline.clients import client_ip
from hotline.exports.negotiation import ExportAwareNegotiation, export_format
from hotline.exports.spreadsheet import SPREADSHEET_RESPONSES, export_response
from hotline.exports.tickets import ticket_sheet
from tickets import letter_rules, privacy, roles
from tickets.errors import PermissionDenied
from tickets.models import TRANSITION_NAMES, Department, Ticket
from tickets.search import TicketFilters
from tickets.search import search as search_tickets
from tickets.search.filters import Q_MAX, SLA_STATES
from tickets.selectors import ticket_payload, visible_ticket, visible_tickets
from tickets.services.actions import ACTION_NAMES, run_action
from tickets.services.intake import register_ticket
from tickets.services.transitions import run_transition



def _fresh(ticket_id: int) -> Ticket:
    """The ticket as committed, with what the payload reads loaded in few queries."""
    return (Ticket.objects.select_related("lead_department", "category__parent__parent")
            .prefetch_related("co_departments").get(pk=ticket_id))


def _filter_tickets(queryset, params, user):
    """Apply the list's filters and search (``tickets.search``); malformed parameters are a 400
    naming the parameter."""
    return search_tickets(queryset, TicketFilters.from_params(params), user)


def _attachments(ticket: Ticket) -> list[dict]:
    return [
        {"id": a.pk, "name": a.original_name, "content_type": a.content_type, "size": a.size,
         "reply": a.reply_id, "url": reverse("portal:attachment", args=[a.pk])}
        for a in ticket.attachments.order_by("id")
    ]


TICKET_ID = OpenApiParameter("ticket_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="工单 id")


class TicketListView(StaffView):
    pagination_class = NewestFirstPagination
    content_negotiation_class = ExportAwareNegotiation

    @extend_schema(
        operation_id="tickets_list", tags=["tickets"], summary="工单列表（本人可见的，最新在前）",
        parameters=[
            OpenApiParameter("status", str, description="状态，可用逗号分隔多个"),
            OpenApiParameter("department", str, description="主办单位代码"),
            OpenApiParameter("category", str, description="诉求分类代码（含其下级分类）"),
            OpenApiParameter("channel", str, description="渠道，可用逗号分隔多个"),
            OpenApiParameter("type", str, description="诉求类型，可用逗号分隔多个"),
            OpenApiParameter("priority", str, description="紧急程度：normal 或 urgent"),
            OpenApiParameter("sla", str, enum=SLA_STATES, description="时限状态"),
            OpenApiParameter("from", str, description="受理日期起（含），YYYY-MM-DD；空值表示不限"),
            OpenApiParameter("to", str, description="受理日期止（含），YYYY-MM-DD；空值表示不限"),
            OpenApiParameter("district", str, description="区县"),
            OpenApiParameter("street", str, description="街道/乡镇"),
            OpenApiParameter("q", str, description=(
                f"搜索（至多{Q_MAX}字）：标题、内容、答复、内部备注、信件编号（整号或任意连续6位以上数字）；"
                "热线人员还可按诉求人姓名、电话（整号，或与其他筛选条件同用时的后4位）。词序不限，"
                "可用问句；有 q 时按相关度排序，同分者新单在前")),
            OpenApiParameter("cursor", str, description="翻页参数（取自 next / previous）"),
            OpenApiParameter("page_size", {"type": "integer", "minimum": 1, "maximum": 100}, description="每页条数（1–100，默认20）"),
            OpenApiParameter("format", str, enum=["json", "xlsx", "csv"],
                             description="xlsx / csv：按相同筛选下载全部结果（最新在前，有上限）"),
        ],
        responses={**SPREADSHEET_RESPONSES, (200, "application/json"): inline_serializer("TicketPage", {
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": TicketSerializer(many=True),
        }), **errors(*STAFF_ERRORS)},
    )
    def get(self, request):
        user = request.user
        queryset = _filter_tickets(
            visible_tickets(user).select_related("category__parent__parent")
            .prefetch_related(Prefetch("co_departments", queryset=Department.objects.order_by("sort_order", "code"))),
            request.query_params, user,
        )
        fmt = export_format(request)
        if fmt:
            return export_response(fmt, "工单列表", [ticket_sheet(queryset.order_by("-id"), user)])
        paginator = RelevancePagination() if request.query_params.get("q", "").strip() else self.pagination_class()
        page = paginator.paginate_queryset(queryset, request, view=self)
        now = timezone.now()
        return paginator.get_paginated_response([ticket_payload(t, user, now=now) for t in page])

    @extend_schema(
        operation_id="tickets_create", tags=["tickets"], summary="话务员登记工单",
        request=TicketRegistrationSerializer,
        responses={201: RegisteredTicketSerializer, **errors(*STAFF_ERRORS)},
    )
    def post(self, request):
        user = request.user
        if not roles.has_any(user, roles.INTAKE):
            raise PermissionDenied("只有话务员和派单员可以登记工单。")
        data = self.valid(TicketRegistrationSerializer)
        registration = register_ticket(by=user, **letter_rules.letter_kwargs(data, letter_rules.REGISTRATION_FIELDS))
        body = ticket_payload(_fresh(registration.ticket.pk), user)
        body["password"] = registration.password  # read out to the caller once; stored only hashed
        return Response(body, status=201)


class TicketDetailView(StaffView):
    @extend_schema(
        operation_id="tickets_retrieve", tags=["tickets"], summary="工单详情（含全部历史）",
        parameters=[TICKET_ID], responses={200: TicketDetailSerializer, **errors(*STAFF_ERRORS)},
    )
    def get(self, request, ticket_id):
        user = request.user
        ticket = visible_ticket(user, ticket_id)
        body = ticket_payload(_fresh(ticket.pk), user, with_events=True)
        body["attachments"] = _attachments(ticket)
        if not privacy.withheld_from(ticket, user) and (ticket.citizen_name or ticket.citizen_address):
            # The detail shows the name and address unmasked: that is an opening of personal data.
            privacy.log_access(ticket, user, via="api:detail", fields="name,address", ip_address=client_ip(request))
        return Response(body)


class _TicketCommandView(StaffView):
    """POST a named command on a ticket the user can see; answer with the ticket as it is now."""

    body_serializer: type
    command: staticmethod

    def post(self, request, ticket_id, name):
        user = request.user
        ticket = visible_ticket(user, ticket_id)
        self.command(ticket.pk, name, by=user, payload=dict(self.valid(self.body_serializer)))
        return Response(ticket_payload(_fresh(ticket.pk), user))


@extend_schema_view(post=extend_schema(
    operation_id="tickets_transition", tags=["tickets"], summary="执行流转操作",
    description="不允许时返回 409，附 available_transitions；无权时 403。各操作的请求体见 CONTRACT.md。",
    parameters=[TICKET_ID, OpenApiParameter("name", str, OpenApiParameter.PATH, enum=TRANSITION_NAMES)],
    request=TransitionSerializer, responses={200: TicketSerializer, **errors(*STAFF_ERRORS, 409)},
))
class TicketTransitionView(_TicketCommandView):
    body_serializer = TransitionSerializer
    command = staticmethod(run_transition)


@extend_schema_view(post=extend_schema(
    operation_id="tickets_action", tags=["tickets"], summary="催办、督办、备注、延期、回访",
    parameters=[TICKET_ID, OpenApiParameter("name", str, OpenApiParameter.PATH, enum=ACTION_NAMES)],
    request=ActionSerializer, responses={200: TicketSerializer, **errors(*STAFF_ERRORS, 409)},
))
class TicketActionView(_TicketCommandView):
    body_serializer = ActionSerializer
    command = staticmethod(run_action)


class TicketPersonalDataView(StaffView):
    @extend_schema(
        operation_id="tickets_personal", tags=["tickets"], summary="查看诉求人完整个人信息（留痕）",
        description="每次调用都记录查看人、时间和工单；诉求人要求保密时承办单位无权查看（403）。",
        parameters=[TICKET_ID], responses={200: PersonalDataSerializer, **errors(*STAFF_ERRORS)},
    )
    def get(self, request, ticket_id):
        ticket = visible_ticket(request.user, ticket_id)
        return Response(privacy.reveal_personal_data(ticket, request.user, via="api", ip_address=client_ip(request)))
