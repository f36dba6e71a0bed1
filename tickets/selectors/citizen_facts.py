"""What other apps know about a ticket's citizen, shown to staff beside the letter's own fields —
e.g. that the phone number belongs to a verified citizen account, or to a registered legal person.

The core never imports those apps: each registers a provider when it starts
(`register_citizen_facts(provider)` in its AppConfig.ready). A provider takes (ticket, viewer) and
returns a dict of facts to merge (already masked for that viewer), or an empty dict. Nothing is
shown to a viewer from whom the citizen's identity is withheld (a confidential letter).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from tickets import privacy
from tickets.models import Ticket

log = logging.getLogger(__name__)

Provider = Callable[[Ticket, object], dict]
_providers: list[Provider] = []


def register_citizen_facts(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def citizen_facts(ticket: Ticket, user) -> dict:
    """Every registered provider's facts about this ticket's citizen, as this viewer may see them."""
    if privacy.withheld_from(ticket, user):
        return {}
    facts: dict = {}
    for provider in _providers:
        try:
            facts.update(provider(ticket, user) or {})
        except Exception:  # noqa: BLE001 — an extra line on a ticket must never break the ticket page
            log.exception("citizen facts provider %r failed for ticket %s", provider, ticket.pk)
    return facts


__all__ = ["citizen_facts", "register_citizen_facts"]
