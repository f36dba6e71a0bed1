"""The filters a ticket search combines with ``q``: read from query parameters, checked, applied.

The REST list and every console list read them through ``TicketFilters.from_params`` so a filter
means the same thing everywhere. Bad values raise ``InvalidInput`` naming the parameter (a 400 on
the API, a message on a console page), never reach the database as garbage.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from tickets.errors import InvalidInput
from tickets.models import Category, Channel, Department, Priority, Status, TicketType
from tickets.services.deadlines import sla_filter

SLA_STATES = ("warning", "overdue")
Q_MAX = 100
PLACE_MAX = 30
FILTER_NAMES = ("status", "department", "category", "channel", "type", "priority", "sla", "from", "to",
                "district", "street")


def _choices(params, name: str, allowed, label: str, problems: dict) -> list[str]:
    values = [value for value in (params.get(name) or "").split(",") if value]
    unknown = [value for value in values if value not in allowed]
    if unknown:
        problems[name] = [f"未知的{label}：{'、'.join(unknown)[:100]}。可选：{', '.join(allowed)}"]
        return []
    return values


def _date(params, name: str, problems: dict) -> dt.date | None:
    raw = (params.get(name) or "").strip()
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        problems[name] = ["日期格式应为 YYYY-MM-DD，例如 2026-12-01。"]
        return None


@dataclass
class TicketFilters:
    q: str = ""
    statuses: list[str] = field(default_factory=list)
    department: Department | None = None
    category: Category | None = None
    channels: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    priorities: list[str] = field(default_factory=list)
    sla: str = ""
    created_from: dt.date | None = None
    created_to: dt.date | None = None
    district: str = ""
    street: str = ""

    @classmethod
    def from_params(cls, params) -> TicketFilters:
        problems: dict[str, list[str]] = {}
        bad = [key for key in params.keys() if "\x00" in (params.get(key) or "")]
        if bad:
            raise InvalidInput(fields={key: ["参数含有非法字符。"] for key in bad})
        filters = cls(
            statuses=_choices(params, "status", Status.values, "状态", problems),
            channels=_choices(params, "channel", Channel.values, "渠道", problems),
            types=_choices(params, "type", TicketType.values, "诉求类型", problems),
            priorities=_choices(params, "priority", Priority.values, "紧急程度", problems),
            created_from=_date(params, "from", problems), created_to=_date(params, "to", problems),
        )
        q = (params.get("q") or "").strip()
        if len(q) > Q_MAX:
            problems["q"] = [f"搜索词不能超过{Q_MAX}个字符。"]
        filters.q = q
        sla = params.get("sla") or ""
        if sla and sla not in SLA_STATES:
            problems["sla"] = ["sla 只能为 warning 或 overdue。"]
        filters.sla = sla
        code = (params.get("department") or "").strip()
        if code:
            filters.department = Department.objects.filter(code=code[:40]).first()
            if filters.department is None:
                problems["department"] = [f"未知的单位代码：{code[:40]}。"]
        code = (params.get("category") or "").strip()
        if code:
            filters.category = Category.objects.filter(code=code[:12]).first()
            if filters.category is None:
                problems["category"] = [f"未知的分类代码：{code[:12]}。"]
        for name in ("district", "street"):
            value = (params.get(name) or "").strip()
            if len(value) > PLACE_MAX:
                problems[name] = [f"不能超过{PLACE_MAX}个字符。"]
            setattr(filters, name, value)
        if filters.created_from and filters.created_to and filters.created_from > filters.created_to:
            problems["to"] = ["结束日期不能早于开始日期。"]
        if problems:
            raise InvalidInput(fields=problems)
        return filters

    @property
    def narrowed(self) -> bool:
        """Some filter besides ``q`` is set (the last four digits of a phone are then specific enough)."""
        return bool(self.statuses or self.department or self.category or self.channels or self.types
                    or self.priorities or self.sla or self.created_from or self.created_to or self.district
                    or self.street)

    def category_codes(self) -> list[str]:
        """The category and every category below it (the tree has three levels)."""
        if self.category is None:
            return []
        codes = [self.category.code]
        children = list(Category.objects.filter(parent=self.category).values_list("code", flat=True))
        codes += children + list(Category.objects.filter(parent__code__in=children).values_list("code", flat=True))
        return codes

    def _day_start(self, day: dt.date) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time.min))

    def apply(self, queryset: QuerySet, now=None) -> QuerySet:
        """Every filter except ``q`` (the search backends add that)."""
        if self.statuses:
            queryset = queryset.filter(status__in=self.statuses)
        if self.department:
            queryset = queryset.filter(lead_department=self.department)
        if self.category:
            queryset = queryset.filter(category__code__in=self.category_codes())
        if self.channels:
            queryset = queryset.filter(channel__in=self.channels)
        if self.types:
            queryset = queryset.filter(type__in=self.types)
        if self.priorities:
            queryset = queryset.filter(priority__in=self.priorities)
        if self.sla:
            queryset = queryset.filter(sla_filter(self.sla, now or timezone.now()))
        if self.created_from:
            queryset = queryset.filter(created_at__gte=self._day_start(self.created_from))
        if self.created_to:
            queryset = queryset.filter(created_at__lt=self._day_start(self.created_to + dt.timedelta(days=1)))
        if self.district:
            queryset = queryset.filter(district=self.district)
        if self.street:
            queryset = queryset.filter(street=self.street)
        return queryset

    def as_q_free_params(self) -> dict[str, str]:
        """The filters as query parameters (for links that keep them)."""
        params = {
            "status": ",".join(self.statuses), "department": self.department.code if self.department else "",
            "category": self.category.code if self.category else "", "channel": ",".join(self.channels),
            "type": ",".join(self.types), "priority": ",".join(self.priorities), "sla": self.sla,
            "from": self.created_from.isoformat() if self.created_from else "",
            "to": self.created_to.isoformat() if self.created_to else "",
            "district": self.district, "street": self.street,
        }
        return {key: value for key, value in params.items() if value}


__all__ = ["FILTER_NAMES", "Q_MAX", "SLA_STATES", "TicketFilters"]
