"""Smart dispatch: how often the suggested unit is right, and how fast the suggestion comes.

The labelled set (``bench/data/dispatch_letters.tsv``) holds letters written the way citizens
write — not copied from the catalogue — each with the unit that should lead it (and, after ``|``,
units that would also be right: a 属地 matter may go to the street or the district). They are split
once, deterministically, into a history part and a held-out part.

Figures:
- ``cold_top1`` / ``cold_top3``: only the demo catalogue and knowledge base (no history), all letters;
- ``learned_top1`` / ``learned_top3``: after the history part was dispatched and the model
  retrained, on the held-out letters only;
- ``auto_share_at_95``: the share of held-out letters whose confidence is at or above the lowest
  threshold that still keeps the auto-dispatched ones ≥ 95 % right (``auto_threshold``);
- ``suggest_p50`` / ``suggest_p95``: one suggestion call (catalogue, knowledge, model, duplicates)
  with BENCH_SUGGEST_TICKETS (default 5,000) tickets in the duplicate window;
- ``api_suggest_p95`` / ``api_ticket_suggest_p95``: the same through the whole HTTP stack in-process
  (token authentication, DRF, JSON): ``POST /api/v1/suggestions/`` and
  ``GET /api/v1/tickets/{id}/suggestions/`` — what the agent's form and the dispatch desk wait for.
"""

from __future__ import annotations

import os
import random
import time
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from bench._util import emit, summary_ms

BENCH = "dispatch_quality"
DATA = Path(__file__).resolve().parent / "data" / "dispatch_letters.tsv"
HOLD_OUT = 0.4


def load_letters() -> list[dict]:
    letters = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        units, title, content, address = (line.split("\t") + ["", "", "", ""])[:4]
        letters.append({"units": units.split("|"), "title": title, "content": content, "address": address})
    return letters


def split(letters: list[dict]) -> tuple[list[dict], list[dict]]:
    shuffled = letters[:]
    random.Random(12345).shuffle(shuffled)
    cut = int(len(shuffled) * (1 - HOLD_OUT))
    return shuffled[:cut], shuffled[cut:]


def _seed() -> None:
    from kb.demo import seed_articles
    from tickets.management.commands import seed_demo
    from tickets.routing.spreadsheet import seed_demo_catalogue

    seed_demo.seed_departments()
    seed_demo.seed_categories()
    seed_demo.seed_calendar()
    seed_demo.seed_deadline_rules()
    seed_demo.seed_users()
    seed_articles()
    seed_demo_catalogue()


def evaluate(letters: list[dict]) -> list[tuple[bool, bool, float]]:
    """(top-1 right, top-3 right, confidence of the top suggestion) per letter."""
    from tickets.routing.suggestions import suggest

    outcomes = []
    for letter in letters:
        result = suggest(title=letter["title"], content=letter["content"], address=letter["address"],
                         with_duplicates=False)
        codes = [d.code for d in result.departments]
        right = set(letter["units"])
        outcomes.append((bool(codes[:1]) and codes[0] in right, bool(right & set(codes[:3])),
                         result.departments[0].score if result.departments else 0.0))
    return outcomes


def rates(outcomes) -> tuple[float, float]:
    n = len(outcomes) or 1
    return round(sum(o[0] for o in outcomes) / n, 3), round(sum(o[1] for o in outcomes) / n, 3)


def auto_share(outcomes, precision: float = 0.95) -> tuple[float, float]:
    """The largest share that can be dispatched automatically keeping ≥ ``precision`` right."""
    ranked = sorted(outcomes, key=lambda o: -o[2])
    best_share, best_threshold, right = 0.0, 1.0, 0
    for i, (top1, _, confidence) in enumerate(ranked, start=1):
        right += top1
        if right / i >= precision and (i == len(ranked) or ranked[i][2] < confidence):
            best_share, best_threshold = i / len(ranked), confidence
    return round(best_share, 3), round(best_threshold, 3)


def dispatch_history(letters: list[dict]) -> None:
    """The history part as the city's dispatchers handled it: registered, dispatched, signed."""
    from tickets.models import Department, User
    from tickets.services import transitions
    from tickets.services.intake import register_ticket

    dispatcher = User.objects.get(username="dispatcher1")
    handlers = {}
    for letter in letters:
        code = letter["units"][0]
        if code not in handlers:
            department = Department.objects.get(code=code)
            handlers[code], _ = User.objects.get_or_create(username=f"bench-{code}",
                                                           defaults={"role": "handler", "department": department})
        ticket = register_ticket(channel="phone", type="complaint", title=letter["title"], content=letter["content"],
                                 address=letter["address"], notify_citizen=False, password="bench-pass").ticket
        transitions.dispatch(ticket.pk, by=dispatcher, department=code)
        transitions.accept(ticket.pk, by=handlers[code])


