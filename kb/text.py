"""Chinese text for knowledge-base search. The segmentation, dictionaries and query parsing are the
core's (``tickets.search.text``), shared with the ticket search; this module keeps kb's names."""

from tickets.search.text import (  # noqa: F401 — kb's public names
    DICTIONARY_DIR, MAX_TERM_LENGTH, PART_WEIGHT, SPLIT_WORDS, SYNONYM_WEIGHT, ParsedQuery, TermGroup, _block_terms,
    highlight, index_terms, normalize, parse_query, phrase_terms, split_phrases, stopwords, synonym_map, tokenizer,
)
