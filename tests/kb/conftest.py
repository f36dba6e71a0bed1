"""Knowledge-base fixtures: the demo entries loaded the way seed_demo loads them."""

import pytest
from django.test import override_settings


@pytest.fixture(autouse=True)
def _database_search(request):
    """Search tests check the database backends, even on a machine with ELASTICSEARCH_URL set; the
    tests marked live_es choose Elasticsearch themselves."""
    if request.node.get_closest_marker("live_es"):
        yield
        return
    with override_settings(ELASTICSEARCH_URL=""):
        yield


@pytest.fixture
def demo_articles(reference_data):
    from kb.demo import seed_articles

    seed_articles()
    from kb.models import Article

    return {article.slug: article for article in Article.objects.exclude(slug=None)}
