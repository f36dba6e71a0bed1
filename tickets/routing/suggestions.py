"""Where a letter should go: units with a confidence and the reasons, categories, likely duplicates
and knowledge-base entries — the one read behind the API, the agent's form and the dispatch desk.

A unit's raw score adds up evidence, each piece with the reason a person can check:
- the catalogue: the letter's category (given, or the best suggested) and the entry's keywords
  found in the letter, plus TF-IDF similarity to the entry's keywords and duty text; entries bound
  to an area count only when the address lies there, and then count more ("地址属裕华区东苑街道");
- the knowledge base: units owning the entries that match the letter (asked through hooks);
- the learned model (``learning``): what dispatchers did with similar letters, weighted by how much
  history it has seen;
- the record: how many tickets of this category the unit closed in the last 90 days.
The confidence shown is the raw score tempered by how far the unit leads the runner-up, so a letter
two units could equally own never looks certain (auto-dispatch relies on that).
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count
from django.utils import timezone

from tickets.gazetteer import Place, locate
from tickets.models import Status, Ticket
from tickets.routing import learning, stamps
from tickets.routing import text as routing_text
from tickets.routing.catalogue import CatalogueIndex, catalogue_index
from tickets.routing.duplicates import Duplicate, find_duplicates
from tickets.routing.vectors import encoder_for

LIMIT = 5
RECORD_DAYS = 90
CO_SHARE = 0.35  # an assisting unit gets this share of the entry's evidence
MODEL_WEIGHT = 0.7
MODEL_FULL_AT = 300  # samples at which the learned model counts fully


@dataclass
class DepartmentSuggestion:
    code: str
    name: str
    score: float
    reasons: list[str] = field(default_factory=list)
    co_departments: list[str] = field(default_factory=list)


@dataclass
class CategorySuggestion:
    code: str
    name: str
    score: float


@dataclass
class KnowledgeSuggestion:
    id: int
    question: str
    score: float


@dataclass
class Suggestions:
    departments: list[DepartmentSuggestion] = field(default_factory=list)
    categories: list[CategorySuggestion] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    kb: list[KnowledgeSuggestion] = field(default_factory=list)
    place: Place = field(default_factory=Place)
    model_id: int | None = None  # the learned model that weighed in (DispatchModel row), if any

    @property
    def best(self) -> DepartmentSuggestion | None:
        return self.departments[0] if self.departments else None


class _Evidence:
    def __init__(self):
        self.raw: dict[str, float] = defaultdict(float)
        self.reasons: dict[str, list[str]] = defaultdict(list)
        self.names: dict[str, str] = {}
        self.co: dict[str, list[str]] = defaultdict(list)

    def add(self, code: str, name: str, amount: float, reason: str = "") -> None:
        if amount < 0:
            return
        self.raw[code] += amount
        self.names.setdefault(code, name)
        if reason and reason not in self.reasons[code]:
            self.reasons[code].append(reason)


def _keyword_strength(hits: list[str]) -> float:
    # Longer phrases are more telling: "养老金资格认证" says more than "认证".
    return 1.0 - math.exp(-sum(min(len(hit), 5) for hit in hits) / 4.0)


def _category_relation(index: CatalogueIndex, given: str, entry_path: tuple[str, ...], entry_code: str) -> float:
    if not given:
        return 0.0
    if given == entry_code:
        return 1.0
    if given in entry_path:  # the letter's category is an ancestor of the entry's
        return 0.5
    node, depth = index.categories.get(given, ("", ""))[1], 0
    while node and depth < 5:  # the entry's category is an ancestor of the letter's: a fallback
        if node == entry_code:
            return 0.35
        node, depth = index.categories.get(node, ("", ""))[1], depth + 1
    return 0.0


def _catalogue_evidence(index: CatalogueIndex, evidence: _Evidence, letter: str, vector, place: Place,
                        category: str) -> dict[str, float]:
    """Score every applicable entry into the units; returns category code → best entry strength."""
    category_scores: dict[str, float] = defaultdict(float)
    if not index.entries:
        return category_scores
    similarities = (index.matrix @ vector.T).toarray().ravel() if vector is not None else None
    lowered = routing_text.normalize(letter)
    for i, entry in enumerate(index.entries):
        if entry.district and entry.district != place.district:
            continue
        if entry.street and entry.street != place.street:
            continue
        hits = [word for word in entry.keywords if word.lower() in lowered]
        similarity = float(similarities[i]) if similarities is not None else 0.0
        text_strength = 0.55 * _keyword_strength(hits) + 0.45 * min(1.0, similarity * 2.2)
        relation = _category_relation(index, category, entry.category_path, entry.category_code)
        strength = text_strength + 0.55 * relation
        if strength < 0.05:
            continue
        if entry.district:
            strength *= 1.25 if entry.street else 1.15  # the local unit named for this very place
        category_scores[entry.category_code] = max(category_scores[entry.category_code], text_strength)
        reasons = []
        if relation == 1.0:
            reasons.append(f"分类：{entry.category_name} → {entry.lead.label}")
        if hits:
            reasons.append(f"关键词“{'、'.join(hits[:3])}”属{entry.category_name} → {entry.lead.label}")
        if entry.district:
            reasons.append(f"地址属{place.label}")
        if entry.duty_text and (hits or relation):
            reasons.append(f"权责清单：{entry.duty_text[:60]}")
        lead_reason = reasons[0] if reasons else f"内容与派单目录“{entry.category_name}”相近"
        evidence.add(entry.lead.code, entry.lead.name, strength, lead_reason)
        for reason in reasons[1:]:
            if strength >= 0.2:
                evidence.add(entry.lead.code, entry.lead.name, 0.0, reason)
        for unit in entry.co:
            evidence.add(unit.code, unit.name, strength * CO_SHARE, f"派单目录：{entry.category_name}的协办单位")
            if unit.code not in evidence.co[entry.lead.code]:
                evidence.co[entry.lead.code].append(unit.code)
    return category_scores


KB_MIN_SIMILARITY = 0.12


def _knowledge_evidence(index: CatalogueIndex, evidence: _Evidence, vector, category_scores: dict[str, float],
                        limit: int) -> list[KnowledgeSuggestion]:
    """Knowledge entries like the letter, and the units owning them."""
    if index.article_matrix is None or not index.articles:
        return []
    similarities = (index.article_matrix @ vector.T).toarray().ravel()
    order = similarities.argsort()[::-1][:limit]
    found = []
    for i in order:
        similarity = float(similarities[i])
        if similarity < KB_MIN_SIMILARITY:
            break
        article = index.articles[i]
        score = min(1.0, similarity * 2.0)
        found.append(KnowledgeSuggestion(id=article.id, question=article.question, score=round(score, 3)))
        if article.department_code:
            evidence.add(article.department_code, article.department_name, 0.3 * score,
                         f"知识库“{article.question[:24]}”归属该单位")
        if article.category_code:
            category_scores[article.category_code] = category_scores.get(article.category_code, 0.0) + 0.2 * score
    return found


def _model_evidence(index: CatalogueIndex, evidence: _Evidence, model, vector_text: str,
                    category_scores: dict[str, float]) -> None:
    vector = model.vector(vector_text)
    weight = MODEL_WEIGHT * min(1.0, model.samples / MODEL_FULL_AT)
    probabilities = model.unit_probabilities(vector)
    names = index.unit_names  # a unit switched off since training is not suggested
    top = sorted(probabilities.items(), key=lambda kv: -kv[1])[:8]
    for code, probability in top:
        if code in names and probability >= 0.15:
            evidence.add(code, names[code], weight * probability,
                         f"派单学习：相似来信多由该单位办理（{probability:.0%}）")
    for code, probability in model.category_probabilities(vector).items():
        category_scores[code] = category_scores.get(code, 0.0) + weight * probability


RECORD_CACHE_SECONDS = 600.0
_records: dict[str, tuple[float, dict[str, int]]] = {}


def closed_by_unit(category_code: str) -> dict[str, int]:
    """Tickets of a category each unit closed in the last RECORD_DAYS days (one grouped query per
    category, kept ten minutes: a 90-day count hardly moves in that time)."""
    now = time.monotonic()
    cached = _records.get(category_code)
    if cached is not None and now - cached[0] < RECORD_CACHE_SECONDS:
        return cached[1]
    since = timezone.now() - timedelta(days=RECORD_DAYS)
    counts = dict(Ticket.objects.filter(category__code=category_code, resolved_at__gte=since,
                                        status__in=(Status.RESOLVED, Status.CLOSED), lead_department__isnull=False)
                  .order_by().values_list("lead_department__code").annotate(n=Count("id")))
    _records[category_code] = (now, counts)
    return counts


def _record_reasons(evidence: _Evidence, category_code: str, codes: list[str]) -> None:
    """"近90天同类工单 N 件由该单位办结" for the leading units."""
    if not category_code or not codes:
        return
    counts = closed_by_unit(category_code)
    for code in codes:
        n = counts.get(code, 0)
        if n:
            evidence.add(code, evidence.names.get(code, code), 0.1 * min(1.0, n / 20),
                         f"近{RECORD_DAYS}天同类工单 {n} 件由该单位办结")


def _confidences(raw: dict[str, float]) -> list[tuple[str, float]]:
    ranked = sorted(raw.items(), key=lambda kv: -kv[1])
    if not ranked:
        return []
    first = ranked[0][1]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    out = []
    for code, value in ranked:
        strength = 1.0 - math.exp(-1.6 * value)  # 0..1 however much evidence piles up
        share = value / (first + second) if first + second else 0.0
        out.append((code, round(min(1.0, strength * (0.35 + 0.65 * share)), 3)))
    return out


def suggest(*, title: str = "", content: str = "", type: str = "", address: str = "", phone: str = "",
            category: str = "", ticket: Ticket | None = None, limit: int = LIMIT,
            with_duplicates: bool = True) -> Suggestions:
    """Suggestions for a letter being written (fields) or for a stored ticket (``ticket``)."""
    if ticket is not None:
        title, content, address, phone = ticket.title, ticket.content, ticket.citizen_address, ticket.citizen_phone
        category = category or (ticket.category.code if ticket.category_id else "")
        place = Place(ticket.district, ticket.street) if ticket.district else locate(address)
    else:
        place = Place()
    title, content = (title or "")[:routing_text.MAX_CHARS], (content or "")[:routing_text.MAX_CHARS]
    letter = f"{title} {content}".strip()
    meaningful = routing_text.has_meaning(letter)
    if not place:
        place = locate(address) or (locate(letter) if meaningful else Place())
    result = Suggestions(place=place)
    if not meaningful and not category and not phone:
        return result

    catalogue_stamp, model_stamp = stamps.read(stamps.CATALOGUE, stamps.MODEL)  # one cache round trip
    index = catalogue_index(catalogue_stamp)
    evidence = _Evidence()
    vector_text = learning.letter_text(title, content)
    vector = encoder_for(index.vectorizer)(vector_text) if index.vectorizer is not None and meaningful else None
    category_scores = _catalogue_evidence(index, evidence, letter, vector, place, category)
    model = learning.current_model(model_stamp) if meaningful else None
    if model is not None:
        result.model_id = learning.loaded_model_id()
        _model_evidence(index, evidence, model, vector_text, category_scores)
    if vector is not None:
        result.kb = _knowledge_evidence(index, evidence, vector, category_scores, limit)

    ranked_categories = sorted(category_scores.items(), key=lambda kv: -kv[1])
    if category and category in index.categories:
        ranked_categories = [(category, max(1.0, ranked_categories[0][1] if ranked_categories else 1.0))] + [
            (code, value) for code, value in ranked_categories if code != category]
    top_value = ranked_categories[0][1] if ranked_categories else 0.0
    for code, value in ranked_categories[:limit]:
        if code in index.categories and value > 0:
            result.categories.append(CategorySuggestion(
                code=code, name=index.categories[code][0],
                score=round(min(1.0, value / max(top_value, 1e-9) * min(1.0, top_value)), 3)))

    best_category = result.categories[0].code if result.categories else ""
    leading = [code for code, _ in sorted(evidence.raw.items(), key=lambda kv: -kv[1])[:limit]]
    _record_reasons(evidence, best_category, leading)
    for code, confidence in _confidences(evidence.raw)[:limit]:
        result.departments.append(DepartmentSuggestion(
            code=code, name=evidence.names.get(code, code), score=confidence,
            reasons=evidence.reasons.get(code, [])[:4], co_departments=evidence.co.get(code, [])[:3]))

    if with_duplicates and (meaningful or phone):
        result.duplicates = find_duplicates(
            title=title, content=content, phone=phone, address=address, place=place, category_code=best_category,
            exclude_id=ticket.pk if ticket is not None else None,
            before=ticket.created_at if ticket is not None else None, limit=limit, index=index)
    return result


def suggestions_payload(suggestions: Suggestions) -> dict:
    """The API's shape (CONTRACT.md): best first, at most five of each."""
    return {
        "departments": [{"code": d.code, "name": d.name, "score": d.score, "reasons": d.reasons,
                         "co_departments": d.co_departments} for d in suggestions.departments],
        "categories": [{"code": c.code, "name": c.name, "score": c.score} for c in suggestions.categories],
        "duplicates": [{"id": d.ticket.pk, "letter_number": d.ticket.letter_number, "title": d.ticket.title,
                        "status": d.ticket.status, "status_label": d.ticket.get_status_display(), "score": d.score,
                        "reasons": d.reasons} for d in suggestions.duplicates],
        "kb": [{"id": k.id, "question": k.question, "score": k.score} for k in suggestions.kb],
        "place": {"district": suggestions.place.district, "street": suggestions.place.street},
    }
