"""The three work-queue sockets: agent console, department inbox, wallboard."""

from __future__ import annotations

import asyncio
import time

from realtime import messages
from realtime.consumers.base import LiveConsumer, Refused
from realtime.groups import COUNTERS, INTAKE, SUPERVISION, agent_audience, department_audience
from realtime.sharing import SharedLatest
from tickets import roles


class AgentConsumer(LiveConsumer):
    """/ws/agent/: the intake queue and this agent's calls; dispatchers also hear supervision
    (return requests, replies to review, extension requests) for the dispatch desk."""

    endpoint = "agent"

    def check_access(self, user) -> None:
        if not roles.has_any(user, roles.INTAKE):
            raise Refused("坐席工作台仅限话务员和派单员使用。")

    def audiences_for(self, user) -> list[str]:
        audiences = [INTAKE, agent_audience(user.pk)]
        if roles.has_any(user, roles.DISPATCHERS):
            audiences.append(SUPERVISION)
        return audiences

    async def after_hello(self) -> None:
        from channels.db import database_sync_to_async

        from hotline.telephony.services import cards_for_reconnecting_console

        for message in await database_sync_to_async(cards_for_reconnecting_console)(self.user):
            await self.send_json(message)

    async def call_push(self, notice: dict):
        """A call card for this agent (sent by hotline.telephony after its row committed)."""
        await self.send_json(notice["message"])


class DepartmentConsumer(LiveConsumer):
    """/ws/department/: the assignments of the handler's own department, lead or co-handling."""

    endpoint = "department"

    def check_access(self, user) -> None:
        if not user.is_handler:
            raise Refused("部门工作台仅限承办单位工作人员使用。")

    def audiences_for(self, user) -> list[str]:
        return [department_audience(user.department.code)]


def _counters() -> dict:
    from tickets.selectors.stats import wallboard_counters

    return wallboard_counters()


_latest_counters = SharedLatest(_counters)


class WallboardConsumer(LiveConsumer):
    """/ws/wallboard/: live counters, pushed on change at most once per throttle interval, and the
    supervision events behind the overdue list."""

    endpoint = "wallboard"
    throttle_seconds = 1.0

    def check_access(self, user) -> None:
        if not roles.has_any(user, roles.WALLBOARD):
            raise Refused("监控大屏仅限督办班长、派单员和领导使用。")

    def audiences_for(self, user) -> list[str]:
        return [SUPERVISION]

    def extra_groups(self) -> list[str]:
        return [COUNTERS]

    async def after_hello(self) -> None:
        self._dirty_since: float | None = None
        self._last_push = float("-inf")
        self._pusher: asyncio.Task | None = None
        await self.push_counters(time.monotonic())

    async def push_counters(self, not_before: float) -> None:
        self._last_push = time.monotonic()
        counters = await _latest_counters.get(not_before)
        await self.send_json({"type": "counters", "at": messages.now_iso(), **counters})

    async def counters_dirty(self, notice: dict):
        if self._dirty_since is None:
            self._dirty_since = time.monotonic()
        if self._pusher is None or self._pusher.done():
            self._pusher = asyncio.ensure_future(self._push_while_dirty())

    async def _push_while_dirty(self) -> None:
        while self._dirty_since is not None:
            wait = self._last_push + self.throttle_seconds - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            # Counts started after the last notice include it: taking the flag before counting means
            # a change during the count sets it again and gets its own push.
            not_before, self._dirty_since = time.monotonic(), None
            await self.push_counters(not_before)

    async def topic_alert(self, notice: dict):
        """热点预警: a spike on one topic (see tickets.topics.services.detect_spikes)."""
        await self.send_json({"type": "topic.alert", "at": messages.now_iso(), "alert": notice["alert"]})

    async def disconnect(self, code):
        pusher = getattr(self, "_pusher", None)
        if pusher is not None:
            pusher.cancel()
        await super().disconnect(code)
