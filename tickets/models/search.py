"""The database search index of tickets: one row per ticket, jieba-segmented text in columns.

Databases cannot segment Chinese, so the columns hold words joined by spaces (see
``tickets.search.documents``); the full-text index over them belongs to one database only and is
made by raw SQL in migration 0005: an FTS5 table kept by triggers on SQLite, a generated weighted
tsvector column with a GIN index on PostgreSQL.

Careful with migrations that alter this table: on SQLite Django rebuilds the table, which drops
the FTS5 triggers of migration 0005; such a migration must create them again.
"""

from django.db import models


class TicketSearchEntry(models.Model):
    ticket = models.OneToOneField("tickets.Ticket", primary_key=True, on_delete=models.CASCADE,
                                  related_name="search_entry")
    # Weighted A on PostgreSQL, the first bm25 column on SQLite: a word in the title counts most.
    title_terms = models.TextField(blank=True)
    # Content, supplements, replies, the direct answer and internal notes.
    body_terms = models.TextField(blank=True)
    # Letter-number n-grams ("n" + 6 digits): any 6+ consecutive digits of the number find it.
    number_terms = models.TextField(blank=True)
    # The citizen's name and phone tokens: searched by hotline staff only (a department may not
    # learn who wrote a confidential letter).
    personal_terms = models.TextField(blank=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "工单搜索索引"
        verbose_name_plural = "工单搜索索引"
