"""Daily roll-ups behind the statistics (issue 11): one row per local day × unit × category × type.

A year of a city is a million tickets; leadership asks for any period up to a year and expects the
answer at once. The statistics therefore read these rows — a few hundred per day however busy the
day — instead of the tickets. Each column is a count (or a sum) of one fact, bucketed on the day
that fact happened, so a period's figure is a SUM over its days:

| columns | the day is | the unit is |
|---|---|---|
| registered, counted, direct, repeats | the day the ticket was registered (`created_at`) | its lead unit now (0 = none) |
| assigned, signed, signed_on_time, replied, replied_on_time, reply_us, assigned_repeats | the day of dispatch (`dispatched_at`) | the lead unit |
| resolved, resolved_rated | the day of resolution (`resolved_at`) | its lead unit (0 = none) |
| rated, solved, satisfied | the day of the rating (`Rating.created_at`) | the rated unit (0 = none) |

What each count means, and the formulas built on them, are written in `tickets.selectors.rankings`;
how a ticket's facts are counted is `tickets.services.rollups.ticket_facts` — the one place both the
incremental upkeep and the rebuild command use. `department_id` and `category_id` are plain integers
(0 for none), not foreign keys: a NULL would defeat the upsert's unique key, and history must not be
rewritten when a unit is retired.
"""

from django.db import models

TICKET_FACTS = ("registered", "counted", "direct", "repeats", "assigned", "signed", "signed_on_time", "replied",
                "replied_on_time", "reply_us", "assigned_repeats", "resolved", "resolved_rated")
RATING_FACTS = ("rated", "solved", "satisfied")
FACTS = TICKET_FACTS + RATING_FACTS


class DailyTicketStat(models.Model):
    day = models.DateField("日期")
    department_id = models.PositiveIntegerField("单位", default=0)
    category_id = models.PositiveIntegerField("分类", default=0)
    type = models.CharField("诉求类型", max_length=20)

    registered = models.IntegerField("受理量", default=0)
    counted = models.IntegerField("有效受理量", default=0)
    direct = models.IntegerField("直接办结", default=0)
    repeats = models.IntegerField("重复件", default=0)
    assigned = models.IntegerField("派单量", default=0)
    signed = models.IntegerField("已签收", default=0)
    signed_on_time = models.IntegerField("按期签收", default=0)
    replied = models.IntegerField("已答复", default=0)
    replied_on_time = models.IntegerField("按期答复", default=0)
    reply_us = models.BigIntegerField("答复用时合计（微秒）", default=0)
    assigned_repeats = models.IntegerField("派单中的重复件", default=0)
    resolved = models.IntegerField("办结量", default=0)
    resolved_rated = models.IntegerField("办结且有评价", default=0)
    rated = models.IntegerField("评价数", default=0)
    solved = models.IntegerField("评价已解决", default=0)
    satisfied = models.IntegerField("评价满意或基本满意", default=0)

    class Meta:
        verbose_name = "每日统计汇总"
        verbose_name_plural = "每日统计汇总"
        constraints = [models.UniqueConstraint(fields=["day", "department_id", "category_id", "type"],
                                               name="daily_stat_key")]
        indexes = [models.Index(fields=["day", "department_id"], name="daily_stat_day_unit_idx")]


class Grain(models.TextChoices):
    DAY = "d", "日"
    MONTH = "m", "月"


class UnitStat(models.Model):
    """The same facts per unit only, by day and by calendar month (`start` = the day, or the first of
    the month): what the ranking and the city totals read. Projected from DailyTicketStat's rows on
    every change, so a year is twelve month rows per unit plus the days at its edges, not the
    hundreds of thousands of rows the finest grain reaches in a city."""

    grain = models.CharField(max_length=1, choices=Grain.choices)
    start = models.DateField()
    department_id = models.PositiveIntegerField(default=0)
    registered = models.IntegerField(default=0)
    counted = models.IntegerField(default=0)
    direct = models.IntegerField(default=0)
    repeats = models.IntegerField(default=0)
    assigned = models.IntegerField(default=0)
    signed = models.IntegerField(default=0)
    signed_on_time = models.IntegerField(default=0)
    replied = models.IntegerField(default=0)
    replied_on_time = models.IntegerField(default=0)
    reply_us = models.BigIntegerField(default=0)
    assigned_repeats = models.IntegerField(default=0)
    resolved = models.IntegerField(default=0)
    resolved_rated = models.IntegerField(default=0)
    rated = models.IntegerField(default=0)
    solved = models.IntegerField(default=0)
    satisfied = models.IntegerField(default=0)

    class Meta:
        verbose_name = "单位统计汇总"
        verbose_name_plural = "单位统计汇总"
        constraints = [models.UniqueConstraint(fields=["grain", "start", "department_id"], name="unit_stat_key")]


class BreakdownStat(models.Model):
    """Registrations by one dimension — category, type or channel — by day and by month: the hot
    topics, the split by type and by channel, and the daily trend."""

    class Dimension(models.TextChoices):
        CATEGORY = "category", "分类"
        TYPE = "type", "诉求类型"
        CHANNEL = "channel", "渠道"

    grain = models.CharField(max_length=1, choices=Grain.choices)
    start = models.DateField()
    dimension = models.CharField(max_length=10, choices=Dimension.choices)
    value = models.CharField(max_length=20)
    registered = models.IntegerField(default=0)

    class Meta:
        verbose_name = "受理量分项汇总"
        verbose_name_plural = "受理量分项汇总"
        constraints = [models.UniqueConstraint(fields=["grain", "start", "dimension", "value"],
                                               name="breakdown_stat_key")]
