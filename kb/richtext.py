"""Answers are rich text: a small, safe subset of HTML. Editors may also type plain text, where a
blank line starts a new paragraph. Everything is sanitised with nh3 (the Ammonia sanitiser) before
it is stored, so templates can show a stored answer as it is."""

import html
import re

import nh3
from django.utils.html import linebreaks, strip_tags

ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "strong", "b", "em", "i", "u", "a", "h3", "h4", "table", "thead",
                "tbody", "tr", "th", "td", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}
ALLOWED_SCHEMES = {"http", "https", "mailto", "tel"}
_BLOCK_SPACE = re.compile(r"\s*(</?(?:p|li|ol|ul|h3|h4|tr|td|th|thead|tbody|table|blockquote|br)\b[^>]*>)\s*")


def clean_answer(raw: str) -> str:
    """The stored form of an answer: sanitised HTML. Plain text becomes paragraphs."""
    raw = (raw or "").strip()
    if not nh3.is_html(raw):
        raw = linebreaks(raw, autoescape=True)
    cleaned = nh3.clean(raw, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=ALLOWED_SCHEMES)
    # Line breaks around blocks are layout in the edit box, not content: an answer saved back
    # unchanged must compare equal to the stored one.
    return _BLOCK_SPACE.sub(r"\1", cleaned).strip()


def answer_text(stored_html: str) -> str:
    """The answer as plain text, for indexing, snippets and the JSON API."""
    text = stored_html or ""
    for tag in ("</p>", "<br>", "</li>", "</tr>", "</h3>", "</h4>"):
        text = text.replace(tag, tag + "\n")
    lines = (line.strip() for line in html.unescape(strip_tags(text)).splitlines())
    return "\n".join(line for line in lines if line)


_BLOCK_END = re.compile(r"(</(?:p|li|ol|ul|h3|h4|tr|thead|tbody|table|blockquote)>|<(?:ol|ul|table|thead|tbody)>)")


def readable_html(stored_html: str) -> str:
    """The stored answer with a line break after each block, for editing in a text box."""
    return _BLOCK_END.sub(r"\1\n", stored_html or "").strip()
