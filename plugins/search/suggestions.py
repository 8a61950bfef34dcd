"""What the search page offers before anything is typed: the newest posts and the most used tags."""

from __future__ import annotations

import re
from datetime import datetime

from pelican.utils import strftime


def recent_posts(articles, count: int) -> list:
    """The newest ``count`` published articles, newest first."""
    return sorted(articles, key=lambda a: (a.date, a.slug), reverse=True)[: max(0, count)]


def top_tags(tags, count: int) -> list[tuple]:
    """[(tag, number of posts)] of the ``count`` most used tags, most used first, then by name.

    ``tags`` is Pelican's context value: (Tag, [articles]) pairs.
    """
    ranked = sorted(((tag, len(articles)) for tag, articles in tags), key=lambda pair: (-pair[1], str(pair[0]).lower()))
    return ranked[: max(0, count)]


def _js_escape(char: str) -> str:
    """A literal character in a JavaScript regex with the u flag (which refuses escapes like \\-)."""
    return "\\" + char if char in "^$\\.*+?()[]{}|/" else char


def date_word_patterns(date_format: str) -> list[str]:
    """One JavaScript regex per word of a comment's date in COMMENTS_DATE_FORMAT (search.js finds where a
    comment's byline ends with them): digits as \\d+, letters as \\p{L}+, the rest as it is."""
    sample = strftime(datetime(2020, 12, 24, 18, 30), date_format)
    patterns = []
    for word in sample.split():
        parts = re.findall(r"\d+|[^\W\d_]+|.", word)
        patterns.append("^" + "".join("\\d+" if p.isdigit() else "\\p{L}+" if p.isalpha() else _js_escape(p)
                                      for p in parts) + "$")
    return patterns
