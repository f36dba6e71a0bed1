"""Staff token login: POST {"username", "password"} → {"token"}; then `Authorization: Token <token>`.

Failed logins are counted by django-axes per user name *and* address (settings.AXES_*), like the
admin and the staff login page; a locked pair gets 429 with Retry-After. Each login issues a fresh
token that expires (hotline.api.tokens).
"""

from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from hotline.api import guards
from hotline.api.schema import TokenSerializer, errors
from hotline.api.serializers import TokenRequestSerializer
from hotline.api.tokens import issue_token
from hotline.api.views.base import CitizenView


class TokenView(CitizenView):
    @extend_schema(
        operation_id="auth_token", tags=["auth"], summary="工作人员获取令牌",
        description="用户名或密码错误返回 400；同一用户名在同一地址失败10次后锁定15分钟，返回 429。"
                    "每次登录签发新令牌（旧令牌作废），令牌在 API_TOKEN_TTL_HOURS 小时后过期，修改密码后作废。",
        request=TokenRequestSerializer, responses={200: TokenSerializer, **errors(400, 413, 415, 429)},
        auth=[],
    )
    def post(self, request):
        data = self.valid(TokenRequestSerializer)
        user = authenticate(request._request, username=data["username"], password=data["password"])
        guards.refuse_locked_out_login(request._request)
        if user is None or not user.is_active:
            raise guards.LoginFailed()
        return Response({"token": issue_token(user).key})
