"""Authenticate a WebSocket by session cookie or by `?token=<api token>` (expiring: hotline.api.tokens)."""

from urllib.parse import parse_qs

from channels.auth import AuthMiddlewareStack
from channels.db import database_sync_to_async
from channels.middleware import BaseMiddleware


@database_sync_to_async
def _user_for_token(key: str):
    from hotline.api.tokens import user_for_token

    return user_for_token(key)


class _TokenMiddleware(BaseMiddleware):
    async def __call__(self, scope, receive, send):
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        key = (query.get("token") or [""])[0]
        if key and not (scope.get("user") and scope["user"].is_authenticated):
            user = await _user_for_token(key)
            if user is not None:
                scope["user"] = user
        return await super().__call__(scope, receive, send)


def TokenOrSessionAuthMiddleware(inner):  # noqa: N802 — reads like the middleware classes it wraps
    return AuthMiddlewareStack(_TokenMiddleware(inner))
