"""Smart dispatch: the dispatch catalogue (派单目录), suggestions of unit and category, the model
learned from dispatch history, duplicate and repeat detection, and optional auto-dispatch.

Reads (suggestions, duplicates) live in ``selectors``-style modules; writes (catalogue import,
training, linking a repeat, auto-dispatch) in ``services``. Doors call these; nothing here imports
a door or the knowledge base's models — the knowledge base registers itself through ``hooks``.
"""
