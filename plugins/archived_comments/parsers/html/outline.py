"""The tree the comment reader walks: the comment region, less the parts of the page around the comments.

``comment_region`` cuts off what comes before the comment section in the text.  What comes after it
(sidebars, footers, scripts: half of a real page's region, often more) cannot be cut off in the text,
since where the section ends is known only once the page is parsed.  lxml builds its own tree of the
region in C at a tenth of BeautifulSoup's cost; the parts of that tree the reader has no use for are
taken out of it, and BeautifulSoup's tree is built from what is left (``tree.replayed_tree``).  Even
where there is little to take out, that is cheaper than BeautifulSoup reading the text itself: the
bench site's pages (``benchmarks/bench.py``, a comment list and little else), 7.4 -> 5.8 CPU s, the
median of three readings of all 667.

What the reader uses outside a comment is a comment (or a section) starting, and a few marks: the
section's ids and classes, Disqus's element, comment ids and comment markup in text (read again when
the markup broke), and in the head the title, the meta tags and the canonical link (the page's identity
and save time).  So an element is taken out only when it and everything in it says nothing of
comments: no attribute, text or HTML comment holding "comment", "pingback", "trackback", "disqus" or
wpDiscuz's "-comm-", in any case.  The head's scripts, styles and other links (most of a WordPress
head, a third of what is left of some pages) go by that rule like the rest; so do the parts of a
comment section around its list.  And nothing is taken out beside an element that starts a comment,
nor inside one: a comment's siblings (Thesis's ``<dd>`` text, a reply printed flat) and its own
parts stay as the page has them.
The text between elements stays too.  Comments read from the pruned tree are the same as from the
whole region (tests/test_parser_outline.py reads every page both ways).
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from lxml import etree

from .sniff import comment_region
from .tree import lxml_tree, page_tree, replayed_tree
from .vocabulary import COMMENT_CLASSES, ID_RE, SECTION_CLASSES, SECTION_IDS

_MARKS = ("comment", "pingback", "trackback", "disqus", "-comm-")
_COMMENT_CLASSES = frozenset(name.lower() for name in COMMENT_CLASSES)
_SECTION_CLASSES = frozenset(name.lower() for name in SECTION_CLASSES)
_SECTION_IDS = frozenset(name.lower() for name in SECTION_IDS)


def _mentions_comments(el) -> bool:
    """Whether the element, or anything in it (attributes, text, HTML comments), says something of comments."""
    markup = etree.tostring(el, encoding="unicode", with_tail=False).lower()
    return any(mark in markup for mark in _MARKS)


def _starts_comment(el) -> bool:
    """A comment starts here (the vocabulary's marks, in any case: a superset of what the reader takes)."""
    attrib = el.attrib
    classes = attrib.get("class")
    if classes and not _COMMENT_CLASSES.isdisjoint(classes.lower().split()):
        return True
    value = attrib.get("id")
    if value and ID_RE.match(value.strip()):
        return True
    itemtype = attrib.get("itemtype")
    return bool(itemtype and "schema.org/" in itemtype.lower() and "comment" in itemtype.lower())


def _is_section(el) -> bool:
    classes = el.attrib.get("class")
    if classes and not _SECTION_CLASSES.isdisjoint(classes.lower().split()):
        return True
    value = el.attrib.get("id")
    return bool(value and value.strip().lower() in _SECTION_IDS)


def _read_for_identity(el) -> bool:
    """What the page's identity and save time are read from (``wparchive.pages.identity``, ``saved_time``,
    in the head; kept wherever they stand, which costs nothing): the title, the meta tags, the canonical
    link.  Everything else in the head (scripts, styles, other links: most of a WordPress head) goes by
    the rule of the rest of the page."""
    tag = el.tag
    if tag in ("title", "meta"):
        return True
    return tag == "link" and "canonical" in (el.attrib.get("rel") or "").lower().split()


# What lxml's parser keeps in a page's text but its API refuses to set (ValueError: "All strings must
# be XML compatible"): C0 controls but tab, line feed and carriage return; surrogates; U+FFFE, U+FFFF.
_NOT_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _take_out(el) -> None:
    """Remove ``el`` and all it holds; the text after it stays where it was (without the characters
    lxml cannot set, which the sanitizer and the name cleaning take out of what is read anyway)."""
    parent = el.getparent()
    tail = el.tail
    if tail:
        before = el.getprevious()
        holder, field = (before, "tail") if before is not None else (parent, "text")
        text = (getattr(holder, field) or "") + tail
        try:
            setattr(holder, field, text)
        except ValueError:  # a stray control character pasted into the page
            setattr(holder, field, _NOT_XML_RE.sub("", text))
    parent.remove(el)


def prune(root) -> None:
    """Take out of lxml's tree the elements that hold nothing of comments."""
    pending = [root]
    while pending:
        el = pending.pop()
        children = [child for child in el if isinstance(child.tag, str)]
        if any(_starts_comment(child) for child in children):
            continue  # a level that holds comments is kept as it is
        for child in children:
            if child.tag == "head" or _is_section(child) or _mentions_comments(child):
                pending.append(child)  # kept, and looked into: the head's scripts, a section's form say nothing
            elif not _read_for_identity(child):
                _take_out(child)


def comment_tree(text: str, start: int | None = -1) -> BeautifulSoup:
    """BeautifulSoup's tree of the page's comment region, without the parts that hold nothing of comments
    (``start``: see ``sniff.comment_region``)."""
    region = comment_region(text, start)
    try:
        root = lxml_tree(region)
    except (etree.ParserError, ValueError, LookupError, UnicodeError):
        root = None
    if root is None:
        return page_tree(region)
    prune(root)
    return replayed_tree(root)
