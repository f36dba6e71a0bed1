"""Reading the knowledge base: who may see which entries, the FAQ's categories, the editors' lists.
Search itself is kb.search."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from kb.models import Article
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


def managed_articles(user) -> QuerySet[Article]:
    """Entries this editor maintains: all for a knowledge editor, their department's for a handler."""
    qs = Article.objects.select_related("department", "category", "author")
    if is_reviewer(user):
        return qs
    if is_department_editor(user):
        return qs.filter(department_id=user.department_id)
    return qs.none()
