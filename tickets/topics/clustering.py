"""Hot topics (热点): a period's tickets grouped by category × place × similar wording.

Tickets are first grouped by category and area (the street, else the district — read from the
address at intake); inside a group, a ticket joins the first topic whose leading letter it resembles
(character-pair cosine ≥ SIMILARITY), else starts its own. Growth compares with the period before
of the same length: the previous tickets of the same group that resemble the topic's leader.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from tickets.models import Category, Ticket
from tickets.routing import text as routing_text
from tickets.routing.duplicates import text_similarity

SIMILARITY = 0.3
MAX_TICKETS = 20000  # per period: the newest, so a city-scale month stays bounded
COMPARED_CHARS = 200


@dataclass
class Topic:
    key: str
    label: str
    category_code: str
    category_name: str
    area: str
    leader_pairs: frozenset
    ticket_ids: list[int] = field(default_factory=list)
    words: Counter = field(default_factory=Counter)
    previous_count: int = 0
    created_days: Counter = field(default_factory=Counter)

    @property
    def count(self) -> int:
        return len(self.ticket_ids)

    @property
    def growth(self) -> float | None:
        """(count − previous) / previous; None when the topic is new."""
        if not self.previous_count:
            return None
        return round((self.count - self.previous_count) / self.previous_count, 3)


def _rows(start: datetime, end: datetime):
    return (Ticket.objects.filter(created_at__gte=start, created_at__lt=end).exclude(status="invalid")
            .order_by("-created_at").values_list("id", "title", "content", "category_id", "district", "street",
                                                  "created_at")[:MAX_TICKETS])


def _area(district: str, street: str) -> str:
    return f"{district}{street}"


def cluster(start: datetime, end: datetime, previous_start: datetime | None = None) -> list[Topic]:
    """Topics of [start, end), biggest first; with ``previous_start``, counted against [previous_start, start)."""
    from django.utils import timezone

    categories = {c.pk: c for c in Category.objects.all()}
    groups: dict[tuple, list[Topic]] = {}
    for pk, title, content, category_id, district, street, created_at in _rows(start, end):
        text = f"{title} {content[:COMPARED_CHARS]}"
        pairs = frozenset(routing_text.char_pairs(text))
        group_key = (category_id, _area(district, street))
        topics = groups.setdefault(group_key, [])
        topic = next((t for t in topics if text_similarity(pairs, t.leader_pairs) >= SIMILARITY), None)
        if topic is None:
            category = categories.get(category_id)
            topic = Topic(key="", label="", category_code=category.code if category else "",
                          category_name=category.name if category else "未分类", area=group_key[1],
                          leader_pairs=pairs)
            topics.append(topic)
        topic.ticket_ids.append(pk)
        topic.words.update(set(routing_text.words(title)))
        topic.created_days[timezone.localtime(created_at).date()] += 1
    found = [topic for topics in groups.values() for topic in topics]
    for topic in found:
        top = [word for word, _ in topic.words.most_common(2)]
        topic.key = f"{topic.category_code or '-'}|{topic.area or '-'}|{'/'.join(sorted(top))}"[:200]
        topic.label = "·".join(part for part in (topic.category_name, topic.area or "全市", "、".join(top)) if part)
    if previous_start is not None:
        _count_previous(found, groups, previous_start, start)
    found.sort(key=lambda t: (-t.count, t.key))
    return found


def _count_previous(found: list[Topic], groups: dict, previous_start: datetime, start: datetime) -> None:
    for pk, title, content, category_id, district, street, _ in _rows(previous_start, start):
        topics = groups.get((category_id, _area(district, street)))
        if not topics:
            continue
        pairs = frozenset(routing_text.char_pairs(f"{title} {content[:COMPARED_CHARS]}"))
        match = max(topics, key=lambda t: text_similarity(pairs, t.leader_pairs))
        if text_similarity(pairs, match.leader_pairs) >= SIMILARITY:
            match.previous_count += 1
