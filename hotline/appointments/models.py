"""The weekend appointment service (双休日预约服务, seed 000): the service items, the hall's time
ranges, the bookings with their state machine, their log, and the blacklist.

The transitions on `Booking` say *what* may happen (source and target); `services.py` does it: locks
the row, checks the rules of the seed that depend on the clock, saves and logs one `BookingEvent`.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_fsm import FSMField, transition


class Service(models.Model):
    """A service item (事项) the hall handles by appointment, with the materials to bring."""

    code = models.SlugField("事项编码", max_length=40, unique=True)
    name = models.CharField("事项名称", max_length=100)
    department = models.CharField("办理单位/窗口", max_length=100, blank=True)
    materials = models.TextField("所需材料", help_text="每行一项，将显示给预约人并写入告知单。")
    notes = models.TextField("办理须知", blank=True)
    is_active = models.BooleanField("开放预约", default=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "预约事项"
        verbose_name_plural = "预约事项"
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def materials_list(self) -> list[str]:
        return [line.strip() for line in self.materials.splitlines() if line.strip()]


class Period(models.Model):
    """A time range (预约时间段) of the hall on Saturdays and Sundays."""

    start = models.TimeField("开始")
    end = models.TimeField("结束")
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "预约时间段"
        verbose_name_plural = "预约时间段"
        ordering = ["start"]
        constraints = [models.UniqueConstraint(fields=["start", "end"], name="appointment_period_unique")]

    def __str__(self) -> str:
        return self.code

    @property
    def code(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"

    def clean(self):
        if self.start is not None and self.end is not None and self.start >= self.end:
            raise ValidationError("结束时间必须晚于开始时间。")


class Status(models.TextChoices):
    PENDING = "pending", "待审核"
    NOTIFIED = "notified", "已发告知单·待确认"
    CONFIRMED = "confirmed", "预约成功"
    CHECKED_IN = "checked_in", "已取号"
    DONE = "done", "已办理"
    NO_SHOW = "no_show", "未履约"
    CANCELLED = "cancelled", "已取消"


# "同一申请人同时只有一个有效的预约": these hold the applicant's one place.
ACTIVE_STATUSES = (Status.PENDING, Status.NOTIFIED, Status.CONFIRMED, Status.CHECKED_IN)
# A booking that succeeded (staff sent the notice) and can be kept or broken.
BOOKED_STATUSES = (Status.NOTIFIED, Status.CONFIRMED)


class CancelReason(models.TextChoices):
    CITIZEN = "citizen", "申请人取消"
    MATERIALS_INCOMPLETE = "materials_incomplete", "当前资料不完备"
    OUT_OF_SCOPE = "out_of_scope", "不在本大厅业务范围内"
    OTHER = "other", "其他原因"


class Booking(models.Model):
    number = models.CharField("预约号", max_length=16, unique=True)
    service = models.ForeignKey(Service, verbose_name="事项", on_delete=models.PROTECT, related_name="bookings")
    name = models.CharField("申请人姓名", max_length=50)
    id_number = models.CharField("身份证号", max_length=18, db_index=True)
    phone = models.CharField("联系电话", max_length=20)
    date = models.DateField("预约日期", db_index=True)
    period = models.ForeignKey(Period, verbose_name="时间段", on_delete=models.PROTECT, related_name="bookings")
    status = FSMField("状态", max_length=20, choices=Status.choices, default=Status.PENDING)

    # Set by staff on review: the time within the range, the window, the materials (the 告知单).
    confirmed_time = models.TimeField("确定时间", null=True, blank=True)
    window = models.CharField("办理窗口", max_length=50, blank=True)
    materials = models.TextField("需携带材料", blank=True)
    staff_note = models.CharField("补充说明", max_length=300, blank=True)
    notified_at = models.DateTimeField("告知时间", null=True, blank=True)
    citizen_confirmed_at = models.DateTimeField("申请人确认时间", null=True, blank=True)

    queue_number = models.CharField("取号", max_length=8, blank=True)
    checked_in_at = models.DateTimeField("取号时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    cancel_reason = models.CharField("取消原因", max_length=30, choices=CancelReason.choices, blank=True)
    cancel_note = models.CharField("取消说明", max_length=300, blank=True)
    created_at = models.DateTimeField("提交时间", default=timezone.now)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "预约"
        verbose_name_plural = "预约记录"
        ordering = ["-id"]
        constraints = [
            # The rule "one active booking per applicant" held by the database, so two simultaneous
            # bookings for one ID number cannot both succeed.
            models.UniqueConstraint(fields=["id_number"], condition=Q(status__in=ACTIVE_STATUSES),
                                    name="appointment_one_active_per_id"),
            models.UniqueConstraint(fields=["date", "queue_number"], condition=~Q(queue_number=""),
                                    name="appointment_queue_number_unique"),
        ]
        indexes = [models.Index(fields=["status", "date"], name="appointment_status_date_idx")]

    def __str__(self) -> str:
        return f"{self.number} {self.service}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def cancel_text(self) -> str:
        """Why it was cancelled, as the citizen is told it."""
        if not self.cancel_reason:
            return ""
        if self.cancel_reason == CancelReason.OTHER:
            return self.cancel_note
        label = CancelReason(self.cancel_reason).label
        return f"{label}（{self.cancel_note}）" if self.cancel_note else label

    @property
    def start_time(self):
        return self.confirmed_time or self.period.start

    # --- transitions: what may happen (services.py does it) --------------------------------------

    @transition(field=status, source=[Status.PENDING, Status.NOTIFIED], target=Status.NOTIFIED)
    def notify(self):
        """Staff reviewed it: a time and the materials are set and the notice goes out (again)."""

    @transition(field=status, source=Status.NOTIFIED, target=Status.CONFIRMED)
    def confirm(self):
        """The citizen confirmed the notice."""

    @transition(field=status, source=BOOKED_STATUSES, target=Status.CHECKED_IN)
    def check_in(self):
        """Took a number at the window with the ID card."""

    @transition(field=status, source=Status.CHECKED_IN, target=Status.DONE)
    def finish(self):
        """The business was done at the window."""

    @transition(field=status, source=BOOKED_STATUSES, target=Status.NO_SHOW)
    def mark_no_show(self):
        """Not there 30 minutes after the start and not reachable."""

    @transition(field=status, source=[Status.PENDING, *BOOKED_STATUSES], target=Status.CANCELLED)
    def cancel(self):
        """Cancelled by the citizen (in time) or by staff (with a reason)."""


class BookingEvent(models.Model):
    """One change of a booking: who, when, from, to, why. Never edited."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="events")
    action = models.CharField("操作", max_length=30)
    from_status = models.CharField("原状态", max_length=20, blank=True)
    to_status = models.CharField("新状态", max_length=20, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
                           on_delete=models.SET_NULL, related_name="+")
    note = models.CharField("说明", max_length=300, blank=True)
    at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "预约记录"
        verbose_name_plural = "预约操作记录"
        ordering = ["at", "id"]

    @property
    def from_label(self) -> str:
        return Status(self.from_status).label if self.from_status in Status.values else ""

    @property
    def to_label(self) -> str:
        return Status(self.to_status).label if self.to_status in Status.values else ""


class BlacklistEntry(models.Model):
    """An applicant refused further bookings after more than two no-shows. Lifting keeps the row
    (who, when, why); no-shows before the lift no longer count."""

    id_number = models.CharField("身份证号", max_length=18, db_index=True)
    name = models.CharField("姓名", max_length=50, blank=True)
    no_shows = models.PositiveSmallIntegerField("未履约次数")
    created_at = models.DateTimeField("列入时间", default=timezone.now)
    lifted_at = models.DateTimeField("解除时间", null=True, blank=True)
    lifted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="解除人", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    lift_reason = models.CharField("解除原因", max_length=300, blank=True)

    class Meta:
        verbose_name = "预约黑名单"
        verbose_name_plural = "预约黑名单"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["id_number"], condition=Q(lifted_at__isnull=True),
                                    name="appointment_one_open_blacklist_entry"),
        ]

    def __str__(self) -> str:
        return f"{self.name or self.id_number[-4:]}（{self.no_shows}次未履约）"

    @property
    def is_active(self) -> bool:
        return self.lifted_at is None
