"""Knowledge-base entries, their review workflow and history, and the database search index.

The workflow is draft → in_review → published → archived (see ``kb.services`` for who may run each
step). Only published entries inside their validity dates are searchable. ``SearchEntry`` is the
database backends' index row, written by ``kb.indexing`` in the same transaction as the entry; the
vendor-specific parts (the SQLite FTS5 table, the PostgreSQL tsvector and trigram indexes) are
created by migration 0004 and maintained by the database itself from that row.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django_fsm import FSMField, transition


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        IN_REVIEW = "in_review", "待审核"
        PUBLISHED = "published", "已发布"
        ARCHIVED = "archived", "已归档"

    question = models.CharField("问题", max_length=300)
    answer = models.TextField("答案", help_text="可用段落、列表、加粗等基本格式；保存时会清除不安全的内容。")
    department = models.ForeignKey(
        "tickets.Department", verbose_name="所属单位", null=True, blank=True, on_delete=models.PROTECT,
        related_name="kb_articles",
    )
    category = models.ForeignKey(
        "tickets.Category", verbose_name="分类", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="kb_articles",
    )
    keywords = models.CharField("关键词", max_length=300, blank=True, help_text="用逗号或空格分隔")
    synonyms = models.TextField(
        "同义词与常见问法", blank=True, help_text="市民常用的说法，每行或用逗号分隔一个，例如“上户口”“报户口”"
    )
    is_public = models.BooleanField("对外公开", default=True, help_text="不公开的条目只有工作人员能看到")
    status = FSMField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT)
    valid_from = models.DateField("生效日期", null=True, blank=True)
    valid_until = models.DateField("失效日期", null=True, blank=True, help_text="过了这一天条目不再出现在搜索结果中")
    review_due = models.DateField("复核日期", null=True, blank=True, help_text="过了这一天条目会标记为“待复核”")
    slug = models.SlugField("标识", max_length=80, unique=True, null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=0, help_text="已发布的版本号；每次发布或修改已发布内容加一")
    helpful_count = models.PositiveIntegerField("有用", default=0)
    outdated_count = models.PositiveIntegerField("过时", default=0)
    outdated_flagged_at = models.DateTimeField("被标记过时", null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="编辑", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "知识条目"
        verbose_name_plural = "知识条目"
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["status", "department"], name="kb_article_status_dept_idx")]

    def __str__(self) -> str:
        return self.question

    # --- the workflow: what may happen; kb.services does it and records it ----------------------

    @transition(field=status, source=Status.DRAFT, target=Status.IN_REVIEW)
    def submit(self):
        pass

    @transition(field=status, source=Status.IN_REVIEW, target=Status.PUBLISHED)
    def publish(self):
        self.published_at = timezone.now()
        self.version += 1
        self.outdated_flagged_at = None

    @transition(field=status, source=Status.IN_REVIEW, target=Status.DRAFT)
    def send_back(self):
        pass

    @transition(field=status, source=Status.PUBLISHED, target=Status.IN_REVIEW)
    def revise(self):
        """A department changed a published entry: it goes back to review before it is shown again."""

    @transition(field=status, source=Status.PUBLISHED, target=Status.ARCHIVED)
    def archive(self):
        pass

    @transition(field=status, source=Status.ARCHIVED, target=Status.DRAFT)
    def restore(self):
        pass

    # --- reading -------------------------------------------------------------------------------

    @property
    def edition(self) -> int:
        """The version number of the content being shown to the editor: the published one, or for a
        draft or an entry in review the one it becomes when published (a new draft is 第 1 版)."""
        unpublished = self.status in (self.Status.DRAFT, self.Status.IN_REVIEW)
        return self.version + 1 if unpublished else self.version

    @property
    def is_searchable(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_review_overdue(self) -> bool:
        return bool(self.review_due and self.review_due < timezone.localdate())

    @property
    def needs_review(self) -> bool:
        """Past its review date, or marked outdated by an agent since it was last published."""
        return self.is_review_overdue or self.outdated_flagged_at is not None

    @property
    def is_expired(self) -> bool:
        return bool(self.valid_until and self.valid_until < timezone.localdate())

    def keyword_list(self) -> list[str]:
        from kb.text import split_phrases

        return split_phrases(self.keywords)


class KnowledgeSettings(models.Model):
    """The one row of knowledge-base settings (pk=1), edited in the admin."""

    allow_self_approval = models.BooleanField(
        "允许唯一的知识库管理员审核自己编写的条目", default=False,
        help_text="默认由另一位知识库管理员审核（四眼原则）。只有一位在岗的知识库管理员时，开启后他可以审核发布自己编写或修改的条目；"
                  "有第二位管理员后此项不起作用",
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "知识库设置"
        verbose_name_plural = "知识库设置"

    def __str__(self) -> str:
        return "知识库设置"

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def current(cls) -> "KnowledgeSettings":
        row = cls.objects.filter(pk=1).first()
        return row if row is not None else cls(pk=1)


class ArticleVersion(models.Model):
    """A snapshot of an entry as published. One row per published change; never edited."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("版本")
    question = models.CharField("问题", max_length=300)
    answer = models.TextField("答案")
    keywords = models.CharField("关键词", max_length=300, blank=True)
    synonyms = models.TextField("同义词与常见问法", blank=True)
    is_public = models.BooleanField("对外公开")
    department = models.ForeignKey(
        "tickets.Department", verbose_name="所属单位", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    category = models.ForeignKey(
        "tickets.Category", verbose_name="分类", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发布人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField("说明", max_length=300, blank=True)
    created_at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "知识条目版本"
        verbose_name_plural = "知识条目版本"
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["article", "number"], name="kb_version_unique")]


