"""The delivery side's own records: edited message wording and the log of SMS that came back."""

import string

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from tickets.services import notifications


class MessageTemplate(models.Model):
    """An edited wording for one of the messages in `notifications.DEFAULT_TEMPLATES`. Without a
    row (or with it switched off) the default is sent."""

    name = models.CharField("消息", max_length=40, unique=True, choices=list(notifications.TEMPLATE_LABELS.items()))
    text = models.TextField("内容", help_text="可用占位符见下方说明，用花括号括起，例如 {letter_number}。")
    is_active = models.BooleanField("启用", default=True, help_text="停用后恢复使用系统默认内容")
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="修改人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "消息模板"
        verbose_name_plural = "消息模板"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.get_name_display()

    @property
    def default_text(self) -> str:
        return notifications.DEFAULT_TEMPLATES.get(self.name, "")

    def clean(self):
        if self.name not in notifications.DEFAULT_TEMPLATES:
            return
        if notifications.SECRET_OPEN in self.text or notifications.SECRET_CLOSE in self.text:
            raise ValidationError({"text": "内容含有不可见的控制字符，请删除后重试。"})
        allowed = notifications.template_fields(self.name)
        try:
            used = {field for _, field, _, _ in string.Formatter().parse(self.text) if field is not None}
        except ValueError:
            raise ValidationError({"text": "花括号不成对：占位符应写成 {letter_number} 这样的形式。"}) from None
        unknown = sorted(used - allowed)
        if unknown:
            raise ValidationError({"text": f"不支持的占位符：{'、'.join(unknown)}。可用：{'、'.join(sorted(allowed))}。"})
        try:
            self.text.format(**{field: "" for field in allowed})
        except (ValueError, IndexError, KeyError):
            raise ValidationError({"text": "占位符格式不正确，应写成 {letter_number} 这样的形式。"}) from None


class InboundSms(models.Model):
    """One SMS the gateway passed on, and what it led to. Kept for the record and so a gateway's
    retry of the same message id is answered without acting twice."""

    class Outcome(models.TextChoices):
        RATED = "rated", "已评价"
        ALREADY_RATED = "already_rated", "已评价过"
        NOT_RATEABLE = "not_rateable", "当前不可评价"
        NOT_FOUND = "not_found", "未找到信件"
        NOT_UNDERSTOOD = "not_understood", "无法识别"

    provider_id = models.CharField("网关消息号", max_length=80, unique=True, null=True, blank=True)
    sender = models.CharField("发送号码", max_length=32, db_index=True)
    text = models.CharField("短信内容", max_length=500)
    ticket = models.ForeignKey("tickets.Ticket", verbose_name="信件", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    outcome = models.CharField("处理结果", max_length=20, choices=Outcome.choices)
    detail = models.CharField("说明", max_length=200, blank=True)
    received_at = models.DateTimeField("接收时间", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "上行短信"
        verbose_name_plural = "上行短信"
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.sender}: {self.text[:20]}"
