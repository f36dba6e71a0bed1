"""Chinese text for search: segmentation, query parsing with synonyms, and highlighting.

Every backend sees the same words: jieba with the project's dictionary segments entries before
they are indexed and queries before they are searched (SQLite and PostgreSQL cannot segment Chinese,
and Elasticsearch gets the same segmented text so that all three agree).

Shared by the knowledge base (``kb.text`` re-exports this module) and the ticket search
(``tickets.search``): one segmentation, one dictionary, one set of synonyms.

The dictionaries live in ``tickets/search/dictionaries``: ``userdict.txt`` (hotline terms jieba splits badly,
jieba's own format), ``synonyms.txt`` (one group of equivalent words per line) and
``stopwords.txt`` (spoken fillers dropped from queries and entries).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

DICTIONARY_DIR = Path(__file__).resolve().parent / "dictionaries"
MAX_TERM_LENGTH = 64  # longer "words" are URLs or noise; TermStat keys are capped at this length

# Word pairs jieba's default dictionary glues across a boundary that matters here (NOTES: 门口路灯不亮
# comes out as 路/灯不亮 and add_word('路灯') alone does not fix it).
SPLIT_WORDS = ("灯不亮", "钱能", "能寄到", "家里人", "证能", "号能", "约好", "刚出生")

# Weight of a word found only as a part of a longer query word (公积 in 公积金) and of a synonym.
PART_WEIGHT = 0.35
SYNONYM_WEIGHT = 0.85

_PUNCT = re.compile(r"^[\W_]+$", re.UNICODE)
_PHRASE_SPLIT = re.compile(r"[,，、;；\s/|]+")

_lock = threading.Lock()
_tokenizer = None


def tokenizer():
    """The project's jieba tokenizer, loaded once per process (about 0.7 s)."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                import logging

                import jieba

                jieba.setLogLevel(logging.WARNING)  # jieba logs its dictionary loading at DEBUG to stderr
                tk = jieba.Tokenizer()
                tk.initialize()
                tk.load_userdict(str(DICTIONARY_DIR / "userdict.txt"))
                for word in SPLIT_WORDS:
                    tk.del_word(word)
                _tokenizer = tk
    return _tokenizer


