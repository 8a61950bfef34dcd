"""A comment's text where the theme gives it no body element: what is left of the comment's box once
its name, date, reply link, widgets and replies are out, and the header's loose words before the first
paragraph too."""

from __future__ import annotations

import re

from bs4 import Tag
from bs4.element import NavigableString

from .serialize import inner_html, serialize
from .vocabulary import SKIP_TAGS, classes_of, is_widget

_PING_LABEL_RE = re.compile(r"^\s*(?:pingback|trackback)\s*:?\s*", re.IGNORECASE)


def fallback_body(box: Tag, excluded: list[Tag], root: Tag, is_ping: bool, header: tuple = ()) -> str:
    """The box's content that is no author, date, reply or meta part.

    What stands between the header parts ("says:", a ``<br>``) is not body either: the body starts
    after the last part that comes before the first remaining element.  A child that holds a part
    and the text too (``<div class=content><header>…</header><p>text</p></div>``) is entered, not
    dropped: only what is left once its parts are out is kept.  The name and the date (``header``) end
    the header wherever they stand before the first paragraph: the loose words around them
    ("Kommentar <small>von</small> <cite>NAME</cite> <br> <small>DATE</small>") are no text.
    """
    excluded_ids = {id(el) for el in excluded}
    header_ids = set()
    for el in header:  # the name and the date, and what holds them up to the box
        node = el
        while node is not None and node is not box and node is not root:
            header_ids.add(id(node))
            node = node.parent
    holder_ids = set()
    for el in excluded:
        node = el.parent
        while node is not None and node is not box and node is not root:
            holder_ids.add(id(node))
            node = node.parent
    kept = _kept(box, excluded_ids, holder_ids, nested=False, header_ids=header_ids)
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
          header_ids: frozenset | set = frozenset()) -> list:
    """The nodes of ``container`` that are body, parts and header left out, holders entered."""
    children = container.contents
    start = 0
    if header_ids:
        for index, child in enumerate(children):
            if isinstance(child, Tag):
                if id(child) in header_ids:
                    if id(child) not in excluded_ids and child.find(_BLOCKS) is not None:
                        break  # it holds the text too: entered below
                    start = index + 1
                elif child.name in _BLOCKS and id(child) not in excluded_ids and id(child) not in holder_ids:
                    break
    entered: dict[int, list] = {}
    for index, child in enumerate(children):
        if index < start:
            continue
        if isinstance(child, Tag):
            key = id(child)
            if key in excluded_ids:
                start = index + 1
            elif is_widget(child, classes_of(child)):
                continue  # a star rating before the meta line: serialize() leaves it out, it ends nothing
            elif key in holder_ids:
                inner = entered[key] = _kept(child, excluded_ids, holder_ids, nested=True)
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
                kept.extend(entered[key] if key in entered else _kept(child, excluded_ids, holder_ids, True))
                continue
            kept.append(child)
        elif type(child) is NavigableString:
            kept.append(child)
    return kept


_BLOCKS = frozenset({"p", "div", "section", "blockquote", "ul", "ol", "pre", "table", "dl", "figure"})


def _has_content(nodes: list) -> bool:
    """Whether what a wrapper holds besides its parts is text: a block with words in it.  Inline
    leftovers (a permalink's "#", a time link, a "Profile" link) are what is left of a header."""
    return any(isinstance(n, Tag) and n.name in _BLOCKS and n.get_text(strip=True) for n in nodes)


def body_html(body: Tag, skip_ids: frozenset[int], is_ping: bool) -> str:
    html = inner_html(body, skip_ids)
    return _PING_LABEL_RE.sub("", html).strip() if is_ping else html
