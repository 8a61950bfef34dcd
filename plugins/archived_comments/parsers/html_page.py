"""Saved pages of the old blog: a browser's "Save page as" or a Wayback Machine capture.

The reader is built on what WordPress core puts in every theme's comment markup, so a theme it has
never seen still imports:

* a comment is an element (``li``/``article``/``div``/``section``/``dd``) with the class
  ``comment``, ``pingback`` or ``trackback``, an id ``comment-N`` (also ``li-comment-N``,
  ``div-comment-N``), or schema.org ``Comment`` microdata;
* replies sit inside their parent comment, usually in a ``.children`` list (nesting, not the
  ``depth-N`` class, gives the parent; ``depth-N`` is only used when a theme prints replies flat);
* ``bypostauthor`` marks the post author, ``<time datetime>`` the date, ``a.url`` the author link.

On top of that it knows the parts the common markups use (classic ``cite.fn`` and
``.commentmetadata``, HTML5 ``b.fn`` / ``.comment-metadata time`` / ``.comment-content``, block
themes' ``.wp-block-comment-*``, Genesis microdata ``itemprop`` attributes).  Where a theme has no
body wrapper, the body is what is left of the comment once author, date, reply link and replies are
taken away.

Only the comment section counts: scripts, forms (``#respond``), navigation, sidebars and widgets
(``.widget_recent_comments``, ``#recentcomments``, ``.wp-block-latest-comments``) are never read.

The page is decoded once, Wayback additions are cut out of the text (line breaks kept, so line
numbers stay the file's), archived URLs are unwrapped in the text, then BeautifulSoup builds the
tree with lxml and the tree is walked once.
"""

from __future__ import annotations

import re
import warnings
from bisect import bisect_right
from datetime import datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from bs4 import BeautifulSoup, Tag
from bs4.dammit import UnicodeDammit
from bs4.element import Comment as HtmlComment
from bs4.element import NavigableString

from ..dates import checked, parse_human, parse_iso
from ..model import (
    COMMENT,
    HIDDEN,
    PINGBACK,
    PRECISION_DAY,
    PRECISION_MINUTE,
    PRECISION_NONE,
    SCHEME_FINGERPRINT,
    SCHEME_WORDPRESS,
    TRACKBACK,
    VISIBLE,
    Comment,
    ParseResult,
    Problem,
    SourceThread,
    fingerprint,
)
from . import ParseContext
from . import wayback

NAME = "html"

__all__ = ["NAME", "detect", "parse", "page_url"]

# --------------------------------------------------------------------------- detection

_LEADING_RE = re.compile(r"\s*(?:<!--.*?-->\s*|<\?xml[^>]*\?>\s*)*", re.DOTALL)
_FIRST_TAG_RE = re.compile(r"<(!doctype\s+html|[a-z][\w:.-]*)", re.IGNORECASE)
_HTML_ROOTS = {"html", "head", "body"}
# Roots of XML documents other parsers read, and other XML that is not a web page.
_XML_ROOTS = {"rss", "feed", "disqus", "rdf:rdf", "urlset", "sitemapindex", "opml", "svg", "plist"}
_HTML_ANYWHERE_RE = re.compile(r"<(?:html|body)[\s>]", re.IGNORECASE)
_XML_ANYWHERE_RE = re.compile(r"<(?:rss|disqus|feed)[\s>]|<\?xml", re.IGNORECASE)


def _decode_head(head: bytes) -> str:
    if head.startswith(b"\xff\xfe") or head.startswith(b"\xfe\xff"):
        return head[: len(head) - len(head) % 2].decode("utf-16", errors="replace")
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    return head.decode("latin-1")  # only ASCII tag names are looked at


def _first_element(text: str) -> str | None:
    """The lower-cased name of the first tag after declarations and comments (``!doctype html`` too)."""
    match = _LEADING_RE.match(text)
    rest = text[match.end() if match else 0:]
    first = _FIRST_TAG_RE.match(rest)
    if not first:
        return None
    name = first.group(1).lower()
    return "!doctype html" if name.startswith("!doctype") else name


def detect(head: bytes) -> bool:
    """True for an HTML document; False for XML exports (``<rss>``, ``<disqus>``) and anything else."""
    try:
        text = _decode_head(head)
        first = _first_element(text)
        if first is None:  # junk or a comment cut off at the end of the head: look further
            return bool(_HTML_ANYWHERE_RE.search(text)) and not _XML_ANYWHERE_RE.search(text)
        if first == "!doctype html" or first in _HTML_ROOTS:
            return True
        if first in _XML_ROOTS or ":" in first or first.startswith("!"):
            return False
        # A page whose first tag is a stray <meta> or <title> before <html>.
        return bool(_HTML_ANYWHERE_RE.search(text))
    except Exception:  # detection must never break the import
        return False


# --------------------------------------------------------------------------- what markup means

_COMMENT_CLASSES = frozenset({"comment", "pingback", "trackback"})
_COMMENT_TAGS = frozenset({"li", "article", "div", "section", "dd", "tr", "td"})
_ID_RE = re.compile(r"^(?:li-|div-)?comment-(\d+)$", re.IGNORECASE)
_ANCHOR_ID_RE = re.compile(r"^comment-(\d+)$", re.IGNORECASE)
_DEPTH_RE = re.compile(r"^depth-(\d+)$")