def _read_lines(name: str) -> list[str]:
    lines = (DICTIONARY_DIR / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    return frozenset(word for line in _read_lines("stopwords.txt") for word in line.split())


@lru_cache(maxsize=1)
def synonym_map() -> dict[str, tuple[str, ...]]:
    """Each word → the other words of every group it belongs to."""
    groups: dict[str, list[str]] = {}
    for line in _read_lines("synonyms.txt"):
        words = [normalize(word) for word in line.split()]
        for word in words:
            bucket = groups.setdefault(word, [])
            bucket.extend(other for other in words if other != word and other not in bucket)
    return {word: tuple(others) for word, others in groups.items()}


def normalize(text: str) -> str:
    """Full-width to half-width, lower case: ＡＢＣ１２３ and abc123 are the same word."""
    return unicodedata.normalize("NFKC", text or "").lower()


def split_phrases(text: str) -> list[str]:
    """Keywords and synonyms as typed by editors: separated by commas, 、, semicolons or new lines."""
    return [part for part in _PHRASE_SPLIT.split(text or "") if part]


def _keep(token: str) -> bool:
    token = token.strip()
    return bool(token) and not _PUNCT.match(token) and token not in stopwords() and len(token) <= MAX_TERM_LENGTH


@lru_cache(maxsize=65536)
def _block_terms(block: str) -> tuple[str, ...]:
    return tuple(token.strip() for token in tokenizer().lcut_for_search(block) if _keep(token))


def index_terms(text: str) -> list[str]:
    """The words of an entry's text as indexed: search-mode segmentation, so 公积金 is also found as
    公积, and 出入境 as 出入 and 入境.

    jieba segments each run of Chinese, letters and digits on its own (punctuation always breaks a
    word), so runs are segmented once and remembered: entries repeat phrases such as office hours,
    phone numbers and material lists, and the result is the same as segmenting the whole text."""
    import jieba

    terms: list[str] = []
    for block in jieba.re_han_default.findall(normalize(text)):
        terms.extend(_block_terms(block))
    return terms


def phrase_terms(phrases: list[str]) -> list[str]:
    """Keywords: each phrase as a whole word (when short enough) plus its segmented parts."""
    terms: list[str] = []
    for phrase in phrases:
        phrase = normalize(phrase).strip()
        if not phrase:
            continue
        parts = index_terms(phrase)
        if len(parts) > 1 and len(phrase) <= 12 and _keep(phrase):
            terms.append(phrase)
        terms.extend(parts)
    return terms


@dataclass
class TermGroup:
    """One concept of the query: the word the caller used, plus synonyms and parts, each with a weight."""

    word: str
    alternatives: dict[str, float] = field(default_factory=dict)

    @property
    def terms(self) -> list[str]:
        return list(self.alternatives)


@dataclass
class ParsedQuery:
    raw: str
    groups: list[TermGroup]

    @property
    def terms(self) -> list[str]:
        """Every word to look up, without repeats, in query order."""
        seen: dict[str, None] = {}
        for group in self.groups:
            for term in group.alternatives:
                seen.setdefault(term, None)
        return list(seen)

    @property
    def is_short(self) -> bool:
        """One or two characters: too short for segmentation to find anything reliable."""
        return len(self.raw) <= 2

    @cached_property
    def char_pairs(self) -> frozenset[str]:
        """Adjacent character pairs of the query's words and fillers (punctuation and spaces removed)."""
        text = "".join(ch for ch in self.raw if not _PUNCT.match(ch))
        return frozenset(text[i:i + 2] for i in range(len(text) - 1))

    @property
    def highlight_terms(self) -> list[str]:
        terms = [t for t in self.terms if len(t) > 1 or self.is_short]
        if self.raw and (self.is_short or not terms):
            terms.append(self.raw)
        return terms


def parse_query(q: str) -> ParsedQuery:
    """Segment what the caller said into concepts, drop fillers, add synonyms and word parts."""
    raw = normalize(q).strip()
    raw = re.sub(r"\s+", " ", raw)
    groups: list[TermGroup] = []
    seen: set[str] = set()
    tk = tokenizer()
    for token in tk.lcut(raw):
        token = token.strip()
        if not _keep(token) or token in seen:
            continue
        seen.add(token)
        group = TermGroup(word=token, alternatives={token: 1.0})
        for synonym in synonym_map().get(token, ()):
            group.alternatives.setdefault(synonym, SYNONYM_WEIGHT)
        if len(token) > 2:
            for part in tk.lcut_for_search(token):
                part = part.strip()
                if part != token and len(part) > 1 and _keep(part):
                    group.alternatives.setdefault(part, PART_WEIGHT)
        groups.append(group)
    if not groups and raw and len(raw) <= MAX_TERM_LENGTH and not _PUNCT.match(raw):
        # A query made only of fillers ("怎么办") or a single character still searches for itself.
        groups.append(TermGroup(word=raw, alternatives={raw: 1.0}))
    return ParsedQuery(raw=raw, groups=groups)


def highlight(text: str, terms: list[str], *, limit: int | None = None) -> SafeString:
    """Escape ``text`` and wrap every occurrence of the terms in <mark>. With ``limit``, return a
    window of about that many characters around the first match instead of the whole text."""
    text = text or ""
    terms = sorted({t for t in terms if t}, key=len, reverse=True)
    folded = normalize(text)
    if len(folded) != len(text):  # NFKC changed the length (rare ligatures): match on the raw text
        folded = text.lower()
    spans: list[tuple[int, int]] = []
    if terms:
        pattern = re.compile("|".join(re.escape(t) for t in terms))
        spans = [(m.start(), m.end()) for m in pattern.finditer(folded)]
    start, end = 0, len(text)
    if limit and len(text) > limit:
        first = spans[0][0] if spans else 0
        start = max(0, min(first - limit // 4, len(text) - limit))
        end = start + limit
    pieces: list[str] = ["…" if start > 0 else ""]
    cursor = start
    for span_start, span_end in spans:
        if span_end <= cursor or span_start >= end:
            continue
        span_start = max(span_start, cursor)
        span_end = min(span_end, end)
        pieces.append(escape(text[cursor:span_start]))
        pieces.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    pieces.append(escape(text[cursor:end]))
    if end < len(text):
        pieces.append("…")
    return mark_safe("".join(pieces))
