"""Seek (keyset) pagination for the console lists (issue 11).

A page is "the next rows after this one, in the list's order": one LIMIT query that starts where
the previous page stopped, whatever page it is. Django's Paginator needs a COUNT over the whole
matching set for every page and an OFFSET that reads and throws away every earlier row; at a city's
archive both grow with the table, not with the open work.

The position travels in the link as an opaque cursor: the order-key values of the row at the edge
of the page shown, the direction, the number of the page it leads to (for the label only) and a
fingerprint of the order. It is signed, so a cursor edited by hand, cut short or made for another
order (the search box re-ranks the list) is refused, and the list starts over at its first page
with a notice, never an error page.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime

from django.core import signing
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import F, OrderBy, Q, QuerySet

INVALID_CURSOR = "翻页链接无效或已过期，已回到第一页。"


@dataclass(frozen=True)
class Key:
    """One column of a list's order. ``nulls`` is "first", "last", or "" for a column never null."""

    name: str
    descending: bool
    nulls: str = ""

    def reversed(self) -> "Key":
        return Key(self.name, not self.descending, {"first": "last", "last": "first"}.get(self.nulls, ""))

    def order(self) -> OrderBy:
        nulls = {"nulls_first": True} if self.nulls == "first" else {"nulls_last": True} if self.nulls else {}
        return F(self.name).desc(**nulls) if self.descending else F(self.name).asc(**nulls)

    def beyond(self, value) -> Q | None:
        """Rows strictly after ``value`` in this column's order; None when no row can be."""
        if value is None:
            return Q(**{f"{self.name}__isnull": False}) if self.nulls == "first" else None
        later = Q(**{f"{self.name}__{'lt' if self.descending else 'gt'}": value})
        return later | Q(**{f"{self.name}__isnull": True}) if self.nulls == "last" else later

    def same(self, value) -> Q:
        return Q(**{f"{self.name}__isnull": True}) if value is None else Q(**{self.name: value})


def order_keys(queryset: QuerySet) -> tuple[Key, ...]:
    """The queryset's order as keys, ending with the primary key so that the order is total (a
    cursor then never skips or repeats a row). A nullable column must say where its nulls go:
    SQLite and PostgreSQL put them at opposite ends by default."""
    keys = []
    for item in queryset.query.order_by or queryset.model._meta.ordering:
        if isinstance(item, str):
            key = Key(item.lstrip("-"), item.startswith("-"))
        elif isinstance(item, OrderBy) and isinstance(item.expression, F):
            nulls = "first" if item.nulls_first else "last" if item.nulls_last else ""
            key = Key(item.expression.name, item.descending, nulls)
        else:
            raise ValueError(f"Keyset pagination orders by columns, not by {item!r}.")
        if key.name == "pk":
            key = Key("id", key.descending)
        if not key.nulls and _nullable(queryset, key.name):
            raise ValueError(f"Order by {key.name} must say nulls_first or nulls_last.")
        keys.append(key)
        if key.name == "id":
            break
    else:
        keys.append(Key("id", False))
    return tuple(keys)


def _nullable(queryset: QuerySet, name: str) -> bool:
    if name in queryset.query.annotations:
        return False  # the lists' annotations (the search score) are always set
    try:
        return queryset.model._meta.get_field(name).null
    except FieldDoesNotExist:
        raise ValueError(f"Keyset pagination cannot order by {name}.") from None


def _after(keys: tuple[Key, ...], values: list) -> Q:
    """Rows after the row with these key values: (k1 beyond v1) or (k1 = v1 and k2 beyond v2) or …"""
    branches, equal = [], Q()
    for key, value in zip(keys, values):
        beyond = key.beyond(value)
        if beyond is not None:
            branches.append(equal & beyond)
        equal &= key.same(value)
    condition = Q(pk__in=[])
    for branch in branches:
        condition |= branch
    return condition


