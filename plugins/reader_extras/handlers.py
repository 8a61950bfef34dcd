"""Signal handlers: thin glue between Pelican and the plain functions of this plugin."""

from __future__ import annotations

import re

from . import assets, csp
from . import settings as extras_settings
from .drafts import mark_drafts
from .images import responsive_images
from .minify import minify_theme_css
from .search import base_url, index_site
from .structured import make_json_ld_filter
from .text import reading_minutes, word_count
from .urls import make_site_url_filter

_IMG_RE = re.compile(r"<img\b(?![^>]*\bloading=)", re.IGNORECASE)


def initialize(pelican) -> None:
    """Defaults for our settings, and the Jinja filters the theme uses."""
    settings = pelican.settings
    extras_settings.apply_defaults(settings)
    csp.apply(settings)
    settings.setdefault("SEARCH_BASE_URL", base_url(settings.get("SITEURL")))
    filters = dict(settings.get("JINJA_FILTERS") or {})
    filters.setdefault("site_url", make_site_url_filter(settings.get("SITEURL")))
    filters.setdefault("json_ld", make_json_ld_filter(settings.get("SITEURL")))
    filters["asset_url"] = assets.AssetUrl(settings)  # per build: it remembers what the pages linked
    settings["JINJA_FILTERS"] = filters
    settings["ASSETS_ID"] = assets.assets_id(settings)


def lazy_images(content) -> None:
    """Images in an article body load when scrolled to (the cover, in the template, loads at once)."""
    raw = getattr(content, "_content", None)
    if raw and "<img" in raw:
        content._content = _IMG_RE.sub('<img loading="lazy" decoding="async"', raw)


def _add_reading_time(content, wpm: int) -> None:
    words = word_count(getattr(content, "_content", ""))
    content.word_count = words
    content.reading_time = reading_minutes(words, wpm)


def link_neighbours(articles: list) -> None:
    """``older_article`` / ``newer_article`` on each article, by date (None at the ends)."""
    ordered = sorted(articles, key=lambda a: (a.date, a.slug))
    for index, article in enumerate(ordered):
        article.older_article = ordered[index - 1] if index > 0 else None
        article.newer_article = ordered[index + 1] if index + 1 < len(ordered) else None


def articles_finalized(generator) -> None:
    wpm = extras_settings.get(generator.settings, "READING_TIME_WPM")
    for article in list(generator.articles) + list(generator.translations) + list(generator.drafts) + list(
        getattr(generator, "hidden_articles", [])
    ):
        _add_reading_time(article, wpm)
        article.older_article = article.newer_article = None
    link_neighbours(generator.articles)
    mark_drafts(list(generator.drafts) + list(getattr(generator, "drafts_translations", [])))


def pages_finalized(generator) -> None:
    wpm = extras_settings.get(generator.settings, "READING_TIME_WPM")
    for page in list(generator.pages) + list(getattr(generator, "hidden_pages", [])):
        _add_reading_time(page, wpm)
    mark_drafts(list(getattr(generator, "draft_pages", [])) + list(getattr(generator, "draft_translations", [])))


def minify_stylesheets(pelican) -> None:
    """finalized: the theme's CSS in the output loses comments and layout whitespace."""
    if extras_settings.get(pelican.settings, "THEME_CSS_MINIFY"):
        minify_theme_css(pelican.output_path, pelican.settings["THEME_STATIC_DIR"])


def write_hashed_assets(pelican) -> None:
    """finalized, after the CSS is minified: the content-named copies the pages link."""
    used = getattr(pelican.settings["JINJA_FILTERS"].get("asset_url"), "used", {})
    assets.write_hashed_copies(pelican.output_path, pelican.settings["THEME_STATIC_DIR"], used)


def finish_output(pelican) -> None:
    """finalized, after the CSS: image sizes and srcset in the written pages, then the search index of them."""
    responsive_images(pelican)
    index_site(pelican)


def get_generators(pelican):
    from .generator import ReaderExtrasGenerator

    return ReaderExtrasGenerator
