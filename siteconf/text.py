"""Plain text from HTML: word counts, excerpts (reading time, feeds, JSON-LD and the recent comments read it)."""

from __future__ import annotations

import re

from html import unescape

_WORD_RE = re.compile(r"\w+(?:[-'’]\w+)*")
_SKIP = ("script", "style", "pre", "figure")
# The fragments here are Markdown output or comment bodies already sanitized by
# nh3: regular markup a regex reads reliably, and thousands of times faster
# than a tree per fragment (a blog has tens of thousands of comments).
_INVISIBLE_RE = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_NOT_PROSE_RE = re.compile(r"<(script|style|pre|figure)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG_RE = re.compile(r"<!--.*?-->|<[^>]*>", re.DOTALL)


def _text(html: str, drop: re.Pattern) -> str:
    return unescape(_TAG_RE.sub(" ", drop.sub(" ", html)))


def plain_text(html: str | None) -> str:
    """The text a reader reads in an HTML fragment, whitespace collapsed."""
    if not html:
        return ""
    return " ".join(_text(str(html), _INVISIBLE_RE).split())


def word_count(html: str | None) -> int:
    """Words of prose in an article body (code blocks and video figures not counted)."""
    if not html:
        return 0
    return len(_WORD_RE.findall(_text(str(html), _NOT_PROSE_RE)))


def excerpt(html: str | None, words: int = 30) -> str:
    """The first ``words`` words of an HTML fragment as text, "…" when cut."""
    parts = plain_text(html).split(" ")
    if len(parts) <= words:
        return " ".join(parts)
    return " ".join(parts[:words]).rstrip(",;:.") + "…"
