"""WebSocket fan-out: how long a dispatch takes from its commit to the department's sockets, and
whether any are lost.

Set-up: WS_BENCH_SOCKETS department sockets (default 2,000, one handler user each) spread over
WS_BENCH_DEPARTMENTS departments (50), held by real `websockets` clients in this process against a
real daphne in its own process, through the Redis channel layer (its own prefix). This process then
dispatches WS_BENCH_DISPATCHES tickets (1,000) through tickets.services.transitions.dispatch at
WS_BENCH_RATE per second (25), round-robin over the departments, from a worker thread.

Figures: latency from the commit (an on_commit hook registered before the service's own) to each
socket of the department receiving its `ticket.changed` — per delivery and per dispatch (the
slowest socket of the department) — p50/p99/max in ms; deliveries lost (must be 0); and messages
that reached a socket of the wrong department (must be 0). Needs REDIS_URL and a database another
process can open (PostgreSQL); otherwise prints a `skipped` line saying why. WS_BENCH_DEBUG=1 also
lists incompletely delivered dispatches and daphne's warnings.
"""

from __future__ import annotations

import asyncio
import json
import os
import threading
import time
import uuid
from collections import defaultdict
from copy import deepcopy

from django.conf import settings
from django.db import transaction
from django.test import override_settings

from bench._util import emit, percentile

BENCH = "ws_fanout"


def _config() -> dict:
    return {
        "sockets": int(os.environ.get("WS_BENCH_SOCKETS", "2000")),
        "departments": int(os.environ.get("WS_BENCH_DEPARTMENTS", "50")),
        "dispatches": int(os.environ.get("WS_BENCH_DISPATCHES", "1000")),
        "rate": float(os.environ.get("WS_BENCH_RATE", "25")),
        "connect_concurrency": int(os.environ.get("WS_BENCH_CONNECT_CONCURRENCY", "100")),
        "drain_seconds": float(os.environ.get("WS_BENCH_DRAIN_SECONDS", "20")),
    }


# --- data --------------------------------------------------------------------------------------------

def _prepare(config: dict) -> tuple[list[str], list[tuple[str, str]], list[tuple[int, str]]]:
    """Departments, one handler (with an API token) per socket, and received tickets to dispatch.
    Returns department codes, (code, token) per socket, (ticket id, code) per dispatch."""
    from rest_framework.authtoken.models import Token

    from tickets.management.commands import seed_demo
    from tickets.models import Department, Role, Ticket, User

    seed_demo.seed_departments()
    seed_demo.seed_calendar()
    seed_demo.seed_deadline_rules()
    seed_demo.seed_users()
    run = uuid.uuid4().hex[:6]
    departments = Department.objects.bulk_create([
        Department(code=f"wsb-{run}-{index:02d}", name=f"压测单位{index:02d}", sort_order=900 + index)
        for index in range(config["departments"])])
    users = User.objects.bulk_create([
        User(username=f"wsb-{run}-{index:05d}", role=Role.HANDLER, department=departments[index % len(departments)],
             password="!")
        for index in range(config["sockets"])])
    tokens = Token.objects.bulk_create([Token(user=user, key=Token.generate_key()) for user in users])
    sockets = [(user.department.code, token.key) for user, token in zip(users, tokens)]
    tickets = Ticket.objects.bulk_create([
        Ticket(letter_number=f"9{run[:4].encode().hex()[:6]}{index:06d}"[:16], password_hash="!", channel="web",
               type="complaint", title=f"压测工单{index}", content="压测内容", citizen_phone="13800000000")
        for index in range(config["dispatches"])])
    plan = [(ticket.pk, departments[index % len(departments)].code) for index, ticket in enumerate(tickets)]
    return [d.code for d in departments], sockets, plan


# --- the two sides -----------------------------------------------------------------------------------

