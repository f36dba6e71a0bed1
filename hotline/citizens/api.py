"""The citizen-account API (CONTRACT.md, second wave): SMS code, sign-in, the profile and 我的信件.

Citizen tokens (`Authorization: Token ct_…`) are checked by `CitizenTokenAuthentication` here only;
the staff endpoints never know them (their TokenAuthentication answers 401 for one).
"""

from __future__ import annotations

from django.core.paginator import EmptyPage, Paginator
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from hotline.api import guards, parsing
from hotline.api.serializers import LetterSerializer, PhoneField, StrictBooleanField
from hotline.api.schema import LetterCreatedSerializer, errors
from hotline.api.views.base import CitizenView, JsonView
from hotline.citizens import schema
from hotline.citizens import selectors, services
from hotline.citizens.models import CitizenAccount
from tickets import letter_rules
from tickets.models import Channel, Rating, Satisfaction
from tickets.services.intake import submit_letter
from tickets.services.ratings import rate

PAGE_SIZE = 20


class CitizenTokenAuthentication(BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise AuthenticationFailed()
        try:
            key = parts[1].decode()
        except UnicodeError:
            raise AuthenticationFailed() from None
        account = selectors.account_for_token(key)
        if account is None:
            raise AuthenticationFailed()
        return account, key

    def authenticate_header(self, request):
        return self.keyword


class IsCitizen(IsAuthenticated):
    message = "请先登录市民账号。"

    def has_permission(self, request, view):
        return isinstance(request.user, CitizenAccount)


class SignedInView(JsonView):
    authentication_classes = [CitizenTokenAuthentication]
    permission_classes = [IsCitizen]


class PhoneSerializer(serializers.Serializer):
    phone = serializers.CharField(max_length=32, help_text="手机号")


class SignInSerializer(PhoneSerializer):
    code = serializers.CharField(max_length=12, help_text="短信验证码（6位数字）")


class SmsCodeView(CitizenView):
    @extend_schema(operation_id="citizens_sms_code", tags=["citizen accounts"], summary="获取短信验证码",
                   description="6位数字，5分钟内有效；同一号码60秒内不能重复获取（429），每号码、每地址有次数上限。",
                   request=PhoneSerializer, responses={202: schema.CodeSentSerializer, **errors(400, 429)}, auth=[])
    def post(self, request):
        data = self.valid(PhoneSerializer)
        services.request_code(data["phone"], address=guards.client_address(request))
        return Response({"sent": True, "expires_in": services.rules()["CODE_TTL_SECONDS"],
                         "resend_after": services.rules()["RESEND_SECONDS"]}, status=202)


class SignInView(CitizenView):
    @extend_schema(operation_id="citizens_login", tags=["citizen accounts"], summary="手机号 + 验证码登录（首次即注册）",
                   description="验证码错误、过期、已用或从未发送，均返回同一个 400 invalid_code；每个验证码最多试5次。",
                   request=SignInSerializer, responses={200: schema.CitizenTokenSerializer, **errors(400, 429)}, auth=[])
    def post(self, request):
        data = self.valid(SignInSerializer)
        account = services.sign_in(data["phone"], data["code"], address=guards.client_address(request))
        token = services.issue_token(account)
        return Response({"token": token.key, "expires_at": timezone.localtime(token.expires_at).isoformat()})


class SignOutView(SignedInView):
    @extend_schema(operation_id="citizens_logout", tags=["citizen accounts"], summary="退出（令牌作废）",
                   request=None, responses={204: None, **errors(401, 403)})
    def post(self, request):
        services.revoke_token(request.auth)
        return Response(status=204)


class MeView(SignedInView):
    @extend_schema(operation_id="citizens_me", tags=["citizen accounts"], summary="我的资料",
                   responses={200: schema.ProfileSerializer, **errors(401, 403)})
    def get(self, request):
        return Response(selectors.profile(request.user))


class RealNameSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=letter_rules.NAME_MAX)
    id_number = serializers.CharField(max_length=32)


class RealNameView(SignedInView):
    @extend_schema(operation_id="citizens_real_name", tags=["citizen accounts"], summary="实名认证（姓名 + 身份证号）",
                   description="身份证号按 GB 11643 校验位检查；登记后不能更改（409）。",
                   request=RealNameSerializer, responses={200: schema.ProfileSerializer, **errors(400, 401, 403, 409)})
    def post(self, request):
        data = self.valid(RealNameSerializer)
        account = services.set_real_name(request.user.pk, name=data["name"], id_number=data["id_number"])
        return Response(selectors.profile(account))


