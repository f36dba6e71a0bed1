"""The full-text parts of the search index that only one database has.

SQLite: an FTS5 table over the segmented columns of kb_searchentry (external content, so the text
is stored once), kept in step by triggers. Python's sqlite3 cannot register a Chinese tokenizer, so
the columns hold jieba-segmented words joined by spaces and FTS5's unicode61 splits on the spaces.

PostgreSQL: a generated tsvector column over the same columns with weights (question A, keywords
B, answer C) and a GIN index on it, plus pg_trgm and a trigram GIN index on the question and
keywords for substring queries. Chinese trigrams need a UTF-8 ctype (C.UTF-8 here).
"""

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE kb_search_fts USING fts5(
        question_terms, keywords_terms, answer_terms,
        content='kb_searchentry', content_rowid='article_id', tokenize='unicode61')""",
    """CREATE TRIGGER kb_search_fts_ai AFTER INSERT ON kb_searchentry BEGIN
        INSERT INTO kb_search_fts(rowid, question_terms, keywords_terms, answer_terms)
        VALUES (new.article_id, new.question_terms, new.keywords_terms, new.answer_terms);
    END""",
    """CREATE TRIGGER kb_search_fts_ad AFTER DELETE ON kb_searchentry BEGIN
        INSERT INTO kb_search_fts(kb_search_fts, rowid, question_terms, keywords_terms, answer_terms)
        VALUES ('delete', old.article_id, old.question_terms, old.keywords_terms, old.answer_terms);
    END""",
    """CREATE TRIGGER kb_search_fts_au AFTER UPDATE ON kb_searchentry BEGIN
        INSERT INTO kb_search_fts(kb_search_fts, rowid, question_terms, keywords_terms, answer_terms)
        VALUES ('delete', old.article_id, old.question_terms, old.keywords_terms, old.answer_terms);
        INSERT INTO kb_search_fts(rowid, question_terms, keywords_terms, answer_terms)
        VALUES (new.article_id, new.question_terms, new.keywords_terms, new.answer_terms);
    END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS kb_search_fts_au",
    "DROP TRIGGER IF EXISTS kb_search_fts_ad",
    "DROP TRIGGER IF EXISTS kb_search_fts_ai",
    "DROP TABLE IF EXISTS kb_search_fts",
]

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """ALTER TABLE kb_searchentry ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', coalesce(question_terms, '')), 'A') ||
        setweight(to_tsvector('simple', coalesce(keywords_terms, '')), 'B') ||
        setweight(to_tsvector('simple', coalesce(answer_terms, '')), 'C')) STORED""",
    "CREATE INDEX kb_searchentry_vector_gin ON kb_searchentry USING gin (search_vector)",
    "CREATE INDEX kb_searchentry_title_trgm ON kb_searchentry USING gin (title_plain gin_trgm_ops)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS kb_searchentry_title_trgm",
    "DROP INDEX IF EXISTS kb_searchentry_vector_gin",
    "ALTER TABLE kb_searchentry DROP COLUMN IF EXISTS search_vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)
    return run


class Migration(migrations.Migration):

    dependencies = [
        ("kb", "0003_workflow_history_index"),
    ]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
    ]
