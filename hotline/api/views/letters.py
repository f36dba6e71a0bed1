"""Citizens' letters: submit, look up with number + password, rate. No login (CONTRACT.md)."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from hotline.api import guards
from hotline.api.schema import LetterCreatedSerializer, LetterViewSerializer, errors
from hotline.api.serializers import LetterSerializer, LookupSerializer, RatingSerializer
from hotline.api.views.base import CitizenView
from hotline.portal.access import attachment_url
from tickets import letter_rules
from tickets.models import Channel, Rating, Ticket
from tickets.selectors import public_view
from tickets.services.intake import submit_letter
from tickets.services.ratings import rate



class LetterCreateView(CitizenView):
    @extend_schema(
        operation_id="letters_create", tags=["citizens"], summary="提交信件（我要写信）",
        request=LetterSerializer,
        responses={201: LetterCreatedSerializer, **errors(400, 413, 415, 429)},
    )
    def post(self, request):
        data = self.valid(LetterSerializer)
        with guards.submission_allowed(request, data["phone"]):
            registration = submit_letter(channel=Channel.WEB, **letter_rules.letter_kwargs(data))
        ticket = registration.ticket
        return Response({
            "letter_number": ticket.letter_number,
            "password": registration.password,
            "status": ticket.status,
            "submitted_at": timezone.localtime(ticket.created_at).isoformat(),
        }, status=201)


def _lookup_body(ticket: Ticket) -> dict:
    """The lookup body with an address for each reply attachment that opens without a session."""
    body = public_view(ticket)
    for item in (body["reply"] or {}).get("attachments", []):
        item["url"] = attachment_url(item["id"])
    return body


class LetterLookupView(CitizenView):
    @extend_schema(
        operation_id="letters_lookup", tags=["citizens"], summary="信件查询（编号 + 查询密码）",
        description="编号不存在与密码错误返回相同的 404；同一编号15分钟内错5次、同一地址1小时内失败30次后返回 429。",
        request=LookupSerializer,
        responses={200: LetterViewSerializer, **errors(400, 404, 413, 415, 429)},
    )
    def post(self, request):
        data = self.valid(LookupSerializer)
        ticket = guards.guarded_lookup(request, data["letter_number"], data["password"])
        return Response(_lookup_body(ticket))


class LetterRateView(CitizenView):
    @extend_schema(
        operation_id="letters_rate", tags=["citizens"], summary="评价办理结果",
        description="仅在“已办结·待回访”时可评价；同一次办结重复评价返回 409。不满意的评价会重办一次。",
        request=RatingSerializer,
        responses={200: LetterViewSerializer, **errors(400, 404, 409, 413, 415, 429)},
    )
    def post(self, request):
        data = self.valid(RatingSerializer)
        ticket = guards.guarded_lookup(request, data["letter_number"], data["password"])
        rate(ticket.pk, solved=data["solved"], satisfaction=data["satisfaction"], comment=data["comment"],
             source=Rating.Source.WEB)
        return Response(_lookup_body(Ticket.objects.select_related("lead_department").get(pk=ticket.pk)))
