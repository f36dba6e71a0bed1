"""Search on the database: SQLite FTS5 or PostgreSQL full text, chosen by ``connection.vendor``.

Two steps. First the database finds candidates, through its indexes:
- entries containing the query's rarer words (FTS5 ordered by its BM25; PostgreSQL by IDF-weighted
  ts_rank over the weighted tsvector, GIN index);
- on PostgreSQL, entries whose question and phrasings contain most of the query as typed (pg_trgm
  word similarity, trigram GIN index);
- for one- and two-character queries that are not a word, entries whose question or keywords
  contain the text (``instr()`` on SQLite, ``LIKE`` on PostgreSQL).
Then one Python function ranks the candidates with BM25F over the same segmented columns and
document frequencies on both databases, treating a word, its synonyms and its parts as one
concept, so SQLite and PostgreSQL rank alike. Only the candidate queries differ by vendor.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from django.db import connection
from django.db.models import Avg, Count

from kb import indexing
from kb.models import SearchEntry, TermStat
from kb.text import ParsedQuery

CANDIDATES = 120
SIMILAR_CANDIDATES = 20
POSTINGS_BUDGET = 5000
K1 = 1.2
# (column, weight, length normalisation b): the question and keywords count more than the answer.
FIELDS = (("question", 3.0, 0.5), ("keywords", 2.5, 0.3), ("answer", 1.0, 0.75))
SUBSTRING_BONUS = 2.5
QUESTION_SIMILARITY = 4.0
RELATIVE_FLOOR = 0.1

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

def _fts_candidates(terms: list[str], idfs: dict[str, float], filters: Filters, limit: int) -> list[int]:
    where, params = filters.sql()
    if connection.vendor == "postgresql":
        # ts_rank knows no IDF: weigh each word's rank by its IDF so rare words order the candidates.
        any_term = " || ".join(["plainto_tsquery('simple', %s)"] * len(terms))
        weighted = " + ".join(["%s * ts_rank(e.search_vector, plainto_tsquery('simple', %s), 1)"] * len(terms))
        sql = (f"SELECT e.article_id FROM {_ENTRY} e WHERE e.search_vector @@ ({any_term}) AND {where} "
               f"ORDER BY ({weighted}) DESC LIMIT %s")
        params = [*terms, *params, *[value for term in terms for value in (idfs[term], term)], limit]
    else:
        match = " OR ".join('"' + term.replace('"', '""') + '"' for term in terms)
        sql = (f"SELECT e.article_id FROM {_FTS} f JOIN {_ENTRY} e ON e.article_id = f.rowid "
               f"WHERE {_FTS} MATCH %s AND {where} "
               f"ORDER BY bm25({_FTS}, {FIELDS[0][1]}, {FIELDS[1][1]}, {FIELDS[2][1]}) LIMIT %s")
        params = [match, *params, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def _similar_title_candidates(text: str, filters: Filters, limit: int) -> list[int]:
    """PostgreSQL only: entries whose question, keywords or phrasings contain most of the caller's
    words in order (pg_trgm word similarity through the trigram index), for questions asked nearly
    as the FAQ asks them but made of words too common to find the entry by."""
    if connection.vendor != "postgresql" or len(text) < 4:
        return []
    where, params = filters.sql()
    sql = (f"SELECT e.article_id FROM {_ENTRY} e WHERE %s <%% e.title_plain AND {where} "
           f"ORDER BY word_similarity(%s, e.title_plain) DESC LIMIT %s")
    with connection.cursor() as cursor:
        cursor.execute(sql, [text, *params, text, limit])
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
STATS_TTL = 60.0


def corpus_stats() -> dict:
    """Entry count and average column lengths. Cached for a minute, and until this process next
    writes the index; another process's writes only shift them slightly."""
    if _stats.get("generation") != indexing.generation() or time.monotonic() > _stats.get("expires", 0):
        agg = SearchEntry.objects.aggregate(n=Count("pk"), question=Avg("question_len"),
                                            keywords=Avg("keywords_len"), answer=Avg("answer_len"))
        _stats.clear()
        _stats.update({"generation": indexing.generation(), "expires": time.monotonic() + STATS_TTL,
                       "n": agg["n"] or 0,
                       "avg": {name: float(agg[name] or 1.0) or 1.0 for name, _, _ in FIELDS}})
    return _stats


def idf(df: int, n: int) -> float:
    return math.log(1.0 + (n - df + 0.5) / (df + 0.5))


