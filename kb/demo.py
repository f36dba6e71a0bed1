"""Demo knowledge-base entries for seed_demo (written from the documents in shared/seeds).

Idempotent. New entries are created published, with version 1 in their history, as if reviewed.
An entry whose slug exists is left as it is once a person has edited it; one that only seeding ever
wrote is brought up to the current demo text (a new version), and one whose slug was retired from
the demo (RETIRED_SLUGS) is archived, so a database seeded by an older release does not keep
showing content the demo no longer has (another city's offices, say).
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kb import indexing
from kb.demo_articles import ARTICLES, RETIRED_SLUGS
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
        _refresh_seeded([spec for spec in ARTICLES if spec["slug"] in existing], departments, categories)
        _retire_seeded(RETIRED_SLUGS)
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


SNAPSHOT_FIELDS = ("question", "answer", "keywords", "synonyms", "is_public", "department_id", "category_id")


def _seeded_only(article) -> bool:
    """True while no person has changed the entry: every version and log line was written by seeding
    (no editor, no actor) and the entry still reads as its latest version (an admin save leaves no log)."""
    if article.status != article.Status.PUBLISHED:
        return False
    if article.versions.exclude(editor=None).exists() or article.log.exclude(actor=None).exists():
        return False
    latest = article.versions.first()
    return latest is not None and all(getattr(article, field) == getattr(latest, field) for field in SNAPSHOT_FIELDS)


def _refresh_seeded(specs, departments, categories) -> None:
    from kb.models import Article, ArticleLog, ArticleVersion

    articles = Article.objects.in_bulk([spec["slug"] for spec in specs], field_name="slug")
    for spec in specs:
        article = articles[spec["slug"]]
        wanted = {"question": spec["question"], "answer": clean_answer(spec["answer"]),
                  "keywords": spec["keywords"], "synonyms": spec["synonyms"], "is_public": spec["is_public"],
                  "department_id": getattr(departments.get(spec["department"]), "pk", None),
                  "category_id": getattr(categories.get(spec["category"]), "pk", None)}
        if all(getattr(article, field) == value for field, value in wanted.items()) or not _seeded_only(article):
            continue
        for field, value in wanted.items():
            setattr(article, field, value)
        article.version += 1
        article.save()  # the save signal re-indexes it
        ArticleVersion.objects.create(
            article=article, number=article.version, question=article.question, answer=article.answer,
            keywords=article.keywords, synonyms=article.synonyms, is_public=article.is_public,
            department_id=article.department_id, category_id=article.category_id, note="演示数据更新")
        ArticleLog.objects.create(article=article, action="edit", from_status=article.status,
                                  to_status=article.status, note="演示数据更新")


def _retire_seeded(slugs) -> None:
    from kb.models import Article, ArticleLog

    for article in Article.objects.filter(slug__in=slugs, status=Article.Status.PUBLISHED):
        if not _seeded_only(article):
            continue
        from_status = article.status
        article.archive()
        article.save()  # the save signal takes it out of the index
        ArticleLog.objects.create(article=article, action="archive", from_status=from_status,
                                  to_status=article.status, note="演示数据已下线")


def _next_year(day):
    return day.replace(year=day.year + 1, day=28) if (day.month, day.day) == (2, 29) else day.replace(year=day.year + 1)
