"""Demo knowledge-base entries for seed_demo (written from the documents in shared/seeds).

Idempotent: an entry whose slug exists is left as it is (an editor may have changed it since).
New entries are created published, with version 1 in their history, as if reviewed.
"""

from django.db import transaction
from django.utils import timezone

from kb.demo_articles import ARTICLES
from kb.richtext import clean_answer


def seed_articles() -> int:
    from kb.models import Article, ArticleLog, ArticleVersion
    from tickets.models import Category, Department

    departments = {d.code: d for d in Department.objects.all()}
    categories = {c.code: c for c in Category.objects.all()}
    existing = set(Article.objects.filter(slug__isnull=False).values_list("slug", flat=True))
    now = timezone.now()
    with transaction.atomic():
        for spec in ARTICLES:
            if spec["slug"] in existing:
                continue
            article = Article.objects.create(
                slug=spec["slug"], question=spec["question"], answer=clean_answer(spec["answer"]),
                department=departments.get(spec["department"]), category=categories.get(spec["category"]),
                keywords=spec["keywords"], synonyms=spec["synonyms"], is_public=spec["is_public"],
                status=Article.Status.PUBLISHED, version=1, published_at=now,
                review_due=now.date().replace(year=now.year + 1),
            )
            ArticleVersion.objects.create(
                article=article, number=1, question=article.question, answer=article.answer,
                keywords=article.keywords, synonyms=article.synonyms, is_public=article.is_public,
                department=article.department, category=article.category, note="演示数据初始版本",
            )
            ArticleLog.objects.create(article=article, action="publish", to_status=article.status,
                                      note="演示数据")
    return Article.objects.count()
