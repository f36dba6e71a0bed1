"""The REST door of the weekend appointment service (CONTRACT.md). Thin: shapes in, services and
selectors do the rest, errors leave in the contract's shape (hotline.api.errors).

The citizen proves a booking with its number and the ID number given when booking (`id_number` in
the body, or the `X-Id-Number` header / `id_number` query parameter on GET); hall staff use their
token and act on the booking's number as well."""

from __future__ import annotations

from django.db import transaction
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from hotline.api.schema import errors
from hotline.api.views.base import JsonView
from hotline.appointments import access, guards, selectors, services
from hotline.appointments.models import Booking, CancelReason, Status
from tickets.errors import InvalidInput, NotFound, PermissionDenied

ID_HELP = "预约时填写的18位居民身份证号码"


class BookingRequest(serializers.Serializer):
    service = serializers.CharField(max_length=40, help_text="事项编码（见 services/）")
    name = serializers.CharField(max_length=50)
    id_number = serializers.CharField(max_length=32, help_text=ID_HELP)
    phone = serializers.CharField(max_length=32, help_text="手机号码（告知单以短信发送）")
    date = serializers.DateField(help_text="本周六或周日，YYYY-MM-DD")
    period = serializers.CharField(max_length=11, help_text="时间段，如 09:00-10:30（见 calendar/）")


class ApplicantRequest(serializers.Serializer):
    id_number = serializers.CharField(max_length=32, help_text=ID_HELP)


class StaffCancelRequest(serializers.Serializer):
    reason = serializers.ChoiceField(choices=[c for c in CancelReason.choices if c[0] != CancelReason.CITIZEN])
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class CancelRequest(serializers.Serializer):
    id_number = serializers.CharField(max_length=32, required=False, help_text=ID_HELP + "（申请人取消时必填）")
    reason = serializers.ChoiceField(choices=[c for c in CancelReason.choices if c[0] != CancelReason.CITIZEN],
                                     required=False, help_text="工作人员取消时必填")
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class ReviewRequest(serializers.Serializer):
    time = serializers.TimeField(required=False, help_text="确定的到达时间，在预约时间段内；缺省为时间段开始")
    window = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    materials = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="",
                                      help_text="需携带材料，每行一项；缺省为事项配置的材料")
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class CheckInRequest(serializers.Serializer):
    id_number = serializers.CharField(max_length=32, help_text="现场核验的二代身份证号码")


class ServiceOut(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    materials = serializers.ListField(child=serializers.CharField())
    department = serializers.CharField()
    notes = serializers.CharField()


class BookingOut(serializers.Serializer):
    id = serializers.CharField(help_text="预约号")
    status = serializers.CharField(help_text="、".join(f"{value}（{label}）" for value, label in Status.choices))
    status_label = serializers.CharField()
    service = serializers.DictField()
    date = serializers.DateField()
    period = serializers.CharField()
    time = serializers.CharField(allow_null=True)
    window = serializers.CharField(allow_null=True)
    materials = serializers.ListField(child=serializers.CharField())
    notice = serializers.CharField(allow_null=True, help_text="告知单（工作人员审核后）")
    notice_confirmed = serializers.BooleanField()
    queue_number = serializers.CharField(allow_null=True)
    cancel_deadline = serializers.DateTimeField()
    can_cancel = serializers.BooleanField()
    can_confirm = serializers.BooleanField()
    cancel_reason = serializers.CharField(allow_null=True)


class CalendarOut(serializers.Serializer):
    open = serializers.BooleanField()
    message = serializers.CharField(allow_blank=True)
    days = serializers.ListField(child=serializers.DictField())
    periods = serializers.ListField(child=serializers.DictField())


class OptionalToken(TokenAuthentication):
    """A token that is not a staff token (a signed-in citizen's, say) is simply not a staff login:
    the citizen endpoints answer as for anyone, instead of a 401."""

    def authenticate(self, request):
        try:
            return super().authenticate(request)
        except AuthenticationFailed:
            return None


class OptionalTokenScheme(OpenApiAuthenticationExtension):
    target_class = OptionalToken
    name = "optionalTokenAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": "大厅工作人员：Token <令牌>；市民无需登录，凭预约号和身份证号。"}


