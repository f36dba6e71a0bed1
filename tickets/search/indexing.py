"""Keeping the ticket search index current.

Every write to a ticket records a ``TicketEvent`` (registration, transitions with their reply text,
notes, supplements, merges). When that event's transaction has committed, ``ticket_event_committed``
reaches ``on_event_committed`` here, which rewrites the ticket's index row from the committed rows
and, with ``ELASTICSEARCH_URL`` set, schedules the Elasticsearch document through Celery. A failure
to index is logged and never undoes or hides the committed change; ``manage.py tickets_reindex``
repairs any gap (``--missing`` fills only tickets without a row).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from tickets.models import EventKind, Ticket, TicketEvent, TicketSearchEntry
from tickets.search import documents

log = logging.getLogger(__name__)

# Events after which a ticket's searchable text may have changed. Urges, deadline points and the
# like change nothing that is searched.
TEXT_EVENTS = {EventKind.CREATED, EventKind.TRANSITION, EventKind.NOTE, EventKind.UPDATED, EventKind.MERGED_IN,
               EventKind.CALLBACK}


def sync_ticket(ticket_id: int) -> bool:
    """Write (or rewrite) the index row of one ticket. False if the ticket no longer exists.

    Runs after every text event's commit, i.e. on every intake: it reads only the indexed fields (a
    full ticket would also snapshot its roll-up facts) and writes with one INSERT … ON CONFLICT DO
    UPDATE, which needs no transaction of its own and cannot race another writer of the same row
    (UPDATE-then-INSERT in a transaction took four statements and could collide on the primary key)."""
    ticket = Ticket.objects.only(*FIELDS).filter(pk=ticket_id).first()
    if ticket is None:
        TicketSearchEntry.objects.filter(pk=ticket_id).delete()
        return False
    _upsert_entry(ticket_id, {**documents.segment_ticket(ticket), "indexed_at": timezone.now()})
    return True


def _upsert_entry(ticket_id: int, fields: dict) -> None:
    # Raw SQL because bulk_create(update_conflicts=True) wraps its one statement in a transaction
    # of its own: BEGIN and COMMIT would be two more round trips per intake. The syntax is the same
    # on PostgreSQL and SQLite, and SQLite's UPDATE trigger keeps the FTS table in step.
    quote = connection.ops.quote_name
    table = quote(TicketSearchEntry._meta.db_table)
    names = list(fields)
    values = [TicketSearchEntry._meta.get_field(name).get_db_prep_save(fields[name], connection) for name in names]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({quote('ticket_id')}, {', '.join(quote(n) for n in names)}) "
            f"VALUES (%s, {', '.join(['%s'] * len(names))}) ON CONFLICT ({quote('ticket_id')}) DO UPDATE SET "
            + ", ".join(f"{quote(n)} = excluded.{quote(n)}" for n in names),
            [ticket_id, *values])


def _sync_elasticsearch(ticket_id: int) -> None:
    if settings.ELASTICSEARCH_URL:
        from tickets.tasks import sync_ticket_to_elasticsearch

        sync_ticket_to_elasticsearch.delay(ticket_id)


def _index_registration(ticket: Ticket) -> None:
    """The index row of a ticket as registered, from the instance the registration saved: a ticket
    just born has no replies and no text events yet, so reading it back (three queries on every
    intake) would find nothing more. Anything else written in the registration's transaction
    records its own text event, whose sync runs after this one and reads the rows."""
    _upsert_entry(ticket.pk, {**documents.segment(
        title=ticket.title, body_texts=[ticket.content, ticket.direct_answer], letter_number=ticket.letter_number,
        name=ticket.citizen_name, phone=ticket.citizen_phone), "indexed_at": timezone.now()})


def on_event_committed(sender, event: TicketEvent, **kwargs) -> None:
    if event.kind not in TEXT_EVENTS:
        return
    try:
        if event.kind == EventKind.CREATED and TicketEvent.ticket.is_cached(event):
            _index_registration(event.ticket)
        else:
            sync_ticket(event.ticket_id)
    except Exception:  # the change is committed; the reindex command repairs a missed row
        log.exception("indexing ticket %s for search failed", event.ticket_id)
    _sync_elasticsearch(event.ticket_id)


def _rows(tickets: list[Ticket]) -> list[TicketSearchEntry]:
    """Index rows for a chunk of tickets, with their replies and text events in two queries."""
    from collections import defaultdict

    from tickets.models import Reply

    ids = [ticket.pk for ticket in tickets]
    extra: dict[int, list[str]] = defaultdict(list)
    for ticket_id, text in Reply.objects.filter(ticket_id__in=ids).order_by("id").values_list("ticket_id", "text"):
        extra[ticket_id].append(text)
    for ticket_id, text in (TicketEvent.objects.filter(ticket_id__in=ids, kind__in=documents.TEXT_EVENT_KINDS)
                            .order_by("id").values_list("ticket_id", "text")):
        extra[ticket_id].append(text)
    return [
        TicketSearchEntry(ticket_id=ticket.pk, **documents.segment(
            title=ticket.title, body_texts=[ticket.content, ticket.direct_answer, *extra[ticket.pk]],
            letter_number=ticket.letter_number, name=ticket.citizen_name, phone=ticket.citizen_phone))
        for ticket in tickets
    ]


# What indexing reads of a ticket. `status` is not indexed, but the FSM mixin reads it as each ticket
# loads: deferred, it would cost one more query per ticket.
FIELDS = ("id", "status", "title", "content", "direct_answer", "letter_number", "citizen_name", "citizen_phone")


def rebuild(*, chunk_size: int = 2000, missing_only: bool = False, progress=None) -> int:
    """Rebuild the database index in chunks of tickets by id (memory stays flat for millions of
    rows; each chunk commits on its own, so searches keep working while it runs)."""
    if not missing_only:
        TicketSearchEntry.objects.all().delete()
    base = Ticket.objects.only(*FIELDS).order_by("id")
    if missing_only:
        base = base.filter(search_entry__isnull=True)
    total, last_id = 0, 0
    while True:
        chunk = list(base.filter(id__gt=last_id)[:chunk_size])
        if not chunk:
            break
        with transaction.atomic():
            TicketSearchEntry.objects.filter(pk__in=[ticket.pk for ticket in chunk]).delete()
            TicketSearchEntry.objects.bulk_create(_rows(chunk), batch_size=1000)
        total += len(chunk)
        last_id = chunk[-1].pk
        if progress:
            progress(total)
    return total


def index_drift() -> dict[str, int]:
    return {"missing": Ticket.objects.filter(search_entry__isnull=True).count()}
