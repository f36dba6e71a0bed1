"""Staff API tokens that expire.

A token lives `settings.API_TOKEN_TTL_HOURS` from its issue; every successful token login replaces
the user's token (rotation: the previous one stops working), and a password change deletes it
(revocation). The same check serves REST (`ExpiringTokenAuthentication`) and WebSockets
(`user_for_token`).
"""

from __future__ import annotations

import re
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

# DRF's keys are 40 hex digits; anything else (a NUL byte, 10 KB of junk) is refused before a query.
KEY_SHAPE = re.compile(r"[0-9a-f]{40}")


def token_expired(token: Token, now=None) -> bool:
    return (now or timezone.now()) - token.created > timedelta(hours=settings.API_TOKEN_TTL_HOURS)


def issue_token(user) -> Token:
    """A fresh token for `user`, replacing (and so revoking) any earlier one."""
    with transaction.atomic():
        Token.objects.filter(user=user).delete()
        return Token.objects.create(user=user)


def revoke_tokens(user) -> None:
    Token.objects.filter(user=user).delete()


def valid_token(key: str) -> Token | None:
    """The unexpired token of an active user with this key, or None."""
    if not isinstance(key, str) or not KEY_SHAPE.fullmatch(key):
        return None
    token = Token.objects.select_related("user").filter(key=key).first()
    if token is None or token_expired(token) or not token.user.is_active:
        return None
    return token


def user_for_token(key: str):
    token = valid_token(key)
    return token.user if token else None


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        token = valid_token(key)
        if token is None:
            raise exceptions.AuthenticationFailed("令牌无效或已过期，请重新获取。")
        return token.user, token


def revoke_tokens_on_password_change(sender, instance, update_fields=None, **kwargs) -> None:
    """pre_save of the user model: a changed password hash ends every API token of that user."""
    if instance.pk is None or (update_fields is not None and "password" not in update_fields):
        return
    stored = sender.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    if stored is not None and stored != instance.password:
        revoke_tokens(instance)