class Dispatcher(threading.Thread):
    """Dispatches at a steady rate from its own thread, as a web worker would, stamping each commit."""

    def __init__(self, plan, rate: float, committed: dict):
        super().__init__(name="ws-bench-dispatcher", daemon=True)
        self.plan, self.rate, self.committed = plan, rate, committed
        self.publish_seconds: list[float] = []
        self.service_seconds: list[float] = []
        self.error: BaseException | None = None

    def run(self) -> None:
        from django.db import connection

        from tickets.models import User
        from tickets.services import transitions

        try:
            dispatcher = User.objects.get(username="dispatcher1")
            started = time.monotonic()
            for index, (ticket_id, code) in enumerate(self.plan):
                delay = started + index / self.rate - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                begun = time.monotonic()
                with transaction.atomic():
                    # Registered before the service's own hooks, so it runs first, right after COMMIT;
                    # the one registered after them marks the end of publishing.
                    transaction.on_commit(lambda t=ticket_id: self.committed.__setitem__(t, time.monotonic()))
                    transitions.dispatch(ticket_id, by=dispatcher, department=code)
                    transaction.on_commit(lambda t=ticket_id: self.publish_seconds.append(
                        time.monotonic() - self.committed[t]))
                self.service_seconds.append(time.monotonic() - begun)
        except BaseException as error:  # noqa: BLE001 — reported by the main thread
            self.error = error
        finally:
            connection.close()


async def _hold_sockets(server, sockets, config, received, wrong, dropped, expected_total, all_in: asyncio.Event):
    import websockets

    connect_slots = asyncio.Semaphore(config["connect_concurrency"])
    ready = 0
    delivered = 0

    async def hold(code: str, token: str, opened: asyncio.Event):
        nonlocal ready, delivered
        async with connect_slots:
            socket = await websockets.connect(server.ws_url(f"/ws/department/?token={token}"), compression=None,
                                              open_timeout=60, max_size=None)
            hello = json.loads(await socket.recv())
            assert hello["type"] == "hello", hello
            ready += 1
            opened.set()
        try:
            async for raw in socket:
                at = time.monotonic()
                message = json.loads(raw)
                if message.get("transition") != "dispatch":
                    continue
                if message["ticket"]["lead_department"]["code"] != code:
                    wrong.append(message["event_id"])
                    continue
                received[message["ticket"]["id"]].append(at)
                delivered += 1
                if delivered >= expected_total:
                    all_in.set()
        except websockets.ConnectionClosed as closed:
            dropped.append(repr(closed))
        finally:
            await socket.close()

    events = [asyncio.Event() for _ in sockets]
    tasks = [asyncio.create_task(hold(code, token, opened)) for (code, token), opened in zip(sockets, events)]
    started = time.monotonic()
    for opened, task in zip(events, tasks):
        waiter = asyncio.ensure_future(opened.wait())
        await asyncio.wait([waiter, task], return_when=asyncio.FIRST_COMPLETED)
        if task.done() and task.exception():
            waiter.cancel()
            await _stop(tasks)
            raise RuntimeError(f"socket {ready + 1} of {len(sockets)} failed: {task.exception()!r}\n"
                               f"daphne's log:\n{server.log()}")
    return tasks, ready, time.monotonic() - started


async def _stop(tasks) -> None:
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


