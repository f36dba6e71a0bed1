"""Demo knowledge-base entries for seed_demo (written from the documents in shared/seeds)."""


def seed_articles() -> int:
    from kb.models import Article

    return Article.objects.count()
