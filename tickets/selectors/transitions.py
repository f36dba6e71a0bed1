"""Which transitions a member of staff may run on a ticket now (the pages' buttons, the API's
`available_transitions`)."""

from __future__ import annotations

from tickets.models import Ticket


def available_transitions(ticket: Ticket, user) -> list[str]:
    """Transition names this user may run on this ticket now: the state allows it, its conditions
    hold, and the user has the permission the model's transition names."""
    return [t.name for t in ticket.get_available_user_status_transitions(user)] if user else []
