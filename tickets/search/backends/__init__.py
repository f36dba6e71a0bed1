"""Ticket search backends. Each takes a Ticket queryset (visibility and filters already applied) and
a parsed query, and returns the queryset narrowed to the matches and annotated with an integer
``search_score`` (higher is better). Callers order by (-search_score, -id) and never know which
backend answered."""

from django.db.models import BigIntegerField, QuerySet, Value


def no_match(queryset: QuerySet) -> QuerySet:
    """An empty result that still orders like a search result."""
    return queryset.annotate(search_score=Value(0, output_field=BigIntegerField())).none()
