"""Reading time, word count and the previous / next post of each article.

Kept by hand rather than pelican-readtime and pelican-neighbors (README: what
each counts or orders differently).
"""

from __future__ import annotations

import math

from siteconf.text import word_count

from .settings import ReadingSettings


def reading_minutes(words: int, wpm: int = 220) -> int:
    """Whole minutes, at least 1."""
    return max(1, math.ceil(words / max(1, int(wpm))))


def add_reading_time(content, wpm: int) -> None:
    words = word_count(getattr(content, "_content", ""))
    content.word_count = words
    content.reading_time = reading_minutes(words, wpm)


def link_neighbours(articles: list) -> None:
    """``older_article`` / ``newer_article`` on each article, by date then slug (None at the ends)."""
    ordered = sorted(articles, key=lambda a: (a.date, a.slug))
    for index, article in enumerate(ordered):
        article.older_article = ordered[index - 1] if index > 0 else None
        article.newer_article = ordered[index + 1] if index + 1 < len(ordered) else None


def initialize(pelican) -> None:
    ReadingSettings.apply_defaults(pelican.settings)


def articles_finalized(generator) -> None:
    wpm = ReadingSettings.from_settings(generator.settings).reading_time_wpm
    for article in list(generator.articles) + list(generator.translations) + list(generator.drafts) + list(
        getattr(generator, "hidden_articles", [])
    ):
        add_reading_time(article, wpm)
        article.older_article = article.newer_article = None
    link_neighbours(generator.articles)


def pages_finalized(generator) -> None:
    wpm = ReadingSettings.from_settings(generator.settings).reading_time_wpm
    for page in list(generator.pages) + list(getattr(generator, "hidden_pages", [])):
        add_reading_time(page, wpm)
