"""HTTP load through the production topology: letters/s and lookups/s at concurrency 32.

Run against a running `make prod` (nginx on HTTP_LOAD_URL, PostgreSQL + Redis), from the same
environment (DATABASE_URL) so the bench can check that nothing acknowledged was lost:

    HTTP_LOAD_URL=http://127.0.0.1:8000 python bench/http_load.py

The server must run with per-address letter limits raised (every request comes from 127.0.0.1):
HOTLINE_LETTERS_PER_ADDRESS_HOUR=1000000. Figures (JSON lines): letters_per_s, letters_p99 (ms),
letters_errors, letters_lost (a 201 without its ticket or its SMS row), lookups_per_s,
lookups_p99, lookups_errors. Bounded: HTTP_LOAD_SECONDS per phase (default 20).
Under `python -m bench` without HTTP_LOAD_URL it reports itself skipped.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._util import emit, percentile  # noqa: E402

BENCH = "http_load"
CONCURRENCY = int(os.environ.get("HTTP_LOAD_CONCURRENCY", "32"))
SECONDS = float(os.environ.get("HTTP_LOAD_SECONDS", "20"))


async def _phase(session, make_request, seconds: float):
    latencies, errors, results = [], [], []
    deadline = time.monotonic() + seconds
    counter = itertools.count()

    async def client():
        while time.monotonic() < deadline:
            index = next(counter)
            method, url, body = make_request(index)
            started = time.monotonic()
            try:
                async with session.request(method, url, json=body) as response:
                    payload = await response.json(content_type=None)
                    status = response.status
            except Exception as exc:  # noqa: BLE001 — a failed request is a figure, not a crash
                errors.append(type(exc).__name__)
                continue
            latencies.append(time.monotonic() - started)
            if status >= 400:
                errors.append(status)
            else:
                results.append(payload)

    started = time.monotonic()
    await asyncio.gather(*(client() for _ in range(CONCURRENCY)))
    return results, latencies, errors, time.monotonic() - started


def _letter(index: int):
    return ("POST", "/api/v1/letters/", {
        "type": "complaint", "title": f"压测诉求{index}", "content": "裕华路12号小区门口路灯坏了一周,晚上很黑。",
        "phone": f"139{random.randrange(10**8):08d}", "name": "压测", "address": "裕华路12号"})


def _lost(letters) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from tickets.models import OutboundMessage, Ticket

    numbers = [letter["letter_number"] for letter in letters]
    stored = set()
    with_sms = set()
    for chunk in range(0, len(numbers), 1000):
        part = numbers[chunk:chunk + 1000]
        stored |= set(Ticket.objects.filter(letter_number__in=part).values_list("letter_number", flat=True))
        with_sms |= set(OutboundMessage.objects.filter(ticket__letter_number__in=part, template="letter_received")
                        .values_list("ticket__letter_number", flat=True))
    return sum(1 for number in numbers if number not in stored or number not in with_sms)


async def run(base_url: str) -> None:
    import aiohttp

    connector = aiohttp.TCPConnector(limit=CONCURRENCY * 2)
    async with aiohttp.ClientSession(base_url, connector=connector, timeout=aiohttp.ClientTimeout(total=30)) as session:
        letters, latencies, errors, elapsed = await _phase(session, _letter, SECONDS)
        emit(BENCH, "letters_per_s", round(len(letters) / elapsed, 1), "letters/s", concurrency=CONCURRENCY,
             seconds=round(elapsed, 1))
        emit(BENCH, "letters_p99", round(percentile(latencies, 0.99) * 1000, 1), "ms",
             p50=round(percentile(latencies, 0.5) * 1000, 1))
        emit(BENCH, "letters_errors", len(errors), "requests", kinds=sorted({str(e) for e in errors})[:5])
        emit(BENCH, "letters_lost", await asyncio.to_thread(_lost, letters), "letters", acknowledged=len(letters))
        if not letters:
            return
        pick = [(letter["letter_number"], letter["password"]) for letter in letters]

        def lookup(index: int):
            number, password = pick[index % len(pick)]
            return "POST", "/api/v1/letters/lookup/", {"letter_number": number, "password": password}

        found, latencies, errors, elapsed = await _phase(session, lookup, SECONDS)
        emit(BENCH, "lookups_per_s", round(len(found) / elapsed, 1), "lookups/s", concurrency=CONCURRENCY)
        emit(BENCH, "lookups_p99", round(percentile(latencies, 0.99) * 1000, 1), "ms",
             p50=round(percentile(latencies, 0.5) * 1000, 1))
        emit(BENCH, "lookups_errors", len(errors), "requests", kinds=sorted({str(e) for e in errors})[:5])


def main() -> None:
    url = os.environ.get("HTTP_LOAD_URL", "")
    if not url:
        emit(BENCH, "skipped", 0, "", reason="set HTTP_LOAD_URL to a running `make prod`")
        return
    asyncio.run(run(url.rstrip("/")))


if __name__ == "__main__":
    main()