class AppointmentView(JsonView):
    """Anyone may call; a staff token unlocks the staff side."""

    authentication_classes = [OptionalToken]
    permission_classes = [AllowAny]  # the staff side checks its role itself (require_staff)

    def is_staff(self) -> bool:
        return access.runs_the_hall(self.request.user)

    def require_staff(self) -> None:
        if not self.request.user.is_authenticated:
            raise PermissionDenied("请先以大厅工作人员身份登录。")
        if not self.is_staff():
            raise PermissionDenied("该账号无权办理双休日预约。")

    def applicant_booking(self, number: str, id_number) -> Booking:
        """The booking for this number and ID number; a miss is counted against the address."""
        with guards.lookup_attempt(self.request, number):
            booking = selectors.find_for_applicant(number, id_number)
            if booking is None:
                raise NotFound("未找到该预约，请核对预约号和身份证号。")
        return booking

    def staff_booking(self, number: str) -> Booking:
        booking = Booking.objects.select_related("service", "period").filter(number=number).first()
        if booking is None:
            raise NotFound("未找到该预约。")
        return booking

    def answer(self, booking: Booking, status: int = 200) -> Response:
        booking = Booking.objects.select_related("service", "period").get(pk=booking.pk)
        view = selectors.staff_view(booking) if self.is_staff() else selectors.citizen_view(booking)
        return Response(view, status=status)


class ServicesView(AppointmentView):
    @extend_schema(operation_id="appointments_services", tags=["appointments"], summary="可预约事项及所需材料",
                   responses={200: ServiceOut(many=True)})
    def get(self, request):
        return Response([selectors.service_view(s) for s in selectors.services()])


class CalendarView(AppointmentView):
    @extend_schema(operation_id="appointments_calendar", tags=["appointments"],
                   summary="当前是否可预约、可预约的日期与时间段", responses={200: CalendarOut})
    def get(self, request):
        return Response(selectors.booking_window())


class BookingsView(AppointmentView):
    @extend_schema(operation_id="appointments_create", tags=["appointments"], summary="提交双休日预约",
                   description="周一至周五12:00前可预约本周六、日；错误码 booking_closed、holiday、invalid_id_number、"
                               "active_booking_exists、blacklisted。",
                   request=BookingRequest, responses={201: BookingOut, **errors(400, 409, 415, 429)})
    def post(self, request):
        data = self.valid(BookingRequest)
        with guards.booking_attempt(request):
            booking = services.book(**data)
        return self.answer(booking, status=201)

    @extend_schema(operation_id="appointments_list", tags=["appointments"], summary="某日预约列表（大厅工作人员）",
                   parameters=[OpenApiParameter("date", OpenApiTypes.DATE, description="缺省为今天"),
                               OpenApiParameter("status", OpenApiTypes.STR, enum=["pending"],
                                                description="pending：待审核队列")],
                   responses={200: BookingOut(many=True), **errors(400, 403)})
    def get(self, request):
        self.require_staff()
        status = request.query_params.get("status")
        if status not in (None, "pending"):
            raise InvalidInput("status 只支持 pending（待审核队列）。", fields={"status": ["只支持 pending。"]})
        if status == "pending":
            rows = selectors.review_queue()
        else:
            day = _parse_day(request.query_params.get("date"))
            rows = selectors.window_list(day)
        return Response([selectors.staff_view(b) for b in rows[:500]])


def _parse_day(value):
    from datetime import date

    from hotline.appointments import rules

    if value is None:
        return rules.local(rules.now()).date()
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise InvalidInput("日期格式应为 YYYY-MM-DD。", fields={"date": ["日期格式应为 YYYY-MM-DD。"]}) from None


