"""python manage.py kb_reindex — rebuild the knowledge-base search index from the entries.

By default the database index (SQLite FTS5 or PostgreSQL full text, whichever DATABASE_URL
selects). --elasticsearch rebuilds the Elasticsearch index as well (ELASTICSEARCH_URL must be
set). --check only reports how far the database index is from the entries.
"""

import os
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kb import indexing


class Command(BaseCommand):
    help = "Rebuild the knowledge-base search index (database, and Elasticsearch with --elasticsearch)."

    def add_arguments(self, parser):
        parser.add_argument("--elasticsearch", action="store_true", help="also rebuild the Elasticsearch index")
        parser.add_argument("--workers", type=int, default=min(os.cpu_count() or 1, 4),
                            help="processes that segment the text (default: CPU count, at most 4)")
        parser.add_argument("--check", action="store_true", help="report index drift and change nothing")

    def handle(self, *args, elasticsearch=False, workers=1, check=False, **options):
        if check:
            drift = indexing.index_drift()
            self.stdout.write(f"stale index rows: {drift['stale']}, published entries missing: {drift['missing']}")
            return
        if elasticsearch and not settings.ELASTICSEARCH_URL:
            raise CommandError("ELASTICSEARCH_URL is not set.")
        started = time.perf_counter()
        count = indexing.rebuild(workers=max(1, workers))
        self.stdout.write(self.style.SUCCESS(
            f"database index: {count} entries in {time.perf_counter() - started:.1f} s"))
        if elasticsearch:
            from elasticsearch import ApiError, TransportError

            from kb.backends.elastic import rebuild

            started = time.perf_counter()
            try:
                indexed = rebuild()
            except (TransportError, ApiError) as exc:
                raise CommandError(f"Elasticsearch is not reachable: {exc}") from exc
            self.stdout.write(self.style.SUCCESS(
                f"elasticsearch index: {indexed} entries in {time.perf_counter() - started:.1f} s"))
