"""Open311's own records: API keys (each with its rate limit and a log of use) and the service
requests that came in through the door, with what the client sent beyond the letter itself."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class ApiKey(models.Model):
    """A client allowed to POST service requests. Only a digest of the key is stored; the key itself
    is shown once, when it is issued in the admin."""

    class ResponseMode(models.TextChoices):
        REALTIME = "realtime", "即时返回编号（realtime）"
        BATCH = "batch", "返回令牌（batch，凭 tokens 接口换取编号）"

    name = models.CharField("客户端名称", max_length=100)
    contact = models.CharField("联系人/联系方式", max_length=200, blank=True)
    key_digest = models.CharField("密钥摘要", max_length=64, unique=True, editable=False)
    key_prefix = models.CharField("密钥前缀", max_length=8, editable=False, help_text="便于辨认，不能用于调用")
    rate_limit_per_hour = models.PositiveIntegerField("每小时调用上限", default=120)
    response_mode = models.CharField("提交后返回", max_length=10, choices=ResponseMode.choices,
                                     default=ResponseMode.REALTIME)
    is_active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField("签发时间", default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="签发人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)

    class Meta:
        verbose_name = "Open311 API 密钥"
        verbose_name_plural = "Open311 API 密钥"
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"

    @property
    def usable(self) -> bool:
        return self.is_active and self.revoked_at is None


class ApiKeyUse(models.Model):
    """One call made with a key: what was asked, what was answered."""

    api_key = models.ForeignKey(ApiKey, verbose_name="密钥", on_delete=models.CASCADE, related_name="uses")
    at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    method = models.CharField("方法", max_length=8)
    path = models.CharField("路径", max_length=200)
    status_code = models.PositiveSmallIntegerField("响应码")
    ticket = models.ForeignKey("tickets.Ticket", verbose_name="信件", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    ip_address = models.GenericIPAddressField("来源地址", null=True, blank=True)
    detail = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "Open311 调用记录"
        verbose_name_plural = "Open311 调用记录"
        ordering = ["-id"]
        indexes = [models.Index(fields=["api_key", "-at"], name="open311_use_key_at_idx")]


class ServiceRequest(models.Model):
    """A letter that came in through Open311, and what the client sent that a letter has no place
    for. The contact fields are personal data: kept for the hotline, never returned by GET requests."""

    ticket = models.OneToOneField("tickets.Ticket", verbose_name="信件", on_delete=models.CASCADE,
                                  related_name="open311_request")
    api_key = models.ForeignKey(ApiKey, verbose_name="密钥", null=True, on_delete=models.SET_NULL,
                                related_name="requests")
    token = models.CharField("令牌", max_length=40, unique=True)
    service_code = models.CharField("服务代码", max_length=12)
    jurisdiction_id = models.CharField(max_length=100, blank=True)
    address_string = models.CharField("地址", max_length=200, blank=True)
    address_id = models.CharField("地址编号", max_length=100, blank=True)
    media_url = models.URLField("媒体链接", max_length=500, blank=True)
    email = models.EmailField("邮箱", max_length=200, blank=True)
    device_id = models.CharField("设备号", max_length=100, blank=True)
    account_id = models.CharField("账号", max_length=100, blank=True)
    attributes = models.JSONField("附加属性", default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "Open311 服务请求"
        verbose_name_plural = "Open311 服务请求"
        ordering = ["-id"]
