"""Staff token login: POST {"username", "password"} → {"token"}; then `Authorization: Token <token>`."""

from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema
from rest_framework.authtoken.models import Token
from rest_framework.response import Response

from hotline.api import guards
from hotline.api.schema import TokenSerializer, errors
from hotline.api.serializers import TokenRequestSerializer
from hotline.api.views.base import CitizenView


class TokenView(CitizenView):
    @extend_schema(
        operation_id="auth_token", tags=["auth"], summary="工作人员获取令牌",
        description="用户名或密码错误返回 400;同一用户名或地址15分钟内失败10次后返回 429。",
        request=TokenRequestSerializer, responses={200: TokenSerializer, **errors(400, 413, 415, 429)},
        auth=[],
    )
    def post(self, request):
        data = self.valid(TokenRequestSerializer)
        with guards.login_attempt(request, data["username"]):
            user = authenticate(request._request, username=data["username"], password=data["password"])
            if user is None or not user.is_active:
                raise guards.LoginFailed()
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