# Never read (outside or inside a comment).
_SKIP_TAGS = frozenset(
    {"script", "style", "noscript", "template", "iframe", "svg", "form", "textarea", "select",
     "button", "nav", "object", "embed", "canvas", "head", "input", "link", "meta"}
)
_SKIP_IDS = frozenset(
    {"respond", "recentcomments", "secondary", "sidebar", "wm-ipp-base", "wm-ipp", "wm-ipp-print",
     "colophon", "masthead", "site-navigation", "wpadminbar", "jp-relatedposts", "comments-pagination"}
)
_SKIP_CLASSES = frozenset(
    {"widget", "widget-area", "sidebar", "widget_recent_comments", "wp-block-latest-comments",
     "recentcomments", "comment-respond", "site-footer", "site-header", "navigation",
     "comment-navigation", "comments-navigation", "nav-links", "pagination", "comments-pagination",
     "wp-block-comments-pagination", "wp-block-post-comments-form", "related-posts", "jp-relatedposts",
     "sharedaddy", "widget_recent_entries"}
)
# Containers that show the page has a comment section (for the "empty section" problem).
_SECTION_IDS = frozenset({"comments", "thecomments", "commentlist", "comments-list", "comment-section"})
_SECTION_CLASSES = frozenset(
    {"comments-area", "commentlist", "comment-list", "wp-block-comments", "wp-block-comment-template",
     "entry-comments", "comments", "comment-section", "comments-section", "entry-pings"}
)

# Parts of one comment.
_BODY_CLASSES = frozenset(
    {"comment-content", "wp-block-comment-content", "comment-text", "comment-entry", "comment_text",
     "commenttext", "comment-body-text", "comment-excerpt"}
)
_AUTHOR_NAME_CLASSES = frozenset(
    {"wp-block-comment-author-name", "comment-author-name", "comment-author-link", "comment_author_link"}
)
_AUTHOR_BOX_CLASSES = frozenset({"comment-author", "comment_author", "vcard", "comment-author-info"})
_DATE_CLASSES = (  # most specific first
    ("commentmetadata", "comment-metadata", "wp-block-comment-date", "comment-date", "comment-time"),
    ("comment-meta", "comment_meta"),
    ("date", "published", "time", "comment-datetime"),
)
_DATE_CLASS_RANK = {name: rank for rank, names in enumerate(_DATE_CLASSES) for name in names}
_REPLY_CLASSES = frozenset(
    {"reply", "comment-reply", "comment-reply-link", "wp-block-comment-reply-link", "comment-reply-button"}
)
_OTHER_PART_CLASSES = frozenset(
    {"comment-awaiting-moderation", "comment-edit-link", "edit-link", "wp-block-comment-edit-link",
     "says", "avatar", "wp-block-avatar", "comment-avatar", "children", "comment-metadata",
     "commentmetadata", "comment-meta"}
)
_MODERATION_CLASSES = frozenset({"comment-awaiting-moderation"})
_WEAK_AUTHOR_TAGS = frozenset({"strong", "b", "h3", "h4", "h5", "h6"})
_TEXT_SKIP_CLASSES = frozenset({"says", "screen-reader-text", "avatar", "comment-edit-link", "edit-link"})
_GENERIC_AUTHOR_RE = re.compile(r"author|name|commenter|poster", re.IGNORECASE)
_YEAR_RE = re.compile(r"\b(?:1[89]|2[0-9])\d{2}\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2}\b")
_PING_LABEL_RE = re.compile(r"^\s*(?:pingback|trackback)\s*:?\s*", re.IGNORECASE)
_SAYS_RE = re.compile(r"\s*(?:says|wrote|schreibt)\s*:?\s*$", re.IGNORECASE)
_WS_RE = re.compile(r"\s+")


def _classes(el: Tag):
    value = el.attrs.get("class")
    if not value:
        return ()
    return value if isinstance(value, list) else value.split()


def _tokens(value) -> tuple:
    if not value:
        return ()
    if isinstance(value, list):
        value = " ".join(value)
    return tuple(value.lower().split())


def _number(el: Tag) -> str | None:
    """The WordPress comment id an element carries in its ``id`` attribute."""
    value = el.attrs.get("id")
    if value:
        match = _ID_RE.match(value.strip())
        if match:
            return match.group(1)
    return None


def _is_comment_start(el: Tag, classes) -> bool:
    if el.name not in _COMMENT_TAGS:
        return False
    attrs = el.attrs
    if classes and not _COMMENT_CLASSES.isdisjoint(classes):
        return True
    value = attrs.get("id")
    if value and _ID_RE.match(value.strip()):
        return True
    itemtype = attrs.get("itemtype")
    if itemtype and itemtype.rstrip("/").lower().endswith(("schema.org/comment", "schema.org/usercomments")):
        return True
    return False


def _skip(el: Tag, classes) -> bool:
    if el.name in _SKIP_TAGS:
        return True
    value = el.attrs.get("id")
    if value and value in _SKIP_IDS:
        return True
    if classes and not _SKIP_CLASSES.isdisjoint(classes):
        return True
    if el.name == "aside":  # a sidebar, unless it is the comment section itself
        marker = (value or "") + " " + " ".join(classes)
        return "comment" not in marker.lower()
    return False


def _text(el: Tag) -> str:
    """Visible text of a small element, without "says:", screen-reader labels and avatars."""
    parts: list[str] = []

    def collect(node):
        for child in node.contents:
            if isinstance(child, Tag):
                if child.name in ("img", "script", "style", "svg"):
                    continue
                if not _TEXT_SKIP_CLASSES.isdisjoint(_classes(child)):
                    continue
                collect(child)
            elif type(child) is NavigableString:
                parts.append(child)

    collect(el)
    text = _WS_RE.sub(" ", "".join(parts)).strip()
    return _SAYS_RE.sub("", text)


