"""Channel-layer groups: one per domain audience (see TicketEvent.audiences).

The core names audiences in domain words ("department:housing"); the channel layer allows only
ASCII letters, digits, hyphens, underscores and periods in a group name, so ":" becomes ".".
Groups stay small on purpose — one per department, ticket and agent: a group_send does work for
every member channel, and many small groups spread it (see ../shared/NOTES.md on channels-redis).
"""

from __future__ import annotations

import re

INTAKE = "intake"
SUPERVISION = "supervision"
# Wallboards listen here for "something changed, recount" notices, not for the events themselves.
COUNTERS = "counters"

_ALLOWED = re.compile(r"[^A-Za-z0-9_.-]")


def group_for(audience: str) -> str:
    """The group name for a domain audience."""
    return _ALLOWED.sub("_", audience.replace(":", "."))[:90]


def department_audience(code: str) -> str:
    return f"department:{code}"


def ticket_audience(ticket_id: int) -> str:
    return f"ticket:{ticket_id}"


def agent_audience(user_id: int) -> str:
    return f"agent:{user_id}"
