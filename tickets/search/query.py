"""What a member of staff typed into the ticket search, as the backends search it.

A query is a list of *groups* that must all match (any word order: "提取公积金" and "公积金提取" are
the same two groups). A group is a list of *alternatives*, any of which may match: the word, its
synonyms (from the shared query parser), or, for a number, the letter-number n-grams
and the phone token. An alternative is a tuple of index tokens that must all be present.

Question forms lose their question words ("公积金怎么提取" → 公积金 提取; "路灯不亮找谁" → 路灯 不亮).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from tickets.search import documents
from tickets.search.text import DICTIONARY_DIR, SYNONYM_WEIGHT, normalize, parse_query

MAX_GROUPS = 12
_NUMBER = re.compile(r"^\+?[\d\-\s().·]+$")


@lru_cache(maxsize=1)
def question_words() -> frozenset[str]:
    lines = (DICTIONARY_DIR / "question_words.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(word for line in lines if not line.startswith("#") for word in line.split())


@dataclass
class TicketQuery:
    raw: str
    groups: list[list[tuple[str, ...]]] = field(default_factory=list)
    # Whether the citizen's name and phone may match (hotline staff: yes; a department: no).
    personal: bool = False

    @property
    def is_empty(self) -> bool:
        return not self.groups

    @property
    def words(self) -> list[str]:
        """The plain words of the query (no n-gram or phone tokens), for highlighting."""
        seen: dict[str, None] = {}
        for group in self.groups:
            for alternative in group:
                for token in alternative:
                    if not documents.is_key_token(token):
                        seen.setdefault(token, None)
        return list(seen)

    def relaxed(self) -> TicketQuery:
        """Any group instead of all: the fallback when no ticket has every word."""
        merged = list(dict.fromkeys(alt for group in self.groups for alt in group))
        return TicketQuery(raw=self.raw, groups=[merged] if merged else [], personal=self.personal)


def _number_group(text: str, *, personal: bool, narrowed: bool) -> list[tuple[str, ...]]:
    digits = re.sub(r"\D", "", text)
    alternatives: list[tuple[str, ...]] = [(digits,)]
    if documents.LETTER_GRAM <= len(digits) <= 16:
        alternatives.insert(0, tuple(documents.letter_grams(digits)))
    if personal:
        phone = documents.phone_digits(text)
        if phone:
            alternatives.insert(0, (documents.phone_token(phone),))
        elif len(digits) == documents.PHONE_TAIL and narrowed:
            # The last four digits alone match too many callers: only together with another filter.
            alternatives.insert(0, (documents.tail_token(digits),))
    return alternatives


def parse_ticket_query(q: str, *, personal: bool = False, narrowed: bool = False) -> TicketQuery:
    """``personal``: the searcher may find tickets by the citizen's name and phone. ``narrowed``:
    another filter is set, so the last four digits of a phone number are specific enough."""
    raw = re.sub(r"\s+", " ", normalize(q).strip())
    groups: list[list[tuple[str, ...]]] = []
    stop = question_words()
    # A number typed with spaces or brackets ("+86 137 0000 1111", "(0311) 8600 1001") is one number.
    pieces = [raw] if _NUMBER.match(raw) and any(ch.isdigit() for ch in raw) else raw.split(" ")
    for piece in pieces:
        if not piece:
            continue
        if _NUMBER.match(piece) and any(ch.isdigit() for ch in piece):
            groups.append(_number_group(piece, personal=personal, narrowed=narrowed))
            continue
        parsed = parse_query(piece)
        # A query made only of question words ("找谁") still searches for them.
        kept = [group for group in parsed.groups if group.word not in stop] or parsed.groups
        for group in kept:
            # The word and its synonyms; not its parts (公积 of 公积金): every ticket with the word has
            # them indexed too, and alone they find unrelated text.
            alternatives = [(term,) for term, weight in group.alternatives.items()
                            if weight >= SYNONYM_WEIGHT and (term not in stop or term == group.word)]
            if alternatives:
                groups.append(alternatives)
    unique: list[list[tuple[str, ...]]] = []
    for group in groups:
        if group not in unique:
            unique.append(group)
    return TicketQuery(raw=raw, groups=unique[:MAX_GROUPS], personal=personal)