class BookingDetailView(AppointmentView):
    @extend_schema(operation_id="appointments_detail", tags=["appointments"], summary="查看预约（预约号 + 身份证号）",
                   parameters=[OpenApiParameter("id_number", OpenApiTypes.STR, description=ID_HELP)],
                   responses={200: BookingOut, **errors(404, 429)})
    def get(self, request, number):
        if self.is_staff():
            return self.answer(self.staff_booking(number))
        id_number = request.headers.get("X-Id-Number") or request.query_params.get("id_number", "")
        return self.answer(self.applicant_booking(number, id_number))


class CancelView(AppointmentView):
    @extend_schema(operation_id="appointments_cancel", tags=["appointments"], summary="取消预约",
                   description="申请人凭身份证号取消，须至少提前半天（否则 409 too_late_to_cancel）；"
                               "工作人员取消须给出原因，原因以短信告知申请人。",
                   request=CancelRequest, responses={200: BookingOut, **errors(400, 403, 404, 409, 429)})
    def post(self, request, number):
        data = self.valid(CancelRequest)
        if self.is_staff() and "id_number" not in data:
            if "reason" not in data:
                raise InvalidInput("请选择取消原因。", fields={"reason": ["工作人员取消须选择原因。"]})
            booking = services.staff_cancel(self.staff_booking(number).pk, by=request.user, reason=data["reason"],
                                            note=data["note"])
            return self.answer(booking)
        if "id_number" not in data:
            raise InvalidInput("请填写预约时的身份证号。", fields={"id_number": ["请填写预约时的身份证号。"]})
        booking = self.applicant_booking(number, data["id_number"])
        return self.answer(services.citizen_cancel(booking.pk, id_number=data["id_number"], by=request.user))


class ConfirmView(AppointmentView):
    @extend_schema(operation_id="appointments_confirm", tags=["appointments"], summary="申请人确认告知单",
                   request=ApplicantRequest, responses={200: BookingOut, **errors(400, 404, 409, 429)})
    def post(self, request, number):
        data = self.valid(ApplicantRequest)
        booking = self.applicant_booking(number, data["id_number"])
        return self.answer(services.confirm_notice(booking.pk, id_number=data["id_number"], by=request.user))


class ReviewView(AppointmentView):
    @extend_schema(operation_id="appointments_review", tags=["appointments"], summary="审核并发送告知单（工作人员）",
                   request=ReviewRequest, responses={200: BookingOut, **errors(400, 403, 404, 409)})
    def post(self, request, number):
        self.require_staff()
        data = self.valid(ReviewRequest)
        booking = services.review(self.staff_booking(number).pk, by=request.user, confirmed_time=data.get("time"),
                                  window=data["window"], materials=data["materials"], note=data["note"])
        return self.answer(booking)


class FinishView(AppointmentView):
    @extend_schema(operation_id="appointments_finish", tags=["appointments"], summary="办理完毕（工作人员）",
                   request=None, responses={200: BookingOut, **errors(403, 404, 409)})
    def post(self, request, number):
        self.require_staff()
        return self.answer(services.finish(self.staff_booking(number).pk, by=request.user))


class NoShowView(AppointmentView):
    @extend_schema(operation_id="appointments_no_show", tags=["appointments"], summary="标记未履约（工作人员）",
                   description="预约开始30分钟后仍未到达且联系不到时可标记；未履约超过两次列入黑名单。",
                   request=None, responses={200: BookingOut, **errors(403, 404, 409)})
    def post(self, request, number):
        self.require_staff()
        return self.answer(services.mark_no_show(self.staff_booking(number).pk, by=request.user))


class CheckInView(AppointmentView):
    @extend_schema(operation_id="appointments_check_in", tags=["appointments"], summary="凭身份证取号确认（工作人员）",
                   request=CheckInRequest, responses={200: BookingOut, **errors(400, 403, 404, 409)})
    def post(self, request):
        self.require_staff()
        data = self.valid(CheckInRequest)
        with transaction.atomic():
            booking = services.check_in(id_number=data["id_number"], by=request.user)
        return self.answer(booking)
