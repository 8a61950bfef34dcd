"""What the theme shows under an article: the visible comments as a tree.

``build_section`` gives the theme two views of the same visible comments:

- ``roots``: the visible comments themselves (``Comment`` copies), replies
  nested without limit — the plugin's contract, also used by feeds;
- ``tree``: what a reader sees (``CommentView`` objects): nesting stops at
  ``COMMENTS_DISPLAY_DEPTH``, deeper replies follow their ancestor flat at the
  last level and name the comment they answer (``reply_to``); a top-level
  comment with at least ``COMMENTS_COLLAPSE_REPLIES`` replies has them
  ``collapsed`` (the theme puts them in a ``<details>``); every comment has an
  ``avatar`` (initials and a colour number, made from the name here, at build
  time: no remote image, no inline style).

Display settings and their defaults live in ``settings.py`` with the plugin's others.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field, fields
from collections.abc import Callable
from datetime import datetime, tzinfo
from functools import cached_property

from siteconf.zone import in_zone, site_timezone

from . import settings as plugin_settings
from .model import COMMENT, VISIBLE, Comment, Thread, reading_order

# How many colour classes the theme defines for avatars (avatar-c0 … avatar-c7).
AVATAR_COLOURS = 8


@dataclass(frozen=True)
class Avatar:
    """Initials on a coloured disc: ``initials`` (1–2 letters) and ``colour`` (0…AVATAR_COLOURS-1)."""

    initials: str
    colour: int

    @property
    def css_class(self) -> str:
        return f"avatar-c{self.colour}"


def initials(name: str) -> str:
    """First letter of the first and of the last word of a name ("Ines Calder" → "IC")."""
    words = [w for w in re.findall(r"\w+", unicodedata.normalize("NFKC", name or "")) if w[0].isalnum()]
    letters = [w[0] for w in words if w[0].isalpha()] or [w[0] for w in words]
    if not letters:
        return "?"
    picked = letters[0] if len(letters) == 1 else letters[0] + letters[-1]
    return picked.upper()


def avatar_for(name: str) -> Avatar:
    """A stable avatar for a name: the same name always gets the same colour (sha1, not hash())."""
    key = " ".join((name or "").casefold().split())
    colour = hashlib.sha1(key.encode("utf-8")).digest()[0] % AVATAR_COLOURS
    return Avatar(initials(name), colour)


@dataclass
class CommentView:
    """One comment as a reader sees it; unknown attributes come from ``comment``."""

    comment: Comment
    level: int  # nesting level on the page, 1 … COMMENTS_DISPLAY_DEPTH
    replies: list["CommentView"] = field(default_factory=list)
    reply_to: Comment | None = None  # set when shown apart from its parent (flattened)
    collapsed: bool = False  # replies go in a closed <details>
    avatar: Avatar | None = None
    date: datetime | None = None  # the comment's date in the site's time zone

    def __getattr__(self, name):
        # Only called for attributes the view does not have: author, anchor, html, date …
        if name == "comment":
            raise AttributeError(name)
        return getattr(self.comment, name)

    @property
    def reply_count(self) -> int:
        """Replies shown under this comment, at every level."""
        return sum(1 + reply.reply_count for reply in self.replies)


def _read_through(name: str) -> property:
    return property(lambda view: getattr(view.comment, name), doc=f"The comment's ``{name}``.")


# The comment's own fields and properties, read through: the theme asks a dozen of them a comment, and
# through __getattr__ each was a failed lookup first (20,000 comments, eight of them each: 0.145 s of
# a template's 0.027 s on the comments themselves).
for _name in [f.name for f in fields(Comment)] + ["anchor", "key"]:
    if _name not in CommentView.__dataclass_fields__ and not hasattr(CommentView, _name):
        setattr(CommentView, _name, _read_through(_name))


@dataclass(frozen=True)
class DisplayOptions:
    """The settings that shape a comment section (``COMMENTS_SHOW_MENTIONS``, ``COMMENTS_DISPLAY_DEPTH``,
    ``COMMENTS_COLLAPSE_REPLIES``, the site's zone): part of the rendered section's cache key too."""

    show_mentions: bool = plugin_settings.CommentsSettings.show_mentions
    depth: int = plugin_settings.CommentsSettings.display_depth
    collapse_replies: int = plugin_settings.CommentsSettings.collapse_replies
    tz: tzinfo = field(default_factory=lambda: site_timezone(None))

    @classmethod
    def from_settings(cls, settings: dict | None) -> "DisplayOptions":
        """From Pelican's settings (a missing one at its default)."""
        comments = plugin_settings.CommentsSettings.from_settings(settings)
        return cls(show_mentions=bool(comments.show_mentions), depth=max(1, int(comments.display_depth)),
                   collapse_replies=int(comments.collapse_replies or 0), tz=site_timezone(settings))


@dataclass
class CommentSection:
    """The theme's view of an article's archived comments.

    Each view is made the first time it is read: a build that takes the rendered section from the
    cache (``html``) never makes the reader's tree.
    """

    threads: list[Thread] = field(default_factory=list)
    options: DisplayOptions = field(default_factory=DisplayOptions)
    # The section as the theme's partials/comment_section.html renders it (set by the plugin's build,
    # through ``html``).
    rendered_html: str | None = None
    # The threads' digests in one (``section_cache``), where caches are on: what the keys of the
    # things made of these comments (the article's comment feed, its search page) start from; made
    # when first read where ``fingerprint_later`` is set (a first build, see ``section_cache``).
    fingerprint_value: str | None = None
    fingerprint_later: Callable[[], str] | None = field(default=None, repr=False, compare=False)
    # Values made of ``comments()`` (JSON-LD data, recent-comment order), by name: from the section
    # cache where it held them, else made at the first ``derived_value``.
    derived: dict = field(default_factory=dict)
    # How many times the reader's tree (``tree``) was made, kept or not: what a warm build should not do
    # for a section it takes from the cache (the build's debug log counts them).
    trees_made: int = 0
    # Where another process is still rendering the section: what waits for its HTML and derived values
    # and sets them (``section_cache``: a cold build writes pages while the sections are rendered).
    pending: Callable[[], None] | None = field(default=None, repr=False, compare=False)

    @property
    def html(self) -> str | None:
        if self.pending is not None:
            self.pending()
        return self.rendered_html

    @html.setter
    def html(self, value: str | None) -> None:
        self.rendered_html = value

    @property
    def fingerprint(self) -> str | None:
        if self.fingerprint_later is not None:
            self.fingerprint_value, self.fingerprint_later = self.fingerprint_later(), None
        return self.fingerprint_value

    @fingerprint.setter
    def fingerprint(self, value: str | None) -> None:
        self.fingerprint_value, self.fingerprint_later = value, None

    @property
    def depth(self) -> int:
        return self.options.depth

    @cached_property
    def roots(self) -> list[Comment]:
        """The visible comments, replies nested (without limit), oldest first."""
        return self._visible_roots()

    def _visible_roots(self) -> list[Comment]:
        roots = sorted((root for thread in self.threads for root in thread.roots), key=reading_order)
        return _visible_tree(roots, 1)

    @cached_property
    def tree(self) -> list[CommentView]:
        """What the page shows (depth, collapse, avatars)."""
        self.trees_made += 1
        return display_tree(self.roots, self.options.depth, self.options.collapse_replies, self.options.tz)

    @cached_property
    def mentions(self) -> list[Comment]:
        """Visible pingbacks and trackbacks (none without COMMENTS_SHOW_MENTIONS)."""
        if not self.options.show_mentions:
            return []
        return sorted((c for t in self.threads for c in t.comments if c.status == VISIBLE and c.type != COMMENT),
                      key=reading_order)

    @cached_property
    def mention_views(self) -> list[CommentView]:
        """The mentions, dates in the site's zone."""
        return [view_of(c, 1, self.options.tz) for c in self.mentions]

    @cached_property
    def count(self) -> int:
        """How many comments ``roots`` holds, counted without making it (as ``_visible_tree`` keeps them)."""
        def size(nodes):
            return sum((node.status == VISIBLE and node.type == COMMENT) + size(node.replies) for node in nodes)

        return size(root for thread in self.threads for root in thread.roots)

    def derived_value(self, name: str, make):
        """``make(self.comments())``, made once, or the cached one (see ``derived``)."""
        if self.pending is not None:
            self.pending()
        if name not in self.derived:
            self.derived[name] = make(self.comments())
        return self.derived[name]

    def comments(self) -> list[Comment]:
        """Every visible comment of the tree, in reading order (parent before its replies)."""
        found: list[Comment] = []

        def walk(nodes):
            for node in nodes:
                found.append(node)
                walk(node.replies)

        # Copies of the comments, kept (``roots``) only while the section is being rendered: once its HTML
        # is made (section_cache), each of the few later readers (search, feed, JSON-LD) copies them again.
        walk(self.__dict__["roots"] if "roots" in self.__dict__ else self._visible_roots())
        return found


def _copy(comment: Comment) -> Comment:
    """A shallow copy: what ``dataclasses.replace`` or ``copy.copy`` make, in a sixth of their time
    (20,000 comments a build)."""
    copy = object.__new__(Comment)
    copy.__dict__.update(comment.__dict__)
    return copy


def _visible_tree(nodes: list[Comment], depth: int) -> list[Comment]:
    """Copies of the visible comments; a hidden comment's visible replies move up a level."""
    shown: list[Comment] = []
    for node in nodes:
        replies = node.replies
        if node.status == VISIBLE and node.type == COMMENT:
            copy = _copy(node)
            copy.depth, copy.replies = depth, _visible_tree(replies, depth + 1)
            shown.append(copy)
        else:
            shown.extend(_visible_tree(replies, depth))
    return shown


def view_of(comment: Comment, level: int = 1, tz: tzinfo | None = None, reply_to: Comment | None = None) -> CommentView:
    """One comment as the theme shows it (avatar, date in the site's zone)."""
    return CommentView(comment, level, reply_to=reply_to, avatar=avatar_for(comment.author), date=in_zone(comment.date, tz))


def _flat_replies(parent: Comment, level: int, tz) -> list[CommentView]:
    """Every reply under ``parent``, in thread order, at one level, each naming its parent."""
    flat: list[CommentView] = []
    for reply in parent.replies:
        flat.append(view_of(reply, level, tz, reply_to=parent))
        flat.extend(_flat_replies(reply, level, tz))
    return flat


def _views(nodes: list[Comment], level: int, max_depth: int, tz) -> list[CommentView]:
    views: list[CommentView] = []
    for node in nodes:
        view = view_of(node, level, tz)
        views.append(view)
        if level < max_depth:
            view.replies = _views(node.replies, level + 1, max_depth, tz)
        else:
            views.extend(_flat_replies(node, level, tz))
    return views


def display_tree(
    roots: list[Comment], max_depth: int = 4, collapse_replies: int = 0, tz: tzinfo | None = None
) -> list[CommentView]:
    """The reader's view of a visible comment tree (see the module docstring)."""
    max_depth = max(1, int(max_depth))
    tree = _views(roots, 1, max_depth, tz)
    if collapse_replies and collapse_replies > 0:
        for view in tree:
            if view.replies and view.reply_count >= collapse_replies:
                view.collapsed = True
    return tree


def shown_comments(content) -> list[Comment]:
    """The visible comments of an article or page, in reading order: what its page, its feed, the
    recent-comments list and its JSON-LD show (none without a section)."""
    section = getattr(content, "comment_section", None)
    return section.comments() if section else []


def build_section(threads: list[Thread], settings: dict | None = None) -> CommentSection | None:
    """The comment section for one article from the threads matched to it (None: no thread).

    ``settings`` are Pelican's settings; the display options (``DisplayOptions``) are read from them.
    """
    if not threads:
        return None
    return CommentSection(threads=list(threads), options=DisplayOptions.from_settings(settings))
