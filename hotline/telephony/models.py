"""Calls as the telephony platform (CTI) reports them: ringing → answered → ended."""

from django.conf import settings
from django.db import models


class Call(models.Model):
    class State(models.TextChoices):
        RINGING = "ringing", "振铃中"
        ANSWERED = "answered", "通话中"
        ENDED = "ended", "已结束"

    call_id = models.CharField("通话编号", max_length=64, unique=True)
    caller = models.CharField("来电号码", max_length=32, blank=True, db_index=True)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="坐席", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="calls",
    )
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.RINGING)
    # The platform's clock (each event's `at`), not the time the event reached us.
    started_at = models.DateTimeField("振铃时间")
    answered_at = models.DateTimeField("接听时间", null=True, blank=True)
    ended_at = models.DateTimeField("挂机时间", null=True, blank=True)
    duration = models.PositiveIntegerField("通话时长（秒）", null=True, blank=True, help_text="接听到挂机；未接听为 0")
    recording_url = models.URLField("录音地址", max_length=500, blank=True)
    ticket = models.ForeignKey(
        "tickets.Ticket", verbose_name="登记工单", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="calls",
    )
    created_at = models.DateTimeField("记录时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "来电记录"
        verbose_name_plural = "来电记录"
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["agent", "state"], name="call_agent_state_idx")]

    def __str__(self) -> str:
        return f"{self.call_id} {self.get_state_display()}"
