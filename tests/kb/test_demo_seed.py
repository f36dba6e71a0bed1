"""seed_demo's knowledge base on a database seeded by an older release: what only seeding wrote
follows the current demo text, what a person edited stays, retired entries leave the index."""

import copy

import pytest

from kb import demo, services
from kb.demo_articles import ARTICLES
from kb.models import Article
from kb.search import search

pytestmark = pytest.mark.django_db

OLD_HALL = {
    "slug": "exit-entry-hall-xuanwu", "question": "宣武分局出入境接待大厅在哪里？办公时间是几点到几点？",
    "answer": "<p><strong>地址：</strong>宣武区公安分局门口东侧（宣武区梁家园胡同1号）。</p>",
    "department": "psb_exit_entry", "category": "500200", "keywords": "宣武，宣武区，出入境接待大厅",
    "synonyms": "宣武办护照", "is_public": True,
}


@pytest.fixture
def seeded_by_an_older_release(reference_data, monkeypatch):
    old = copy.deepcopy(ARTICLES)
    for spec in old:
        if spec["slug"] in ("passport-where", "passport-collect"):
            spec["answer"] = "<p>全市 18 个区县都设有出入境接待大厅，办证问题可拨打 84020101 咨询。</p>"
    monkeypatch.setattr(demo, "ARTICLES", old + [OLD_HALL])
    demo.seed_articles()
    monkeypatch.undo()
    return {article.slug: article for article in Article.objects.exclude(slug=None)}


def test_entries_only_seeding_wrote_follow_the_current_demo_text(seeded_by_an_older_release):
    demo.seed_articles()
    article = Article.objects.get(slug="passport-where")
    assert "84020101" not in article.answer and "全国通办" in article.answer
    assert article.version == 2 and article.versions.count() == 2
    assert search("全国通办 护照").hits[0].article.slug == "passport-where"


def test_an_entry_an_editor_changed_is_left_as_the_editor_wrote_it(seeded_by_an_older_release, users):
    edited = seeded_by_an_older_release["passport-collect"]
    services.update_article(edited.pk, by=users["kbeditor1"], answer="<p>到递交申请的窗口领取。</p>")
    demo.seed_articles()
    assert Article.objects.get(pk=edited.pk).answer == "<p>到递交申请的窗口领取。</p>"


def test_retired_demo_entries_are_archived_and_no_longer_found(seeded_by_an_older_release):
    assert search("宣武办护照").hits
    demo.seed_articles()
    assert Article.objects.get(slug="exit-entry-hall-xuanwu").status == Article.Status.ARCHIVED
    assert not [hit for hit in search("宣武办护照").hits if "宣武" in hit.article.question]


def test_seeding_again_changes_nothing(seeded_by_an_older_release):
    demo.seed_articles()
    versions = {article.slug: article.version for article in Article.objects.exclude(slug=None)}
    demo.seed_articles()
    assert {article.slug: article.version for article in Article.objects.exclude(slug=None)} == versions
