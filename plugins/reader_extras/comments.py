"""Archived comments across the site: the recent-comments list and the Atom feeds.

Only the comments an article page shows are used (``comment_section``: visible
comments, no pingbacks); the model holds no email or IP address, and the feeds
carry a name, an optional website, a date and the sanitized body.
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass
from datetime import datetime

from feedgenerator import Atom1Feed

from archived_comments.display import Avatar, avatar_for, site_zone

from .text import excerpt, plain_text
from .urls import site_url


@dataclass
class RecentComment:
    """One comment as the recent-comments page and feed list it."""

    comment: object  # archived_comments.model.Comment
    article: object  # the Pelican article (or page) it belongs to
    url: str  # site-relative: "slug/#comment-12"
    excerpt: str
    avatar: Avatar
    date: datetime | None  # in the site's time zone


def shown_comments(content) -> list:
    """The visible comments of an article or page, in reading order."""
    section = getattr(content, "comment_section", None)
    return section.comments() if section else []


def _comment_age(comment):
    """Sort key: newest last (dated before undated, then by id)."""
    date = comment.date
    return (date is not None, date.timestamp() if date else 0.0, comment.id)


def recent_comments(contents, count: int | None = 20, excerpt_words: int = 40, settings: dict | None = None):
    """The newest visible comments of the given articles and pages, newest first."""
    tz = site_zone(settings)
    # Sort first, then build entries (excerpts, avatars) for the few that are shown.
    pairs = [(c, content) for content in contents for c in shown_comments(content)]
    pairs.sort(key=lambda pair: _comment_age(pair[0]), reverse=True)
    return [
        RecentComment(
            comment=c,
            article=content,
            url=f"{content.url}#{c.anchor}",
            excerpt=excerpt(c.html, excerpt_words),
            avatar=avatar_for(c.author),
            date=c.date.astimezone(tz) if c.date and tz else c.date,
        )
        for c, content in (pairs[:count] if count else pairs)
    ]


def _feed(title: str, link: str, feed_url: str, lang: str | None, subtitle: str | None = None) -> Atom1Feed:
    return Atom1Feed(title=title, link=link, description="", feed_url=feed_url, language=lang, subtitle=subtitle)


def _add_entry(feed: Atom1Feed, comment, article, base: str) -> None:
    link = site_url(base, article.url) + "#" + comment.anchor
    date = comment.date or article.date
    feed.add_item(
        title=f"{comment.author or 'Anonymous'} on “{plain_text(article.title)}”",
        link=link,
        unique_id=link,
        # The summary is type="html": the excerpt is text (entities decoded), so escape it,
        # or a comment that reads "&lt;script&gt;" becomes markup in feed readers.
        description=html.escape(excerpt(comment.html, 40)),
        content=comment.html,  # sanitized by the archived_comments plugin
        author_name=comment.author or "Anonymous",
        author_link=comment.author_url,
        pubdate=date,
        updateddate=date,
    )


def _write(feed: Atom1Feed, output_path: str, save_as: str) -> str:
    path = os.path.join(output_path, save_as)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        feed.write(handle, "utf-8")
    return path


def write_article_feed(article, settings: dict, output_path: str, save_as_pattern: str) -> str | None:
    """feeds/comments/{slug}.atom.xml: every visible comment of one article, oldest first."""
    comments = shown_comments(article)
    if not comments:
        return None
    base = settings.get("FEED_DOMAIN") or settings.get("SITEURL") or ""
    save_as = save_as_pattern.format(slug=article.slug)
    feed = _feed(
        title=f"Comments on “{plain_text(article.title)}” — {plain_text(settings.get('SITENAME', ''))}",
        link=site_url(base, article.url) + "#comments",
        feed_url=site_url(base, save_as),
        lang=getattr(article, "lang", None) or settings.get("DEFAULT_LANG"),
    )
    for comment in sorted(comments, key=lambda c: (c.date is None, c.date.timestamp() if c.date else 0, c.id)):
        _add_entry(feed, comment, article, base)
    return _write(feed, output_path, save_as)


def write_recent_feed(entries: list[RecentComment], settings: dict, output_path: str, save_as: str) -> str:
    """feeds/comments.atom.xml: the newest comments of the whole site."""
    base = settings.get("FEED_DOMAIN") or settings.get("SITEURL") or ""
    sitename = plain_text(settings.get("SITENAME", ""))
    feed = _feed(
        title=f"Recent comments — {sitename}",
        link=site_url(base, settings.get("COMMENTS_RECENT_URL") or ""),
        feed_url=site_url(base, save_as),
        lang=settings.get("DEFAULT_LANG"),
    )
    for entry in entries:
        _add_entry(feed, entry.comment, entry.article, base)
    return _write(feed, output_path, save_as)
