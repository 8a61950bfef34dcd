"""A comment's text where the theme gives it no body element: what is left of the comment's box once
its name, date, reply link, widgets and replies are out, and the header's loose words before the first
paragraph too."""

from __future__ import annotations

import re

from bs4 import Tag
from bs4.element import NavigableString

from .serialize import inner_html, serialize
from .vocabulary import SKIP_TAGS, classes_of, is_widget

# What opens a mention's text and is none of it: its label ("Pingback:"), or the separator a list of
# pingbacks prints between the title link and the excerpt ("<a>TITLE</a> - […] … […]").
_PING_LABEL_RE = re.compile(r"^\s*(?:(?:pingback|trackback)\s*:?|[-–—|·:](?=\s))\s*", re.IGNORECASE)


def holders(parts: list[Tag], root: Tag) -> set[int]:
    """The ``id()`` of every element that holds one of ``parts``, up to ``root``."""
    found: set[int] = set()
    for el in parts:
        node = el.parent
        while node is not None and node is not root and id(node) not in found:
            found.add(id(node))
            node = node.parent
    return found


def fallback_body(box: Tag, excluded: list[Tag], holder_ids: set[int], is_ping: bool, header: tuple = (),
                  entered: frozenset[int] = frozenset()) -> str:
    """The box's content that is no author, date, reply or meta part (``holder_ids``: what holds one).

    What stands between the header parts ("says:", a ``<br>``) is not body either: the body starts
    after the last part that comes before the first remaining element.  A child that holds a part
    and the text too (``<div class=content><header>…</header><p>text</p></div>``) is entered, not
    dropped: only what is left once its parts are out is kept.  The name and the date (``header``) end
    the header wherever they stand before the first paragraph: the loose words around them
    ("Kommentar <small>von</small> <cite>NAME</cite> <br> <small>DATE</small>") are no text.
    ``entered``: the theme parts that hold the text as well (``holds_text``), by ``id()``; they are
    entered like any holder, and what they hold before their first block is their own header.
    """
    excluded_ids = {id(el) for el in excluded}
    header_ids = set()
    for el in header:  # the name and the date, and what holds them up to the box
        node = el
        while node is not None and node is not box:
            header_ids.add(id(node))
            node = node.parent
    holder_ids = holder_ids | entered
    kept = _kept(box, excluded_ids, holder_ids, nested=False, header_ids=header_ids, entered=entered)
    tags = [c for c in kept if isinstance(c, Tag)]
    if len(tags) == 1 and tags[0].name in ("div", "section") and all(
        isinstance(c, Tag) or not c.strip() for c in kept
    ):
        return inner_html(tags[0])
    out: list[str] = []
    serialize(kept, out)
    html = "".join(out).strip()
    if is_ping:
        html = _PING_LABEL_RE.sub("", html).strip()
    return html