def candidate_terms(dfs: dict[str, int], n: int) -> list[str]:
    """The words the database looks candidates up by: rarest first, until their postings reach a
    budget. A word in a tenth of all entries (办理, 材料) finds nothing specific and would make the
    database rank most of the index; it still counts when candidates are scored."""
    budget = max(POSTINGS_BUDGET, n // 20)
    chosen, postings = [], 0
    for term, df in sorted(dfs.items(), key=lambda item: (item[1], item[0])):
        if chosen and len(chosen) >= 2 and postings + df > budget:
            break
        chosen.append(term)
        postings += df
    return chosen


def score_entry(row: tuple, query: ParsedQuery, idfs: dict[str, float], avg: dict[str, float]) -> float:
    """BM25F with concepts: each query group scores its best alternative (word, synonym or part),
    and the sum is scaled by the share of groups matched, so an entry that covers more of what the
    caller said ranks above one that repeats a single word.

    ``row`` is (id, question_terms, keywords_terms, answer_terms, question_len, keywords_len,
    answer_len, title_plain) of the index row."""
    wanted = idfs.keys()
    counts = []
    for column in row[1:4]:
        found: dict[str, int] = {}
        for token in column.split():
            if token in wanted:
                found[token] = found.get(token, 0) + 1
        counts.append(found)
    norms = [1.0 - b + b * row[4 + index] / avg[name] for index, (name, _, b) in enumerate(FIELDS)]
    total, matched = 0.0, 0
    for group in query.groups:
        best = 0.0
        for term, weight in group.alternatives.items():
            term_idf = idfs.get(term)
            if not term_idf:
                continue
            tf = 0.0
            for index, (_, field_weight, _) in enumerate(FIELDS):
                count = counts[index].get(term)
                if count:
                    tf += field_weight * count / norms[index]
            if tf:
                best = max(best, weight * term_idf * tf * (K1 + 1.0) / (K1 + tf))
        if best:
            matched += 1
            total += best
    if (query.is_short or not query.groups) and query.raw:
        # Substring match for one or two characters: earlier (in the question) counts more.
        position = row[7].find(query.raw)
        if position >= 0:
            total += SUBSTRING_BONUS / (1.0 + position / 20.0)
            matched = max(matched, 1)
    groups = max(len(query.groups), 1)
    return total * (0.4 + 0.6 * matched / groups) + QUESTION_SIMILARITY * question_similarity(query, row[7])


def question_similarity(query: ParsedQuery, title: str) -> float:
    """Share of the query's character pairs found in the entry's question, keywords and phrasings:
    callers often ask nearly the FAQ's own question, fillers and all (哪些事情可以在网上办)."""
    pairs = query.char_pairs
    if not pairs:
        return 0.0
    found = sum(1 for pair in pairs if pair in title)
    return (found / len(pairs)) ** 2


def _unique(*id_lists: list[int]) -> list[int]:
    return list(dict.fromkeys(pk for ids in id_lists for pk in ids))


class DatabaseBackend:
    name = "database"

    def search(self, query: ParsedQuery, filters: Filters, limit: int) -> list[tuple[int, float]]:
        """(article id, score) pairs, best first."""
        stats = corpus_stats()
        n = max(stats["n"], 1)
        terms = query.terms
        dfs = dict(TermStat.objects.filter(term__in=terms, df__gt=0).values_list("term", "df")) if terms else {}
        idfs = {term: idf(df, n) for term, df in dfs.items()}
        candidates = _unique(
            _fts_candidates(candidate_terms(dfs, n), idfs, filters, CANDIDATES) if dfs else [],
            _similar_title_candidates(query.raw, filters, SIMILAR_CANDIDATES),
        )
        # Substrings: for one or two characters that are not an indexed word (环 in 取环), or a short
        # query the words did not find.
        if query.raw and ((query.is_short and query.raw not in dfs) or (not candidates and len(query.raw) <= 10)):
            candidates = _unique(candidates, _substring_candidates(query.raw, filters, CANDIDATES))
        if not candidates:
            return []
        rows = SearchEntry.objects.filter(pk__in=candidates).values_list(
            "pk", "question_terms", "keywords_terms", "answer_terms", "question_len", "keywords_len", "answer_len",
            "title_plain")
        scored = [(row[0], score_entry(row, query, idfs, stats["avg"])) for row in rows]
        scored.sort(key=lambda pair: (-pair[1], pair[0]))
        # Far below the best match is noise: a synonym or a filler word in an unrelated entry.
        floor = scored[0][1] * RELATIVE_FLOOR if scored else 0.0
        return [pair for pair in scored[:limit] if pair[1] > 0 and pair[1] >= floor]
