"""/ws/tickets/<id>/: one ticket's changes, and who else has it open (presence).

Presence needs no shared store: every socket in the room keeps its own list of the others. A
newcomer announces itself to the room's group, each member answers it directly, and everyone
announces leaving and starting or stopping to edit. That works the same on the in-process layer
and across daphne processes on Redis. (A process that dies without closing its sockets leaves its
viewers listed until the others reconnect.)

Collision: a socket is warned once per editing spell when another socket of the room was already
editing when it started — decided by comparing start times, so two people who start at the same
moment still agree on who was second.
"""

from __future__ import annotations

import time

from channels.db import database_sync_to_async

from realtime import messages
from realtime.consumers.base import FORBIDDEN, LiveConsumer, Refused
from realtime.groups import group_for, ticket_audience
from tickets.errors import NotFound
from tickets.models import Role
from tickets.selectors import visible_ticket, visible_tickets

ROLE_LABELS = dict(Role.choices)


class TicketRoomConsumer(LiveConsumer):
    endpoint = "ticket"

    # --- access -----------------------------------------------------------------------------
    def check_access(self, user) -> None:
        self.ticket_id = self.scope["url_route"]["kwargs"]["ticket_id"]
        try:
            visible_ticket(user, self.ticket_id)
        except NotFound:
            raise Refused("工单不存在，或您无权查看该工单。") from None
        self.me = {
            "user_id": user.pk, "username": user.username, "name": user.display_name, "role": user.role,
            "role_label": ROLE_LABELS.get(user.role, "系统管理员" if user.is_superuser else ""),
            "department": user.department.name if user.department_id else None,
            "editing": False, "since": None,
        }

    def audiences_for(self, user) -> list[str]:
        return [ticket_audience(self.ticket_id)]

    def resume_scope(self) -> dict:
        return {"ticket_id": self.ticket_id}

    def _still_visible(self) -> bool:
        return visible_tickets(self.user).filter(pk=self.ticket_id).exists()

    async def live_message(self, notice: dict) -> str | None:
        # The ticket may have left the viewer's department (a return approved, a re-dispatch):
        # from then on this room is closed to them.
        if not await database_sync_to_async(self._still_visible)():
            await self.send_error("forbidden", "该工单已不在您的可见范围内。")
            await self.close(code=FORBIDDEN)
            return None
        return await super().live_message(notice)

    # --- presence ---------------------------------------------------------------------------
    @property
    def room(self) -> str:
        return group_for(ticket_audience(self.ticket_id))

    async def after_hello(self) -> None:
        self.viewers = {self.channel_name: dict(self.me)}
        self._warned = False
        await self.send_presence()
        await self.group_send(
            self.room, {"type": "presence.hello", "channel": self.channel_name, "viewer": self.viewers[self.channel_name]})

    async def disconnect(self, code):
        if getattr(self, "viewers", None) is not None:
            await self.group_send(self.room, {"type": "presence.leave", "channel": self.channel_name})
        await super().disconnect(code)

    async def handle_client_message(self, content: dict) -> None:
        if content.get("type") != "editing" or not isinstance(content.get("editing"), bool):
            return await self.send_error("bad_message", '应发送 {"type": "editing", "editing": true|false}。')
        mine = self.viewers[self.channel_name]
        if content["editing"] == mine["editing"]:
            return
        mine["editing"] = content["editing"]
        mine["since"] = time.time() if content["editing"] else None
        if not mine["editing"]:
            self._warned = False
        await self.group_send(
            self.room, {"type": "presence.editing", "channel": self.channel_name, "viewer": dict(mine)})
        await self.send_presence(collision=self._collision())

    async def presence_hello(self, notice: dict):
        if notice["channel"] == self.channel_name:
            return
        self.viewers[notice["channel"]] = notice["viewer"]
        await self.channel_layer.send(notice["channel"], {
            "type": "presence.here", "channel": self.channel_name, "viewer": self.viewers[self.channel_name]})
        await self.send_presence()

    async def presence_here(self, notice: dict):
        self.viewers[notice["channel"]] = notice["viewer"]
        await self.send_presence(collision=self._collision())

    async def presence_editing(self, notice: dict):
        if notice["channel"] == self.channel_name:
            return
        self.viewers[notice["channel"]] = notice["viewer"]
        await self.send_presence(collision=self._collision())

    async def presence_leave(self, notice: dict):
        if self.viewers.pop(notice["channel"], None) is not None:
            await self.send_presence()

    def _collision(self) -> dict | None:
        """The warning for this socket if it is now the later of two editors, once per editing spell."""
        mine = self.viewers[self.channel_name]
        if not mine["editing"] or self._warned:
            return None
        ahead = [viewer for channel, viewer in self.viewers.items()
                 if channel != self.channel_name and viewer["editing"]
                 and (viewer["since"], channel) < (mine["since"], self.channel_name)]
        if not ahead:
            return None
        self._warned = True
        names = "、".join(dict.fromkeys(viewer["name"] for viewer in ahead))
        return {
            "code": "editing_collision",
            "message": f"{names} 正在编辑此工单，您的修改可能与其冲突，请先沟通或刷新后再提交。",
            "with": list({viewer["user_id"]: {"user_id": viewer["user_id"], "name": viewer["name"]}
                          for viewer in ahead}.values()),
        }

    async def send_presence(self, collision: dict | None = None) -> None:
        by_user: dict[int, dict] = {}
        for viewer in self.viewers.values():
            entry = by_user.setdefault(viewer["user_id"], {**viewer, "editing": False, "since": None,
                                                          "is_me": viewer["user_id"] == self.user.pk})
            if viewer["editing"] and (entry["since"] is None or viewer["since"] < entry["since"]):
                entry["editing"], entry["since"] = True, viewer["since"]
        viewers = sorted(by_user.values(), key=lambda v: (not v["editing"], v["since"] or 0, v["user_id"]))
        for viewer in viewers:
            viewer["since"] = messages.iso_from_timestamp(viewer["since"])
        await self.send_json({
            "type": "presence", "at": messages.now_iso(), "ticket_id": self.ticket_id, "viewers": viewers,
            "editors": [viewer["user_id"] for viewer in viewers if viewer["editing"]], "collision": collision,
        })
