"""Keeping the database search index in step with the entries.

``sync_article`` runs inside the transaction that changed the entry (from the post_save signal), so
the index never shows an entry that was rolled back nor misses one that was committed. It writes
the ``SearchEntry`` row and the document frequencies in ``TermStat``; the database maintains the
FTS5 table (SQLite triggers) or the tsvector column (PostgreSQL generated column) from that row.
"""

from __future__ import annotations

import multiprocessing
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

from django.db import connection, transaction
from django.db.models import F
from django.db.models.functions import Greatest

from kb.models import Article, SearchEntry, TermStat
from kb.richtext import answer_text
from kb.text import index_terms, normalize, phrase_terms, split_phrases, tokenizer

_generation = 0  # bumped on every index write in this process; ranking statistics cache on it


def generation() -> int:
    return _generation


def _touch() -> None:
    global _generation
    _generation += 1


def category_path(category) -> str:
    codes, node, depth = [], category, 0
    while node is not None and depth < 6:
        codes.append(node.code)
        node, depth = node.parent, depth + 1
    return "/" + "/".join(reversed(codes)) + "/" if codes else ""


@lru_cache(maxsize=512)
def segment(question: str, keywords: str, synonyms: str, answer_html: str) -> dict:
    """The segmented columns of one index row. Pure: safe to run in a worker process; cached,
    because re-saving an entry whose text did not change (a status change) needs no new segmentation."""
    question_terms = index_terms(question)
    keyword_terms = phrase_terms(split_phrases(keywords) + split_phrases(synonyms))
    answer_terms = index_terms(answer_text(answer_html))
    return {
        "question_terms": " ".join(question_terms), "question_len": len(question_terms),
        "keywords_terms": " ".join(keyword_terms), "keywords_len": len(keyword_terms),
        "answer_terms": " ".join(answer_terms), "answer_len": len(answer_terms),
        "title_plain": normalize(" ".join((question, keywords, synonyms))),
    }


def is_indexable(article: Article) -> bool:
    return article.status == Article.Status.PUBLISHED


def entry_terms(entry: SearchEntry | dict) -> set[str]:
    get = entry.get if isinstance(entry, dict) else lambda name: getattr(entry, name)
    return set(get("question_terms").split()) | set(get("keywords_terms").split()) | set(get("answer_terms").split())


def _entry_for(article: Article, segmented: dict) -> SearchEntry:
    return SearchEntry(
        article_id=article.pk, is_public=article.is_public, department_id_copy=article.department_id,
        category_path=category_path(article.category) if article.category_id else "",
        valid_from=article.valid_from, valid_until=article.valid_until, **segmented,
    )


_DF_UPSERT = (f"INSERT INTO {TermStat._meta.db_table} (term, df) VALUES (%s, %s) "
              f"ON CONFLICT (term) DO UPDATE SET df = {TermStat._meta.db_table}.df + excluded.df")


def _adjust_df(terms: Iterable[str] | Counter, delta: int = 1) -> None:
    """Add ``delta`` to the document frequency of each term (or each term's count in a Counter).
    The upsert is the same SQL on SQLite and PostgreSQL."""
    counts = terms if isinstance(terms, Counter) else Counter({term: 1 for term in terms})
    if not counts:
        return
    if delta > 0:
        with connection.cursor() as cursor:
            cursor.executemany(_DF_UPSERT, [(term, count * delta) for term, count in sorted(counts.items())])
        return
    by_amount: dict[int, list[str]] = {}
    for term, count in counts.items():
        by_amount.setdefault(count * delta, []).append(term)
    for amount, group in sorted(by_amount.items()):
        group.sort()
        for start in range(0, len(group), 500):
            TermStat.objects.filter(term__in=group[start:start + 500]).update(df=Greatest(F("df") + amount, 0))


def sync_article(article: Article) -> None:
    """Bring the index row of one entry up to date: write, rewrite or remove it."""
    with transaction.atomic():
        old = SearchEntry.objects.filter(pk=article.pk).first()
        old_terms = entry_terms(old) if old else set()
        if not is_indexable(article):
            if old:
                old.delete()
                _adjust_df(old_terms, -1)
                _touch()
            return
        entry = _entry_for(article, segment(article.question, article.keywords, article.synonyms, article.answer))
        entry.save(force_insert=old is None)
        new_terms = entry_terms(entry)
        _adjust_df(new_terms - old_terms, +1)
        _adjust_df(old_terms - new_terms, -1)
        _touch()


def remove_article(article_id: int) -> None:
    with transaction.atomic():
        old = SearchEntry.objects.filter(pk=article_id).first()
        if old:
            terms = entry_terms(old)
            old.delete()
            _adjust_df(terms, -1)
            _touch()


def add_articles(articles: list[Article]) -> int:
    """Index many new published entries at once (seeding, imports): one bulk insert instead of a
    sync per entry. The entries must not be indexed yet."""
    articles = [article for article in articles if is_indexable(article)]
    df: Counter[str] = Counter()
    entries = []
    for article in articles:
        entry = _entry_for(article, segment(article.question, article.keywords, article.synonyms, article.answer))
        df.update(entry_terms(entry))
        entries.append(entry)
    with transaction.atomic():
        SearchEntry.objects.bulk_create(entries, batch_size=500)
        _adjust_df(df, +1)
    _touch()
    return len(entries)


def _segment_row(row: tuple) -> tuple[int, dict]:
    pk, question, keywords, synonyms, answer = row
    return pk, segment(question, keywords, synonyms, answer)


def rebuild(*, workers: int = 1, batch_size: int = 2000, progress=None) -> int:
    """Throw the database index away and build it again from every published entry.

    Segmentation is the slow part (jieba, about 350,000 characters a second per core); with
    ``workers`` > 1 it runs in forked processes while this one writes the rows.
    """
    tokenizer()  # load before forking so each worker inherits the dictionary
    articles = Article.objects.filter(status=Article.Status.PUBLISHED).select_related("category__parent__parent")
    df: Counter[str] = Counter()
    count = 0
    pool = multiprocessing.get_context("fork").Pool(workers) if workers > 1 else None
    try:
        with transaction.atomic():
            SearchEntry.objects.all().delete()
            TermStat.objects.all().delete()
            ids = list(articles.values_list("pk", flat=True).order_by("pk"))
            for start in range(0, len(ids), batch_size):
                chunk = {a.pk: a for a in articles.filter(pk__in=ids[start:start + batch_size])}
                rows = [(a.pk, a.question, a.keywords, a.synonyms, a.answer) for a in chunk.values()]
                segmented = pool.map(_segment_row, rows, chunksize=200) if pool else map(_segment_row, rows)
                entries = []
                for pk, fields in segmented:
                    entry = _entry_for(chunk[pk], fields)
                    df.update(entry_terms(fields))
                    entries.append(entry)
                SearchEntry.objects.bulk_create(entries, batch_size=500)
                count += len(entries)
                if progress:
                    progress(count, len(ids))
            TermStat.objects.bulk_create((TermStat(term=t, df=n) for t, n in df.items()), batch_size=2000)
    finally:
        if pool:
            pool.close()
            pool.join()
    _touch()
    return count


def index_drift() -> dict[str, int]:
    """How far the index is from the entries: rows for entries no longer published, and published
    entries without a row. Both should be zero; kb_reindex --check reports them."""
    return {
        "stale": SearchEntry.objects.exclude(article__status=Article.Status.PUBLISHED).count(),
        "missing": Article.objects.filter(status=Article.Status.PUBLISHED, search_entry__isnull=True).count(),
    }
