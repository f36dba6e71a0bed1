"""Reading the dispatch catalogue, fast: the active entries as plain rows with their text vectors,
built once per process and rebuilt when the catalogue changes (its row count or newest edit moves).

Suggestions run on every keystroke of the agent's form, so nothing here may touch the database
more than once per call: one cheap aggregate tells whether the cached index is still current.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from django.db.models import Count, Max
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from django.utils import timezone

from tickets.models import CatalogueEntry, Category, Department
from tickets.routing import hooks, stamps
from tickets.routing import text as routing_text


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    label: str


@dataclass(frozen=True)
class Entry:
    id: int
    category_code: str
    category_name: str
    category_path: tuple[str, ...]  # codes from the top of the tree down to this category
    keywords: tuple[str, ...]
    district: str
    street: str
    lead: Unit
    co: tuple[Unit, ...]
    duty_text: str

    @property
    def area_label(self) -> str:
        return f"{self.district}{self.street}"

    def document(self) -> str:
        """The text a letter is compared with: what citizens say (keywords), the subject, the duty."""
        return " ".join([self.category_name, " ".join(self.keywords), " ".join(self.keywords), self.duty_text])


@dataclass
class CatalogueIndex:
    revision: tuple
    entries: list[Entry]
    categories: dict[str, tuple[str, str]] = field(default_factory=dict)  # code → (name, parent code)
    unit_names: dict[str, str] = field(default_factory=dict)  # every active unit: code → name
    category_ids: dict[str, int] = field(default_factory=dict)  # every category: code → row id
    articles: list = field(default_factory=list)  # hooks.KnowledgeArticle, from the knowledge base
    vectorizer: object = None
    matrix: object = None  # one row per entry, L2-normalised TF-IDF
    article_matrix: object = None  # one row per knowledge article, same features
    stamp: object = None  # the catalogue's version stamp this index was last found current under


_lock = threading.Lock()
_index: CatalogueIndex | None = None


def _revision() -> tuple:
    stats = CatalogueEntry.objects.aggregate(n=Count("id"), latest=Max("updated_at"))
    categories = Category.objects.aggregate(n=Count("id"), units=Count("default_department"))
    units = Department.objects.filter(is_active=True).aggregate(n=Count("id"))
    provider = hooks.knowledge_provider()
    knowledge = provider.revision() if provider is not None else ()
    # Knowledge entries come and go with their validity dates too: the day is part of the revision.
    return (stats["n"], stats["latest"], categories["n"], categories["units"], units["n"], knowledge,
            timezone.localdate())


def _path(category: Category, by_id: dict[int, Category]) -> tuple[str, ...]:
    codes, node, seen = [], category, 0
    while node is not None and seen < 5:
        codes.append(node.code)
        node, seen = by_id.get(node.parent_id), seen + 1
    return tuple(reversed(codes))


def _build(revision: tuple) -> CatalogueIndex:
    from sklearn.feature_extraction.text import TfidfVectorizer

    categories = {c.pk: c for c in Category.objects.all()}
    rows = (CatalogueEntry.objects.filter(is_active=True, lead_department__is_active=True)
            .select_related("lead_department", "category").prefetch_related("co_departments"))
    entries = []
    for row in rows:
        lead = row.lead_department
        entries.append(Entry(
            id=row.pk, category_code=row.category.code, category_name=row.category.name,
            category_path=_path(row.category, categories),
            keywords=tuple(routing_text.split_keywords(row.keywords)), district=row.district, street=row.street,
            lead=Unit(lead.code, lead.name, lead.label),
            co=tuple(Unit(d.code, d.name, d.label) for d in row.co_departments.all() if d.is_active),
            duty_text=row.duty_text,
        ))
    index = CatalogueIndex(revision=revision, entries=entries,
                           categories={c.code: (c.name, categories[c.parent_id].code if c.parent_id in categories
                                                else "") for c in categories.values() if c.is_active})
    index.unit_names = dict(Department.objects.filter(is_active=True).values_list("code", "name"))
    index.category_ids = {c.code: c.pk for c in categories.values()}
    provider = hooks.knowledge_provider()
    index.articles = provider.articles() if provider is not None else []
    documents = [entry.document() for entry in entries] + [article.text for article in index.articles]
    if documents:
        index.vectorizer = TfidfVectorizer(analyzer=routing_text.features, sublinear_tf=True, min_df=1)
        matrix = index.vectorizer.fit_transform(documents).tocsr()
        index.matrix, index.article_matrix = matrix[:len(entries)], matrix[len(entries):]
    return index


# Edits through the models move the catalogue's stamp (tickets.routing.stamps) and are seen by every
# process at once; anything else — a knowledge entry, a bulk update — within this long.
REVISION_SECONDS = 10.0
_checked_at = float("-inf")
_NOT_READ = object()


def catalogue_index(stamp=_NOT_READ) -> CatalogueIndex:
    """The current index of active entries (rebuilt at most once per catalogue change). ``stamp``:
    the catalogue's stamp when the caller already read it (with the model's, in one round trip)."""
    global _index, _checked_at
    if stamp is _NOT_READ:
        (stamp,) = stamps.read(stamps.CATALOGUE)
    current = _index
    fresh = current is not None and current.stamp == stamp
    if fresh and time.monotonic() - _checked_at < REVISION_SECONDS:
        return current
    revision = _revision()
    _checked_at = time.monotonic()
    if fresh and current.revision == revision:
        return current
    # A moved stamp rebuilds even when the aggregates look the same: it also stands for changes they
    # cannot see (a unit added to an entry's assisting units, an entry switched off and on).
    with _lock:
        if _index is None or _index.revision != revision or _index.stamp != stamp:
            _index = _build(revision)
            _index.stamp = stamp
        return _index


@receiver([post_save, post_delete], sender=CatalogueEntry)
@receiver([post_save, post_delete], sender=Category)
@receiver([post_save, post_delete], sender=Department)
@receiver(m2m_changed, sender=CatalogueEntry.co_departments.through)
def _catalogue_changed(**kwargs):
    global _checked_at
    _checked_at = float("-inf")  # this process's own edit: recheck on the next call
    stamps.bump_on_commit(stamps.CATALOGUE)  # the other processes': once committed


def entries_for_category(index: CatalogueIndex, code: str) -> list[Entry]:
    """Entries of the category itself, else of its nearest ancestor that has some."""
    while code:
        found = [entry for entry in index.entries if entry.category_code == code]
        if found:
            return found
        code = index.categories.get(code, ("", ""))[1]
    return []