_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                   "source", "track", "wbr"})
_RAW_TEXT = frozenset({"script", "style"})
# The theme's parts that end up inside a body when its markup is broken (an unterminated tag eats
# the body's </div>): edit links and moderation notes, and reply links.
_BODY_DROP_CLASSES = frozenset({"edit-link", "comment-edit-link", "comment-awaiting-moderation"}) | _REPLY_CLASSES


def _escape_text(text: str) -> str:
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _escape_attr(value: str) -> str:
    return _escape_text(value).replace('"', "&quot;")


def _serialize(nodes, out: list[str], skip: frozenset[int] = frozenset()) -> None:
    """HTML of a list of nodes (what ``decode_contents()`` gives, several times faster).

    Edit links and moderation notes (only there when the author saved the page while logged in)
    are left out, and the elements whose ``id()`` is in ``skip``.
    """
    stack = [(iter(nodes), None)]
    while stack:
        children, closing = stack[-1]
        for node in children:
            if isinstance(node, Tag):
                if skip and id(node) in skip:
                    continue
                name = node.name
                attrs = ""
                if node.attrs:
                    classes = node.attrs.get("class")
                    if classes and not _BODY_DROP_CLASSES.isdisjoint(classes):
                        continue  # an "Edit" link saved by a logged-in author, a moderation note
                    attrs = "".join(
                        f' {key}="{_escape_attr(" ".join(value) if isinstance(value, list) else value)}"'
                        for key, value in node.attrs.items()
                    )
                out.append(f"<{name}{attrs}>")
                if name in _VOID and not node.contents:
                    continue
                if name in _RAW_TEXT:
                    out.append("".join(str(c) for c in node.contents))
                    out.append(f"</{name}>")
                    continue
                stack.append((iter(node.contents), f"</{name}>"))
                break
            elif type(node) is NavigableString:
                out.append(_escape_text(node))
            else:  # HTML comments, CDATA, processing instructions: bs4 knows their syntax
                out.append(node.output_ready())
        else:
            stack.pop()
            if closing:
                out.append(closing)


def _inner_html(el: Tag, skip: frozenset[int] = frozenset()) -> str:
    out: list[str] = []
    _serialize(el.contents, out, skip)
    return "".join(out).strip()


# --------------------------------------------------------------------------- one comment


class _Parts:
    """What the walk over one comment found (the first of each kind, in document order)."""

    __slots__ = ("number", "classes", "body", "authors", "first_text", "iso_date", "abbr_date",
                 "human_dates", "others", "nested", "moderated", "anchor_number", "date_seen")

    def __init__(self, number, classes):
        self.number = number
        self.classes = set(classes)
        self.body = None
        self.authors: list[tuple[int, Tag]] = []  # (rank, element)
        self.first_text = None  # the first element with text before the date
        self.date_seen = False
        self.iso_date = None  # (value, element)
        self.abbr_date = None
        self.human_dates: list[tuple[int, Tag]] = []
        self.others: list[Tag] = []  # reply links, avatars, edit links, reply lists: not body
        self.nested: list[Tag] = []  # roots of replies
        self.moderated = False
        self.anchor_number = None


def _find_box(root: Tag, number: str | None) -> Tag:
    """The innermost element that holds the whole comment (``div#comment-N``, ``article.comment-body``)."""
    box = root
    while True:
        only = None
        for child in box.contents:
            if isinstance(child, Tag):
                classes = _classes(child)
                if child.name in ("ol", "ul") or "children" in classes or child.name in _SKIP_TAGS:
                    continue
                if not _BODY_CLASSES.isdisjoint(classes):
                    return box
                if _is_comment_start(child, classes):
                    child_number = _number(child)
                    if child_number is not None and number is not None and child_number != number:
                        continue  # a reply printed without a list around it
                if only is not None:
                    return box
                only = child
            elif type(child) is NavigableString and child.strip():
                return box
        if only is None:
            return box
        box = only


