"""The ticket (工单) and its state machine.

The transitions below say *what* may happen: source, target, conditions and who may ask. They
only change fields on the instance. Doing it — locking the row, saving, recording the event and
scheduling notifications — is the job of ``tickets.services.transitions``; never call these
methods from a view.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from django_fsm_log.decorators import fsm_log_by, fsm_log_description

from tickets import roles


class Status(models.TextChoices):
    RECEIVED = "received", "已受理·待派单"
    DISPATCHED = "dispatched", "已派单·待签收"
    ACCEPTED = "accepted", "已签收·办理中"
    RETURN_REQUESTED = "return_requested", "退单待审"
    REPLIED = "replied", "已答复·待审核"
    RESOLVED = "resolved", "已办结·待回访"
    CLOSED = "closed", "已归档"
    MERGED = "merged", "已并单"
    INVALID = "invalid", "无效件"
    # 转办: handed to another platform (110/119/120/122, the provincial 12345, a neighbouring city),
    # waiting for its answer (refused → back to intake; resolved with a reply → resolved).
    TRANSFERRED = "transferred", "已转办·外部平台办理"


OPEN_STATUSES = (
    Status.RECEIVED, Status.DISPATCHED, Status.ACCEPTED, Status.RETURN_REQUESTED, Status.REPLIED, Status.RESOLVED,
    Status.TRANSFERRED,
)
FINAL_STATUSES = (Status.CLOSED, Status.MERGED, Status.INVALID)
# While a department holds the ticket its deadlines run; before dispatch and after the reply they don't.
SIGN_CLOCK_STATUSES = (Status.DISPATCHED,)
REPLY_CLOCK_STATUSES = (Status.DISPATCHED, Status.ACCEPTED, Status.RETURN_REQUESTED)


class TicketType(models.TextChoices):
    CONSULTATION = "consultation", "咨询"
    HELP = "help", "求助"
    COMPLAINT = "complaint", "投诉"
    REPORT = "report", "举报"
    SUGGESTION = "suggestion", "建议"
    PRAISE = "praise", "表扬"
    OTHER = "other", "其他"


class Channel(models.TextChoices):
    PHONE = "phone", "电话"
    WEB = "web", "网站"
    WECHAT = "wechat", "微信"
    SMS = "sms", "短信"
    API = "api", "开放接口"
    OPEN311 = "open311", "Open311"
    PLATFORM = "platform", "平台转入"


class Priority(models.TextChoices):
    NORMAL = "normal", "一般"
    URGENT = "urgent", "紧急"


# --- permissions (who may ask) -----------------------------------------------------------------
# Each takes (ticket, user). A citizen's rating and the timeout act as the system: their services
# decide and do not go through these checks.

def _is_agent(ticket, user) -> bool:
    return roles.has_any(user, roles.INTAKE)


def _is_dispatcher(ticket, user) -> bool:
    return roles.has_any(user, roles.DISPATCHERS)


def _is_lead_handler(ticket, user) -> bool:
    """A handler acts only on tickets whose lead department is their own."""
    return bool(
        user and user.is_authenticated and user.is_handler
        and ticket.lead_department_id is not None and user.department_id == ticket.lead_department_id
    )


# --- conditions (what must hold) -----------------------------------------------------------------

def _has_lead_department(ticket) -> bool:
    return ticket.lead_department_id is not None


def _within_return_window(ticket) -> bool:
    return ticket.return_due is None or timezone.now() <= ticket.return_due


class Ticket(ConcurrentTransitionMixin, models.Model):
    letter_number = models.CharField("信件编号", max_length=16, unique=True)
    password_hash = models.CharField("查询密码（哈希）", max_length=200)
    channel = models.CharField("渠道", max_length=10, choices=Channel.choices, default=Channel.PHONE)
    type = models.CharField("诉求类型", max_length=20, choices=TicketType.choices)
    priority = models.CharField("紧急程度", max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    status = FSMField("状态", max_length=20, choices=Status.choices, default=Status.RECEIVED, protected=True)
    title = models.CharField("标题", max_length=200)
    content = models.TextField("诉求内容")
    category = models.ForeignKey(
        "tickets.Category", verbose_name="诉求分类", null=True, blank=True, on_delete=models.PROTECT,
        related_name="tickets",
    )

    # The citizen. Personal fields are masked or withheld when shown (see tickets.privacy).
    citizen_name = models.CharField("姓名", max_length=50, blank=True)
    citizen_phone = models.CharField("联系电话", max_length=20, blank=True, db_index=True)
    citizen_id_number = models.CharField("身份证号", max_length=18, blank=True)
    citizen_address = models.CharField("地址", max_length=200, blank=True)
    # Where the matter is, read from the address (区县 and 街道/乡镇): routing, filters, hot topics.
    district = models.CharField("区县", max_length=30, blank=True, db_index=True)
    street = models.CharField("街道", max_length=30, blank=True)
    citizen_openid = models.CharField("微信 OpenID", max_length=64, blank=True, db_index=True)
    lat = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    lon = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    confidential = models.BooleanField("信息保密", default=False, help_text="承办单位看不到来电人的姓名、电话和证件号")
    publish_consent = models.BooleanField("同意公开选登", default=False)

    # Who handles it.
    lead_department = models.ForeignKey(
        "tickets.Department", verbose_name="主办单位", null=True, blank=True, on_delete=models.PROTECT,
        related_name="lead_tickets",
    )
    co_departments = models.ManyToManyField(
        "tickets.Department", verbose_name="协办单位", blank=True, related_name="co_tickets"
    )
    merged_into = models.ForeignKey(
        "self", verbose_name="并入工单", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_tickets"
    )
    # 重复件: the earlier ticket this one repeats (the same caller back about the same matter).
    repeat_of = models.ForeignKey(
        "self", verbose_name="重复件原工单", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="repeats",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="registered_tickets",
    )
    call_id = models.CharField("通话编号", max_length=64, blank=True, db_index=True)
    direct_answer = models.TextField("直接答复", blank=True)
    kb_article = models.ForeignKey(
        "kb.Article", verbose_name="答复所用知识", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="answered_tickets",
    )

    # Deadlines, in absolute time, computed on the working calendar when the clock starts.
    sign_due = models.DateTimeField("签收时限", null=True, blank=True)
    sign_warn_at = models.DateTimeField("签收预警点", null=True, blank=True)
    reply_due = models.DateTimeField("答复时限", null=True, blank=True)
    reply_warn_at = models.DateTimeField("答复预警点", null=True, blank=True)
    return_due = models.DateTimeField("退单时限", null=True, blank=True)
    # The next moment a deadline point is crossed; the sweep reads only rows whose moment has come.
    sla_next_check_at = models.DateTimeField("下次时限检查", null=True, blank=True)

    reopen_count = models.PositiveSmallIntegerField("重办次数", default=0)
    urge_count = models.PositiveSmallIntegerField("催办次数", default=0)
    is_supervised = models.BooleanField("已督办", default=False)
    extension_used = models.BooleanField("已延期", default=False)
    # Bumped on every change; lets a client say "I acted on version N" and get a clean conflict.
    version = models.PositiveIntegerField("版本", default=1)

    created_at = models.DateTimeField("受理时间", default=timezone.now, db_index=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    dispatched_at = models.DateTimeField("派单时间", null=True, blank=True)
    accepted_at = models.DateTimeField("签收时间", null=True, blank=True)
    replied_at = models.DateTimeField("答复时间", null=True, blank=True)
    resolved_at = models.DateTimeField("办结时间", null=True, blank=True)
    closed_at = models.DateTimeField("归档时间", null=True, blank=True)

    class Meta:
        verbose_name = "工单"
        verbose_name_plural = "工单"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["sla_next_check_at"], name="ticket_sla_next_idx",
                         condition=models.Q(sla_next_check_at__isnull=False)),
            models.Index(fields=["status", "-created_at"], name="ticket_status_created_idx"),
            models.Index(fields=["lead_department", "status"], name="ticket_lead_status_idx"),
            models.Index(fields=["status", "resolved_at"], name="ticket_status_resolved_idx"),
            # Open work only (issue 11): the running deadlines the wallboard and the overdue filters
            # read, and the dispatched-but-unanswered tickets whose judging depends on the present
            # moment (tickets.selectors.rankings). Each stays the size of the open work, not the archive.
            models.Index(fields=["sign_due"], name="ticket_sign_running_idx",
                         condition=models.Q(status="dispatched")),
            models.Index(fields=["reply_due"], name="ticket_reply_running_idx",
                         condition=models.Q(status__in=["dispatched", "accepted", "return_requested"])),
            models.Index(fields=["dispatched_at"], name="ticket_unreplied_idx",
                         condition=models.Q(replied_at__isnull=True, dispatched_at__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.letter_number} {self.title}"

    @classmethod
    def from_db(cls, db, field_names, values):
        # The counted fields as loaded: the statistics' roll-ups move by the difference on save
        # (tickets.services.rollups). Cheap: a dict of thirteen attributes.
        instance = super().from_db(db, field_names, values)
        from tickets.services.rollups import snapshot

        instance._rollup_loaded = snapshot(instance)
        return instance

    # --- transitions ------------------------------------------------------------------------
    # `by` and `description` are consumed by django-fsm-log; the rest is the transition's payload.

    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source=Status.RECEIVED, target=Status.RESOLVED, permission=_is_agent)
    def resolve_directly(self, *, by=None, description=None, answer: str, kb_article=None):
        now = timezone.now()
        self.direct_answer = answer
        self.kb_article = kb_article
        self.resolved_at = now

    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source=Status.RECEIVED, target=Status.DISPATCHED, permission=_is_agent)
    def dispatch(self, *, by=None, description=None, department, sign_due, sign_warn_at, reply_due,
                 reply_warn_at, return_due):
        self.lead_department = department
        self.dispatched_at = timezone.now()
        self.accepted_at = None
        self.sign_due, self.sign_warn_at = sign_due, sign_warn_at
        self.reply_due, self.reply_warn_at = reply_due, reply_warn_at
        self.return_due = return_due

    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source=Status.DISPATCHED, target=Status.ACCEPTED, permission=_is_lead_handler)
    def accept(self, *, by=None, description=None):
        self.accepted_at = timezone.now()

    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source=[Status.DISPATCHED, Status.ACCEPTED], target=Status.RETURN_REQUESTED,
                permission=_is_lead_handler, conditions=[_within_return_window])
    def request_return(self, *, by=None, description=None):
        pass

    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source=Status.RETURN_REQUESTED, target=Status.RECEIVED, permission=_is_dispatcher)
    def approve_return(self, *, by=None, description=None):
        # Back to intake: the department lets go and its clocks stop until the next dispatch.
        self.lead_department = None
        self.sign_due = self.sign_warn_at = self.reply_due = self.reply_warn_at = self.return_due = None
        self.dispatched_at = self.accepted_at = None
        self.extension_used = False

    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source=Status.RETURN_REQUESTED, target=Status.ACCEPTED, permission=_is_dispatcher)
    def reject_return(self, *, by=None, description=None):
        if self.accepted_at is None:
            self.accepted_at = timezone.now()

    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source=Status.ACCEPTED, target=Status.REPLIED, permission=_is_lead_handler)
    def reply(self, *, by=None, description=None):
        self.replied_at = timezone.now()

    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source=Status.REPLIED, target=Status.RESOLVED, permission=_is_dispatcher)
    def approve_reply(self, *, by=None, description=None):
        self.resolved_at = timezone.now()

    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source=Status.REPLIED, target=Status.ACCEPTED, permission=_is_dispatcher)
    def reject_reply(self, *, by=None, description=None):
        self.replied_at = None

    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source=Status.RESOLVED, target=Status.ACCEPTED, permission=_is_dispatcher,
                conditions=[_has_lead_department])
    def reopen(self, *, by=None, description=None, reply_due, reply_warn_at):
        self.reopen_count += 1
        self.replied_at = self.resolved_at = None
        self.reply_due, self.reply_warn_at = reply_due, reply_warn_at

    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source=Status.RESOLVED, target=Status.CLOSED, permission=_is_dispatcher)
    def close(self, *, by=None, description=None):
        self.closed_at = timezone.now()

    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source=[Status.RECEIVED, Status.DISPATCHED], target=Status.MERGED,
                permission=_is_dispatcher)
    def merge(self, *, by=None, description=None, into):
        self.merged_into = into
        self.closed_at = timezone.now()

    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source=Status.RECEIVED, target=Status.INVALID, permission=_is_agent)
    def mark_invalid(self, *, by=None, description=None):
        self.closed_at = timezone.now()

    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source=Status.RECEIVED, target=Status.TRANSFERRED, permission=_is_agent)
    def transfer(self, *, by=None, description=None):
        pass

    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source=Status.TRANSFERRED, target=Status.RECEIVED, permission=_is_dispatcher)
    def transfer_refused(self, *, by=None, description=None):
        pass

    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source=Status.TRANSFERRED, target=Status.RESOLVED, permission=_is_dispatcher)
    def transfer_resolved(self, *, by=None, description=None, answer: str):
        self.direct_answer = answer
        self.resolved_at = timezone.now()


TRANSITION_NAMES = (
    "resolve_directly", "dispatch", "accept", "request_return", "approve_return", "reject_return", "reply",
    "approve_reply", "reject_reply", "reopen", "close", "merge", "mark_invalid",
    "transfer", "transfer_refused", "transfer_resolved",
)
TRANSITION_LABELS = {
    "resolve_directly": "直接办结", "dispatch": "派单", "accept": "签收", "request_return": "申请退单",
    "approve_return": "同意退单", "reject_return": "驳回退单", "reply": "答复", "approve_reply": "审核通过",
    "reject_reply": "退回重办", "reopen": "重办", "close": "归档", "merge": "并单", "mark_invalid": "无效件",
    "transfer": "转办", "transfer_refused": "转办退回", "transfer_resolved": "转办办结",
}


class LetterSequence(models.Model):
    """Per-day counter behind letter numbers; incremented under a row lock so numbers never collide."""

    day = models.DateField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "信件编号序列"
        verbose_name_plural = "信件编号序列"
