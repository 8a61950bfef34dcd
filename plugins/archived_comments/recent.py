"""The newest comments of the whole site: the recent-comments page and the site's comment feed list them.

Only the comments an article page shows are used (``display.shown_comments``:
visible comments, no pingbacks); the model holds no email or IP address.
Each section keeps its comments' places in that order (``newest_keys``, in the section cache), so
the list is sorted without making any section's comments; only the sections of the few listed are.
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


def newest_keys(comments: list) -> list[tuple]:
    """``newest_first`` of each of a section's visible comments, in ``comments()`` order."""
    return [newest_first(c) for c in comments]


def _section_keys(content) -> list[tuple]:
    section = getattr(content, "comment_section", None)
    return section.derived_value("newest", newest_keys) if section else []


def recent_comments(contents, count: int | None = 20, excerpt_words: int = 40, settings: dict | None = None):
    """The newest visible comments of the given articles and pages, newest first."""
    tz = site_timezone(settings)
    # Sort the sections' keys first (a stable sort: ties keep page order, then comment order), then
    # make the comments (and entries: excerpts, avatars) of the few that are shown.
    keyed = [(key, index, content) for content in contents for index, key in enumerate(_section_keys(content))]
    keyed.sort(key=lambda item: item[0], reverse=True)
    shown: dict[int, list] = {}

    def comment(content, index):
        if id(content) not in shown:
            shown[id(content)] = shown_comments(content)
        return shown[id(content)][index]

    pairs = [(comment(content, index), content) for _, index, content in (keyed[:count] if count else keyed)]
    return [
        RecentComment(
            comment=c,
            article=content,
            url=f"{content.url}#{c.anchor}",
            excerpt=excerpt(c.html, excerpt_words),
            avatar=avatar_for(c.author),
            date=in_zone(c.date, tz),
        )
        for c, content in pairs
    ]