def _walk_comment(root: Tag, parts: _Parts) -> None:
    """Collect the parts of the comment rooted at ``root``; replies are noted, not entered.

    One pass over the comment's own elements (never into its replies or its body wrapper).
    """
    # (children, inside a list of replies, inside the author block, inside a reply/edit/meta part)
    stack = [(iter(root.contents), False, False, False)]
    while stack:
        children, in_list, in_author, in_other = stack[-1]
        for el in children:
            if not isinstance(el, Tag):
                continue
            classes = _classes(el)
            if _skip(el, classes):
                parts.others.append(el)
                continue
            if _is_comment_start(el, classes):
                number = _number(el)
                if parts.number is not None and number is not None and number != parts.number:
                    parts.nested.append(el)  # another comment: a reply
                    continue
                if in_list and (number is None or parts.number is None):
                    parts.nested.append(el)
                    continue
                if parts.number is None:  # li.comment > article#comment-N: the same comment
                    parts.number = number
                parts.classes.update(classes)
            name = el.name
            child_in_list = in_list or name in ("ol", "ul")
            child_in_author = in_author
            child_in_other = in_other
            is_date = False
            if classes:
                if "children" in classes:
                    parts.others.append(el)
                    child_in_list = True
                if not _BODY_CLASSES.isdisjoint(classes):
                    if parts.body is None:
                        parts.body = el
                    continue  # nothing of interest inside the body itself
                if "fn" in classes:
                    parts.authors.append((0, el))
                    child_in_author = True
                elif not _AUTHOR_NAME_CLASSES.isdisjoint(classes):
                    parts.authors.append((2, el))
                    child_in_author = True
                elif not _AUTHOR_BOX_CLASSES.isdisjoint(classes):
                    parts.authors.append((4, el))
                    child_in_author = True
                elif name == "a" and "url" in classes:
                    parts.authors.append((3, el))
                for cls in classes:
                    rank = _DATE_CLASS_RANK.get(cls)
                    if rank is not None:
                        parts.human_dates.append((rank, el))
                        is_date = True
                        break
                if not _REPLY_CLASSES.isdisjoint(classes) or not _OTHER_PART_CLASSES.isdisjoint(classes):
                    parts.others.append(el)
                    child_in_other = True
                    if not _MODERATION_CLASSES.isdisjoint(classes):
                        parts.moderated = True
                elif not child_in_author and name not in ("p", "a", "time") and any(
                    _GENERIC_AUTHOR_RE.search(cls) for cls in classes
                ) and not any(cls.startswith(("comment-author-", "bypostauthor")) for cls in classes):
                    parts.authors.append((6, el))
                    child_in_author = True
            itemprop = el.attrs.get("itemprop")
            if itemprop:
                props = _tokens(itemprop)
                if "author" in props or "creator" in props:
                    parts.authors.append((4, el))
                    child_in_author = True
                elif "name" in props and in_author:
                    parts.authors.append((1, el))
                elif "datepublished" in props or "datecreated" in props:
                    is_date = True
                    value = el.get("datetime") or el.get("content")
                    if value and parts.iso_date is None:
                        parts.iso_date = (value, el)
                elif "text" in props and parts.body is None:
                    parts.body = el
                    continue
            if name == "time":
                is_date = True
                value = el.get("datetime")
                if value and parts.iso_date is None:
                    parts.iso_date = (value, el)
                elif not value:
                    parts.human_dates.append((0, el))
            elif name == "abbr" and el.get("title") and "published" in classes:
                is_date = True
                if parts.abbr_date is None:
                    parts.abbr_date = (el.get("title"), el)
            elif name == "cite" and not child_in_author:
                parts.authors.append((5, el))
                child_in_author = True
            elif name == "a":
                anchor = el.get("name") or el.get("id")
                if anchor and parts.anchor_number is None:
                    match = _ANCHOR_ID_RE.match(anchor.strip())
                    if match:
                        parts.anchor_number = match.group(1)
            elif name == "img" and "avatar" in " ".join(classes):
                parts.others.append(el)
            if is_date:
                parts.date_seen = True
                child_in_other = True
            elif not parts.date_seen and not child_in_other and not child_in_author and parts.first_text is None:
                # An unseen theme's author name: the first short text before the date.
                if name in _WEAK_AUTHOR_TAGS or any(
                    type(c) is NavigableString and c.strip() for c in el.contents
                ):
                    if not (name == "a" and "#comment" in (el.get("href") or "")):
                        parts.first_text = el
            if el.contents:
                stack.append((iter(el.contents), child_in_list, child_in_author, child_in_other))
                break
        else:
            stack.pop()


def _inside(el: Tag, container: Tag | None, stop: Tag) -> bool:
    if container is None:
        return False
    node = el
    while node is not None and node is not stop:
        if node is container:
            return True
        node = node.parent
    return False


def _author(parts: _Parts, body: Tag | None, root: Tag) -> tuple[Tag | None, Tag | None]:
    """(element holding the name, author container) by rank, never inside the body."""
    ranked = [(rank, i, el) for i, (rank, el) in enumerate(parts.authors) if not _inside(el, body, root)]
    ranked.sort(key=lambda item: (item[0], item[1]))
    container = next((el for rank, _, el in ranked if rank == 4), None)
    for rank, _, el in ranked:
        if rank == 4 and any(r < 4 for r, _, _ in ranked):
            continue
        if _text(el):
            return el, container
    el = parts.first_text
    if el is not None and not _inside(el, body, root):
        text = _text(el)
        if text and len(text) <= 80 and not _YEAR_RE.search(text):
            return el, container
    return None, container


def _link(el: Tag | None) -> str | None:
    if el is None:
        return None
    for a in _links(el):
        href = a.get("href").strip()
        if href and not href.startswith(("#", "javascript:", "mailto:")) and "#comment-" not in href:
            return href
    return None


def _links(el: Tag):
    """``el`` and its descendant ``<a href>`` elements, in document order (no find_all: it is slow)."""
    if el.name == "a" and el.get("href"):
        yield el
    for node in el.descendants:
        if isinstance(node, Tag) and node.name == "a" and node.get("href"):
            yield node


