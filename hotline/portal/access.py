"""Which letters this browser session has proved it may see.

A citizen proves access once, with letter number and password (or by having just submitted the
letter); the session then remembers that ticket for a while, so the letter page, the rating form
and the attachments need no password again. Nothing else opens a letter to an anonymous visitor.
"""

import time

from django.core import signing
from django.urls import reverse

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


_ATTACHMENT_SALT = "hotline.portal.attachment"


def attachment_url(attachment_id: int) -> str:
    """An address of one attachment that opens without a session for GRANT_SECONDS: what the lookup
    API hands a client that proved number and password but keeps no cookie."""
    token = signing.dumps(attachment_id, salt=_ATTACHMENT_SALT)
    return f"{reverse('portal:attachment', args=[attachment_id])}?t={token}"


def token_opens(token: str | None, attachment_id: int) -> bool:
    if not token:
        return False
    try:
        return signing.loads(token, salt=_ATTACHMENT_SALT, max_age=GRANT_SECONDS) == attachment_id
    except signing.BadSignature:
        return False
