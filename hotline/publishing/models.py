"""Published letters (来信选登, and the 曝光纠错 column): the text as an editor confirmed it, with
personal data removed, beside the ticket it came from. The ticket's own history records every
publication and unpublication (tickets.EventKind.PUBLISHED / UNPUBLISHED)."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Publication(models.Model):
    class Column(models.TextChoices):
        LETTERS = "letters", "来信选登"
        EXPOSURE = "exposure", "曝光纠错"

    ticket = models.OneToOneField("tickets.Ticket", verbose_name="工单", on_delete=models.CASCADE,
                                  related_name="publication")
    column = models.CharField("栏目", max_length=10, choices=Column.choices, default=Column.LETTERS)
    title = models.CharField("公开标题", max_length=200)
    content = models.TextField("公开内容")
    reply_text = models.TextField("公开答复")
    reply_department = models.CharField("答复单位", max_length=100)
    department = models.ForeignKey("tickets.Department", verbose_name="承办单位", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    outcome = models.TextField("整改结果", blank=True, help_text="曝光纠错栏目：不作为问题的纠正和整改情况")
    solved = models.BooleanField("问题已解决", null=True, blank=True, help_text="取自市民评价")
    submitted_at = models.DateTimeField("来信时间")
    replied_at = models.DateTimeField("答复时间", null=True, blank=True)
    is_published = models.BooleanField("公开中", default=True, db_index=True)
    published_at = models.DateTimeField("公开时间", default=timezone.now, db_index=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="编辑", null=True,
                                     on_delete=models.SET_NULL, related_name="+")
    unpublished_at = models.DateTimeField("撤销时间", null=True, blank=True)
    unpublished_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="撤销人", null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="+")
    unpublish_reason = models.CharField("撤销原因", max_length=500, blank=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "公开信件"
        verbose_name_plural = "公开信件"
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["is_published", "column", "-published_at"], name="publication_column_idx")]

    def __str__(self) -> str:
        return self.title
