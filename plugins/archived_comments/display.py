"""What the theme shows under an article: the visible comments as a tree."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from . import settings as plugin_settings
from .model import COMMENT, VISIBLE, Comment, Thread


@dataclass
class CommentSection:
    """The theme's view of an article's archived comments."""

    roots: list[Comment] = field(default_factory=list)  # visible comments, replies nested
    mentions: list[Comment] = field(default_factory=list)  # visible pingbacks and trackbacks
    threads: list[Thread] = field(default_factory=list)

    @property
    def count(self) -> int:
        def size(nodes):
            return sum(1 + size(node.replies) for node in nodes)

        return size(self.roots)


def _visible_tree(nodes: list[Comment], depth: int) -> list[Comment]:
    """Copies of the visible comments; a hidden comment's visible replies move up a level."""
    shown: list[Comment] = []
    for node in nodes:
        replies = node.replies
        if node.status == VISIBLE and node.type == COMMENT:
            copy = replace(node, depth=depth, replies=[])
            copy.replies = _visible_tree(replies, depth + 1)
            shown.append(copy)
        else:
            shown.extend(_visible_tree(replies, depth))
    return shown


def _sort_key(comment: Comment):
    return (comment.date.timestamp() if comment.date else float("inf"), comment.id)


def build_section(threads: list[Thread], settings: dict | None = None) -> CommentSection | None:
    """The comment section for one article from the threads matched to it.

    ``settings`` are Pelican's settings (plugin defaults applied); display
    options (``COMMENTS_SHOW_MENTIONS`` …) are read from them.
    """
    show_mentions = plugin_settings.get(settings or {}, "COMMENTS_SHOW_MENTIONS")
    if not threads:
        return None
    roots = sorted((root for thread in threads for root in thread.roots), key=_sort_key)
    section = CommentSection(roots=_visible_tree(roots, 1), threads=list(threads))
    if show_mentions:
        section.mentions = sorted(
            (c for t in threads for c in t.comments if c.status == VISIBLE and c.type != COMMENT), key=_sort_key
        )
    return section