_MONTHS = {name: i for i, name in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"), 1)}
_WP_DATE_RE = re.compile(
    r"^([A-Za-z]+)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})"  # March 15th, 2019
    r"(?:\s*(?:at|@|,|-)?\s*(\d{1,2}):(\d{2})\s*([AaPp]\.?[Mm]\.?)?)?$"  # at 9:12 am
)


def _human_date(text: str, tz) -> tuple[datetime | None, int]:
    """``parse_human`` with a fast path for WordPress's default "March 15, 2019 at 9:12 am"."""
    match = _WP_DATE_RE.match(text)
    if match:
        month = _MONTHS.get(match.group(1).lower())
        if month is not None:
            year, day = int(match.group(3)), int(match.group(2))
            try:
                if match.group(4) is None:
                    return checked(datetime(year, month, day, tzinfo=tz), PRECISION_DAY)
                hour, minute = int(match.group(4)), int(match.group(5))
                ampm = (match.group(6) or "").lower().replace(".", "")
                if ampm and not 1 <= hour <= 12:
                    raise ValueError("hour out of range for am/pm")
                if ampm == "pm" and hour != 12:
                    hour += 12
                elif ampm == "am" and hour == 12:
                    hour = 0
                return checked(datetime(year, month, day, hour, minute, tzinfo=tz), PRECISION_MINUTE)
            except ValueError:
                pass
    return parse_human(text, tz)


def _date(parts: _Parts, tz) -> tuple[datetime | None, int, Tag | None]:
    if parts.iso_date is not None:
        value, el = parts.iso_date
        date, precision = parse_iso(value, tz)
        if date is not None:
            return date, precision, el
    if parts.abbr_date is not None:
        value, el = parts.abbr_date
        date, precision = parse_iso(value, tz)
        if date is not None:
            return date, precision, el
    for rank, el in sorted(parts.human_dates, key=lambda item: item[0]):
        # The permalink in the meta line holds the date alone; the meta line may hold more.
        link = next(_links(el), None)
        for candidate in (link, el):
            if candidate is None:
                continue
            text = _text(candidate)
            if not text or not _YEAR_RE.search(text):
                continue
            date, precision = _human_date(text, tz)
            if date is not None:
                return date, precision, el
    return None, PRECISION_NONE, None


def _fallback_body(box: Tag, excluded: list[Tag], root: Tag, is_ping: bool) -> str:
    """The box's children that are no author, date, reply or meta part.

    What stands between the header parts ("says:", a ``<br>``) is not body either: the body starts
    after the last part that comes before the first remaining element.
    """
    out_ids = set()
    for el in excluded:
        node = el
        while node is not None and node.parent is not box:
            if node is root:
                node = None
                break
            node = node.parent
        if node is not None:
            out_ids.add(id(node))
    children = box.contents
    start = 0
    for index, child in enumerate(children):
        if isinstance(child, Tag):
            if id(child) in out_ids:
                start = index + 1
            elif child.name != "br" and child.name not in _SKIP_TAGS:
                break
    kept = []
    for child in children[start:]:
        if isinstance(child, Tag):
            if id(child) in out_ids or child.name in _SKIP_TAGS:
                continue
            kept.append(child)
        elif type(child) is NavigableString:
            kept.append(child)
    tags = [c for c in kept if isinstance(c, Tag)]
    if len(tags) == 1 and tags[0].name in ("div", "section") and all(
        isinstance(c, Tag) or not c.strip() for c in kept
    ):
        return _inner_html(tags[0])
    out: list[str] = []
    _serialize(kept, out)
    html = "".join(out).strip()
    if is_ping:
        html = _PING_LABEL_RE.sub("", html).strip()
    return html


# --------------------------------------------------------------------------- the page


class _Reader:
    def __init__(self, text: str, source: str, context: ParseContext, problems: list[Problem]):
        self.source = source
        self.tz = context.tz
        self.problems = problems
        self.comments: list[Comment] = []
        self.seen: dict[tuple[str, str], Comment] = {}
        self.section_seen = False
        self.disqus_seen = False
        self.last_at_depth: dict[int, str] = {}
        self._text = text
        self._lines: dict[str, int] | None = None
        self.loose: list[Tag] = []  # comments found inside the last comment's body

    # Line numbers: where ``id="comment-N"`` first appears in the (decoded) file.
    def unread_ids(self) -> set[str]:
        """Comment ids that appear in the file (``id="comment-N"``) but were not read."""
        self.line_of("0")  # builds the map of ids to lines
        return set(self._lines) - {number for scheme, number in self.seen if scheme == SCHEME_WORDPRESS}

    def line_of(self, number: str | None) -> int | None:
        if number is None:
            return None
        if self._lines is None:
            newlines = [m.start() for m in re.finditer("\n", self._text)]
            self._lines = {}
            for match in re.finditer(r"(?<![\w-])id\s*=\s*[\"']?(?:li-|div-)?comment-(\d+)\b", self._text, re.I):
                self._lines.setdefault(match.group(1), bisect_right(newlines, match.start()) + 1)
        return self._lines.get(number)

    def walk(self, top: Tag) -> None:
        stack = [iter(top.contents)]
        while stack:
            for el in stack[-1]:
                if not isinstance(el, Tag):
                    continue
                classes = _classes(el)
                if _skip(el, classes):
                    continue
                value = el.get("id")
                if (value and value in _SECTION_IDS) or (classes and not _SECTION_CLASSES.isdisjoint(classes)):
                    self.section_seen = True
                if value == "disqus_thread":
                    self.disqus_seen = True
                if _is_comment_start(el, classes):
                    self.read_thread(el, classes)
                    continue
                if el.contents:
                    stack.append(iter(el.contents))
                    break
            else:
                stack.pop()

    def read_thread(self, root: Tag, classes) -> None:
        pending = [(root, classes, None)]
        while pending:
            el, el_classes, parent = pending.pop()
            comment, nested = self.read_comment(el, el_classes, parent)
            parent_id = comment.id if comment is not None else parent
            loose = self.loose
            self.loose = []
            for child in reversed(loose):  # found inside the body: their place in the thread is unknown
                pending.append((child, _classes(child), None))
            for child in reversed(nested):
                pending.append((child, _classes(child), parent_id))

    def read_comment(self, root: Tag, classes, parent: str | None):
        parts = _Parts(_number(root), classes)
        _walk_comment(root, parts)
        number = parts.number or parts.anchor_number
        line = self.line_of(number)
        is_ping = "pingback" in parts.classes or "trackback" in parts.classes
        kind = PINGBACK if "pingback" in parts.classes else TRACKBACK if "trackback" in parts.classes else COMMENT

        body_el = parts.body
        author_el, author_box = _author(parts, body_el, root)
        author = _text(author_el) if author_el is not None else ""
        author_url = _link(author_el)
        if author_url is None and author_box is not None and author_box is not author_el:
            link = next((a for a in _links(author_box) if "url" in _classes(a)), None)
            author_url = _link(link)
        date, precision, date_el = _date(parts, self.tz)

        if body_el is not None:
            inside = _comments_inside(body_el)
            if inside:
                # Markup left open in this body put the comments after it inside it. They stay
                # in the tree (taking them out walks all they hold: quadratic on a long chain)
                # and are left out of this body.
                self.loose = inside
                self.problems.append(Problem(
                    self.source,
                    f"{len(inside)} comment(s) ({', '.join(_number(el) for el in inside[:5])}"
                    f"{', …' if len(inside) > 5 else ''}) sat inside the text of "
                    f"{'comment ' + number if number else 'a comment'}, whose markup was left open; they "
                    "were read at the top level, where their place in the thread was lost",
                    line,
                ))
            html = _inner_html(body_el, frozenset(id(el) for el in inside))
            if is_ping:
                html = _PING_LABEL_RE.sub("", html).strip()
        else:
            box = _find_box(root, number)
            excluded = list(parts.others) + list(parts.nested)
            if author_el is not None:
                excluded.append(author_el)
            if author_box is not None:
                excluded.append(author_box)
            if date_el is not None:
                excluded.append(date_el)
            excluded.extend(el for _, el in parts.human_dates)
            html = _fallback_body(box, excluded, root, is_ping)

        if number is not None:
            comment_id, scheme = number, SCHEME_WORDPRESS
        else:
            comment_id, scheme = fingerprint(author, date, html, self.tz), SCHEME_FINGERPRINT

        depth = None
        for cls in parts.classes:
            match = _DEPTH_RE.match(cls)
            if match:
                depth = int(match.group(1))
                break
        if parent is None and depth is not None and depth > 1:
            parent = self.last_at_depth.get(depth - 1)  # a theme that prints replies flat

        if scheme == SCHEME_WORDPRESS:
            label = f"{kind} {comment_id}"
        else:
            label = f"{kind} by {author or 'an unnamed author'}"
        if (scheme, comment_id) in self.seen:
            self.problems.append(
                Problem(self.source, f"{label} appears twice in the page; the second copy was ignored", line)
            )
            return self.seen[(scheme, comment_id)], parts.nested
        if date is None:
            self.problems.append(Problem(self.source, f"{label} has no readable date", line))
        if not author and not is_ping:
            self.problems.append(Problem(self.source, f"{label} has no author name that could be read", line))

        comment = Comment(
            id=comment_id,
            parent=parent,
            author=author,
            author_url=author_url,
            date=date,
            date_precision=precision if date is not None else PRECISION_NONE,
            html=html,
            status=HIDDEN if parts.moderated else VISIBLE,
            type=kind,
            scheme=scheme,
            by_post_author="bypostauthor" in parts.classes,
            sources=[self.source],
            line=line,
        )
        self.seen[(scheme, comment_id)] = comment
        self.comments.append(comment)
        if depth is not None:
            self.last_at_depth[depth] = comment_id
            for deeper in [d for d in self.last_at_depth if d > depth]:
                del self.last_at_depth[deeper]
        return comment, parts.nested


# --------------------------------------------------------------------------- swallowed comments


def _comments_inside(body: Tag) -> list[Tag]:
    """The outermost elements with a comment id (``comment-N``) inside a comment's body.

    Never enters one it found, so a chain of comments each nested in the last is walked once.
    """
    found: list[Tag] = []
    stack = [iter(body.contents)]
    while stack:
        for node in stack[-1]:
            if not isinstance(node, Tag):
                continue
            if "id" in node.attrs and _number(node) is not None and _is_comment_start(node, _classes(node)):
                found.append(node)
                continue
            if node.contents:
                stack.append(iter(node.contents))
                break
        else:
            stack.pop()
    return found


# Elements whose content the parser reads as text, not markup: one left open in a comment body
# (``<script src=…``, ``<style>``, ``<textarea>``) takes the rest of the page as its text.
_SWALLOWING = frozenset({"script", "style", "textarea", "title", "xmp", "plaintext", "iframe", "noembed",
                         "noframes", "noscript"})
_PAGE_END_RE = re.compile(r"</(?:body|html)\s*>", re.IGNORECASE)


def _swallowed(soup: BeautifulSoup, anywhere: bool = False) -> list[tuple[NavigableString, str | None, str]]:
    """Text nodes holding comment markup that a browser would not show either.

    An unclosed ``<!--``, ``<script>``, ``<style>``, ``<textarea>`` … in a comment's body makes
    the rest of the page its text, later comments included.  Such a node counts when it sits
    inside a comment, or runs to the end of the page; a page's own script that merely writes
    comment markup (in ``<head>``, closed) does not.  In text already swallowed (``anywhere``),
    any such node counts.  Returns ``(node, comment id around it, what swallowed it)``.
    """
    found = []
    for node in soup.find_all(string=_FIRST_COMMENT_RE):
        parent = node.parent
        if isinstance(node, HtmlComment):
            what = "<!--"
        elif parent is not None and parent.name in _SWALLOWING:
            what = f"<{parent.name}>"
        else:
            continue
        holder = next((a for a in node.parents if isinstance(a, Tag) and _is_comment_start(a, _classes(a))), None)
        if holder is None and not anywhere and not _PAGE_END_RE.search(node):
            continue
        found.append((node, _number(holder) if holder is not None else None, what))
    return found


# In swallowed text, the elements and comments that swallow, made harmless unknown elements: the
# text is then read in one pass, whatever is left open in it (reading it again and again, each
# time to the end, would take quadratic time on a page with an unclosed <script> per comment).
_SWALLOWING_TAG_RE = re.compile(
    r"<(/?)(script|style|textarea|title|xmp|plaintext|iframe|noembed|noframes|noscript)\b", re.IGNORECASE
)


def _neutralized(text: str) -> str:
    text = _SWALLOWING_TAG_RE.sub(lambda m: f"<{m.group(1)}x-{m.group(2)}", text)
    return text.replace("<!--", "<x-c>").replace("-->", "</x-c>")


def _read_swallowed(swallowed, reader: "_Reader", source: str, problems: list[Problem]) -> None:
    """Read the comments inside swallowed text, each stretch once."""
    for node, holder, what in swallowed:
        already = len(reader.comments)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fragment = BeautifulSoup(_neutralized(str(node)), "lxml")
        reader.walk(fragment)
        found = reader.comments[already:]
        if not found:
            continue
        first = min((c.line for c in found if c.line), default=None)
        inside = f" in comment {holder}" if holder else ""
        problems.append(Problem(
            source,
            f"{len(found)} comment(s) were hidden by an unclosed {what}{inside}: the page's markup made "
            "them text (a browser would not have shown them either); they were read anyway, at the top "
            "level where their place in the thread was lost",
            first,
        ))


# --------------------------------------------------------------------------- URL and title

_SAVED_FROM_RE = re.compile(r"<!--\s*saved from url=\(\d+\)\s*(\S+?)\s*-->", re.IGNORECASE)
_COMMENT_PAGE_RE = re.compile(r"/comment-page-\d+/?(?=$|[?#])", re.IGNORECASE)
_DROP_QUERY = frozenset({"replytocom", "cpage", "unapproved", "moderation-hash"})


def page_url(url: str | None) -> str | None:
    """A page's original URL in the form every capture of it shares.

    Wayback wrapper, fragment, ``comment-page-N/`` and reply/paging query parameters removed.
    """
    if not url:
        return None
    url = wayback.unwrap_url(url.strip())
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    # ".../post/comment-page-2/" -> ".../post/"; ".../post/comment-page-2" -> ".../post" (no-slash permalinks)
    path = _COMMENT_PAGE_RE.sub(lambda m: "/" if m.group(0).endswith("/") else "", parts.path)
    query = parts.query
    if query:
        pairs = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k.lower() not in _DROP_QUERY]
        query = urlencode(pairs)
    netloc = parts.netloc
    lowered = netloc.lower()
    if parts.scheme == "http" and lowered.endswith(":80"):
        netloc = netloc[:-3]
    elif parts.scheme == "https" and lowered.endswith(":443"):
        netloc = netloc[:-4]
    return urlunsplit((parts.scheme, netloc, path, query, ""))