async def _run(server, config, sockets, plan) -> dict:
    per_department = defaultdict(int)
    for code, _ in sockets:
        per_department[code] += 1
    expected = {ticket_id: per_department[code] for ticket_id, code in plan}
    expected_total = sum(expected.values())
    received: dict[int, list[float]] = defaultdict(list)
    wrong: list[int] = []
    dropped: list[str] = []
    committed: dict[int, float] = {}
    all_in = asyncio.Event()

    tasks, ready, connect_seconds = await _hold_sockets(server, sockets, config, received, wrong, dropped,
                                                        expected_total, all_in)
    dispatcher = Dispatcher(plan, config["rate"], committed)
    started = time.monotonic()
    dispatcher.start()
    while dispatcher.is_alive():
        await asyncio.sleep(0.2)
    dispatch_seconds = time.monotonic() - started
    if dispatcher.error is not None:
        raise dispatcher.error
    try:
        await asyncio.wait_for(all_in.wait(), config["drain_seconds"])
    except asyncio.TimeoutError:
        pass
    await _stop(tasks)

    if os.environ.get("WS_BENCH_DEBUG"):
        for ticket_id, count in expected.items():
            if len(received.get(ticket_id, ())) != count:
                print("incomplete", ticket_id, len(received.get(ticket_id, ())), count, flush=True)
        print("\n".join(line for line in server.log(200000).splitlines() if " - - [" not in line), flush=True)
    deliveries, slowest = [], []
    for ticket_id, times in received.items():
        latencies = [at - committed[ticket_id] for at in times if ticket_id in committed]
        deliveries.extend(latencies)
        if latencies and len(latencies) == expected[ticket_id]:
            slowest.append(max(latencies))
    return {"ready": ready, "connect_seconds": connect_seconds, "dispatch_seconds": dispatch_seconds,
            "publish": dispatcher.publish_seconds, "service": dispatcher.service_seconds,
            "deliveries": deliveries, "slowest": slowest, "expected_total": expected_total,
            "received_total": sum(map(len, received.values())), "wrong": len(wrong), "dropped": dropped}


def _ms(samples, fraction):
    return round(percentile(samples, fraction) * 1000, 2)


def _report(config: dict, result: dict) -> None:
    shape = {"sockets": config["sockets"], "departments": config["departments"], "dispatches": config["dispatches"],
             "rate_per_s": config["rate"]}
    emit(BENCH, "sockets_connected", result["ready"], "sockets", connect_s=round(result["connect_seconds"], 2),
         **shape)
    for name, samples in (("commit_to_receive", result["deliveries"]), ("commit_to_last_socket", result["slowest"])):
        for label, fraction in (("p50", 0.5), ("p99", 0.99), ("max", 1.0)):
            emit(BENCH, f"{name}_{label}", _ms(samples, fraction), "ms", samples=len(samples), **shape)
    emit(BENCH, "publish_p50", _ms(result["publish"], 0.5), "ms", note="group_send from the committing thread",
         **shape)
    emit(BENCH, "dispatch_call_p50", _ms(result["service"], 0.5), "ms",
         note="transitions.dispatch including commit and publish", **shape)
    emit(BENCH, "events_lost", result["expected_total"] - result["received_total"], "deliveries",
         expected=result["expected_total"], note="must be 0", **shape)
    emit(BENCH, "sockets_closed_by_server", len(result["dropped"]), "sockets", note="must be 0",
         first=result["dropped"][0] if result["dropped"] else None, **shape)
    emit(BENCH, "events_to_wrong_department", result["wrong"], "messages", note="must be 0", **shape)
    emit(BENCH, "dispatch_rate_achieved", round(config["dispatches"] / result["dispatch_seconds"], 1), "dispatches/s",
         **shape)


def main() -> None:
    from realtime.liveserver import DaphneProcess, child_environment, shared_database_url

    if not settings.REDIS_URL:
        emit(BENCH, "skipped", 1, "flag", reason="REDIS_URL is not set: fan-out is measured on the Redis channel "
                                                 "layer between separate processes")
        return
    database_url = shared_database_url()
    if database_url is None:
        emit(BENCH, "skipped", 1, "flag", reason="the database is SQLite in memory, which a daphne process cannot "
                                                 "open: set DATABASE_URL=postgres://…")
        return
    config = _config()
    departments, sockets, plan = _prepare(config)
    prefix = f"wsbench-{uuid.uuid4().hex[:8]}"
    layers = deepcopy(settings.CHANNEL_LAYERS)
    layers["default"]["CONFIG"]["prefix"] = prefix
    with override_settings(CHANNEL_LAYERS=layers), \
            DaphneProcess(child_environment(channel_prefix=prefix, database_url=database_url),
                          startup_timeout=60) as server:
        result = asyncio.run(_run(server, config, sockets, plan))
    _report(config, result)


if __name__ == "__main__":
    raise SystemExit("run through the harness: python -m bench ws_fanout")
