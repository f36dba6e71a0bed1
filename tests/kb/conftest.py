"""Knowledge-base fixtures: the demo entries loaded the way seed_demo loads them."""

import pytest


@pytest.fixture
def demo_articles(reference_data):
    from kb.demo import seed_articles

    seed_articles()
    from kb.models import Article

    return {article.slug: article for article in Article.objects.exclude(slug=None)}
