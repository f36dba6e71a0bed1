"""python manage.py play_calls — play a realistic stream of signed CTI events against a running
server, for demos of the agent console's call card (来电弹屏).

Each agent takes one call at a time: it rings for a few seconds, most calls are answered and last
one to five minutes, some are missed; agents wrap up between calls. About half the callers are
citizens who already have tickets, so the card shows their history. Events are signed with the
CTI shared secret exactly as the telephony platform signs them; `--speed` compresses the waits
(the `at` of each event is the real moment it is sent, so recorded durations shrink with it).
"""

from __future__ import annotations

import heapq
import itertools
import json
import random
import time
import urllib.error
import urllib.request
import uuid

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from hotline.telephony.signing import HEADER, sign

ANSWER_RATE = 0.88


def _caller_numbers(rng: random.Random) -> list[str]:
    """Citizens on record (for a history on the card), else made-up mobile numbers."""
    from tickets.models import Ticket

    try:
        known = list(Ticket.objects.exclude(citizen_phone="").values_list("citizen_phone", flat=True)
                     .distinct()[:200])
    except Exception:  # noqa: BLE001 — the demo still plays without a database to borrow numbers from
        known = []
    fresh = [f"1{rng.choice('3589')}{rng.randrange(10**9):09d}" for _ in range(max(20, len(known)))]
    return known + fresh


def agent_calls(agent: str, count: int | None, rng: random.Random, numbers: list[str], run: str):
    """(seconds from start, body without `at`) for one agent's calls, in time order."""
    clock = rng.uniform(0, 5)
    for serial in itertools.count(1) if count is None else range(1, count + 1):
        call = {"call_id": f"DEMO-{run}-{agent}-{serial:04d}", "caller": rng.choice(numbers), "agent": agent}
        yield clock, {**call, "event": "ringing"}
        if rng.random() < ANSWER_RATE:
            clock += rng.uniform(3, 12)
            yield clock, {**call, "event": "answered"}
            clock += rng.uniform(60, 300)
        else:
            clock += rng.uniform(20, 30)  # rang out
        yield clock, {**call, "event": "hangup", "recording_url": f"https://recordings.example.cn/{call['call_id']}.mp3"}
        clock += rng.uniform(15, 60)  # wrap-up before the next call


class Command(BaseCommand):
    help = "向运行中的热线服务回放一串带签名的话务（CTI）事件，用于演示来电弹屏。"

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000", help="server base URL")
        parser.add_argument("--agents", default="agent1,agent2", help="comma-separated agent usernames")
        parser.add_argument("--calls", type=int, default=20, help="calls in total (0 = keep going)")
        parser.add_argument("--speed", type=float, default=10.0, help="time compression (1 = real time)")
        parser.add_argument("--secret", default=None, help="CTI shared secret (default: settings.CTI_SHARED_SECRET)")
        parser.add_argument("--seed", type=int, default=None)

    def handle(self, *args, url, agents, calls, speed, secret, seed, **options):
        if speed <= 0:
            raise CommandError("--speed 必须大于 0。")
        names = [name.strip() for name in agents.split(",") if name.strip()]
        if not names:
            raise CommandError("请用 --agents 指定至少一个坐席账号。")
        rng = random.Random(seed)
        numbers = _caller_numbers(rng)
        run = uuid.uuid4().hex[:6]
        per_agent = None if calls == 0 else -(-calls // len(names))
        schedule = heapq.merge(*(agent_calls(name, per_agent, rng, numbers, run) for name in names),
                               key=lambda item: item[0])
        endpoint = url.rstrip("/") + "/api/v1/cti/events/"
        secret = secret or settings.CTI_SHARED_SECRET
        started = time.monotonic()
        self.stdout.write(f"回放话务事件到 {endpoint}（坐席 {', '.join(names)}，{speed:g} 倍速），Ctrl-C 结束。")
        try:
            for offset, body in schedule:
                time.sleep(max(0.0, started + offset / speed - time.monotonic()))
                self._post(endpoint, secret, {**body, "at": timezone.now().isoformat()})
        except KeyboardInterrupt:
            self.stdout.write("已停止。")

    def _post(self, endpoint: str, secret: str, body: dict) -> None:
        data = json.dumps(body, ensure_ascii=False).encode()
        request = urllib.request.Request(endpoint, data=data, method="POST", headers={
            "Content-Type": "application/json", HEADER: sign(data, secret)})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                outcome = f"{response.status} {json.loads(response.read()).get('status', '')}"
        except urllib.error.HTTPError as error:
            outcome = f"{error.code} {error.read().decode(errors='replace')[:200]}"
        except urllib.error.URLError as error:
            raise CommandError(f"无法连接 {endpoint}：{error.reason}（服务是否已用 make run 启动？）") from error
        self.stdout.write(f"{body['at'][11:19]} {body['event']:<8} {body['call_id']} {body['caller']} → "
                          f"{body['agent']}: {outcome}")
