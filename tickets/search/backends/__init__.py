"""Ticket search backends. Each takes a Ticket queryset (visibility and filters already applied) and
a parsed query, and returns the queryset narrowed to the matches and annotated with an integer
``search_score`` (higher is better). Callers order by (-search_score, -id) and never know which
backend answered."""
