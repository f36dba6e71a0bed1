"""The other platforms, the transfers each way, and the outbox and log of the webhooks between us."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class PlatformKind(models.TextChoices):
    POLICE_110 = "110", "110 公安报警"
    FIRE_119 = "119", "119 消防救援"
    AMBULANCE_120 = "120", "120 医疗急救"
    TRAFFIC_122 = "122", "122 交通事故报警"
    PROVINCIAL_12345 = "provincial_12345", "省级12345平台"
    NEIGHBOUR_CITY = "neighbour_city", "相邻城市12345"


# 即时转: matters for these are transferred at once, while the caller is still on the line.
EMERGENCY_KINDS = (PlatformKind.POLICE_110, PlatformKind.FIRE_119, PlatformKind.AMBULANCE_120,
                   PlatformKind.TRAFFIC_122)


def new_reference() -> str:
    return uuid.uuid4().hex


class Platform(models.Model):
    """Another platform we exchange tickets with. `code` is what it calls itself in X-Hotline-Platform."""

    code = models.SlugField("平台代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类型", max_length=20, choices=PlatformKind.choices)
    url = models.URLField("接收地址", max_length=500, help_text="我方转办和答复以签名 webhook 发往此地址")
    secret = models.CharField("签名密钥", max_length=128, help_text="双方共用的 HMAC-SHA256 密钥，至少16个字符")
    is_active = models.BooleanField("启用", default=True)
    sort_order = models.PositiveIntegerField("排序", default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "外部平台"
        verbose_name_plural = "外部平台"
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def emergency(self) -> bool:
        return self.kind in EMERGENCY_KINDS


class Transfer(models.Model):
    """A ticket we handed to another platform, and what it answered."""

    class State(models.TextChoices):
        PENDING = "pending", "待送达"
        DELIVERED = "delivered", "已送达"
        ACCEPTED = "accepted", "对方已受理"
        REFUSED = "refused", "对方退回"
        RESOLVED = "resolved", "对方已办结"

    reference = models.CharField("转办编号", max_length=32, unique=True, default=new_reference)
    ticket = models.ForeignKey("tickets.Ticket", verbose_name="工单", on_delete=models.CASCADE, related_name="transfers")
    platform = models.ForeignKey(Platform, verbose_name="转往平台", on_delete=models.PROTECT, related_name="transfers")
    reason = models.TextField("转办理由")
    emergency = models.BooleanField("即时转", default=False)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.PENDING)
    answer = models.TextField("对方答复", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="转办人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("转办时间", default=timezone.now)
    delivered_at = models.DateTimeField("送达时间", null=True, blank=True)
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)

    class Meta:
        verbose_name = "转出工单"
        verbose_name_plural = "转出工单"
        ordering = ["-id"]


class InboundTransfer(models.Model):
    """A ticket another platform handed to us: its origin, and the answers we sent back."""

    platform = models.ForeignKey(Platform, verbose_name="来源平台", on_delete=models.PROTECT, related_name="inbound")
    external_id = models.CharField("对方转办编号", max_length=64)
    ticket = models.OneToOneField("tickets.Ticket", verbose_name="工单", on_delete=models.CASCADE,
                                  related_name="inbound_transfer")
    external_letter_number = models.CharField("对方信件编号", max_length=40, blank=True)
    # The ticket's reopen round whose answer went back (None: none yet); a reopened ticket answers again.
    answered_round = models.SmallIntegerField("已答复轮次", null=True, blank=True)
    created_at = models.DateTimeField("转入时间", default=timezone.now)

    class Meta:
        verbose_name = "转入工单"
        verbose_name_plural = "转入工单"
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["platform", "external_id"], name="inbound_transfer_once")]


class Delivery(models.Model):
    """The outbox of webhooks: written in the transaction that causes it, sent by a task, retried with
    backoff until the other side takes it. The idempotency key is the same on every try, so the
    other side acts once however often it hears the message."""

    class State(models.TextChoices):
        PENDING = "pending", "待发送"
        SENDING = "sending", "发送中"
        DELIVERED = "delivered", "已送达"

    platform = models.ForeignKey(Platform, verbose_name="平台", on_delete=models.PROTECT, related_name="deliveries")
    event = models.CharField("消息类型", max_length=30)
    idempotency_key = models.CharField(max_length=80, unique=True)
    body = models.TextField("内容（JSON）")
    emergency = models.BooleanField("即时转", default=False)
    transfer = models.ForeignKey(Transfer, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries")
    inbound = models.ForeignKey(InboundTransfer, null=True, blank=True, on_delete=models.CASCADE,
                                related_name="deliveries")
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField("尝试次数", default=0)
    next_attempt_at = models.DateTimeField("下次尝试", default=timezone.now)
    last_error = models.TextField("最近错误", blank=True)
    response_status = models.PositiveSmallIntegerField("对方响应码", null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField("送达时间", null=True, blank=True)

    class Meta:
        verbose_name = "平台消息"
        verbose_name_plural = "平台消息发件箱"
        ordering = ["-id"]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="transfer_delivery_due_idx",
                                condition=models.Q(state="pending"))]


class InboundMessage(models.Model):
    """Every signed message another platform sent us, and our answer: a retry with the same
    Idempotency-Key gets the stored answer and changes nothing."""

    platform = models.ForeignKey(Platform, verbose_name="平台", on_delete=models.PROTECT, related_name="messages")
    idempotency_key = models.CharField(max_length=80)
    event = models.CharField("消息类型", max_length=30)
    status_code = models.PositiveSmallIntegerField("响应码")
    response = models.JSONField("响应内容", default=dict)
    ticket = models.ForeignKey("tickets.Ticket", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    received_at = models.DateTimeField("接收时间", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "平台来信"
        verbose_name_plural = "平台来信记录"
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["platform", "idempotency_key"], name="inbound_message_once")]
