"""Who may open which socket."""

import pytest
from django.test import Client

from tests.realtime.sockets import live_socket, open_socket, refusal

pytestmark = [pytest.mark.django_db(transaction=True)]

ENDPOINTS = ["/ws/agent/", "/ws/department/", "/ws/tickets/1/", "/ws/wallboard/"]


async def test_each_endpoint_refuses_anonymous_users():
    for path in ENDPOINTS:
        error, code = await refusal(path)
        assert code == 4401, path
        assert error["type"] == "error" and error["code"] == "not_authenticated"


async def test_a_wrong_token_is_refused_like_no_login(users):
    from channels.testing import WebsocketCommunicator

    from config.asgi import application

    communicator = WebsocketCommunicator(application, "/ws/agent/?token=not-a-real-token")
    try:
        await communicator.connect()
        assert (await communicator.receive_json_from())["code"] == "not_authenticated"
        assert (await communicator.receive_output())["code"] == 4401
    finally:
        await communicator.disconnect()


async def test_endpoints_refuse_users_without_the_role(users):
    for path, username in [("/ws/agent/", "housing1"), ("/ws/agent/", "supervisor1"), ("/ws/department/", "agent1"),
                           ("/ws/department/", "dispatcher1"), ("/ws/wallboard/", "agent1"),
                           ("/ws/wallboard/", "housing1")]:
        error, code = await refusal(path, users[username])
        assert code == 4403, (path, username)
        assert error["code"] == "forbidden" and error["message"]


async def test_ticket_room_refuses_another_departments_handler(users, dispatched_ticket):
    _, code = await refusal(f"/ws/tickets/{dispatched_ticket.pk}/", users["hrss1"])
    assert code == 4403


async def test_ticket_room_refuses_a_ticket_that_does_not_exist(users):
    _, code = await refusal("/ws/tickets/999999/", users["dispatcher1"])
    assert code == 4403


async def test_each_role_reaches_its_endpoint_by_token(users):
    for path, username in [("/ws/agent/", "agent1"), ("/ws/agent/", "dispatcher1"), ("/ws/department/", "housing1"),
                           ("/ws/wallboard/", "supervisor1"), ("/ws/wallboard/", "dispatcher1")]:
        communicator, hello = await open_socket(path, users[username])
        try:
            assert hello["type"] == "hello" and hello["endpoint"] == path.split("/")[2]
            assert hello["user"]["username"] == username
            assert isinstance(hello["last_event_id"], int)
        finally:
            await communicator.disconnect()


async def test_a_browser_session_cookie_authenticates(users):
    from asgiref.sync import sync_to_async
    from channels.testing import WebsocketCommunicator
    from django.conf import settings

    from config.asgi import application

    client = Client()
    await sync_to_async(client.force_login)(users["housing1"])
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    communicator = WebsocketCommunicator(application, "/ws/department/", headers=[(b"cookie", cookie.encode())])
    try:
        connected, _ = await communicator.connect()
        assert connected
        hello = await communicator.receive_json_from()
        assert hello["type"] == "hello" and hello["user"]["department"] == "housing"
    finally:
        await communicator.disconnect()


async def test_bad_client_messages_get_an_error_and_keep_the_socket(users):
    async with live_socket("/ws/department/", users["housing1"]) as socket:
        await socket.send_to(text_data="not json")
        assert (await socket.receive_json_from())["code"] == "bad_message"
        await socket.send_json_to({"type": "resume", "last_event_id": "x"})
        assert (await socket.receive_json_from())["code"] == "bad_message"
        await socket.send_json_to({"type": "ping"})
        assert (await socket.receive_json_from())["type"] == "pong"
