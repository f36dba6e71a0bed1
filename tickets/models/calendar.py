"""The working calendar and the deadline rules that run on it."""

from django.core.exceptions import ValidationError
from django.db import models


class WorkingPeriod(models.Model):
    """One stretch of working hours on a weekday (0 = Monday). Several per day are allowed."""

    WEEKDAYS = [(0, "周一"), (1, "周二"), (2, "周三"), (3, "周四"), (4, "周五"), (5, "周六"), (6, "周日")]

    weekday = models.PositiveSmallIntegerField("星期", choices=WEEKDAYS)
    start = models.TimeField("开始")
    end = models.TimeField("结束")

    class Meta:
        verbose_name = "工作时段"
        verbose_name_plural = "工作时段"
        ordering = ["weekday", "start"]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start:%H:%M}-{self.end:%H:%M}"

    def clean(self):
        if self.start >= self.end:
            raise ValidationError("结束时间必须晚于开始时间。")


class SpecialDay(models.Model):
    """A date that breaks the weekly pattern: a public holiday, or a makeup working day (调休)."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", "法定节假日（休息）"
        WORKDAY = "workday", "调休上班"

    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    name = models.CharField("名称", max_length=40, blank=True)

    class Meta:
        verbose_name = "节假日与调休"
        verbose_name_plural = "节假日与调休"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.name} {self.get_kind_display()}"


class DeadlineRule(models.Model):
    """How long a stage may take. The most specific rule (type and priority) wins over blanks."""

    class Stage(models.TextChoices):
        SIGN = "sign", "签收"
        REPLY = "reply", "答复"

    class Unit(models.TextChoices):
        WORKING_DAYS = "working_days", "工作日"
        WORKING_HOURS = "working_hours", "工作小时"
        HOURS = "hours", "自然小时"

    stage = models.CharField("环节", max_length=10, choices=Stage.choices)
    ticket_type = models.CharField("诉求类型", max_length=20, blank=True, help_text="留空表示适用所有类型")
    priority = models.CharField("紧急程度", max_length=10, blank=True, help_text="留空表示适用所有程度")
    amount = models.PositiveIntegerField("时长")
    unit = models.CharField("单位", max_length=20, choices=Unit.choices)

    class Meta:
        verbose_name = "办理时限规则"
        verbose_name_plural = "办理时限规则"
        ordering = ["stage", "ticket_type", "priority"]
        constraints = [
            models.UniqueConstraint(fields=["stage", "ticket_type", "priority"], name="deadline_rule_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} {self.ticket_type or '全部'}/{self.priority or '全部'}: {self.amount}{self.get_unit_display()}"
