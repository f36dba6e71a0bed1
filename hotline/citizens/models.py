"""Citizen accounts (seed 003: 自然人 / 法人用户, 实名认证): who signed in, with what, and for how long.

A natural person's account is their mobile number, proved by an SMS code; real-name details (name
and resident ID number) are optional and, once given, cannot be changed. A legal person (enterprise,
institution …) is registered by a real-name account holder who is its legal representative. Citizen
tokens and sessions are separate from staff logins and never open a staff page or endpoint.
"""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone


class CitizenAccount(models.Model):
    phone = models.CharField("手机号", max_length=20, unique=True, help_text="登录用的手机号，经短信验证码验证")
    real_name = models.CharField("真实姓名", max_length=50, blank=True)
    id_number = models.CharField("身份证号", max_length=18, blank=True)
    real_name_at = models.DateTimeField("实名登记时间", null=True, blank=True,
                                        help_text="实名信息登记后不能更改（湖北政务服务网注册规则）")
    is_active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField("注册时间", default=timezone.now)
    last_login_at = models.DateTimeField("最近登录", null=True, blank=True)

    class Meta:
        verbose_name = "市民账号"
        verbose_name_plural = "市民账号"
        ordering = ["-id"]
        constraints = [
            # The resident ID number is a natural person's one identifier (seed 001): one account each.
            models.UniqueConstraint(fields=["id_number"], condition=~models.Q(id_number=""),
                                    name="citizen_account_one_per_id_number"),
        ]

    def __str__(self) -> str:
        return self.phone

    # DRF and templates ask these of whoever made the request.
    is_authenticated = True
    is_anonymous = False

    @property
    def has_real_name(self) -> bool:
        return self.real_name_at is not None


class LegalEntity(models.Model):
    """法人用户: an organisation, registered by its legal representative's real-name account."""

    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", "企业"
        FARMER_COOPERATIVE = "cooperative", "农民专业合作社"
        INDIVIDUAL_BUSINESS = "individual", "个体工商户"
        INSTITUTION = "institution", "事业单位"
        SOCIAL_ORGANISATION = "social", "社会团体、民办非企业单位、基金会"
        GOVERNMENT = "government", "政府机关"

    account = models.OneToOneField(CitizenAccount, verbose_name="注册账号", on_delete=models.CASCADE,
                                   related_name="legal_entity")
    kind = models.CharField("法人类型", max_length=20, choices=Kind.choices)
    name = models.CharField("单位名称", max_length=100)
    credit_code = models.CharField("统一社会信用代码", max_length=18, unique=True)
    legal_rep_name = models.CharField("法定代表人姓名", max_length=50)
    legal_rep_id_number = models.CharField("法定代表人身份证号", max_length=18)
    contact_phone = models.CharField("联系人手机", max_length=20)
    created_at = models.DateTimeField("注册时间", default=timezone.now)

    class Meta:
        verbose_name = "法人用户"
        verbose_name_plural = "法人用户"
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.credit_code}）"


class WechatBinding(models.Model):
    """A WeChat follower (openid) bound to an account: 查询 in the official account lists its letters."""

    openid = models.CharField("OpenID", max_length=64, unique=True)
    account = models.ForeignKey(CitizenAccount, verbose_name="市民账号", on_delete=models.CASCADE,
                                related_name="wechat_bindings")
    bound_at = models.DateTimeField("绑定时间", default=timezone.now)

    class Meta:
        verbose_name = "微信绑定"
        verbose_name_plural = "微信绑定"


def _digest(*parts: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), ":".join(parts).encode(), hashlib.sha256).hexdigest()


class SmsCode(models.Model):
    """One SMS code sent to a phone. Only the newest code of a phone and purpose counts; it dies after
    CITIZENS["CODE_TTL_SECONDS"], after CITIZENS["CODE_MAX_TRIES"] wrong tries, or once used. The code
    itself is kept only as a keyed hash."""

    class Purpose(models.TextChoices):
        SIGN_IN = "sign_in", "登录"
        WECHAT_BIND = "wechat_bind", "绑定微信"

    phone = models.CharField("手机号", max_length=20)
    purpose = models.CharField("用途", max_length=20, choices=Purpose.choices)
    context = models.CharField("关联", max_length=64, blank=True, help_text="绑定微信时为 OpenID")
    salt = models.CharField(max_length=32)
    code_hash = models.CharField(max_length=64)
    attempts = models.PositiveSmallIntegerField("错误次数", default=0)
    requested_from = models.CharField("请求来源", max_length=80, blank=True)
    created_at = models.DateTimeField("发送时间", default=timezone.now)
    expires_at = models.DateTimeField("失效时间")
    used_at = models.DateTimeField("使用时间", null=True, blank=True)

    class Meta:
        verbose_name = "短信验证码"
        verbose_name_plural = "短信验证码"
        ordering = ["-id"]
        indexes = [models.Index(fields=["phone", "purpose", "context", "-id"], name="sms_code_latest_idx")]

    def set_code(self, code: str) -> None:
        self.salt = secrets.token_hex(16)
        self.code_hash = _digest(self.salt, self.phone, code)

    def matches(self, code: str) -> bool:
        return hmac.compare_digest(self.code_hash, _digest(self.salt, self.phone, code))


class CitizenToken(models.Model):
    """An API token of a citizen account (`Authorization: Token <key>`). Only a hash of the key is
    stored; it expires after CITIZENS["TOKEN_DAYS"] and is unknown to the staff authentication."""

    PREFIX = "ct_"

    key_hash = models.CharField(max_length=64, unique=True)
    account = models.ForeignKey(CitizenAccount, on_delete=models.CASCADE, related_name="tokens")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "市民令牌"
        verbose_name_plural = "市民令牌"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