class ArticleLog(models.Model):
    """Who moved an entry through the workflow, when, and why."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="log")
    action = models.CharField("操作", max_length=20)
    from_status = models.CharField("原状态", max_length=12, blank=True)
    to_status = models.CharField("新状态", max_length=12, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField("说明", max_length=300, blank=True)
    created_at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "知识条目操作记录"
        verbose_name_plural = "知识条目操作记录"
        ordering = ["-id"]


class ArticleFeedback(models.Model):
    """An agent's mark from the console. One per person, entry and kind, so repeats do not inflate counts."""

    class Kind(models.TextChoices):
        HELPFUL = "helpful", "有用"
        OUTDATED = "outdated", "内容过时"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="feedback")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "知识条目反馈"
        verbose_name_plural = "知识条目反馈"
        constraints = [models.UniqueConstraint(fields=["article", "user", "kind"], name="kb_feedback_once")]


class SearchEntry(models.Model):
    """The database backends' index row of one searchable entry.

    The *_terms columns hold jieba-segmented text joined by spaces (databases cannot segment
    Chinese themselves); the lengths feed BM25's length normalisation; ``title_plain`` is the raw
    question and keywords for substring matching of one- and two-character queries.

    Careful with migrations that alter this table: on SQLite Django rebuilds the table, which drops
    the FTS5 triggers of migration 0004; such a migration must create them again.
    """

    article = models.OneToOneField(Article, primary_key=True, on_delete=models.CASCADE, related_name="search_entry")
    question_terms = models.TextField()
    keywords_terms = models.TextField(blank=True)
    answer_terms = models.TextField(blank=True)
    question_len = models.PositiveIntegerField(default=0)
    keywords_len = models.PositiveIntegerField(default=0)
    answer_len = models.PositiveIntegerField(default=0)
    title_plain = models.TextField()
    is_public = models.BooleanField()
    department_id_copy = models.BigIntegerField(null=True, db_column="department_id")
    category_path = models.CharField(max_length=80, blank=True, help_text="/100000/100400/100401/")
    valid_from = models.DateField(null=True)
    valid_until = models.DateField(null=True)

    class Meta:
        verbose_name = "搜索索引"
        verbose_name_plural = "搜索索引"
        indexes = [models.Index(fields=["department_id_copy"], name="kb_entry_dept_idx")]


class TermStat(models.Model):
    """How many indexed entries contain a term: the document frequency behind BM25's IDF."""

    term = models.CharField(max_length=64, primary_key=True)
    df = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "词频统计"
        verbose_name_plural = "词频统计"


class ArticleUsage(models.Model):
    """How often citizens reached a public entry on one day: the FAQ's "大家都在问" is computed from
    these rows over a recent window. One row per entry and day, bumped with an F() increment, so a
    busy day costs one UPDATE per search, view or vote and the table grows by at most one row per entry a day."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="usage")
    day = models.DateField("日期")
    searches = models.PositiveIntegerField("被搜到", default=0, help_text="公开常见问题搜索中排在第一位的次数")
    views = models.PositiveIntegerField("被查看", default=0, help_text="条目单独页面被打开的次数")
    helpful = models.PositiveIntegerField("市民点有用", default=0, help_text="市民在条目页面点“有用”的次数")

    class Meta:
        verbose_name = "常见问题使用统计"
        verbose_name_plural = "常见问题使用统计"
        constraints = [models.UniqueConstraint(fields=["article", "day"], name="kb_usage_once_a_day")]
        indexes = [models.Index(fields=["day"], name="kb_usage_day_idx")]
