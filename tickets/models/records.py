"""What happens to a ticket: events (the history), replies, ratings, extensions, attachments, and
the audit of who opened a citizen's personal data. The history is append-only."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class EventKind(models.TextChoices):
    CREATED = "created", "受理"
    TRANSITION = "transition", "状态变更"
    URGED = "urged", "催办"
    SUPERVISED = "supervised", "督办"
    NOTE = "note", "内部备注"
    EXTENSION_REQUESTED = "extension_requested", "申请延期"
    EXTENSION_DECIDED = "extension_decided", "延期审批"
    RATED = "rated", "评价"
    CALLBACK = "callback", "回访"
    SLA_WARNING = "sla_warning", "时限预警"
    SLA_OVERDUE = "sla_overdue", "已超时"
    MERGED_IN = "merged_in", "并入工单"
    UPDATED = "updated", "信息补充"
    PUBLISHED = "published", "公开选登"
    UNPUBLISHED = "unpublished", "撤销公开"
    CATEGORIZED = "categorized", "调整分类"
    REPEAT_LINKED = "repeat_linked", "关联重复件"
    REPEAT_RECEIVED = "repeat_received", "市民再次反映"
    PLATFORM_RECEIPT = "platform_receipt", "外部平台回执"


class TicketEvent(models.Model):
    """One thing that happened to a ticket. Pushes, SMS, statistics and the citizen's timeline are
    all read from these rows; the id orders them and is the resume point for WebSocket clients.

    `audiences` names who should hear of it, in domain words the realtime layer maps to groups:
    "intake", "supervision", "ticket:<id>", "department:<code>", "agent:<user id>".
    """

    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("类型", max_length=24, choices=EventKind.choices)
    transition = models.CharField("操作", max_length=24, blank=True)
    from_status = models.CharField("原状态", max_length=20, blank=True)
    to_status = models.CharField("新状态", max_length=20, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField("操作方", max_length=60, blank=True, help_text="例如 市民、系统")
    department = models.ForeignKey(
        "tickets.Department", verbose_name="相关单位", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField("说明", blank=True)
    # Plain-language line for the citizen's timeline; blank means the event is internal.
    public_label = models.CharField("对外说明", max_length=200, blank=True)
    data = models.JSONField("附加数据", default=dict, blank=True)
    audiences = models.JSONField("推送对象", default=list, blank=True)
    created_at = models.DateTimeField("时间", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "工单事件"
        verbose_name_plural = "工单事件"
        ordering = ["id"]
        indexes = [models.Index(fields=["ticket", "id"], name="event_ticket_id_idx")]

    def __str__(self) -> str:
        return f"#{self.id} {self.get_kind_display()} {self.transition}"


class SlaAlert(models.Model):
    """Marks that a deadline point was announced, so the sweep announces each point exactly once."""

    class Deadline(models.TextChoices):
        SIGN = "sign", "签收"
        REPLY = "reply", "答复"

    class Point(models.TextChoices):
        WARNING = "warning", "预警"
        OVERDUE = "overdue", "超时"

    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="sla_alerts")
    deadline = models.CharField(max_length=10, choices=Deadline.choices)
    point = models.CharField(max_length=10, choices=Point.choices)
    due_at = models.DateTimeField(help_text="the deadline this point belonged to; a moved deadline gets new points")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "时限提醒记录"
        verbose_name_plural = "时限提醒记录"
        constraints = [
            models.UniqueConstraint(fields=["ticket", "deadline", "point", "due_at"], name="sla_alert_once")
        ]


class Reply(models.Model):
    class Review(models.TextChoices):
        PENDING = "pending", "待审核"
        APPROVED = "approved", "已通过"
        REJECTED = "rejected", "已退回"

    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="replies")
    department = models.ForeignKey("tickets.Department", verbose_name="答复单位", on_delete=models.PROTECT)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="答复人", null=True, on_delete=models.SET_NULL)
    text = models.TextField("答复内容")
    review = models.CharField("审核", max_length=10, choices=Review.choices, default=Review.PENDING)
    review_note = models.TextField("审核意见", blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审核人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    created_at = models.DateTimeField("答复时间", default=timezone.now)

    class Meta:
        verbose_name = "答复"
        verbose_name_plural = "答复"
        ordering = ["id"]


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASIC = "basic", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"


class Rating(models.Model):
    """The citizen's verdict on one resolution. `round` counts resolutions, so a reopened ticket can be
    rated again but a single resolution only once."""

    class Source(models.TextChoices):
        WEB = "web", "网站"
        WECHAT = "wechat", "微信"
        SMS = "sms", "短信"
        CALLBACK = "callback", "电话回访"

    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="ratings")
    round = models.PositiveSmallIntegerField("轮次", default=0)
    solved = models.BooleanField("问题已解决")
    satisfaction = models.CharField("满意度", max_length=12, choices=Satisfaction.choices)
    comment = models.TextField("评价内容", blank=True)
    source = models.CharField("来源", max_length=10, choices=Source.choices)
    department = models.ForeignKey(
        "tickets.Department", verbose_name="被评价单位", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="ratings",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="回访人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("评价时间", default=timezone.now)

    class Meta:
        verbose_name = "评价"
        verbose_name_plural = "评价"
        constraints = [models.UniqueConstraint(fields=["ticket", "round"], name="rating_once_per_round")]


class ExtensionRequest(models.Model):
    """延期申请: pending → approved | refused. Approval moves the reply deadline."""

    class Decision(models.TextChoices):
        PENDING = "pending", "待审批"
        APPROVED = "approved", "已批准"
        REFUSED = "refused", "未批准"

    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="extension_requests")
    department = models.ForeignKey("tickets.Department", verbose_name="申请单位", on_delete=models.PROTECT)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申请人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    days = models.PositiveSmallIntegerField("延期工作日")
    reason = models.TextField("理由")
    decision = models.CharField("审批", max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审批人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_reason = models.TextField("审批意见", blank=True)
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    old_reply_due = models.DateTimeField("原答复时限", null=True, blank=True)
    new_reply_due = models.DateTimeField("新答复时限", null=True, blank=True)
    created_at = models.DateTimeField("申请时间", default=timezone.now)

    class Meta:
        verbose_name = "延期申请"
        verbose_name_plural = "延期申请"
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["ticket"], condition=models.Q(decision="pending"),
                                    name="one_pending_extension")
        ]


class Attachment(models.Model):
    """A photo or PDF: the citizen's (sent with the letter, `reply` empty) or a department's evidence
    sent with its reply (`reply` set; the citizen sees it once that reply is approved). Stored outside
    the web root; served only through a checked view."""

    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="attachments")
    reply = models.ForeignKey("tickets.Reply", verbose_name="所属答复", null=True, blank=True,
                              on_delete=models.CASCADE, related_name="attachments")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="上传人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    file = models.FileField("文件", upload_to="attachments/%Y/%m/")
    original_name = models.CharField("原文件名", max_length=200)
    content_type = models.CharField("类型", max_length=60)
    size = models.PositiveIntegerField("大小")
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["id"]

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class PersonalDataAccess(models.Model):
    """Who opened a citizen's personal data, when, through which door. Never edited, never deleted."""

    # A reveal concerns a ticket, or a caller on the line before any ticket exists (then `call_id`).
    ticket = models.ForeignKey("tickets.Ticket", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="personal_data_accesses")
    call_id = models.CharField("通话编号", max_length=64, blank=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    via = models.CharField("途径", max_length=40)
    fields = models.CharField("字段", max_length=200)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "个人信息查看记录"
        verbose_name_plural = "个人信息查看记录"
        ordering = ["-at"]


class OutboundMessage(models.Model):
    """The outbox: every SMS or WeChat notice is written here in the same transaction as the change
    that causes it, then delivered by a task. `dedupe_key` keeps a retried cause from sending twice."""

    class Channel(models.TextChoices):
        SMS = "sms", "短信"
        WECHAT = "wechat", "微信"

    class State(models.TextChoices):
        PENDING = "pending", "待发送"
        SENDING = "sending", "发送中"
        SENT = "sent", "已发送"
        FAILED = "failed", "发送失败"

    channel = models.CharField("渠道", max_length=10, choices=Channel.choices)
    recipient = models.CharField("接收方", max_length=64)
    template = models.CharField("模板", max_length=40)
    # `body` is what goes out (a query password in clear) until the message is sent; then it is
    # overwritten with `redacted_body`, the same text with every credential replaced by asterisks,
    # which is all that staff pages, logs and exports ever show.
    body = models.TextField("内容")
    redacted_body = models.TextField("内容（已隐去密码）", blank=True)
    ticket = models.ForeignKey(
        "tickets.Ticket", null=True, blank=True, on_delete=models.SET_NULL, related_name="messages"
    )
    dedupe_key = models.CharField(max_length=120, unique=True)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    next_attempt_at = models.DateTimeField("下次尝试", default=timezone.now)
    last_error = models.TextField("最近错误", blank=True)
    provider_id = models.CharField("网关消息号", max_length=80, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "待发消息"
        verbose_name_plural = "消息发件箱"
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"], name="outbox_due_idx",
                         condition=models.Q(state="pending")),
        ]
