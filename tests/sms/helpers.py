"""Helpers shared by the SMS and WeChat tests: moving a ticket through the loop with the real services."""

from tickets.services import transitions


def resolve(ticket_id: int, users, *, reply_text: str = "经核查，路灯已于今日修复。"):
    """dispatch → accept → reply → approve_reply, as the dispatcher and the housing department."""
    transitions.dispatch(ticket_id, by=users["dispatcher1"], department="housing")
    transitions.accept(ticket_id, by=users["housing1"])
    transitions.reply(ticket_id, by=users["housing1"], text=reply_text)
    return transitions.approve_reply(ticket_id, by=users["dispatcher1"])
