"""Citizen letters through the REST API with Django's in-process test client: letters submitted per
second (POST /api/v1/letters/) and lookup latency (POST /api/v1/letters/lookup/), p50/p95, for a
right password and for an unknown number (which must cost the same). Also the query-password hash
cost chosen in tickets/passwords.py, which dominates both. BENCH_API_LETTERS sets the count
(default 300). The abuse limits are lifted for the run: they would otherwise stop it by design."""

import json
import logging
import os
import random
import time

from django.core.cache import cache
from django.test import Client, override_settings

from bench._util import emit, summary_ms

BENCH = "api_letters"
NO_LIMITS = {name: (10**9, 3600) for name in (
    "lookup_failures_per_letter", "lookup_failures_per_address", "letters_per_address", "letters_per_phone",
    "login_failures_per_user", "login_failures_per_address")}


def _reference_data():
    from tickets.management.commands import seed_demo

    seed_demo.seed_departments()
    seed_demo.seed_categories()
    seed_demo.seed_calendar()
    seed_demo.seed_deadline_rules()


def bench_hash_cost(samples: int = 50) -> None:
    from tickets import passwords

    started = time.perf_counter()
    for index in range(samples):
        passwords.hash_password(f"pw-{index:06d}")
    per_hash = (time.perf_counter() - started) / samples
    emit(BENCH, "letter_password_hash_ms", round(per_hash * 1000, 2), "ms",
         hasher=f"PBKDF2-SHA256, {passwords.LetterPasswordHasher.iterations} iterations",
         note="one hash per submission, one verification per lookup (tickets/passwords.py)")


def bench_submission(client: Client, count: int) -> list[dict]:
    letters = []
    started = time.perf_counter()
    for index in range(count):
        body = {"type": "consultation", "title": f"咨询公积金提取 {index}",
                "content": "想了解租房提取住房公积金需要哪些材料,在哪里办理。", "phone": f"139{index:08d}",
                "name": "市民", "category": "200400"}
        response = client.post("/api/v1/letters/", json.dumps(body), content_type="application/json")
        assert response.status_code == 201, response.content
        letters.append(response.json())
    elapsed = time.perf_counter() - started
    emit(BENCH, "letters_submitted_per_second", round(count / elapsed, 1), "letters/s", count=count,
         note="in-process client, one process; includes validation, letter number, password hash, event, SMS row")
    return letters


def bench_lookup(client: Client, letters: list[dict], count: int) -> None:
    rng = random.Random(12345)
    found, missing = [], []
    for index in range(count):
        letter = rng.choice(letters)
        started = time.perf_counter()
        response = client.post("/api/v1/letters/lookup/", json.dumps(
            {"letter_number": letter["letter_number"], "password": letter["password"]}), content_type="application/json")
        found.append(time.perf_counter() - started)
        assert response.status_code == 200, response.content
        started = time.perf_counter()
        response = client.post("/api/v1/letters/lookup/", json.dumps(
            {"letter_number": f"20990101{index:07d}", "password": "wrong-pass"}), content_type="application/json")
        missing.append(time.perf_counter() - started)
        assert response.status_code == 404, response.content
    hit, miss = summary_ms(found), summary_ms(missing)
    emit(BENCH, "lookup_p50_ms", hit["p50"], "ms", count=count)
    emit(BENCH, "lookup_p95_ms", hit["p95"], "ms", count=count)
    emit(BENCH, "lookup_unknown_number_p50_ms", miss["p50"], "ms", count=count,
         note="an unknown number is verified against a dummy hash, so it costs what a wrong password costs")


def main() -> None:
    count = int(os.environ.get("BENCH_API_LETTERS", "300"))
    _reference_data()
    cache.clear()
    logging.getLogger("django.request").setLevel(logging.ERROR)  # 300 expected 404s are not news
    with override_settings(HOTLINE_THROTTLES=NO_LIMITS):
        client = Client()
        bench_hash_cost()
        letters = bench_submission(client, count)
        bench_lookup(client, letters, count)
    cache.clear()
