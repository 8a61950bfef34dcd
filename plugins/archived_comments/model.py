"""The one comment model every source format is normalized into.

Parsers (one module per format in ``parsers/``) produce ``SourceThread`` objects
holding ``Comment`` objects; the importer then merges, threads, sanitizes and
matches them.  Nothing in here knows about any particular format.

Privacy: the model has no field for a commenter's email or IP address on
purpose; parsers must never copy them out of an archive.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, tzinfo

# How precise a date is (the library's scale): when two sources disagree the more complete one wins.
from wparchive.dates import PRECISION_DAY, PRECISION_MINUTE, PRECISION_NONE, PRECISION_SECOND  # noqa: F401
from wparchive.problems import Problem  # noqa: F401  (the library's; readers and the report share it)

# Statuses a comment can have (the JSON contract uses these strings).
VISIBLE = "visible"
SPAM = "spam"
HIDDEN = "hidden"
STATUSES = (VISIBLE, SPAM, HIDDEN)

# Kinds of comment. Pingbacks and trackbacks are "mentions" for the theme.
COMMENT = "comment"
PINGBACK = "pingback"
TRACKBACK = "trackback"

# Id schemes: ids only identify the same comment within one scheme.  WordPress
# ids agree across a WXR export, saved pages and Wayback captures of one blog;
# Disqus ids are their own namespace; fingerprints stand in where a source has
# no id at all.
SCHEME_WORDPRESS = "wordpress"
SCHEME_DISQUS = "disqus"
SCHEME_FINGERPRINT = "fingerprint"
# New comments taken through the author's Isso server (ids "isso-<n>", see parsers/isso.py).
SCHEME_ISSO = "isso"



@dataclass
class Comment:
    """One archived reader comment, whatever source it came from.

    ``html`` holds the body as HTML.  Parsers put the *untrusted* body from the
    archive there (plain-text formats convert line breaks to paragraphs first);
    the importer replaces it with the sanitized version before anything else
    sees it, so templates and reports only ever get sanitized HTML.
    """

    id: str
    parent: str | None = None
    # The id scheme of ``parent`` where it is not the comment's own: a new comment
    # (Isso) that answers an archived one (WordPress, Disqus …). None: the same scheme.
    parent_scheme: str | None = None
    author: str = ""
    author_url: str | None = None
    date: datetime | None = None  # always timezone-aware when set
    date_precision: int = PRECISION_NONE
    # Why the date is not simply what the source printed ("year-from-capture", "relative-to-capture",
    # … as ``dates.INFERRED_REASONS`` names them), or None when the source gave it whole.
    date_inferred: str | None = None
    html: str = ""
    status: str = VISIBLE
    type: str = COMMENT
    scheme: str = SCHEME_WORDPRESS
    by_post_author: bool = False
    sources: list[str] = field(default_factory=list)  # paths relative to the content folder
    line: int | None = None  # line in the first source, where the parser knows it
    # Filled by the importer, not by parsers:
    removed_parent: str | None = None  # parent id that never appeared in any source
    aliases: set[tuple[str, str]] = field(default_factory=set)  # (scheme, id) merged into this one
    spam_rules: list[str] = field(default_factory=list)  # names of the spam rules that fired
    spam_score: int = 0
    moderation: str | None = None  # what the moderation file did, with its reason
    replies: list["Comment"] = field(default_factory=list)
    depth: int = 0

    @property
    def key(self) -> tuple[str, str]:
        return (self.scheme, self.id)

    @property
    def anchor(self) -> str:
        """The fragment a permalink points to (``comment-123``)."""
        return f"comment-{self.id}"


def reading_order(comment: Comment) -> tuple:
    """The one sort key of shown comments: oldest first, undated ones last, then by id (a thread, a
    comment feed; the recent-comments list is this order reversed, undated still last)."""
    return (comment.date is None, comment.date.timestamp() if comment.date else 0.0, comment.id)


@dataclass
class SourceThread:
    """The comments one source holds for one page of the old blog.

    ``url`` is the original page URL (Wayback wrappers already removed);
    ``slug`` the post name where the source knows it (WXR ``wp:post_name``),
    otherwise the importer derives it from ``url``; ``identifier`` is the
    Disqus thread identifier where there is one.
    """

    url: str | None
    comments: list[Comment] = field(default_factory=list)
    slug: str | None = None
    identifier: str | None = None
    title: str | None = None
    source: str = ""  # path relative to the content folder


@dataclass
class ParseResult:
    threads: list[SourceThread] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def comments(self) -> list[Comment]:
        """Every comment of every thread, in the source's order."""
        return [comment for thread in self.threads for comment in thread.comments]


@dataclass
class Thread:
    """All comments for one page of the old blog, merged over every source."""

    url: str | None
    slug: str | None
    identifier: str | None = None
    title: str | None = None
    article: str | None = None  # slug of the matched article, or None
    comments: list[Comment] = field(default_factory=list)  # flat, date order
    roots: list[Comment] = field(default_factory=list)  # tree of comments, date order
    sources: list[str] = field(default_factory=list)


def plain_text(html: str) -> str:
    """Text of an HTML fragment, for fingerprints and search (no parser needed)."""
    text = re.sub(r"<[^>]*>", " ", html)
    text = (
        text.replace("&nbsp;", " ").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
        .replace("&#8217;", "'").replace("&#8216;", "'").replace("&#8220;", '"').replace("&#8221;", '"')
    )
    return text


_NOT_LETTERS_OR_DIGITS = re.compile(r"[\W_]+")


# Every ASCII byte but a letter or a digit: what ``_NOT_LETTERS_OR_DIGITS`` takes out of ASCII text.
_ASCII_NOT_LETTERS_OR_DIGITS = bytes(b for b in range(128) if not chr(b).isalnum())


def _normalize_text(text: str) -> str:
    # Keep letters and digits only: quoting (straight or curly), entities and whitespace differ between sources.
    if text.isascii():
        # Most comments: NFKC leaves ASCII as it is, casefold is lower, and the bytes' own translate
        # deletes the rest (8,000 comments, their spam scoring's keys: 63 -> 8 ms).
        return text.encode("ascii").lower().translate(None, _ASCII_NOT_LETTERS_OR_DIGITS).decode("ascii")
    return _NOT_LETTERS_OR_DIGITS.sub("", unicodedata.normalize("NFKC", text).casefold())


def fingerprint(author: str, date: datetime | None, html: str, tz: tzinfo | None = None) -> str:
    """A stable id for a comment whose source gives none: author + day + text.

    The day (not the time) is used, in the site's zone, because saved pages
    often show only a day or a time in another zone than an export does.
    """
    day = ""
    if date is not None:
        day = (date.astimezone(tz) if tz is not None else date).strftime("%Y-%m-%d")
    text = _normalize_text(plain_text(html))[:500]
    digest = hashlib.sha1(f"{_normalize_text(author)}\x1f{day}\x1f{text}".encode()).hexdigest()
    return f"fp-{digest[:12]}"