@dataclass
class Page:
    """What a list's template needs of a page; iterable like Django's Page."""

    object_list: list
    number: int = 1
    has_next: bool = False
    has_previous: bool = False
    next_cursor: str = ""
    previous_cursor: str = ""
    total: int | None = None  # known only when a counter already counted the list
    size: int = 20
    notice: str = ""
    search_error: str = ""

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    @property
    def total_label(self) -> str:
        """The total when known; otherwise what has been seen, with a "+" when there is more."""
        if self.total is not None:
            return str(self.total)
        seen = (self.number - 1) * self.size + len(self.object_list)
        return f"{seen}+" if self.has_next else str(seen)


class _Codec:
    """Signs and reads cursors for one list in one order."""

    def __init__(self, queryset: QuerySet, keys: tuple[Key, ...], salt: str):
        self.queryset, self.keys, self.salt = queryset, keys, salt
        self.fingerprint = hashlib.blake2s(repr(keys).encode(), digest_size=6).hexdigest()

    def dump(self, row, *, backward: bool, number: int) -> str:
        values = [_plain(getattr(row, key.name)) for key in self.keys]
        return signing.dumps({"o": self.fingerprint, "v": values, "b": backward, "n": number}, salt=self.salt)

    def load(self, cursor: str) -> tuple[list, bool, int]:
        """The key values, direction and page number; ValueError for anything not made by dump()."""
        try:
            data = signing.loads(cursor, salt=self.salt)
        except signing.BadSignature:
            raise ValueError("bad signature") from None
        if not (isinstance(data, dict) and data.get("o") == self.fingerprint
                and isinstance(data.get("v"), list) and len(data["v"]) == len(self.keys)
                and isinstance(data.get("b"), bool) and isinstance(data.get("n"), int)):
            raise ValueError("not a cursor of this order")
        try:
            values = [self._python(key, value) for key, value in zip(self.keys, data["v"])]
        except (TypeError, ValidationError) as exc:
            raise ValueError(str(exc)) from None
        return values, data["b"], max(1, data["n"])

    def _python(self, key: Key, value):
        if value is None or key.name in self.queryset.query.annotations:
            return value
        return self.queryset.model._meta.get_field(key.name).to_python(value)


def _plain(value):
    return value.isoformat() if isinstance(value, (datetime, date)) else value


def seek(queryset: QuerySet, cursor: str | None, *, size: int, salt: str, total: int | None = None) -> Page:
    """One page of ``queryset`` in its own order, starting at ``cursor`` (None: the first page).

    Costs one LIMIT query (two when a "previous" link leads back to the start: the first page is
    then fetched afresh, so it is full and numbered 1 even if rows came or went meanwhile)."""
    keys = order_keys(queryset)
    codec = _Codec(queryset, keys, salt)
    notice = ""
    if cursor:
        try:
            values, backward, number = codec.load(cursor)
        except ValueError:
            notice = INVALID_CURSOR
        else:
            page = _from(queryset, codec, values, backward, number, size)
            if page is not None:
                page.total = total
                return page
    rows = list(queryset.order_by(*(key.order() for key in keys))[:size + 1])
    has_next = len(rows) > size
    rows = rows[:size]
    return Page(rows, 1, has_next=has_next, next_cursor=codec.dump(rows[-1], backward=False, number=2)
                if has_next else "", total=total, size=size, notice=notice)


def _from(queryset, codec: _Codec, values, backward: bool, number: int, size: int) -> Page | None:
    keys = tuple(key.reversed() for key in codec.keys) if backward else codec.keys
    rows = list(queryset.filter(_after(keys, values)).order_by(*(key.order() for key in keys))[:size + 1])
    more = len(rows) > size
    rows = rows[:size]
    if not rows or (backward and not more):
        # Back at the start, or everything after the cursor has been handled meanwhile: the caller
        # shows the first page.
        return None
    number = max(number, 2)
    if backward:
        rows.reverse()
    return Page(rows, number, has_next=more or backward, has_previous=True,
                next_cursor=codec.dump(rows[-1], backward=False, number=number + 1) if more or backward else "",
                previous_cursor=codec.dump(rows[0], backward=True, number=number - 1), size=size)
