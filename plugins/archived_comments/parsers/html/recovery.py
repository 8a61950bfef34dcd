"""Recovery from broken markup: comments that an unclosed element hid or swallowed.

Two ways a page's markup loses comments: an element left open in one comment's body makes the
comments after it children of that body (they are found there and read at the top level), and
an unclosed ``<!--``, ``<script>``, ``<style>``, ``<textarea>`` … makes the rest of the page its
text (that text is read again as markup of its own, with the swallowing elements made inert).
Each recovery is reported with the comments it concerns.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag
from bs4.element import Comment as HtmlComment
from bs4.element import NavigableString

from ...model import Problem
from .sniff import FIRST_COMMENT_RE
from .tree import page_tree
from .vocabulary import (
    SECTION_CLASSES,
    SECTION_IDS,
    SKIP_CLASSES,
    SKIP_IDS,
    SKIP_TAGS,
    classes_of,
    is_comment_start,
    number,
)


def comments_inside(body: Tag) -> list[Tag]:
    """The outermost elements with a comment id (``comment-N``) inside a comment's body.

    Never enters one it found, so a chain of comments each nested in the last is walked once.
    """
    found: list[Tag] = []
    stack = [iter(body.contents)]
    while stack:
        for node in stack[-1]:
            if not isinstance(node, Tag):
                continue
            if "id" in node.attrs and number(node) is not None and is_comment_start(node, classes_of(node)):
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


def swallowed_text(soup: BeautifulSoup, anywhere: bool = False) -> list[tuple[NavigableString, str | None, str]]:
    """Text nodes holding comment markup that a browser would not show either.

    An unclosed ``<!--``, ``<script>``, ``<style>``, ``<textarea>`` … in a comment's body makes
    the rest of the page its text, later comments included.  Such a node counts when it sits
    inside a comment, or runs to the end of the page; a page's own script that merely writes
    comment markup (in ``<head>``, closed) does not.  In text already swallowed (``anywhere``),
    any such node counts.  Returns ``(node, comment id around it, what swallowed it)``.
    """
    found = []
    for node in soup.find_all(string=FIRST_COMMENT_RE):
        parent = node.parent
        if isinstance(node, HtmlComment):
            what = "<!--"
        elif parent is not None and parent.name in _SWALLOWING:
            what = f"<{parent.name}>"
        else:
            continue
        holder = next((a for a in node.parents if isinstance(a, Tag) and is_comment_start(a, classes_of(a))), None)
        if holder is None and not anywhere and not _PAGE_END_RE.search(node) and not _in_section(node):
            continue
        found.append((node, number(holder) if holder is not None else None, what))
    return found


def _in_section(node) -> bool:
    """Inside the comment list itself: no theme puts a script there that writes comment markup."""
    for a in node.parents:
        if isinstance(a, Tag) and a.name in ("ol", "ul", "dl", "div", "section"):
            value = a.attrs.get("id")
            classes = classes_of(a)
            if (value and value in SECTION_IDS) or (classes and not SECTION_CLASSES.isdisjoint(classes)):
                return True
    return False


# In swallowed text, the elements and comments that swallow, made harmless unknown elements: the
# text is then read in one pass, whatever is left open in it (reading it again and again, each
# time to the end, would take quadratic time on a page with an unclosed <script> per comment).
_SWALLOWING_TAG_RE = re.compile(
    r"<(/?)(script|style|textarea|title|xmp|plaintext|iframe|noembed|noframes|noscript)\b", re.IGNORECASE
)


def _neutralized(text: str) -> str:
    text = _SWALLOWING_TAG_RE.sub(lambda m: f"<{m.group(1)}x-{m.group(2)}", text)
    return text.replace("<!--", "<x-c>").replace("-->", "</x-c>")


def read_swallowed(swallowed, reader, source: str, problems: list[Problem]) -> None:
    """Read the comments inside swallowed text, each stretch once."""
    for node, holder, what in swallowed:
        already = len(reader.comments)
        fragment = page_tree(_neutralized(str(node)))
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



# --------------------------------------------------------------------------- what the tree lost

_ID_AT_RE = re.compile(r"(?<![\w-])id\s*=\s*[\"']?(?:li-|div-)?comment-(\d+)\b", re.IGNORECASE)
_MAX_SEGMENT = 200_000  # one comment's markup; more is the rest of a broken page, not one comment


def unread_segments(text: str, unread: set[str]) -> list[tuple[str, str]]:
    """``(id, markup)`` for each comment the tree lost: from its element's ``<`` to the next comment's.

    Markup left open before a comment (an unterminated attribute quote, ``<script/1='``, foreign
    content) can make every later comment part of something else; the file's text still holds
    each comment's own markup, which reads on its own.  Each stretch is read once, so the work is
    linear however many traps a page holds.
    """
    starts: list[tuple[int, str]] = []
    seen: set[str] = set()
    for match in _ID_AT_RE.finditer(text):
        key = match.group(1)
        if key in seen:
            continue
        seen.add(key)
        starts.append((max(text.rfind("<", 0, match.start()), 0), key))
    segments = []
    for index, (start, key) in enumerate(starts):
        if key in unread:
            end = starts[index + 1][0] if index + 1 < len(starts) else len(text)
            segments.append((key, text[start:min(end, start + _MAX_SEGMENT)]))
    return segments


# Elements whose content a browser puts out of the page's flow: comments the walker finds inside
# them were put there by markup left open, not by the theme.
_TAKERS = (SKIP_TAGS | {"math"}) - {"nav", "head"}


def _left_out_by_rule(el: Tag) -> bool:
    """Inside a part of the page the reader never reads on purpose (reply form, sidebar, widget)."""
    for a in el.parents:
        if not isinstance(a, Tag):
            continue
        if a.name in ("nav", "aside") or a.attrs.get("id") in SKIP_IDS:
            return True
        classes = classes_of(a)
        if classes and not SKIP_CLASSES.isdisjoint(classes):
            return True
    return False


def lost_ids(soup: BeautifulSoup, unread: set[str]) -> set[str]:
    """The unread ids that broken markup took: inside an attribute value, or inside foreign
    content or a form that was left open.  Ids of elements the reader leaves out on purpose (a
    sidebar's or widget's, a page script's closed string) are not lost: they are no comments.
    """
    lost = set()
    left_out = set()  # elements the reader skips by rule, and closed strings of the page's scripts
    for el in soup.find_all(True):
        attrs = el.attrs
        value = attrs.get("id")
        key = number(el) if value else None
        if key in unread:
            # An id on an element no comment is (<script src=… <li id=comment-N> merges the two
            # tags), or on a comment inside foreign content or a form: taken by broken markup.
            taken = not is_comment_start(el, classes_of(el)) or any(
                a.name in _TAKERS for a in el.parents if isinstance(a, Tag))
            if taken and not _left_out_by_rule(el):
                lost.add(key)
            else:
                left_out.add(key)
            continue
        for name, attr in attrs.items():
            if name != "id" and isinstance(attr, str) and "comment-" in attr:
                lost.update(k for k in _ID_AT_RE.findall(attr) if k in unread)
    for node in soup.find_all(string=_ID_AT_RE):
        left_out.update(k for k in _ID_AT_RE.findall(str(node)) if k in unread and k not in lost)
    # What is nowhere in the tree was dropped by the parser with the broken tag that ate it.
    return lost | (unread - left_out)


def read_unread(text: str, soup: BeautifulSoup, reader, source: str, problems: list[Problem]) -> None:
    """Read again, each on its own, the comments whose ids the file holds but the tree lost.

    What is read is reported (its place in the thread is lost); what still cannot be read is named,
    id by id: a comment is never lost without a word.
    """
    unread = reader.unread_ids()
    if not unread:
        return
    unread = lost_ids(soup, unread)
    if not unread:
        return
    found = []
    for key, segment in unread_segments(text, unread):
        already = len(reader.comments)
        fragment = page_tree(_neutralized(segment))
        reader.walk(fragment)
        found.extend(c for c in reader.comments[already:])
    if found:
        ids = [c.id for c in found]
        problems.append(Problem(
            source,
            f"{len(found)} comment(s) ({', '.join(ids[:5])}{', …' if len(ids) > 5 else ''}) were lost to "
            "the page's broken markup (an element, attribute or foreign content left open before them) "
            "and were read again from the file's text, each on its own, with their text made inert; "
            "their place in the thread was lost",
            min((c.line for c in found if c.line), default=None),
        ))
    still = sorted(reader.unread_ids() & unread, key=int)
    if still:
        problems.append(Problem(
            source,
            f"{len(still)} comment(s) whose ids the page's markup holds could not be read at all "
            f"(ids {', '.join(still[:20])}{', …' if len(still) > 20 else ''}); they are not on the site — "
            "open the page in a browser and check whether they are real comments",
            reader.line_of(still[0]),
        ))
