"""Demo knowledge-base entries for seed_demo (written from the documents in shared/seeds).

Idempotent: an entry whose slug exists is left as it is (an editor may have changed it since).
New entries are created published, with version 1 in their history, as if reviewed.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kb import indexing
from kb.demo_articles import ARTICLES
from kb.richtext import clean_answer


def seed_articles() -> int:
    from kb.models import Article, ArticleLog, ArticleVersion
    from tickets.models import Category, Department

    departments = {d.code: d for d in Department.objects.all()}
    categories = {c.code: c for c in Category.objects.all()}
    existing = set(Article.objects.filter(slug__isnull=False).values_list("slug", flat=True))
    now = timezone.now()
    specs = [spec for spec in ARTICLES if spec["slug"] not in existing]
    with transaction.atomic():
        # Bulk inserts skip the per-entry save signal; the new entries are indexed in one go below.
        articles = Article.objects.bulk_create([
            Article(slug=spec["slug"], question=spec["question"], answer=clean_answer(spec["answer"]),
                    department=departments.get(spec["department"]), category=categories.get(spec["category"]),
                    keywords=spec["keywords"], synonyms=spec["synonyms"], is_public=spec["is_public"],
                    status=Article.Status.PUBLISHED, version=1, published_at=now,
                    review_due=_next_year(now.date()))
            for spec in specs
        ])
        ArticleVersion.objects.bulk_create([
            ArticleVersion(article=article, number=1, question=article.question, answer=article.answer,
                           keywords=article.keywords, synonyms=article.synonyms, is_public=article.is_public,
                           department=article.department, category=article.category, note="演示数据初始版本")
            for article in articles
        ])
        ArticleLog.objects.bulk_create([
            ArticleLog(article=article, action="publish", to_status=article.status, note="演示数据")
            for article in articles
        ])
        indexing.add_articles(articles)
        if articles and settings.ELASTICSEARCH_URL:
            from kb.tasks import rebuild_elasticsearch

            transaction.on_commit(rebuild_elasticsearch.delay)
    return Article.objects.count()


def _next_year(day):
    return day.replace(year=day.year + 1, day=28) if (day.month, day.day) == (2, 29) else day.replace(year=day.year + 1)
