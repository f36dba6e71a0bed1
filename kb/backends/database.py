"""Search on the database: SQLite FTS5 or PostgreSQL full text, chosen by ``connection.vendor``.

Two steps. The database finds candidates: entries containing any query word (FTS5 ranked by its
BM25, PostgreSQL by ts_rank over the weighted tsvector, both through their full-text indexes),
plus, for one- and two-character or partial queries, entries whose question or keywords contain
the text (``instr()`` on SQLite, ``LIKE`` served by the pg_trgm index on PostgreSQL). Then one
Python function ranks the candidates with BM25F over the same segmented columns and document
frequencies on both databases, treating a word and its synonyms as one concept, so SQLite and
PostgreSQL rank alike. Only the two candidate queries below differ by vendor.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from django.db import connection
from django.db.models import Avg, Count

from kb import indexing
from kb.models import SearchEntry, TermStat
from kb.text import ParsedQuery

CANDIDATES = 300
K1 = 1.2
# (column, weight, length normalisation b): the question and keywords count more than the answer.
FIELDS = (("question", 3.0, 0.5), ("keywords", 2.5, 0.3), ("answer", 1.0, 0.75))
SUBSTRING_BONUS = 2.5

_ENTRY = SearchEntry._meta.db_table
_FTS = "kb_search_fts"


@dataclass
class Filters:
    include_internal: bool = False
    department_id: int | None = None
    category_code: str | None = None
    today: object = None

    def sql(self) -> tuple[str, list]:
        """WHERE conditions on the index row (alias e): the same SQL on both databases."""
        where, params = [], []
        if not self.include_internal:
            where.append("e.is_public = %s")
            params.append(True)
        if self.department_id:
            where.append("e.department_id = %s")
            params.append(self.department_id)
        if self.category_code:
            where.append("e.category_path LIKE %s")
            params.append(f"%/{self.category_code}/%")
        if self.today:
            where.append("(e.valid_from IS NULL OR e.valid_from <= %s) AND (e.valid_until IS NULL OR e.valid_until >= %s)")
            params.extend([self.today, self.today])
        return (" AND ".join(where) or "1 = 1"), params


# --- candidate queries, per vendor -----------------------------------------------------------------

def _fts_candidates(terms: list[str], filters: Filters, limit: int) -> list[int]:
    where, params = filters.sql()
    if connection.vendor == "postgresql":
        tsquery = " || ".join(["plainto_tsquery('simple', %s)"] * len(terms))
        sql = (f"SELECT e.article_id FROM {_ENTRY} e, (SELECT {tsquery} AS query) q "
               f"WHERE e.search_vector @@ q.query AND {where} "
               f"ORDER BY ts_rank(e.search_vector, q.query, 1) DESC LIMIT %s")
        params = [*terms, *params, limit]
    else:
        match = " OR ".join('"' + term.replace('"', '""') + '"' for term in terms)
        sql = (f"SELECT e.article_id FROM {_FTS} f JOIN {_ENTRY} e ON e.article_id = f.rowid "
               f"WHERE {_FTS} MATCH %s AND {where} "
               f"ORDER BY bm25({_FTS}, {FIELDS[0][1]}, {FIELDS[1][1]}, {FIELDS[2][1]}) LIMIT %s")
        params = [match, *params, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def _substring_candidates(text: str, filters: Filters, limit: int) -> list[int]:
    where, params = filters.sql()
    if connection.vendor == "postgresql":
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        condition, first = "e.title_plain LIKE %s", [pattern]
    else:
        condition, first = "instr(e.title_plain, %s) > 0", [text]
    sql = f"SELECT e.article_id FROM {_ENTRY} e WHERE {condition} AND {where} LIMIT %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*first, *params, limit])
        return [row[0] for row in cursor.fetchall()]


# --- ranking ---------------------------------------------------------------------------------------

_stats: dict = {}


def corpus_stats() -> dict:
    """Entry count and average column lengths, cached until this process next writes the index."""
    if _stats.get("generation") != indexing.generation():
        agg = SearchEntry.objects.aggregate(n=Count("pk"), question=Avg("question_len"),
                                            keywords=Avg("keywords_len"), answer=Avg("answer_len"))
        _stats.clear()
        _stats.update({"generation": indexing.generation(), "n": agg["n"] or 0,
                       "avg": {name: float(agg[name] or 1.0) or 1.0 for name, _, _ in FIELDS}})
    return _stats


def idf(df: int, n: int) -> float:
    return math.log(1.0 + (n - df + 0.5) / (df + 0.5))


def score_entry(entry: SearchEntry, query: ParsedQuery, idfs: dict[str, float], avg: dict[str, float]) -> float:
    """BM25F with concepts: each query group scores its best alternative (word, synonym or part),
    and the sum is scaled by the share of groups matched, so an entry that covers more of what the
    caller said ranks above one that repeats a single word."""
    fields = {
        "question": (Counter(entry.question_terms.split()), entry.question_len),
        "keywords": (Counter(entry.keywords_terms.split()), entry.keywords_len),
        "answer": (Counter(entry.answer_terms.split()), entry.answer_len),
    }
    total, matched = 0.0, 0
    for group in query.groups:
        best = 0.0
        for term, weight in group.alternatives.items():
            term_idf = idfs.get(term)
            if not term_idf:
                continue
            tf = 0.0
            for name, field_weight, b in FIELDS:
                counts, length = fields[name]
                if counts[term]:
                    tf += field_weight * counts[term] / (1.0 - b + b * length / avg[name])
            if tf:
                best = max(best, weight * term_idf * tf * (K1 + 1.0) / (K1 + tf))
        if best:
            matched += 1
            total += best
    if (query.is_short or not query.groups) and query.raw:
        # Substring match for one or two characters: earlier (in the question) counts more.
        position = entry.title_plain.find(query.raw)
        if position >= 0:
            total += SUBSTRING_BONUS / (1.0 + position / 20.0)
            matched = max(matched, 1)
    groups = max(len(query.groups), 1)
    return total * (0.4 + 0.6 * matched / groups)


class DatabaseBackend:
    name = "database"

    def search(self, query: ParsedQuery, filters: Filters, limit: int) -> list[tuple[int, float]]:
        """(article id, score) pairs, best first."""
        stats = corpus_stats()
        terms = query.terms
        dfs = dict(TermStat.objects.filter(term__in=terms, df__gt=0).values_list("term", "df")) if terms else {}
        candidates: list[int] = []
        present = [term for term in terms if term in dfs]
        if present:
            candidates = _fts_candidates(present, filters, CANDIDATES)
        if query.raw and (query.is_short or len(candidates) < limit):
            seen = set(candidates)
            candidates += [pk for pk in _substring_candidates(query.raw, filters, CANDIDATES) if pk not in seen]
        if not candidates:
            return []
        n = max(stats["n"], 1)
        idfs = {term: idf(df, n) for term, df in dfs.items()}
        entries = SearchEntry.objects.filter(pk__in=candidates).only(
            "question_terms", "keywords_terms", "answer_terms", "question_len", "keywords_len", "answer_len",
            "title_plain")
        scored = [(entry.pk, score_entry(entry, query, idfs, stats["avg"])) for entry in entries]
        scored = [pair for pair in scored if pair[1] > 0]
        scored.sort(key=lambda pair: (-pair[1], pair[0]))
        return scored[:limit]