def fill_window(count: int) -> None:
    """Tickets in the duplicate window, spread over the city's streets and categories."""
    from tickets.gazetteer import DISTRICTS
    from tickets.models import Category, Ticket

    categories = list(Category.objects.values_list("id", flat=True))
    places = [(d, s) for d, streets in DISTRICTS.items() for s in streets]
    letters = load_letters()
    rng = random.Random(7)
    now = timezone.now()
    rows = []
    for i in range(count):
        letter = rng.choice(letters)
        district, street = rng.choice(places)
        rows.append(Ticket(letter_number=f"9{i:014d}", password_hash="x", channel="web", type="complaint",
                           title=letter["title"], content=letter["content"] + f"(第{i}件)",
                           citizen_phone=f"139{rng.randrange(10**8):08d}", district=district, street=street,
                           category_id=rng.choice(categories), created_at=now - timedelta(minutes=rng.randrange(43000))))
    Ticket.objects.bulk_create(rows, batch_size=1000)


def latency(letters: list[dict], rounds: int = 3) -> list[float]:
    from tickets.routing.suggestions import suggest

    samples = []
    for r in range(rounds):
        for i, letter in enumerate(letters):
            started = time.perf_counter()
            # A new text each time, as while typing (nothing cached from an identical call).
            suggest(title=letter["title"], content=f"{letter['content']}{r}{i}", address=letter["address"],
                    phone=f"1380000{i:04d}")
            samples.append(time.perf_counter() - started)
    return samples


def api_latency(letters: list[dict], rounds: int = 2) -> tuple[list[float], list[float]]:
    """Both suggestion endpoints as a dispatcher calls them (django.test.Client: no network, no
    server process — the figure is the application's own time)."""
    from django.test import Client
    from rest_framework.authtoken.models import Token

    from tickets.models import Ticket, User

    from django.core.cache import cache

    from hotline.api.views.base import StaffRateThrottle

    dispatcher = User.objects.get(username="dispatcher1")
    # The staff rate limit counts in the shared cache (Redis), which outlives the test database: a
    # previous run's requests by the same user id would throttle this one.
    throttle = StaffRateThrottle()
    cache.delete(throttle.cache_format % {"scope": throttle.scope, "ident": dispatcher.pk})
    token, _ = Token.objects.get_or_create(user=dispatcher)
    client = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    ids = list(Ticket.objects.order_by("-id").values_list("id", flat=True)[:len(letters)])
    posted, read = [], []
    for r in range(rounds):
        for i, letter in enumerate(letters):
            body = {"title": letter["title"], "content": f"{letter['content']}{r}{i}", "address": letter["address"],
                    "phone": f"1380000{i:04d}"}
            started = time.perf_counter()
            response = client.post("/api/v1/suggestions/", body, content_type="application/json")
            posted.append(time.perf_counter() - started)
            assert response.status_code == 200, response.content
            started = time.perf_counter()
            response = client.get(f"/api/v1/tickets/{ids[i % len(ids)]}/suggestions/")
            read.append(time.perf_counter() - started)
            assert response.status_code == 200, response.content
    return posted, read


def main() -> None:
    from tickets.routing import learning

    _seed()
    letters = load_letters()
    history, held_out = split(letters)
    emit(BENCH, "letters", len(letters), "letters", history=len(history), held_out=len(held_out))

    evaluate(letters[:3])  # warm: jieba, the catalogue index
    cold = evaluate(letters)
    top1, top3 = rates(cold)
    emit(BENCH, "cold_top1", top1, "ratio")
    emit(BENCH, "cold_top3", top3, "ratio", goal=0.9)
    cold_held = evaluate(held_out)
    emit(BENCH, "cold_held_out_top3", rates(cold_held)[1], "ratio")

    dispatch_history(history)
    started = time.perf_counter()
    row = learning.retrain()
    emit(BENCH, "train_time", round(time.perf_counter() - started, 2), "s", samples=row.samples if row else 0)
    learning.forget_loaded_model()
    learned = evaluate(held_out)
    top1, top3 = rates(learned)
    emit(BENCH, "learned_top1", top1, "ratio")
    emit(BENCH, "learned_top3", top3, "ratio")
    share, threshold = auto_share(learned)
    emit(BENCH, "auto_share_at_95", share, "ratio", threshold=threshold)
    emit(BENCH, "cold_auto_share_at_95", auto_share(cold)[0], "ratio", threshold=auto_share(cold)[1])

    count = int(os.environ.get("BENCH_SUGGEST_TICKETS", "5000"))
    fill_window(count)
    samples = latency(letters)
    figures = summary_ms(samples)
    emit(BENCH, "suggest_p50", figures["p50"], "ms", tickets=count)
    emit(BENCH, "suggest_p95", figures["p95"], "ms", tickets=count, goal=50)
    posted, read = api_latency(letters)
    for name, samples in (("api_suggest", posted), ("api_ticket_suggest", read)):
        figures = summary_ms(samples)
        emit(BENCH, f"{name}_p50", figures["p50"], "ms", tickets=count)
        emit(BENCH, f"{name}_p95", figures["p95"], "ms", tickets=count, goal=50)