class LegalEntitySerializer(serializers.Serializer):
    kind = serializers.CharField(max_length=20)
    name = serializers.CharField(max_length=100)
    credit_code = serializers.CharField(max_length=32)
    legal_rep_name = serializers.CharField(max_length=letter_rules.NAME_MAX)
    legal_rep_id_number = serializers.CharField(max_length=32)
    contact_phone = serializers.CharField(max_length=32)


class LegalEntityView(SignedInView):
    @extend_schema(operation_id="citizens_legal_person", tags=["citizen accounts"], summary="法人用户注册",
                   description="须先完成实名认证（409），法定代表人须为本账号实名人；统一社会信用代码按 GB 32100 校验。",
                   request=LegalEntitySerializer,
                   responses={201: schema.ProfileSerializer, **errors(400, 401, 403, 409)})
    def post(self, request):
        data = self.valid(LegalEntitySerializer)
        services.register_legal_entity(request.user.pk, **data)
        return Response(selectors.profile(CitizenAccount.objects.get(pk=request.user.pk)), status=201)


class MyLetterSerializer(LetterSerializer):
    """A new letter from a signed-in citizen: the account's number is used unless another is given."""

    phone = PhoneField(required=False, allow_blank=True, default="")


class MyLettersView(SignedInView):
    @extend_schema(operation_id="citizens_my_letters", tags=["citizen accounts"], summary="我的信件（各渠道，按手机号）",
                   parameters=[OpenApiParameter("page", {"type": "integer", "minimum": 1, "maximum": 10000})],
                   responses={200: schema.MyLettersPageSerializer, **errors(400, 401, 403)})
    def get(self, request):
        paginator = Paginator(selectors.letters_of_account(request.user), PAGE_SIZE)
        try:
            page = paginator.page(parsing.page_number(request.query_params))
        except EmptyPage:
            page = None
        return Response({
            "count": paginator.count,
            "page": page.number if page else parsing.page_number(request.query_params),
            "pages": paginator.num_pages,
            "results": [selectors.my_letter_view(t) for t in page.object_list] if page else [],
        })

    @extend_schema(operation_id="citizens_my_letters_create", tags=["citizen accounts"], summary="写信（自动填入本人信息）",
                   request=MyLetterSerializer, responses={201: LetterCreatedSerializer, **errors(400, 401, 403, 429)})
    def post(self, request):
        data = self.valid(MyLetterSerializer)
        account = request.user
        data["phone"] = data.get("phone") or account.phone
        data["name"] = data.get("name") or account.real_name
        with guards.submission_allowed(request, data["phone"]):
            registration = submit_letter(channel=Channel.WEB, **letter_rules.letter_kwargs(data))
        ticket = registration.ticket
        return Response({"letter_number": ticket.letter_number, "password": registration.password,
                         "status": ticket.status,
                         "submitted_at": timezone.localtime(ticket.created_at).isoformat()}, status=201)


class MyLetterView(SignedInView):
    @extend_schema(operation_id="citizens_my_letter", tags=["citizen accounts"], summary="我的一封信件",
                   responses={200: schema.MyLetterViewSerializer, **errors(401, 403, 404)})
    def get(self, request, letter_number):
        return Response(selectors.my_letter_view(selectors.letter_of_account(request.user, letter_number)))


class MyRatingSerializer(serializers.Serializer):
    solved = StrictBooleanField()
    satisfaction = serializers.ChoiceField(choices=Satisfaction.choices)
    comment = serializers.CharField(max_length=letter_rules.COMMENT_MAX, required=False, allow_blank=True, default="")


class MyLetterRateView(SignedInView):
    @extend_schema(operation_id="citizens_my_letter_rate", tags=["citizen accounts"], summary="评价我的信件",
                   request=MyRatingSerializer,
                   responses={200: schema.MyLetterViewSerializer, **errors(400, 401, 403, 404, 409)})
    def post(self, request, letter_number):
        data = self.valid(MyRatingSerializer)
        ticket = selectors.letter_of_account(request.user, letter_number)
        rate(ticket.pk, solved=data["solved"], satisfaction=data["satisfaction"], comment=data["comment"],
             source=Rating.Source.WEB)
        return Response(selectors.my_letter_view(selectors.letter_of_account(request.user, letter_number)))
