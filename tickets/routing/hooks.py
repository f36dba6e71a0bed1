"""What the routing core asks of other apps, registered by them in their AppConfig.ready().

The core never imports the knowledge base: ``kb`` registers a provider that lists its live entries
with the unit owning each (and a cheap revision that changes whenever they do), and the tokenizer
its search uses, so routing segments Chinese with the same dictionary. Routing indexes the entries
itself, next to the catalogue: a suggestion then costs one vector product, not a search round-trip.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class KnowledgeArticle:
    id: int
    question: str
    text: str  # what the entry is about: question, keywords, callers' wordings
    department_code: str = ""
    department_name: str = ""
    category_code: str = ""


@dataclass(frozen=True)
class KnowledgeProvider:
    articles: Callable[[], list[KnowledgeArticle]]
    revision: Callable[[], tuple]


_knowledge: KnowledgeProvider | None = None
_segmenter: Callable[[str], list[str]] | None = None


def register_knowledge_provider(provider: KnowledgeProvider) -> None:
    global _knowledge
    _knowledge = provider


def register_segmenter(segment: Callable[[str], list[str]]) -> None:
    global _segmenter
    _segmenter = segment


def knowledge_provider() -> KnowledgeProvider | None:
    return _knowledge


def segmenter() -> Callable[[str], list[str]] | None:
    return _segmenter