def _head_info(soup: BeautifulSoup) -> tuple[str | None, str | None]:
    """(canonical link or og:url, og:title or <title>) as the page gives them."""
    canonical = og_url = og_title = title = None
    head = soup.head
    if head is None:
        return None, None
    for el in head.descendants:
        if not isinstance(el, Tag):
            continue
        if el.name == "link":
            if canonical is None and "canonical" in _tokens(el.get("rel")) and el.get("href"):
                canonical = el.get("href")
        elif el.name == "meta":
            prop = (el.get("property") or el.get("name") or "").lower()
            if prop == "og:url" and og_url is None and el.get("content"):
                og_url = el.get("content")
            elif prop == "og:title" and og_title is None and el.get("content"):
                og_title = el.get("content")
        elif el.name == "title" and title is None:
            title = el.get_text()
    name = og_title or title
    name = _WS_RE.sub(" ", name).strip() if name else None
    return canonical or og_url, name or None


# --------------------------------------------------------------------------- parse

_LOOKED_FOR = (
    "elements with the class comment, pingback or trackback, ids comment-N / li-comment-N / "
    "div-comment-N, or schema.org Comment microdata, outside sidebars, widgets, forms and navigation"
)


def _not_html(data: bytes, text: str | None) -> str | None:
    """Why the bytes are not an HTML page, or None when they may be one."""
    head = data[:8192]
    if not data.strip():
        return "the file is empty"
    if detect(head):
        return None
    sample = head.lstrip(b"\xef\xbb\xbf")
    if b"\x00" in sample and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "not an HTML page (binary data)"
    if text is None:
        return "not an HTML page (the bytes could not be decoded as text)"
    first = _first_element(text[:8192])
    if first is not None and (first in _XML_ROOTS or ":" in first):
        return f"not an HTML page (an XML document with a <{first}> root)"
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\r\n\t\f")
    if controls > len(text[:4096]) // 20:
        return "not an HTML page (binary data)"
    if not re.search(r"<[a-zA-Z!/]", text[:65536]):
        return "not an HTML page (no HTML tags)"
    return None  # a fragment of HTML: read it


