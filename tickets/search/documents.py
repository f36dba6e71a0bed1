"""What of a ticket is searchable, as index tokens: the one place that decides it for every backend.

- title, and the body: content, supplements, replies, the direct answer, internal notes — jieba
  search-mode words (the shared ``tickets.search.text``), so 公积金提取 is also found by 公积金 and 提取；
- the letter number as n-grams of ``LETTER_GRAM`` digits (``n`` + digits): any 6 or more consecutive
  digits find the letter through an ordinary full-text lookup, never a ``LIKE`` scan;
- the citizen's name (words and whole) and phone: ``p`` + the normalised number, and ``t`` + its last
  four digits (searched only together with another filter).

The marker letters keep these tokens apart from words: jieba never makes "n202612" of a text.
"""

from __future__ import annotations

import re

from tickets.phones import normalize_phone
from tickets.search.text import index_terms, normalize

LETTER_GRAM = 6
PHONE_TAIL = 4
_KEY_TOKEN = re.compile(r"^[npt]\d+$")
# Which events carry searchable text: internal notes and the citizen's supplements.
TEXT_EVENT_KINDS = ("note", "updated")


def phone_digits(value: str) -> str | None:
    """A phone number as the index stores it: the canonical form of ``tickets.phones``."""
    return normalize_phone(value)


def phone_token(digits: str) -> str:
    return f"p{digits}"


def tail_token(digits: str) -> str:
    return f"t{digits[-PHONE_TAIL:]}"


def letter_grams(number: str) -> list[str]:
    digits = re.sub(r"\D", "", number or "")
    if len(digits) < LETTER_GRAM:
        return []
    return list(dict.fromkeys(f"n{digits[i:i + LETTER_GRAM]}" for i in range(len(digits) - LETTER_GRAM + 1)))


def is_key_token(token: str) -> bool:
    return bool(_KEY_TOKEN.match(token))


def words(text: str) -> str:
    return " ".join(index_terms(text))


def segment(*, title: str, body_texts: list[str], letter_number: str, name: str, phone: str) -> dict:
    """The index columns of one ticket (pure: the bulk loaders and reindexing call it too)."""
    personal = index_terms(name)
    whole_name = normalize(name).strip().replace(" ", "")
    if whole_name and whole_name not in personal:
        personal.append(whole_name)
    digits = phone_digits(phone)
    if digits:
        personal.extend([phone_token(digits), tail_token(digits)])
    return {
        "title_terms": words(title),
        "body_terms": " ".join(term for text in body_texts if text for term in index_terms(text)),
        "number_terms": " ".join(letter_grams(letter_number)),
        "personal_terms": " ".join(personal),
    }


def body_texts(ticket) -> list[str]:
    """The ticket's searchable texts besides the title, read from its rows."""
    texts = [ticket.content, ticket.direct_answer]
    texts.extend(ticket.replies.order_by("id").values_list("text", flat=True))
    texts.extend(ticket.events.filter(kind__in=TEXT_EVENT_KINDS).order_by("id").values_list("text", flat=True))
    return texts


def segment_ticket(ticket) -> dict:
    return segment(title=ticket.title, body_texts=body_texts(ticket), letter_number=ticket.letter_number,
                   name=ticket.citizen_name, phone=ticket.citizen_phone)
