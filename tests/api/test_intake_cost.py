"""What one letter costs the database and Redis: intake is the hot path at a city's peak (issue #12),
so the number of statements and of Redis round trips per letter is held to a bound."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

URL = "/api/v1/letters/"
LETTER = {"type": "complaint", "title": "小区门口路灯不亮", "content": "裕华路12号小区门口路灯坏了一周。",
          "name": "李四", "phone": "13912345678", "address": "裕华路12号"}

# The letter's transaction on PostgreSQL: its start, the letter number (nextval), the ticket, one upsert
# per roll-up table (3), the created event, the SMS outbox row in its savepoint (3), its end. SQLite
# numbers letters from a counter row instead, in a savepoint (five statements instead of one).
STATEMENTS_PER_LETTER = 11 if connection.vendor == "postgresql" else 15


def test_a_letter_is_registered_in_a_bounded_number_of_statements(api, reference_data):
    assert api.post(URL, LETTER, format="json").status_code == 201  # the day's first creates its sequence
    with CaptureQueriesContext(connection) as queries:
        response = api.post(URL, {**LETTER, "phone": "13912345679"}, format="json")
    assert response.status_code == 201
    statements = [query["sql"][:100] for query in queries.captured_queries]
    assert len(statements) <= STATEMENTS_PER_LETTER, "\n".join(statements)


def test_a_registration_is_indexed_for_search_in_one_statement(reference_data):
    from tickets.models import EventKind, TicketSearchEntry
    from tickets.search.indexing import on_event_committed
    from tickets.services.intake import submit_letter

    ticket = submit_letter(channel="web", **{key: LETTER[key] for key in ("type", "title", "content", "phone")}).ticket
    event = ticket.events.get(kind=EventKind.CREATED)
    event.ticket = ticket  # as record_event hands it over after commit
    with CaptureQueriesContext(connection) as queries:
        on_event_committed(sender=None, event=event)
    assert len(queries.captured_queries) == 1
    entry = TicketSearchEntry.objects.get(ticket=ticket)
    assert "路灯" in entry.title_terms.split() and "裕华" in entry.body_terms.split()


@pytest.mark.redis
@pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL (the throttles' shared counters)")
def test_a_letters_throttles_cost_one_redis_round_trip(api, reference_data, monkeypatch):
    import redis.client

    commands = []
    execute = redis.client.Redis.execute_command

    def counted(self, *args, **options):
        commands.append(str(args[0]))
        return execute(self, *args, **options)

    assert api.post(URL, LETTER, format="json").status_code == 201  # loads the script into Redis
    monkeypatch.setattr(redis.client.Redis, "execute_command", counted)
    # Outside a transactional test nothing runs on commit, so only the request's own commands count
    # (the Celery and channel-layer publishes after commit use their own clients).
    assert api.post(URL, {**LETTER, "phone": "13912345679"}, format="json").status_code == 201
    assert commands == ["EVALSHA"]
