"""Plain text from HTML: word counts, reading time, excerpts."""

from __future__ import annotations

import math
import re

from bs4 import BeautifulSoup

_WORD_RE = re.compile(r"\w+(?:[-'’]\w+)*")
_SKIP = ("script", "style", "pre", "figure")


def plain_text(html: str | None) -> str:
    """The text a reader reads in an HTML fragment, whitespace collapsed."""
    if not html:
        return ""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(("script", "style")):
        tag.decompose()
    return " ".join(soup.get_text(" ").split())


def word_count(html: str | None) -> int:
    """Words of prose in an article body (code blocks and video figures not counted)."""
    if not html:
        return 0
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(_SKIP):
        tag.decompose()
    return len(_WORD_RE.findall(soup.get_text(" ")))


def reading_minutes(words: int, wpm: int = 220) -> int:
    """Whole minutes, at least 1."""
    return max(1, math.ceil(words / max(1, int(wpm))))


def excerpt(html: str | None, words: int = 30) -> str:
    """The first ``words`` words of an HTML fragment as text, "…" when cut."""
    parts = plain_text(html).split(" ")
    if len(parts) <= words:
        return " ".join(parts)
    return " ".join(parts[:words]).rstrip(",;:.") + "…"
