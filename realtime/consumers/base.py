"""What every live socket does: authenticate, join its audiences' groups, greet, relay committed
ticket events built for its user, resume after a reconnect. Subclasses say who may connect and
which audiences they hear (realtime/PROTOCOL.md)."""

from __future__ import annotations

import asyncio
import json
import logging
from collections import deque
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from hotline.api import parsing
from realtime import messages, publishing
from realtime.groups import group_for
from realtime.hub import group_message, hub
from realtime.sharing import SharedMessages, viewer_key

log = logging.getLogger(__name__)

NOT_AUTHENTICATED = 4401
FORBIDDEN = 4403
# A client that cannot keep up is closed (it reconnects and resumes) rather than buffered forever.
TOO_SLOW = 4408
INBOX_LIMIT = 2000

_shared_messages = SharedMessages()


class Refused(Exception):
    """Raised by `check_access`: this user may not use this socket (closed with 4403)."""


def _event_text_for(event_id: int, viewer) -> str | None:
    """The event's message for this kind of viewer, serialised: a department's sockets all send the
    same text, so it is encoded once."""
    event = messages.load_event(event_id)
    return json.dumps(messages.event_message(event, viewer), ensure_ascii=False) if event is not None else None


def _last_event_id(query_string: bytes) -> int | None:
    values = parse_qs(query_string.decode("latin-1")).get("last_event_id")
    return parsing.whole_number(values[0]) if values else None


