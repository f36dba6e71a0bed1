"""A citizen signed in on the portal: kept in the browser session under its own key, apart from
the staff login (`request.user` stays anonymous, so no staff page ever opens for a citizen)."""

from __future__ import annotations

import time

from django.conf import settings

from hotline.citizens.models import CitizenAccount

SESSION_KEY = "citizen_account"


def sign_in(request, account: CitizenAccount) -> None:
    request.session.cycle_key()  # a new session id at sign-in: no fixation
    request.session[SESSION_KEY] = {"id": account.pk,
                                    "until": time.time() + settings.CITIZENS["SESSION_HOURS"] * 3600}


def sign_out(request) -> None:
    request.session.pop(SESSION_KEY, None)
    request.session.cycle_key()


def current_account(request) -> CitizenAccount | None:
    entry = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    if not isinstance(entry, dict) or entry.get("until", 0) < time.time():
        return None
    return CitizenAccount.objects.filter(pk=entry.get("id"), is_active=True).first()


def letter_initial(request) -> dict:
    """What the letter form can fill in for a signed-in citizen: their name and number."""
    account = current_account(request)
    if account is None:
        return {}
    return {"phone": account.phone, **({"name": account.real_name} if account.real_name else {})}
