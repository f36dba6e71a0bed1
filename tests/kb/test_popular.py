"""The FAQ's "大家都在问": computed from what citizens actually search and open, with a fallback
across units while there is no usage yet."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from kb import selectors, services
from kb.models import Article, ArticleFeedback, ArticleUsage

pytestmark = pytest.mark.django_db


def popular_slugs():
    return [article.slug for article in selectors.popular_articles()]


def front_page_questions(client):
    page = client.get("/faq/").content.decode()
    section = page.split("大家都在问", 1)[1].split("按分类浏览", 1)[0]
    return re.findall(r'<span class="kb-q">(.*?)</span>', section)


def test_without_usage_the_list_shows_one_public_entry_from_each_of_eight_units(demo_articles):
    popular = selectors.popular_articles()
    assert len(popular) == 8
    assert all(article.is_public for article in popular)
    assert len({article.department_id for article in popular}) == 8


def test_asking_twice_puts_the_entry_first(client, demo_articles):
    for _ in range(2):
        client.get("/faq/", {"q": "公积金怎么提取"})
    client.get("/faq/", {"q": "路灯不亮找谁"})
    assert popular_slugs()[:2] == ["housing-fund-withdraw", "streetlight-broken"]
    questions = front_page_questions(client)
    assert questions[:2] == [demo_articles["housing-fund-withdraw"].question,
                             demo_articles["streetlight-broken"].question]
    assert len(questions) == 8


def test_opening_an_entry_counts_like_finding_it(client, demo_articles):
    client.get("/faq/", {"q": "公积金怎么提取"})
    for _ in range(2):
        assert client.get(f"/faq/{demo_articles['gas-leak'].pk}/").status_code == 200
    assert popular_slugs()[:2] == ["gas-leak", "housing-fund-withdraw"]


def test_a_search_that_finds_nothing_counts_nothing(client, demo_articles):
    client.get("/faq/", {"q": "火星移民签证"})
    assert not ArticleUsage.objects.exists()


def test_one_counter_row_per_entry_and_day(demo_articles):
    article = demo_articles["gas-leak"]
    services.record_public_use(article.pk, kind="search")
    services.record_public_use(article.pk, kind="search")
    services.record_public_use(article.pk, kind="view")
    row = ArticleUsage.objects.get()
    assert (row.article_id, row.day, row.searches, row.views) == (article.pk, timezone.localdate(), 2, 1)


def test_usage_outside_the_recent_window_is_forgotten(demo_articles):
    old = timezone.localdate() - timedelta(days=selectors.POPULAR_WINDOW_DAYS)
    ArticleUsage.objects.create(article=demo_articles["tax-invoice"], day=old, searches=50)
    ArticleUsage.objects.create(article=demo_articles["gas-leak"], day=timezone.localdate(), searches=1)
    slugs = popular_slugs()
    assert slugs[0] == "gas-leak" and "tax-invoice" not in slugs


def test_internal_and_archived_entries_never_appear_however_used(demo_articles):
    internal = demo_articles["agent-housing-fund-routing"]
    archived = demo_articles["gas-account"]
    Article.objects.filter(pk=archived.pk).update(status=Article.Status.ARCHIVED)
    for article in (internal, archived):
        ArticleUsage.objects.create(article=article, day=timezone.localdate(), searches=99)
    slugs = popular_slugs()
    assert internal.slug not in slugs and archived.slug not in slugs
    assert len(slugs) == 8


def test_agents_helpful_marks_count_towards_the_list(demo_articles, users):
    ArticleUsage.objects.create(article=demo_articles["gas-leak"], day=timezone.localdate(), searches=2)
    ArticleFeedback.objects.create(article=demo_articles["power-outage"], user=users["agent1"],
                                   kind=ArticleFeedback.Kind.HELPFUL)
    assert popular_slugs()[:2] == ["power-outage", "gas-leak"]


def test_the_fallback_fills_the_list_after_the_used_entries_without_repeating_them(demo_articles):
    ArticleUsage.objects.create(article=demo_articles["gas-leak"], day=timezone.localdate(), views=1)
    slugs = popular_slugs()
    assert slugs[0] == "gas-leak" and len(slugs) == 8 and len(set(slugs)) == 8


def test_a_citizens_helpful_vote_counts_once_per_session(client, demo_articles):
    article = demo_articles["water-supply-outage"]
    page = client.get(f"/faq/{article.pk}/").content.decode()
    assert "这条回答对我有用" in page
    for _ in range(2):
        response = client.post(f"/faq/{article.pk}/helpful/")
        assert response.status_code == 302 and response["Location"] == f"/faq/{article.pk}/"
    row = ArticleUsage.objects.get(article=article)
    assert (row.views, row.helpful) == (1, 1)
    assert "感谢反馈" in client.get(f"/faq/{article.pk}/").content.decode()


def test_a_helpful_vote_outweighs_a_search(client, demo_articles):
    client.get("/faq/", {"q": "公积金怎么提取"})
    client.get("/faq/", {"q": "公积金怎么提取"})
    client.post(f"/faq/{demo_articles['water-supply-outage'].pk}/helpful/")
    assert popular_slugs()[:2] == ["water-supply-outage", "housing-fund-withdraw"]


def test_helpful_votes_only_for_public_entries_and_only_by_post(client, demo_articles):
    internal = demo_articles["agent-housing-fund-routing"]
    assert client.post(f"/faq/{internal.pk}/helpful/").status_code == 404
    assert client.get(f"/faq/{demo_articles['gas-leak'].pk}/helpful/").status_code == 405
    assert not ArticleUsage.objects.exists()
