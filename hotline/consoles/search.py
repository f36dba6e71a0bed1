"""The search box every console list carries: what it offers, and the values it was submitted with.

The filters themselves are the core's (``tickets.search.filters``): the same parameter names and
rules as ``GET /api/v1/tickets/``; this module only builds what the box shows.
"""

from __future__ import annotations

from tickets.models import Channel, Priority, Status, TicketType
from tickets.search.filters import FILTER_NAMES, Q_MAX

from .forms import ConsoleChoices

PARAMS = ("q", *FILTER_NAMES)


def is_searching(params) -> bool:
    return any((params.get(name) or "").strip() for name in PARAMS)


def search_box(params, user, *, keep: dict | None = None, statuses=None, error: str = "",
               choices: ConsoleChoices | None = None) -> dict:
    """Context for ``consoles/includes/search_box.html``. ``keep``: hidden parameters (the tab);
    ``statuses``: the states this list can hold (a filter outside them would always be empty)."""
    choices = choices or ConsoleChoices()
    values = {name: (params.get(name) or "").strip() for name in PARAMS}
    allowed = [Status(value) for value in (statuses or Status.values)]
    return {
        "values": values,
        "keep": {key: value for key, value in (keep or {}).items() if value},
        "active": is_searching(params),
        "more_open": any(values[name] for name in FILTER_NAMES),
        "error": error,
        "q_max": Q_MAX,
        "statuses": [(s.value, s.label) for s in allowed] if len(allowed) > 1 else [],
        # A department sees only its own tickets: the lead-unit filter would say nothing.
        # Both pickers name the page's shared lists (templatetags/unit_picker.py).
        "lead_unit_filter": not user.is_handler,
        "channels": Channel.choices, "types": TicketType.choices, "priorities": Priority.choices,
        "sla_states": [("warning", "即将到期"), ("overdue", "已超时")],
    }
