from .agent import agent_console
from .desks import (
    console_home, department_inbox, dispatch_counts, dispatch_desk, inbox_counts, wallboard, wallboard_counters_json,
)
from .ticket import list_row, reveal_personal_data, run_ticket_action, ticket_page, ticket_print

__all__ = [
    "agent_console", "console_home", "department_inbox", "dispatch_counts", "dispatch_desk", "inbox_counts",
    "list_row", "reveal_personal_data", "run_ticket_action", "ticket_page", "ticket_print", "wallboard", "wallboard_counters_json",
]
