"""Likely duplicates of a letter (重复件): the same caller, the same place, or similar words, within
the window the routing settings give (default 30 days), among open tickets and those resolved
recently.

At city scale a window holds millions of tickets, so candidates are fetched by what is indexed —
the phone number, the district and street, the category (the address itself is compared
among those candidates) — each capped, and only
those few hundred are compared by text in Python.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import timedelta

from django.db.models import Q
from django.db.models.functions import Substr
from django.utils import timezone

from tickets.gazetteer import Place
from tickets.phones import normalize_phone
from tickets.models import OPEN_STATUSES, RoutingSettings, Status, Ticket
from tickets.routing import text as routing_text
from tickets.routing.catalogue import CatalogueIndex, catalogue_index

CANDIDATES = 120
COMPARED_CHARS = 300
LIMIT = 5
_ADDRESS_NOISE = re.compile(r"[\s,，。.、;；:：()（）\-—#号]+")


@dataclass(frozen=True)
class Candidate:
    """The few columns a duplicate is judged and shown by (no model instance: this runs per keystroke)."""

    pk: int
    letter_number: str
    title: str
    content: str  # its first COMPARED_CHARS characters
    status: str
    citizen_phone: str
    citizen_address: str
    district: str
    street: str
    lead_department_id: int | None

    def get_status_display(self) -> str:
        return Status(self.status).label


@dataclass
class Duplicate:
    ticket: Candidate
    score: float
    reasons: list[str] = field(default_factory=list)


def _digits(phone: str) -> str:
    """The number as stored (tickets.phones), or "" when it is none."""
    return normalize_phone(phone) or "" if phone else ""


def _address_key(address: str) -> str:
    return _ADDRESS_NOISE.sub("", routing_text.normalize(address))


@lru_cache(maxsize=512)
def _pairs(text: str) -> frozenset[str]:
    # Kept: while an agent types, each keystroke compares the same candidates again (≈ 20 MB at most).
    return frozenset(routing_text.char_pairs(text))


def text_similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Cosine of the character-pair sets: similar wording scores high even when not identical."""
    if not a or not b:
        return 0.0
    return len(a & b) / math.sqrt(len(a) * len(b))


def _window(settings: RoutingSettings) -> Q:
    now = timezone.now()
    recent = now - timedelta(days=settings.duplicate_window_days)
    resolved_since = now - timedelta(days=settings.duplicate_resolved_days)
    still_open = [s for s in OPEN_STATUSES if s != Status.RESOLVED]
    return Q(created_at__gte=recent) & (
        Q(status__in=still_open) | Q(status__in=(Status.RESOLVED, Status.CLOSED), resolved_at__gte=resolved_since))


def find_duplicates(*, title: str = "", content: str = "", phone: str = "", address: str = "",
                    place: Place | None = None, category_code: str = "", exclude_id: int | None = None,
                    before=None, limit: int = LIMIT, index: CatalogueIndex | None = None) -> list[Duplicate]:
    """The likely duplicates, best first, each with why it was found (``index``: the catalogue
    index the caller already holds)."""
    settings = RoutingSettings.cached()
    base = Ticket.objects.filter(_window(settings))
    if exclude_id:
        base = base.exclude(pk=exclude_id)
    if before is not None:
        base = base.filter(created_at__lte=before)
    phone_digits = _digits(phone)
    # The category by its row id, known to the cached index: a filter on the ticket's own indexed
    # column, where a filter on the code joins the category table for every ticket in the window.
    category_id = (index or catalogue_index()).category_ids.get(category_code, 0) if category_code else None
    address_key = _address_key(address) if len(_address_key(address)) >= 6 else ""
    keys = []
    if len(phone_digits) >= 7:
        keys.append(Q(citizen_phone=phone_digits))
    if place and place.street:
        keys.append(Q(district=place.district, street=place.street))
    elif place and place.district and category_code:
        keys.append(Q(district=place.district, category_id=category_id))
    if category_code:
        keys.append(Q(category_id=category_id))
    letter = f"{title} {content[:COMPARED_CHARS]}"
    letter_pairs = _pairs(letter)
    if not keys and not letter_pairs:
        return []
    fields = ("id", "letter_number", "title", "head", "status", "citizen_phone", "citizen_address",
              "district", "street", "lead_department_id")
    base = base.annotate(head=Substr("content", 1, COMPARED_CHARS))
    # One query: any indexed key, newest first (at city scale the keys are what keeps it small).
    # Measured against one small query per key (a UNION ALL): a rare key — one street — then walks
    # the created_at index back through the whole window alone, where the OR stops at CANDIDATES.
    query = base
    if keys:
        either = keys[0]
        for key in keys[1:]:
            either |= key
        query = query.filter(either)
    rows = list(query.order_by("-created_at").values_list(*fields)[:CANDIDATES])
    if keys and len(rows) < 20:
        # Few share a key: the most recent letters in the window still catch a copy-paste.
        rows += list(base.exclude(pk__in=[row[0] for row in rows]).order_by("-created_at")
                     .values_list(*fields)[:CANDIDATES // 4])
    candidates = [Candidate(*row) for row in rows]
    found = []
    for ticket in candidates:
        similarity = text_similarity(letter_pairs, _pairs(f"{ticket.title} {ticket.content}"))
        # Stored numbers are canonical already (intake normalises them; the key above relies on it).
        same_phone = bool(phone_digits) and ticket.citizen_phone == phone_digits
        same_address = bool(address_key) and (_address_key(ticket.citizen_address) == address_key or (
            address_key in _address_key(ticket.citizen_address)))
        same_street = bool(place and place.street and ticket.street == place.street
                           and ticket.district == place.district)
        if not (similarity >= 0.55 or (same_phone and similarity >= 0.2) or (same_address and similarity >= 0.2)
                or (same_street and similarity >= 0.4)):
            continue
        reasons, score = [], similarity * 0.6
        if same_phone:
            reasons.append("同一来电号码")
            score += 0.3
        if same_address:
            reasons.append("同一地址")
            score += 0.2
        elif same_street:
            reasons.append(f"同一地点：{ticket.district}{ticket.street}")
            score += 0.1
        reasons.append(f"内容相似度 {similarity:.0%}")
        if ticket.status in (Status.RESOLVED, Status.CLOSED):
            reasons.append("该件已办结，市民可能再次反映")
        found.append(Duplicate(ticket=ticket, score=round(min(score, 1.0), 3), reasons=reasons))
    found.sort(key=lambda d: -d.score)  # stable: among equals the newer (fetched first) stays first
    return found[:limit]
