"""Smart dispatch warm-up: the first suggestion a fresh web process answers, cold and warmed.

Each figure comes from a new Python process (nothing loaded yet) that imports ``config.asgi`` as
daphne does, answers one ``GET /healthz`` (URLconf, middleware, the database connection: the same in
both cases) and then times its first ``POST /api/v1/suggestions/`` and the one after. They share a
SQLite file this bench seeds once in another process (the demo catalogue and knowledge base, and a
model learned from the labelled letters' history part), so nothing is warm by accident.

Figures:
- ``first_suggest_cold``: ``ROUTING_WARMUP=0`` — the first request loads jieba, the index and the model;
- ``first_suggest_warmed``: ``ROUTING_WARMUP=1`` — the background warm-up ran before the first request
  (a process is up a few seconds before an agent types; the bench waits for the thread);
- ``warmup_time``: how long that background warm-up took; ``next_suggest``: the request after.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench._util import emit

BENCH = "dispatch_warmup"
ROOT = Path(__file__).resolve().parent.parent
LETTER = {"title": "小区门口路灯坏了", "content": "裕华区东苑小区北门的路灯一个星期都不亮，晚上走路很危险",
          "address": "裕华区东苑街道"}


def _child(mode: str, database: Path, **env) -> dict:
    environment = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DJANGO_SETTINGS_MODULE":
                   "config.test_settings", **env}
    for name in ("REDIS_URL", "ELASTICSEARCH_URL"):
        environment.pop(name, None)  # one process, no broker: the figure is the process's own time
    done = subprocess.run([sys.executable, "-m", "bench.dispatch_warmup", mode], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=900, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{mode} failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _seed() -> dict:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from bench import dispatch_quality
    from tickets.routing import learning

    dispatch_quality._seed()
    history, _ = dispatch_quality.split(dispatch_quality.load_letters())
    dispatch_quality.dispatch_history(history)
    row = learning.retrain()
    return {"model": row.pk if row else None}


def _first() -> dict:
    started = time.perf_counter()
    import config.asgi  # noqa: F401 — as daphne starts: this starts the warm-up when ROUTING_WARMUP says so
    from django.test import Client
    from rest_framework.authtoken.models import Token

    from tickets.models import User
    from tickets.routing import warmup

    figures = {"startup": time.perf_counter() - started}
    client = Client()
    assert client.get("/healthz").status_code == 200
    if warmup._thread is not None:
        waited = time.perf_counter()
        warmup._thread.join()
        figures["warmup_time"] = time.perf_counter() - waited + figures["startup"]
    token, _ = Token.objects.get_or_create(user=User.objects.get(username="dispatcher1"))
    client = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    for name, suffix in (("first", ""), ("next", "，已经反映过")):
        started = time.perf_counter()
        response = client.post("/api/v1/suggestions/", {**LETTER, "content": LETTER["content"] + suffix},
                               content_type="application/json")
        figures[name] = time.perf_counter() - started
        assert response.status_code == 200 and response.json()["departments"], response.content
    return {name: round(value * 1000, 1) for name, value in figures.items()}


def main() -> None:
    with tempfile.TemporaryDirectory() as directory:
        database = Path(directory) / "warmup.sqlite3"
        _child("seed", database)
        cold = _child("first", database, ROUTING_WARMUP="0")
        warmed = _child("first", database, ROUTING_WARMUP="1")
    emit(BENCH, "first_suggest_cold", cold["first"], "ms", next_ms=cold["next"])
    emit(BENCH, "first_suggest_warmed", warmed["first"], "ms", next_ms=warmed["next"],
         ratio=round(cold["first"] / max(warmed["first"], 0.001), 1))
    emit(BENCH, "warmup_time", warmed.get("warmup_time", 0.0), "ms", note="in the background, from process start")
    emit(BENCH, "next_suggest", warmed["next"], "ms")


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "seed":
        print(json.dumps(_seed()))
    else:
        print(json.dumps(_first()))
