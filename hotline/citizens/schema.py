"""Response shapes and the token scheme of the citizen-account endpoints, for the OpenAPI schema."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import serializers

from hotline.api.schema import LetterViewSerializer
from tickets.models import Channel


class CitizenTokenScheme(OpenApiAuthenticationExtension):
    target_class = "hotline.citizens.api.CitizenTokenAuthentication"
    name = "citizenToken"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": "市民令牌：`Token ct_…`（由 /api/v1/citizens/login/ 取得，与工作人员令牌互不通用）"}


class CodeSentSerializer(serializers.Serializer):
    sent = serializers.BooleanField()
    expires_in = serializers.IntegerField(help_text="验证码有效秒数")
    resend_after = serializers.IntegerField(help_text="多少秒后可重新获取")


class CitizenTokenSerializer(serializers.Serializer):
    token = serializers.CharField()
    expires_at = serializers.DateTimeField()


class LegalPersonSerializer(serializers.Serializer):
    name = serializers.CharField()
    credit_code = serializers.CharField()
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    legal_rep_name = serializers.CharField()
    contact_phone = serializers.CharField()


class ProfileSerializer(serializers.Serializer):
    phone = serializers.CharField()
    real_name = serializers.CharField(allow_blank=True)
    id_number = serializers.CharField(allow_blank=True, help_text="已脱敏")
    real_name_verified = serializers.BooleanField()
    legal_person = LegalPersonSerializer(allow_null=True)
    wechat_bound = serializers.BooleanField()
    registered_at = serializers.DateTimeField()


class MyLetterViewSerializer(LetterViewSerializer):
    channel = serializers.ChoiceField(choices=Channel.choices)
    channel_label = serializers.CharField()


class MyLettersPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    results = MyLetterViewSerializer(many=True)
