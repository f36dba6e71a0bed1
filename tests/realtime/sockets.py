"""Helpers for WebSocket tests: open a socket the way a browser or token client would, read
messages by type, and always disconnect."""

from __future__ import annotations

import contextlib

from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from config.asgi import application

TIMEOUT = 3


@database_sync_to_async
def token_for(user) -> str:
    from rest_framework.authtoken.models import Token

    return Token.objects.get_or_create(user=user)[0].key


async def open_socket(path: str, user=None, *, query: str = "") -> tuple[WebsocketCommunicator, dict]:
    """Connect as `user` (by API token) and return the communicator and its `hello`."""
    params = [query] if query else []
    if user is not None:
        params.insert(0, f"token={await token_for(user)}")
    communicator = WebsocketCommunicator(application, path + ("?" + "&".join(params) if params else ""))
    connected, _ = await communicator.connect(timeout=TIMEOUT)
    assert connected
    hello = await communicator.receive_json_from(timeout=TIMEOUT)
    return communicator, hello


@contextlib.asynccontextmanager
async def live_socket(path: str, user=None, *, query: str = ""):
    communicator, hello = await open_socket(path, user, query=query)
    try:
        assert hello["type"] == "hello", hello
        yield communicator
    finally:
        await communicator.disconnect()


async def receive_of_type(communicator: WebsocketCommunicator, kind: str, *, timeout: float = TIMEOUT) -> dict:
    """The next message of this type, skipping others (presence, counters) on the way."""
    while True:
        message = await communicator.receive_json_from(timeout=timeout)
        if message["type"] == kind:
            return message


async def refusal(path: str, user=None) -> tuple[dict, int]:
    """Connect and expect a refusal: returns the error message and the close code."""
    communicator, error = await open_socket(path, user)
    try:
        closing = await communicator.receive_output(timeout=TIMEOUT)
        assert closing["type"] == "websocket.close", closing
        return error, closing["code"]
    finally:
        await communicator.disconnect()


def run(function, *args, **kwargs):
    """Call a sync service from an async test, on the database thread like a consumer would."""
    return database_sync_to_async(function)(*args, **kwargs)
