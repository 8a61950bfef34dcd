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

Whether an element says nothing of comments is first read off the page's lines (``marked_lines``): libxml2
keeps the page's order and numbers each element's line, so an element whose lines hold no mark holds none,
and goes without being written out to look; an element with a mark well inside its lines is kept as one that
mentions comments.  Only where the lines cannot tell (a mark on a line it shares with a neighbour: a page on a
few lines) is it written out.  Parsing 20 pages of the 400-post bench site: 1,391 M -> 1,355 M instructions
(-2.6%); the elements kept are those kept by writing each one out, and 0.4% more (191 saved pages).
"""

from __future__ import annotations

import re
from bisect import bisect_left

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


# libxml2 numbers lines up to this one, and gives it to every element on a later line.
_LAST_LINE = 65535
_NO_LINE = float("inf")


def marked_lines(lowered: str) -> list[int]:
    """The lines (from 1, counted by line feeds, as libxml2 counts them) of the lower-cased text that hold
    a mark, or a numeric character reference (which may spell one: "&#99;omment"), in order."""
    # Line by line, a plain search for each of ``_MARKS`` written out: a pattern of them all over the whole
    # text was 6 times slower, one per line or ``any`` over ``_MARKS`` twice as slow (tests/test_parser_outline.py
    # checks that every one of ``_MARKS`` is searched).
    return [number for number, line in enumerate(lowered.split("\n"), 1)
            if "comment" in line or "&#" in line or "pingback" in line or "trackback" in line
            or "disqus" in line or "-comm-" in line]


def _line(node) -> int | None:
    """libxml2's line for the node: where an element's start tag ends, where a comment ends (None: unknown)."""
    line = node.sourceline
    return line if line is not None and line < _LAST_LINE else None


def _first_line(el, parent_line) -> int:
    """A line the element cannot start before: that of the last node before it in the page (the previous
    sibling's last descendant), else its parent's.  libxml2 keeps the page's order in its tree."""
    node = el.getprevious()
    if node is None:
        return parent_line
    while isinstance(node.tag, str) and len(node):
        node = node[-1]
    line = node.sourceline  # libxml2's last line is a lower bound still
    return line if line is not None else parent_line


def _lines_say(lines: list[int], first, last) -> bool | None:
    """From the marked lines alone: False where no line from ``first`` to ``last`` holds a mark (the element
    between them holds none), True where one strictly between does (then it most likely is the element's),
    None where only the first or the last does, which the element may share with its neighbours."""
    at = bisect_left(lines, first)
    if at == len(lines) or lines[at] > last:
        return False
    if lines[at] == first:
        at += 1
    return True if at < len(lines) and lines[at] < last else None


def _starts_comment(el) -> bool:
    """A comment starts here (the vocabulary's marks, in any case: a superset of what the reader takes)."""
    # el.get, not el.attrib.get: the attrib proxy lxml makes at each call doubled the cost of the lookups.
    classes = el.get("class")
    if classes and not _COMMENT_CLASSES.isdisjoint(classes.lower().split()):
        return True
    value = el.get("id")
    if value and ID_RE.match(value.strip()):
        return True
    itemtype = el.get("itemtype")
    return bool(itemtype and "schema.org/" in itemtype.lower() and "comment" in itemtype.lower())


def _is_section(el) -> bool:
    classes = el.get("class")
    if classes and not _SECTION_CLASSES.isdisjoint(classes.lower().split()):
        return True
    value = el.get("id")
    return bool(value and value.strip().lower() in _SECTION_IDS)


def _read_for_identity(el) -> bool:
    """What the page's identity and save time are read from (``wparchive.pages.identity``, ``saved_time``,
    in the head; kept wherever they stand, which costs nothing): the title, the meta tags, the canonical
    link.  Everything else in the head (scripts, styles, other links: most of a WordPress head) goes by
    the rule of the rest of the page."""
    tag = el.tag
    if tag in ("title", "meta"):
        return True
    return tag == "link" and "canonical" in (el.get("rel") or "").lower().split()


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


def prune(root, lines: list[int] | None = None) -> None:
    """Take out of lxml's tree the elements that hold nothing of comments.

    ``lines``: ``marked_lines`` of the text the tree was parsed from.  Then an element is first judged by
    its lines, from the last node before it to the next node after it (or its parent's last line): no mark
    there, and it holds none, so it goes without being written out to look; a mark on a line strictly
    between, and it is kept and looked into, as one that mentions comments is (should the mark not be its
    own, what it keeps says nothing of comments: the same comments are read, at the cost of reading it).
    Only where marks stand on its first or last line alone (a page on a few lines) is it written out to
    look, as without ``lines``."""
    pending = [(root, _line(root) or 1, _NO_LINE)]
    while pending:
        el, parent_first, parent_last = pending.pop()
        children = [child for child in el if isinstance(child.tag, str)]
        if any(_starts_comment(child) for child in children):
            continue  # a level that holds comments is kept as it is
        # Every child's lines before any is taken out: once a sibling is out, the node before the next one
        # is an earlier one, and its line a looser bound.
        bounds = []
        if lines is not None:
            own = el.sourceline or parent_first  # where its start tag ends: before its first child
            for child in children:
                following = child.getnext()
                last = (_line(following) or _NO_LINE) if following is not None else parent_last
                bounds.append((_first_line(child, own), last))
        for index, child in enumerate(children):
            first, last = bounds[index] if bounds else (1, _NO_LINE)
            if child.tag == "head" or _is_section(child):
                pending.append((child, first, last))  # kept, and looked into: the head's scripts, a section's form say nothing
                continue
            said = _lines_say(lines, first, last) if lines is not None else None
            if said is None:
                said = _mentions_comments(child)
            if said:
                pending.append((child, first, last))
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
    prune(root, marked_lines(region.lower()))
    return replayed_tree(root)
