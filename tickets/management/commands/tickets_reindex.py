"""python manage.py tickets_reindex — rebuild the ticket search index from the tickets.

The database index by default (SQLite FTS5 or PostgreSQL full text), in chunks of tickets by id so
memory stays flat at millions of rows. --missing indexes only tickets without an index row (cheap
when nothing is missing: ``make run`` uses it). --elasticsearch rebuilds the Elasticsearch index too
(ELASTICSEARCH_URL must be set). --check only reports how many tickets have no index row.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tickets.search import indexing


class Command(BaseCommand):
    help = "Rebuild the ticket search index (database, and Elasticsearch with --elasticsearch)."

    def add_arguments(self, parser):
        parser.add_argument("--chunk-size", type=int, default=2000, help="tickets per chunk (default 2000)")
        parser.add_argument("--missing", action="store_true", help="index only tickets that have no index row")
        parser.add_argument("--elasticsearch", action="store_true", help="also rebuild the Elasticsearch index")
        parser.add_argument("--check", action="store_true", help="report tickets missing from the index, change nothing")

    def handle(self, *args, chunk_size=2000, missing=False, elasticsearch=False, check=False, **options):
        if check:
            self.stdout.write(f"tickets missing from the search index: {indexing.index_drift()['missing']}")
            return
        if chunk_size < 1:
            raise CommandError("--chunk-size must be at least 1.")
        if elasticsearch and not settings.ELASTICSEARCH_URL:
            raise CommandError("ELASTICSEARCH_URL is not set.")
        started = time.perf_counter()
        verbose = options.get("verbosity", 1) > 1

        def progress(done):
            if verbose:
                self.stdout.write(f"  {done} tickets")

        count = indexing.rebuild(chunk_size=chunk_size, missing_only=missing, progress=progress)
        self.stdout.write(self.style.SUCCESS(
            f"ticket search index: {count} tickets in {time.perf_counter() - started:.1f} s"))
        if elasticsearch:
            from elasticsearch import ApiError, TransportError

            from tickets.search.backends.elastic import rebuild

            started = time.perf_counter()
            try:
                indexed = rebuild(chunk_size=min(chunk_size, 1000))
            except (TransportError, ApiError) as exc:
                raise CommandError(f"Elasticsearch is not reachable: {exc}") from exc
            self.stdout.write(self.style.SUCCESS(
                f"elasticsearch ticket index: {indexed} tickets in {time.perf_counter() - started:.1f} s"))
