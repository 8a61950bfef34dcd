"""The newest comments of the whole site: the recent-comments page and the site's comment feed list them.

Only the comments an article page shows are used (``display.shown_comments``:
visible comments, no pingbacks); the model holds no email or IP address.
A plain function of the content objects, so a warm build can cache its result.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from siteconf.text import excerpt
from siteconf.zone import in_zone, site_timezone

from .display import Avatar, avatar_for, shown_comments
from .model import reading_order


@dataclass
class RecentComment:
    """One comment as the recent-comments page and feed list it."""

    comment: object  # archived_comments.model.Comment
    article: object  # the Pelican article (or page) it belongs to
    url: str  # site-relative: "slug/#comment-12"
    excerpt: str
    avatar: Avatar
    date: datetime | None  # in the site's time zone


def newest_first(comment) -> tuple:
    """``reading_order`` reversed, undated comments still last."""
    return (comment.date is not None, reading_order(comment))


def recent_comments(contents, count: int | None = 20, excerpt_words: int = 40, settings: dict | None = None):
    """The newest visible comments of the given articles and pages, newest first."""
    tz = site_timezone(settings)
    # Sort first, then build entries (excerpts, avatars) for the few that are shown.
    pairs = [(c, content) for content in contents for c in shown_comments(content)]
    pairs.sort(key=lambda pair: newest_first(pair[0]), reverse=True)
    return [
        RecentComment(
            comment=c,
            article=content,
            url=f"{content.url}#{c.anchor}",
            excerpt=excerpt(c.html, excerpt_words),
            avatar=avatar_for(c.author),
            date=in_zone(c.date, tz),
        )
        for c, content in (pairs[:count] if count else pairs)
    ]