_HEAD_END_RE = re.compile(r"</head\s*>", re.IGNORECASE)
_END_RE = re.compile(r"</(?:html|body)\s*>", re.IGNORECASE)
_SECTION_START_RE = re.compile(
    r"<(?:div|section|ol|ul|aside)\b[^>]*?(?:\bid\s*=\s*[\"']?(?:comments|thecomments|commentlist)[\"'\s>]"
    r"|\bclass\s*=\s*[\"'][^\"']*?(?<![\w-])(?:comments-area|commentlist|comment-list|wp-block-comments"
    r"|entry-comments|entry-pings)(?![\w-]))",
    re.IGNORECASE,
)
_FIRST_COMMENT_RE = re.compile(
    r"<[a-z]+\b[^>]*?(?:\bid\s*=\s*[\"']?(?:li-|div-)?comment-\d"
    r"|\bclass\s*=\s*[\"'][^\"']*?(?<![\w-])(?:comment|pingback|trackback)(?![\w-])"
    r"|\bitemtype\s*=\s*[\"'][^\"']*schema\.org/(?:User)?Comment)",
    re.IGNORECASE,
)


def _comment_region(text: str) -> str:
    """The page cut down to its head and everything from the comment section on.

    Building the tree is most of the cost, and the header, navigation and the article itself come
    before the comments in every theme; nothing with comment markup is ever cut (the cut is made
    before the first element that looks like a comment or a comment section).
    """
    head = _HEAD_END_RE.search(text)
    if head is None:
        return text
    starts = [m.start() for m in (_SECTION_START_RE.search(text, head.end()),
                                   _FIRST_COMMENT_RE.search(text, head.end())) if m is not None]
    if not starts:
        return text
    cut = min(starts)
    if cut - head.end() < 2048:  # nothing worth cutting
        return text
    return text[: head.end()] + "<body>" + text[cut:]


