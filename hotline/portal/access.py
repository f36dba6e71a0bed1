"""Which letters this browser session has proved it may see.

A citizen proves access once, with letter number and password (or by having just submitted the
letter); the session then remembers that ticket for a while, so the letter page, the rating form
and the attachments need no password again. Nothing else opens a letter to an anonymous visitor.
"""

import time

SESSION_KEY = "portal_letters"
GRANT_SECONDS = 30 * 60
MAX_GRANTS = 10


def grant(request, ticket, *, key: str = SESSION_KEY) -> None:
    """`key` keeps other proofs apart (a weekend appointment is proved the same way)."""
    now = time.time()
    grants = {k: exp for k, exp in request.session.get(key, {}).items() if exp > now}
    grants[str(ticket.pk)] = now + GRANT_SECONDS
    # Keep the newest few: a shared computer should not accumulate a stranger's letters.
    request.session[key] = dict(sorted(grants.items(), key=lambda item: item[1])[-MAX_GRANTS:])


def may_see(request, ticket_id: int, *, key: str = SESSION_KEY) -> bool:
    expiry = request.session.get(key, {}).get(str(ticket_id))
    return bool(expiry and expiry > time.time())
