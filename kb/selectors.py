"""Reading the knowledge base: who may see which entries, the FAQ's categories, the editors' lists.
Search itself is kb.search."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, F, Q, QuerySet, Sum, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from kb.models import Article, ArticleFeedback, ArticleUsage
from kb.services import is_department_editor, is_reviewer, is_staff_reader
from tickets.errors import InvalidInput, NotFound
from tickets.models import Category, Department


def department_by_code(code) -> Department | None:
    if not code:
        return None
    department = Department.objects.filter(code=code).first()
    if department is None:
        raise InvalidInput(f"承办单位“{code}”不存在。", fields={"department": ["承办单位不存在。"]})
    return department


def category_by_code(code) -> Category | None:
    if not code:
        return None
    category = Category.objects.filter(code=code).first()
    if category is None:
        raise InvalidInput(f"分类“{code}”不存在。", fields={"category": ["分类不存在。"]})
    return category


def live_articles(*, include_internal: bool = False) -> QuerySet[Article]:
    """Published entries inside their validity dates; public ones only unless ``include_internal``."""
    today = timezone.localdate()
    qs = (Article.objects.filter(status=Article.Status.PUBLISHED)
          .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=today))
          .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
          .select_related("department", "category"))
    return qs if include_internal else qs.filter(is_public=True)


def readable_article(user, article_id) -> Article:
    """An entry this reader may open: a citizen only public published ones."""
    try:
        article_id = int(article_id)
    except (TypeError, ValueError):
        raise NotFound("知识条目不存在。") from None
    article = live_articles(include_internal=is_staff_reader(user)).filter(pk=article_id).first()
    if article is None:
        raise NotFound("知识条目不存在。")
    return article


def in_category(qs: QuerySet[Article], category: Category) -> QuerySet[Article]:
    """Entries of a category and of its sub-categories (the tree is three levels deep)."""
    return qs.filter(Q(category=category) | Q(category__parent=category) | Q(category__parent__parent=category))


@dataclass
class FaqSection:
    category: Category
    count: int


def faq_sections(*, include_internal: bool = False) -> list[FaqSection]:
    """Top-level categories that have entries, with how many, for browsing."""
    counts: dict[int, int] = {}
    rows = live_articles(include_internal=include_internal).values_list(
        "category_id", "category__parent_id", "category__parent__parent_id")
    for own, parent, grandparent in rows:
        top = grandparent or parent or own
        if top:
            counts[top] = counts.get(top, 0) + 1
    tops = Category.objects.filter(pk__in=counts).order_by("code")
    return [FaqSection(category=category, count=counts[category.pk]) for category in tops]


POPULAR_LIMIT = 8
POPULAR_WINDOW_DAYS = 30
# A "有用" vote (a citizen's on the entry page, an agent's in the console) says more than a search or
# a view: it is given only when the entry actually answered the question.
HELPFUL_MARK_WEIGHT = 3
# Candidates taken from each signal before they are merged; far more than the page shows.
POPULAR_CANDIDATES = 50


def popular_articles(*, limit: int = POPULAR_LIMIT, days: int = POPULAR_WINDOW_DAYS) -> list[Article]:
    """The FAQ's "大家都在问": the public entries most used in the last ``days`` days, topped up with
    the most useful entry of each unit when there is not enough usage yet.

    Usage is what kb.services.record_public_use counts (the first hit of a public search, a view of the
    entry's page, a citizen's helpful vote) plus agents' helpful marks in the same window. Ties go to the entry used more
    recently published, then the lower id, so the list is stable between page loads.
    """
    since = timezone.localdate() - timedelta(days=days - 1)
    live_ids = live_articles().values("pk")
    scores: dict[int, int] = {}
    usage = (ArticleUsage.objects.filter(day__gte=since, article_id__in=live_ids).values("article_id")
             .annotate(n=Sum(F("searches") + F("views") + HELPFUL_MARK_WEIGHT * F("helpful")))
             .order_by("-n", "article_id")[:POPULAR_CANDIDATES])
    for row in usage:
        scores[row["article_id"]] = scores.get(row["article_id"], 0) + row["n"]
    marks = (ArticleFeedback.objects.filter(kind=ArticleFeedback.Kind.HELPFUL, article_id__in=live_ids,
                                            created_at__date__gte=since)
             .values("article_id").annotate(n=Count("id")).order_by("-n", "article_id")[:POPULAR_CANDIDATES])
    for row in marks:
        scores[row["article_id"]] = scores.get(row["article_id"], 0) + HELPFUL_MARK_WEIGHT * row["n"]
    used = live_articles().in_bulk(sorted(scores, key=lambda pk: (-scores[pk], pk))[:limit])
    chosen = sorted(used.values(), key=lambda article: (-scores[article.pk], article.pk))
    if len(chosen) < limit:
        chosen += useful_across_units(limit=limit - len(chosen), exclude=[article.pk for article in chosen])
    return chosen


def useful_across_units(*, limit: int, exclude=()) -> list[Article]:
    """The best public entry of each unit (most helpful marks, then newest), units with the best
    entries first: a front page for a FAQ nobody has used yet that shows the range of what it answers
    rather than eight entries of one kind."""
    ranked = live_articles().exclude(pk__in=list(exclude)).annotate(rank_in_unit=Window(
        RowNumber(), partition_by=[F("department_id")],
        order_by=[F("helpful_count").desc(), F("published_at").desc(), F("pk").asc()]))
    return list(ranked.filter(rank_in_unit=1).order_by("-helpful_count", "-published_at", "pk")[:limit])


def managed_articles(user) -> QuerySet[Article]:
    """Entries this editor maintains: all for a knowledge editor, their department's for a handler."""
    qs = Article.objects.select_related("department", "category", "author")
    if is_reviewer(user):
        return qs
    if is_department_editor(user):
        return qs.filter(department_id=user.department_id)
    return qs.none()