def decode(data: bytes) -> str | None:
    """A saved page's bytes as text (its declared or detected charset), None when undecodable."""
    dammit = UnicodeDammit(data, is_html=True)
    return dammit.unicode_markup


def unwrap_capture(text: str) -> tuple[str, str | None]:
    """(the page as its own site served it, the capture's original URL or None).

    For a Wayback capture: the archive's toolbar and scripts removed and every
    ``web.archive.org/web/<timestamp>/`` URL unwrapped; any other page unchanged.
    """
    if not wayback.is_capture(text):
        return text, None
    original = wayback.original_url(text)  # named by the archive's scripts, removed next
    return wayback.unwrap_all(wayback.strip_archive_additions(text)), original


def parse(data: bytes, source: str, context: ParseContext | None = None) -> ParseResult:
    """Every comment in one saved page: one ``SourceThread`` (or none when the file is no HTML page)."""
    context = context or ParseContext()
    result = ParseResult()
    reader = None
    thread = None
    try:
        data = bytes(data or b"")
        text = decode(data) if data.strip() else None
        why = _not_html(data, text)
        if why is not None or text is None:
            result.problems.append(Problem(source, why or "not an HTML page"))
            return result

        text, original = unwrap_capture(text)

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            soup = BeautifulSoup(_comment_region(text), "lxml")

        url, title = _head_info(soup)
        if not url:
            url = original
        if not url:
            match = _SAVED_FROM_RE.search(text, 0, 10000)
            url = match.group(1) if match else None
        url = page_url(url)
        thread = SourceThread(url=url, title=title, comments=[], source=source)
        result.threads.append(thread)

        reader = _Reader(text, source, context, result.problems)
        before = len(result.problems)
        reader.walk(soup)
        if reader.unread_ids() and _swallowed(soup):
            # Read a fresh tree again without the text that swallowed comments (reading takes
            # comments out of the bodies they sat in), then read that text as pages of their own.
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                soup = BeautifulSoup(_comment_region(text), "lxml")
            swallowed = _swallowed(soup)
            if swallowed:
                del result.problems[before:]
                reader = _Reader(text, source, context, result.problems)
                for node, _, _ in swallowed:
                    node.extract()
                reader.walk(soup)
                _read_swallowed(swallowed, reader, source, result.problems)
        thread.comments = reader.comments

        if not reader.comments:
            if reader.section_seen:
                result.problems.append(Problem(
                    source,
                    "the page has a comment section but no comments could be read from it; if comments "
                    "are visible in this page, its theme's markup is not supported yet",
                ))
            else:
                extra = (" (the page embeds Disqus, whose comments are not in the saved page: import the "
                         "Disqus export instead)") if reader.disqus_seen else ""
                result.problems.append(Problem(
                    source,
                    f"no comment section found (looked for {_LOOKED_FOR}); if this page has comments, "
                    f"its theme's markup is not supported yet{extra}",
                ))
        if not _END_RE.search(text, max(0, len(text) - 65536)):
            last = text.count("\n") + 1
            result.problems.append(Problem(
                source,
                f"the page ends at line {last} without </html>: the file looks cut off; comments after that "
                f"point are missing and the last one read ({reader.comments[-1].id if reader.comments else 'none'})"
                " may be incomplete — save the page again if you can",
                last,
            ))
        if url is None:
            result.problems.append(Problem(
                source,
                "the page's original URL is unknown (no canonical link, og:url, Wayback original or "
                "'saved from url' comment)",
            ))
    except Exception as exc:  # never raise for bad input: report and keep what was read
        result.problems.append(Problem(source, f"could not read the page: {type(exc).__name__}: {exc}"))
        if thread is not None and reader is not None:
            thread.comments = reader.comments
    return result
