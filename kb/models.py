"""Knowledge-base entries. (The search backends live in kb.search.)"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        IN_REVIEW = "in_review", "待审核"
        PUBLISHED = "published", "已发布"
        ARCHIVED = "archived", "已归档"

    question = models.CharField("问题", max_length=300)
    answer = models.TextField("答案")
    department = models.ForeignKey(
        "tickets.Department", verbose_name="所属单位", null=True, blank=True, on_delete=models.PROTECT,
        related_name="kb_articles",
    )
    category = models.ForeignKey(
        "tickets.Category", verbose_name="分类", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="kb_articles",
    )
    keywords = models.CharField("关键词", max_length=300, blank=True)
    is_public = models.BooleanField("对外公开", default=True)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="编辑", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "知识条目"
        verbose_name_plural = "知识条目"
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.question
