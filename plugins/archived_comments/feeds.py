"""Atom feeds of archived comments: one per article with comments, and the site's newest comments.

Only visible comments (``display.shown_comments``); the feeds carry a name, an
optional website, a date and the sanitized body, never an email or IP address.
Plain functions of a content object (or of the recent-comments list), so a warm
build can cache the entries.
"""

from __future__ import annotations

import html
import os

from feedgenerator import Atom1Feed

from siteconf.text import excerpt, plain_text
from siteconf.urls import site_url

from .display import shown_comments
from .model import reading_order
from .recent import RecentComment


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


def _write(feed: Atom1Feed, output_path: str, save_as: str) -> str:
    path = os.path.join(output_path, save_as)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        feed.write(handle, "utf-8")
    return path


def write_article_feed(article, settings: dict, output_path: str, save_as_pattern: str) -> str | None:
    """feeds/comments/{slug}.atom.xml: every visible comment of one article, oldest first."""
    base = feed_base(settings)
    entries = article_entries(article, base)
    if not entries:
        return None
    save_as = save_as_pattern.format(slug=article.slug)
    feed = _feed(
        title=f"Comments on “{plain_text(article.title)}” — {plain_text(settings.get('SITENAME', ''))}",
        link=site_url(base, article.url) + "#comments",
        feed_url=site_url(base, save_as),
        lang=getattr(article, "lang", None) or settings.get("DEFAULT_LANG"),
    )
    for item in entries:
        feed.add_item(**item)
    return _write(feed, output_path, save_as)


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
    return _write(feed, output_path, save_as)
