"""Reads. Doors (REST, pages, WebSocket, WeChat) fetch through these, so visibility and masking are
decided in one place."""

from .letters import lookup_letter, public_timeline, public_view
from .payload import ticket_payload
from .tickets import caller_history, visible_tickets, visible_ticket

__all__ = ["caller_history", "lookup_letter", "public_timeline", "public_view", "ticket_payload", "visible_ticket",
           "visible_tickets"]