class LiveConsumer(AsyncJsonWebsocketConsumer):
    """Group messages arrive through the process's hub into `inbox`, and are dispatched under the
    same lock as the socket's own frames, so handlers never interleave (a resume finishes before
    the live events queued behind it)."""

    endpoint = ""
    # How many event ids a socket remembers to skip duplicates (a resume racing live delivery).
    remembered_events = 1000

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._dispatching = asyncio.Lock()
        self.inbox: asyncio.Queue = asyncio.Queue()
        self._inbox_task: asyncio.Task | None = None
        self.groups_joined: list[str] = []
        self.closing = False

    # --- what subclasses define (sync: they run on the database thread) -----------------------
    def check_access(self, user) -> None:
        """Raise Refused("<中文原因>") if this user may not connect. Closed unless a subclass opens it."""
        raise Refused()

    def audiences_for(self, user) -> list[str]:
        return []

    def extra_groups(self) -> list[str]:
        return []

    async def after_hello(self) -> None:
        """Whatever the endpoint sends right after `hello` (counters, call cards, presence)."""

    async def handle_client_message(self, content: dict) -> None:
        await self.send_error("bad_message", "无法识别的消息类型。")

    # --- connection -------------------------------------------------------------------------
    async def connect(self):
        publishing.remember_server_loop()
        self.user = self.scope.get("user")
        self.audiences: set[str] = set()
        self._seen_order: deque[int] = deque()
        self._seen: set[int] = set()
        if not (self.user is not None and self.user.is_authenticated):
            return await self.refuse(NOT_AUTHENTICATED, "not_authenticated", "请先登录后再连接。")
        try:
            hello = await database_sync_to_async(self._prepare)()
        except Refused as refusal:
            return await self.refuse(FORBIDDEN, "forbidden", str(refusal) or "您无权使用该实时通道。")
        self._inbox_task = asyncio.ensure_future(self._drain_inbox())
        for group in [*(group_for(a) for a in sorted(self.audiences)), *self.extra_groups()]:
            await hub().join(group, self)
            self.groups_joined.append(group)
        await self.accept()
        await self.send_json(hello)
        await self.after_hello()
        after = _last_event_id(self.scope.get("query_string", b""))
        if after is not None:
            await self.resume(after)

    def _prepare(self) -> dict:
        self.check_access(self.user)
        self.audiences = set(self.audiences_for(self.user))
        user = self.user
        return {
            "type": "hello", "at": messages.now_iso(), "endpoint": self.endpoint,
            "user": {"id": user.pk, "username": user.username, "name": user.display_name, "role": user.role,
                     "department": user.department.code if user.department_id else None},
            "last_event_id": messages.latest_event_id(),
        }

    async def refuse(self, code: int, error: str, message: str) -> None:
        # Accept first: a close before the handshake reaches the browser as a bare 403 with no
        # code, and the page could not tell "log in again" from "not for you".
        await self.accept()
        await self.send_error(error, message)
        await self.close(code=code)

    async def close(self, code=None, reason=None):
        self.closing = True
        await super().close(code=code, reason=reason)

    @classmethod
    async def encode_json(cls, content):
        return json.dumps(content, ensure_ascii=False)

    async def send_json(self, content, close=False):
        # Messages already queued for a socket we closed (a refusal, lost access) go nowhere.
        if not self.closing:
            await super().send_json(content, close=close)

    async def disconnect(self, code):
        self.closing = True
        for group in self.groups_joined:
            await hub().leave(group, self)
        self.groups_joined = []
        if self._inbox_task is not None:
            self._inbox_task.cancel()

    # --- group messages ---------------------------------------------------------------------
    async def dispatch(self, message):
        async with self._dispatching:
            await super().dispatch(message)

    def deliver(self, message: dict) -> None:
        """Called by the hub for each group message addressed to one of this socket's groups."""
        if self.closing:
            return
        if self.inbox.qsize() >= INBOX_LIMIT:
            self.closing = True
            asyncio.ensure_future(self._close_too_slow())
            return
        self.inbox.put_nowait(message)

    async def _close_too_slow(self) -> None:
        log.warning("closing %s socket of %s: %s messages behind", self.endpoint, self.user, INBOX_LIMIT)
        await super().close(code=TOO_SLOW)

    async def _drain_inbox(self) -> None:
        while True:
            message = await self.inbox.get()
            try:
                await self.dispatch(message)
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 — like a failing handler in Channels: close, the client resumes
                if asyncio.current_task().cancelling():
                    raise asyncio.CancelledError() from None
                log.exception("%s socket failed on %s", self.endpoint, message.get("type"))
                await self.close(code=1011)
                return

    async def group_send(self, group: str, message: dict) -> None:
        await self.channel_layer.group_send(group, group_message(group, message))

    # --- from the client --------------------------------------------------------------------
    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        try:
            content = parsing.loads(text_data) if text_data is not None else None
        except ValueError:
            content = None
        if not isinstance(content, dict):
            return await self.send_error("bad_message", "消息应为 JSON 对象。")
        await self.receive_json(content)

    async def receive_json(self, content, **kwargs):
        kind = content.get("type")
        if kind == "ping":
            return await self.send_json({"type": "pong", "at": messages.now_iso()})
        if kind == "resume":
            after = content.get("last_event_id")
            if isinstance(after, bool) or not isinstance(after, int) or after < 0:
                return await self.send_error("bad_message", "last_event_id 应为非负整数。")
            return await self.resume(after)
        await self.handle_client_message(content)

    async def send_error(self, code: str, message: str) -> None:
        await self.send_json({"type": "error", "at": messages.now_iso(), "code": code, "message": message})

    # --- events -----------------------------------------------------------------------------
    def _remember(self, event_id: int) -> bool:
        """False if this socket already got the event."""
        if event_id in self._seen:
            return False
        self._seen.add(event_id)
        self._seen_order.append(event_id)
        if len(self._seen_order) > self.remembered_events:
            self._seen.discard(self._seen_order.popleft())
        return True

    async def live_message(self, notice: dict) -> str | None:
        key = (notice["event_id"], notice.get("ticket_id"), notice.get("version"), viewer_key(self.user))
        return await _shared_messages.get(key, lambda: _event_text_for(notice["event_id"], self.user))

    async def ticket_event(self, notice: dict):
        """A committed event for one of this socket's audiences (sent by realtime.publishing)."""
        if notice["event_id"] in self._seen:
            return
        text = await self.live_message(notice)
        if text is not None and self._remember(notice["event_id"]) and not self.closing:
            await self.send(text_data=text)

    def resume_scope(self) -> dict:
        return {}

    async def resume(self, after_id: int) -> None:
        ids, point, complete = await database_sync_to_async(messages.missed_event_ids)(
            self.audiences, after_id, **self.resume_scope())
        sent = 0
        for start in range(0, len(ids), 50):
            batch = await database_sync_to_async(messages.replayed_messages)(ids[start:start + 50], self.user)
            for message in batch:
                if self._remember(message["event_id"]):
                    await self.send_json(message)
                    sent += 1
        await self.send_json({"type": "resume.done", "at": messages.now_iso(), "last_event_id": point,
                              "count": sent, "complete": complete})
