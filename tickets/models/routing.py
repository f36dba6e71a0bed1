"""Where tickets should go and what the city is talking about: the dispatch catalogue (派单目录),
the routing settings, the stored dispatch model, and hot topics with their alerts and 每月一题.

The catalogue is data the hotline office maintains (admin, spreadsheet import/export); the services
in ``tickets.routing`` read it. The learned model is stored here, not on disk, so every web process
and worker reads the same one.
"""

import time

from django.conf import settings
from django.db import models
from django.utils import timezone


class CatalogueEntry(models.Model):
    """One line of the dispatch catalogue: for a category (optionally narrowed by keywords and an
    area), which unit leads and which assist, and the duty-list text (权责清单) that justifies it."""

    category = models.ForeignKey(
        "tickets.Category", verbose_name="诉求分类", on_delete=models.CASCADE, related_name="catalogue_entries",
    )
    keywords = models.TextField(
        "关键词", blank=True,
        help_text="市民常用的说法，用逗号、顿号或换行分隔；留空表示该分类的默认派单规则",
    )
    district = models.CharField("区县", max_length=30, blank=True, help_text="留空表示全市")
    street = models.CharField("街道/乡镇", max_length=30, blank=True, help_text="留空表示整个区县")
    lead_department = models.ForeignKey(
        "tickets.Department", verbose_name="主办单位", on_delete=models.PROTECT, related_name="catalogue_lead",
    )
    co_departments = models.ManyToManyField(
        "tickets.Department", verbose_name="协办单位", blank=True, related_name="catalogue_co",
    )
    duty_text = models.TextField("权责清单依据", blank=True, help_text="该单位的法定职责或三定方案中的相关条款")
    is_active = models.BooleanField("启用", default=True)
    sort_order = models.PositiveIntegerField("排序", default=0)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "派单目录条目"
        verbose_name_plural = "派单目录"
        ordering = ["category__code", "sort_order", "id"]
        indexes = [models.Index(fields=["is_active", "category"], name="catalogue_active_cat_idx")]

    def __str__(self) -> str:
        area = self.street or self.district or "全市"
        return f"{self.category.name} · {area} → {self.lead_department.name}"

    @property
    def keyword_list(self) -> list[str]:
        from tickets.routing.text import split_keywords

        return split_keywords(self.keywords)

    @property
    def area_label(self) -> str:
        return f"{self.district}{self.street}" if self.district or self.street else "全市"


class RoutingSettings(models.Model):
    """The one row of routing settings (pk=1), edited in the admin."""

    auto_dispatch_enabled = models.BooleanField(
        "启用自动派单", default=False,
        help_text="开启后，网站、微信等渠道的新来信在建议置信度达到阈值时自动派给建议的主办单位，并在工单历史中记录为自动派单",
    )
    auto_dispatch_threshold = models.FloatField("自动派单置信度阈值", default=0.9, help_text="0 到 1 之间，例如 0.9")
    duplicate_window_days = models.PositiveIntegerField("重复件查找天数", default=30)
    duplicate_resolved_days = models.PositiveIntegerField(
        "已办结工单纳入查重的天数", default=30, help_text="办结超过这些天的工单不再提示为重复件")
    history_days = models.PositiveIntegerField("派单学习使用的历史天数", default=365)
    spike_daily_count = models.PositiveIntegerField("热点预警：单日同一话题件数", default=10)
    spike_ratio = models.FloatField("热点预警：相对平常的倍数", default=3.0)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "智能派单设置"
        verbose_name_plural = "智能派单设置"

    def __str__(self) -> str:
        return "智能派单设置"

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)
        RoutingSettings.forget_cached()

    @classmethod
    def current(cls) -> "RoutingSettings":
        row = cls.objects.filter(pk=1).first()
        return row if row is not None else cls(pk=1)

    @classmethod
    def cached(cls) -> "RoutingSettings":
        """For reads on every keystroke: the row as of at most CACHE_SECONDS ago (this process's
        own saves are seen at once)."""
        global _cached
        now = time.monotonic()
        if _cached is None or now - _cached[0] > cls.CACHE_SECONDS:
            _cached = (now, cls.current())
        return _cached[1]

    CACHE_SECONDS = 5.0

    @staticmethod
    def forget_cached() -> None:
        global _cached
        _cached = None


_cached: tuple | None = None


class DispatchModel(models.Model):
    """A trained dispatch classifier (pickled scikit-learn pipeline). The newest row is the one in use."""

    trained_at = models.DateTimeField("训练时间", default=timezone.now, db_index=True)
    samples = models.PositiveIntegerField("样本数", default=0)
    classes = models.PositiveIntegerField("单位数", default=0)
    negatives = models.PositiveIntegerField("退单负样本数", default=0)
    payload = models.BinaryField("模型")
    metrics = models.JSONField("指标", default=dict, blank=True)

    class Meta:
        verbose_name = "派单学习模型"
        verbose_name_plural = "派单学习模型"
        ordering = ["-trained_at", "-id"]

    def __str__(self) -> str:
        return f"派单模型 {timezone.localtime(self.trained_at):%Y-%m-%d %H:%M}（{self.samples} 件）"


class TopicAlert(models.Model):
    """A hot-topic spike (热点预警): stored once per topic and day, then pushed to the wallboards."""

    day = models.DateField("日期")
    key = models.CharField("话题键", max_length=200)
    label = models.CharField("话题", max_length=200)
    category = models.ForeignKey(
        "tickets.Category", verbose_name="分类", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    area = models.CharField("区域", max_length=60, blank=True)
    count = models.PositiveIntegerField("当日件数")
    usual = models.FloatField("平常日均", default=0)
    reason = models.CharField("预警原因", max_length=200)
    ticket_ids = models.JSONField("工单", default=list)
    created_at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "热点预警"
        verbose_name_plural = "热点预警"
        ordering = ["-day", "-count"]
        constraints = [models.UniqueConstraint(fields=["day", "key"], name="topic_alert_once")]

    def __str__(self) -> str:
        return f"{self.day} {self.label}（{self.count} 件）"


class MonthlyTopic(models.Model):
    """每月一题: a topic leadership picked for the month, with the unit that owns solving it."""

    class Status(models.TextChoices):
        FOLLOWING = "following", "跟踪中"
        SOLVED = "solved", "已解决"

    month = models.DateField("月份", help_text="该月第一天")
    label = models.CharField("话题", max_length=200)
    key = models.CharField("话题键", max_length=200, blank=True)
    category = models.ForeignKey(
        "tickets.Category", verbose_name="分类", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    area = models.CharField("区域", max_length=60, blank=True)
    owner = models.ForeignKey("tickets.Department", verbose_name="牵头单位", on_delete=models.PROTECT, related_name="+")
    note = models.TextField("工作要求", blank=True)
    status = models.CharField("进展", max_length=12, choices=Status.choices, default=Status.FOLLOWING)
    ticket_ids = models.JSONField("选题时的工单", default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="选定人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+")
    created_at = models.DateTimeField("选定时间", default=timezone.now)

    class Meta:
        verbose_name = "每月一题"
        verbose_name_plural = "每月一题"
        ordering = ["-month", "-id"]

    def __str__(self) -> str:
        return f"{self.month:%Y年%m月} {self.label}"
