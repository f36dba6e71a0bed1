"""Smart-dispatch suggestions for hotline staff: for a letter being written, or a stored ticket.
The reading is `tickets.routing.suggestions`; this only checks the body and the reader."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response

from hotline.api.schema import errors
from hotline.api.views.base import StaffView
from tickets import roles
from tickets.errors import InvalidInput, NotFound, PermissionDenied
from tickets.models import TicketType
from tickets.routing.suggestions import suggest, suggestions_payload
from tickets.selectors import visible_tickets

MAX_TEXT = 100_000
FIELDS = ("title", "content", "type", "address", "phone", "category")

SuggestionsSchema = inline_serializer("Suggestions", {
    "departments": serializers.ListField(child=serializers.DictField()),
    "categories": serializers.ListField(child=serializers.DictField()),
    "duplicates": serializers.ListField(child=serializers.DictField()),
    "kb": serializers.ListField(child=serializers.DictField()),
})
SuggestionRequest = inline_serializer("SuggestionRequest", {
    "title": serializers.CharField(required=False), "content": serializers.CharField(required=False),
    "type": serializers.ChoiceField(choices=TicketType.choices, required=False),
    "address": serializers.CharField(required=False), "phone": serializers.CharField(required=False),
    "category": serializers.CharField(required=False),
})


def _reader(user) -> None:
    # Suggestions show other letters (duplicates): hotline staff only, not the units.
    if not roles.has_any(user, roles.HOTLINE_STAFF):
        raise PermissionDenied("只有热线话务、派单、督办和领导岗位可以查看派单建议。")


def _body(data) -> dict:
    if not isinstance(data, dict):
        raise InvalidInput("请求体应为 JSON 对象。")
    problems, body = {}, {}
    for field in FIELDS:
        value = data.get(field)
        if value is None:
            body[field] = ""
        elif not isinstance(value, str):
            problems[field] = ["应为文本。"]
        elif len(value) > MAX_TEXT:
            problems[field] = [f"不能超过{MAX_TEXT}个字符。"]
        else:
            body[field] = value.replace("\x00", "")
    if body.get("type") and body["type"] not in TicketType.values:
        problems["type"] = [f"诉求类型不正确。可选：{', '.join(TicketType.values)}"]
    if problems:
        raise InvalidInput(fields=problems)
    return body


class SuggestionsView(StaffView):
    @extend_schema(summary="派单建议（登记中的来信）", request=SuggestionRequest,
                   responses={200: SuggestionsSchema, **errors(400, 401, 403)})
    def post(self, request):
        _reader(request.user)
        return Response(suggestions_payload(suggest(**_body(request.data))))


class TicketSuggestionsView(StaffView):
    @extend_schema(summary="派单建议（已受理的工单）", responses={200: SuggestionsSchema, **errors(401, 403, 404)})
    def get(self, request, ticket_id: int):
        _reader(request.user)
        ticket = (visible_tickets(request.user).select_related("category").filter(pk=ticket_id).first())
        if ticket is None:
            raise NotFound("工单不存在。")
        return Response(suggestions_payload(suggest(ticket=ticket)))
