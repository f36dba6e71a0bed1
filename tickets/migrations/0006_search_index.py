"""The ticket search index: the table, and the full-text part only one database has.

SQLite: an FTS5 table over the segmented columns (external content, kept by triggers; unicode61
splits the space-joined jieba words). PostgreSQL: a generated tsvector column — title A, body B,
letter-number n-grams C, personal D — with a GIN index. Existing tickets are indexed by
``manage.py tickets_reindex`` (``make run`` runs it with ``--missing``).
"""

import django.db.models.deletion
from django.db import migrations, models

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE tickets_search_fts USING fts5(
        title_terms, body_terms, number_terms, personal_terms,
        content='tickets_ticketsearchentry', content_rowid='ticket_id', tokenize='unicode61')""",
    """CREATE TRIGGER tickets_search_fts_ai AFTER INSERT ON tickets_ticketsearchentry BEGIN
        INSERT INTO tickets_search_fts(rowid, title_terms, body_terms, number_terms, personal_terms)
        VALUES (new.ticket_id, new.title_terms, new.body_terms, new.number_terms, new.personal_terms);
    END""",
    """CREATE TRIGGER tickets_search_fts_ad AFTER DELETE ON tickets_ticketsearchentry BEGIN
        INSERT INTO tickets_search_fts(tickets_search_fts, rowid, title_terms, body_terms, number_terms,
                                       personal_terms)
        VALUES ('delete', old.ticket_id, old.title_terms, old.body_terms, old.number_terms, old.personal_terms);
    END""",
    """CREATE TRIGGER tickets_search_fts_au AFTER UPDATE ON tickets_ticketsearchentry BEGIN
        INSERT INTO tickets_search_fts(tickets_search_fts, rowid, title_terms, body_terms, number_terms,
                                       personal_terms)
        VALUES ('delete', old.ticket_id, old.title_terms, old.body_terms, old.number_terms, old.personal_terms);
        INSERT INTO tickets_search_fts(rowid, title_terms, body_terms, number_terms, personal_terms)
        VALUES (new.ticket_id, new.title_terms, new.body_terms, new.number_terms, new.personal_terms);
    END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS tickets_search_fts_au",
    "DROP TRIGGER IF EXISTS tickets_search_fts_ad",
    "DROP TRIGGER IF EXISTS tickets_search_fts_ai",
    "DROP TABLE IF EXISTS tickets_search_fts",
]
POSTGRES_FORWARD = [
    """ALTER TABLE tickets_ticketsearchentry ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', coalesce(title_terms, '')), 'A') ||
        setweight(to_tsvector('simple', coalesce(body_terms, '')), 'B') ||
        setweight(to_tsvector('simple', coalesce(number_terms, '')), 'C') ||
        setweight(to_tsvector('simple', coalesce(personal_terms, '')), 'D')) STORED""",
    "CREATE INDEX tickets_search_vector_gin ON tickets_ticketsearchentry USING gin (search_vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS tickets_search_vector_gin",
    "ALTER TABLE tickets_ticketsearchentry DROP COLUMN IF EXISTS search_vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)
    return run


class Migration(migrations.Migration):

    dependencies = [
        ("tickets", "0005_publication_event_kinds"),
    ]

    operations = [
        migrations.CreateModel(
            name="TicketSearchEntry",
            fields=[
                ("ticket", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True,
                                                related_name="search_entry", serialize=False,
                                                to="tickets.ticket")),
                ("title_terms", models.TextField(blank=True)),
                ("body_terms", models.TextField(blank=True)),
                ("number_terms", models.TextField(blank=True)),
                ("personal_terms", models.TextField(blank=True)),
                ("indexed_at", models.DateTimeField(auto_now=True)),
            ],
            options={"verbose_name": "工单搜索索引", "verbose_name_plural": "工单搜索索引"},
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
    ]
