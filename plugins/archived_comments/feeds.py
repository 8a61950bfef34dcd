"""Atom feeds of archived comments: one per article with comments, and the site's newest comments.

Only visible comments (``display.shown_comments``); the feeds carry a name, an
optional website, a date and the sanitized body, never an email or IP address.
An article's feed is made of its section's comments and a few settings; with caches on, its bytes
are kept (``feeds.pickle`` in the plugin's cache folder) under ``article_feed_key`` and written as
they are.
"""

from __future__ import annotations

import html
import io
import os

import feedgenerator
from feedgenerator import Atom1Feed

from siteconf.text import excerpt, plain_text
from siteconf.urls import site_url

from .display import shown_comments
from .import_cache import CODE_VERSION
from .model import reading_order
from .recent import RecentComment
from .stable_hash import stable_digest

_FEED_FORMAT = 1


def feed_base(settings: dict) -> str:
    """Feeds link with FEED_DOMAIN, as Pelican's own feeds do, else SITEURL."""
    return settings.get("FEED_DOMAIN") or settings.get("SITEURL") or ""


def _feed(title: str, link: str, feed_url: str, lang: str | None, subtitle: str | None = None) -> Atom1Feed:
    return Atom1Feed(title=title, link=link, description="", feed_url=feed_url, language=lang, subtitle=subtitle)


def entry(comment, article, base: str) -> dict:
    """The feed item of one comment (Atom1Feed.add_item's arguments)."""
    link = site_url(base, article.url) + "#" + comment.anchor
    date = comment.date or article.date
    return dict(
        title=f"{comment.author or 'Anonymous'} on “{plain_text(article.title)}”",
        link=link,
        unique_id=link,
        # The summary is type="html": the excerpt is text (entities decoded), so escape it,
        # or a comment that reads "&lt;script&gt;" becomes markup in feed readers.
        description=html.escape(excerpt(comment.html, 40)),
        content=comment.html,  # sanitized by the importer
        author_name=comment.author or "Anonymous",
        author_link=comment.author_url,
        pubdate=date,
        updateddate=date,
    )


def article_entries(article, base: str) -> list[dict]:
    """Every visible comment of one article as a feed item, oldest first."""
    return [entry(comment, article, base) for comment in sorted(shown_comments(article), key=reading_order)]


def _feed_bytes(feed: Atom1Feed) -> bytes:
    text = io.StringIO()
    feed.write(text, "utf-8")
    return text.getvalue().encode("utf-8")


def _write(data: bytes, output_path: str, save_as: str) -> str:
    path = os.path.join(output_path, save_as)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(data)
    return path


def _article_feed_inputs(article, settings: dict, save_as: str) -> tuple:
    """Everything of the article and the settings its feed shows (besides the comments)."""
    lang = getattr(article, "lang", None) or settings.get("DEFAULT_LANG")
    return (feed_base(settings), settings.get("SITENAME", ""), lang, article.title, article.url,
            getattr(article, "date", None), save_as)


def article_feed_key(article, settings: dict, save_as: str) -> str | None:
    """The cache key of one article's feed: its threads (the section's fingerprint), the settings and
    article fields it shows, the plugin's code and feedgenerator's version (None: no fingerprint)."""
    section = getattr(article, "comment_section", None)
    if section is None or section.fingerprint is None:
        return None
    return stable_digest(_FEED_FORMAT, CODE_VERSION, getattr(feedgenerator, "__version__", None),
                         section.fingerprint, _article_feed_inputs(article, settings, save_as))


def article_feed(article, settings: dict, save_as: str) -> bytes:
    """The article's feed file, b"" when it has no visible comment."""
    base, sitename, lang, title, url, _, _ = _article_feed_inputs(article, settings, save_as)
    entries = article_entries(article, base)
    if not entries:
        return b""
    feed = _feed(
        title=f"Comments on “{plain_text(title)}” — {plain_text(sitename)}",
        link=site_url(base, url) + "#comments",
        feed_url=site_url(base, save_as),
        lang=lang,
    )
    for item in entries:
        feed.add_item(**item)
    return _feed_bytes(feed)


def write_article_feed(article, settings: dict, output_path: str, save_as_pattern: str, store=None) -> str | None:
    """feeds/comments/{slug}.atom.xml: every visible comment of one article, oldest first; from ``store``
    (a ``section_cache.KeyedStore``) where it holds this feed's key."""
    if getattr(article, "comment_section", None) is None:
        return None
    save_as = save_as_pattern.format(slug=article.slug)
    key = article_feed_key(article, settings, save_as) if store is not None else None
    data = store.get(key) if key else None
    if data is None:
        data = article_feed(article, settings, save_as)
        if key:
            store.put(key, data)
    return _write(data, output_path, save_as) if data else None


def write_recent_feed(entries: list[RecentComment], settings: dict, output_path: str, save_as: str) -> str:
    """feeds/comments.atom.xml: the newest comments of the whole site."""
    base = feed_base(settings)
    sitename = plain_text(settings.get("SITENAME", ""))
    feed = _feed(
        title=f"Recent comments — {sitename}",
        link=site_url(base, settings.get("COMMENTS_RECENT_URL") or ""),
        feed_url=site_url(base, save_as),
        lang=settings.get("DEFAULT_LANG"),
    )
    for recent in entries:
        feed.add_item(**entry(recent.comment, recent.article, base))
    return _write(_feed_bytes(feed), output_path, save_as)