def _kept(container: Tag, excluded_ids: set[int], holder_ids: set[int], nested: bool,
          header_ids: frozenset | set = frozenset(), entered: frozenset[int] = frozenset(),
          lead: bool = False) -> list:
    """The nodes of ``container`` that are body, parts and header left out, holders entered.

    ``lead``: ``container`` is a theme part that holds the text too: its inline content before the first
    block ("<div class=comment_meta>5 марта 2016 в 19:20 <span>NAME</span> <p>…") is its header.
    """
    children = container.contents
    start = 0
    if lead:
        for index, child in enumerate(children):
            if isinstance(child, Tag) and (child.name in _BLOCKS or id(child) in holder_ids
                                           and child.find(_BLOCKS) is not None):
                break
            start = index + 1
    if header_ids:
        for index, child in enumerate(children):
            if isinstance(child, Tag):
                if id(child) in header_ids:
                    if id(child) not in excluded_ids and child.find(_BLOCKS) is not None:
                        break  # it holds the text too: entered below
                    start = index + 1
                elif child.name in _BLOCKS and id(child) not in excluded_ids and id(child) not in holder_ids:
                    break
    inside: dict[int, list] = {}
    for index, child in enumerate(children[start:], start):
        if isinstance(child, Tag):
            key = id(child)
            if key in excluded_ids:
                start = index + 1
            elif is_widget(child, classes_of(child)):
                continue  # a star rating before the meta line: serialize() leaves it out, it ends nothing
            elif key in holder_ids:
                inner = inside[key] = _kept(child, excluded_ids, holder_ids, True, entered=entered,
                                            lead=key in entered)
                if not _has_content(inner):
                    start = index + 1  # a header wrapper: avatar, name, "says:"
                else:
                    break
            elif child.name != "br" and child.name not in SKIP_TAGS:
                break
        elif nested and start and type(child) is NavigableString:
            start = index + 1  # loose header text inside a wrapper ("<br> März 7, 2018")
    kept = []
    for child in children[start:]:
        if isinstance(child, Tag):
            key = id(child)
            if key in excluded_ids or child.name in SKIP_TAGS:
                continue
            if key in holder_ids:
                inner = inside[key] if key in inside else _kept(child, excluded_ids, holder_ids, True,
                                                                entered=entered, lead=key in entered)
                if not all(map(_is_separator, inner)):
                    kept.extend(inner)
                # else a byline block ("NAME <span class=middot>·</span> DATE") is meta as a whole
                continue
            kept.append(child)
        elif type(child) is NavigableString:
            kept.append(child)
    while kept and _is_separator(kept[-1]):
        kept.pop()  # what a byline left after the text: "<span>·</span>", " | "
    return kept


def _is_separator(node) -> bool:
    """Whether a node is whitespace or a separator a theme prints between a name and a date ("·", "|",
    " / ", "—"), and nothing else (a commenter's ":-)" or "…" on a line of its own is no separator)."""
    if isinstance(node, Tag):
        if node.name in _BLOCKS or node.name in _MEDIA or node.find(_MEDIA) is not None:
            return False
        node = node.get_text()
    elif type(node) is not NavigableString:
        return False  # an HTML comment: serialize() decides
    return _SEPARATOR_CHARS.issuperset(node)


_BLOCKS = frozenset({"p", "div", "section", "blockquote", "ul", "ol", "pre", "table", "dl", "figure"})
_SEPARATOR_CHARS = frozenset(" \t\n\r\xa0\u2009\u202f·•|/—–-:,;@")
_MEDIA = frozenset({"img", "picture", "video", "audio", "iframe", "object", "embed", "svg", "canvas"})


def _has_content(nodes: list) -> bool:
    """Whether what a wrapper holds besides its parts is text: a block with words in it.  Inline
    leftovers (a permalink's "#", a time link, a "Profile" link) are what is left of a header."""
    return any(isinstance(n, Tag) and n.name in _BLOCKS and n.get_text(strip=True) for n in nodes)


def holds_text(part: Tag, part_ids: set[int], holder_ids: set[int], is_header) -> bool:
    """Whether a theme part that would be left out whole (a meta block, an author box) holds the
    commenter's text as well, and must be entered instead: it holds a block with words (``<p>``,
    ``div.comment-body``) that is no part itself, holds none (``holder_ids``: what holds a part), and is
    no header text (``is_header(text)``: the name, the date, a "says:").

    ``<div class="comment-meta commentmetadata"><div class=comment_date>…</div><div class=comment_author>
    …</div><div class=comment-body><p>…</p></div></div>``: a theme that put the text in its meta block.
    """
    stack = [iter(part.contents)]
    while stack:
        for child in stack[-1]:
            if not isinstance(child, Tag) or id(child) in part_ids or child.name in SKIP_TAGS:
                continue
            if child.name in _BLOCKS and id(child) not in holder_ids:
                text = child.get_text(" ", strip=True)
                if any(ch.isalnum() for ch in text) and not is_header(text):
                    return True
                continue
            if child.contents:
                stack.append(iter(child.contents))
                break
        else:
            stack.pop()
    return False


def body_html(body: Tag, skip_ids: frozenset[int], is_ping: bool) -> str:
    html = inner_html(body, skip_ids)
    return _PING_LABEL_RE.sub("", html).strip() if is_ping else html
