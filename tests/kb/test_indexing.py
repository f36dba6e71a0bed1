"""The database index follows the entries in the same transaction; kb_reindex rebuilds it."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction

from kb import indexing
from kb.models import Article, SearchEntry, TermStat
from kb.search import search

pytestmark = pytest.mark.django_db


def _entry(**fields) -> Article:
    defaults = {"question": "居住证怎么办理？", "answer": "<p>到社区警务室申报居住登记，满半年可申领居住证。</p>",
                "keywords": "居住证，居住登记", "status": Article.Status.PUBLISHED}
    defaults.update(fields)
    return Article.objects.create(**defaults)


def test_publishing_writes_the_index_row_and_term_frequencies():
    article = _entry()
    entry = SearchEntry.objects.get(pk=article.pk)
    assert "居住证" in entry.question_terms.split()
    assert TermStat.objects.get(term="居住证").df == 1


def test_unpublishing_removes_the_row_and_lowers_frequencies():
    article = _entry()
    article.status = Article.Status.ARCHIVED
    article.save()
    assert not SearchEntry.objects.filter(pk=article.pk).exists()
    assert TermStat.objects.get(term="居住证").df == 0


def test_deleting_an_entry_removes_it_from_the_index():
    article = _entry()
    article.delete()
    assert not SearchEntry.objects.exists()
    assert search("居住证").hits == []


def test_rolled_back_change_leaves_the_index_as_it_was():
    article = _entry()
    with pytest.raises(RuntimeError), transaction.atomic():
        article.question = "临时身份证怎么办理？"
        article.save()
        raise RuntimeError("abort")
    assert "居住证" in SearchEntry.objects.get(pk=article.pk).question_terms


def test_edit_replaces_the_old_words_in_full_text_search():
    article = _entry()
    article.question, article.keywords = "临时身份证怎么办理？", "临时身份证"
    article.answer = "<p>到户籍所在地派出所办理。</p>"
    article.save()
    assert search("临时身份证").hits[0].article.pk == article.pk
    assert search("居住登记").hits == []


def test_rebuild_gives_the_same_rows_and_frequencies_as_incremental_sync():
    for question in ("居住证怎么办理？", "居住证到期怎么续签？", "公积金怎么提取？"):
        _entry(question=question)
    before = {row.pk: row.question_terms for row in SearchEntry.objects.all()}
    df_before = dict(TermStat.objects.filter(df__gt=0).values_list("term", "df"))
    assert indexing.rebuild() == 3
    assert {row.pk: row.question_terms for row in SearchEntry.objects.all()} == before
    assert dict(TermStat.objects.filter(df__gt=0).values_list("term", "df")) == df_before
    assert search("居住证续签").hits[0].article.question == "居住证到期怎么续签？"


def test_kb_reindex_command_reports_and_checks(demo_articles):
    out = io.StringIO()
    call_command("kb_reindex", "--workers", "1", stdout=out)
    assert f"database index: {len(demo_articles)} entries" in out.getvalue()
    out = io.StringIO()
    call_command("kb_reindex", "--check", stdout=out)
    assert "stale index rows: 0, published entries missing: 0" in out.getvalue()


def test_seed_articles_is_idempotent(demo_articles):
    from kb.demo import seed_articles

    count = Article.objects.count()
    assert count >= 60
    assert seed_articles() == count
