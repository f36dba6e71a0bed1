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
    reply_us = models.BigIntegerField("答复用时合计(微秒)", default=0)
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


class DailyChannelStat(models.Model):
    """Registrations per local day and channel (the channel is not a dimension of the main table:
    it would multiply its rows by seven for one figure)."""

    day = models.DateField("日期")
    channel = models.CharField("渠道", max_length=10)
    registered = models.IntegerField("受理量", default=0)

    class Meta:
        verbose_name = "每日渠道受理量"
        verbose_name_plural = "每日渠道受理量"
        constraints = [models.UniqueConstraint(fields=["day", "channel"], name="daily_channel_key")]
