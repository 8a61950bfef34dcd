"""One comment: its parts found in one walk, then its author and body chosen from them (its date: ``when``).

The walk over a comment's own elements (never into its replies or its body wrapper) collects
every candidate for each part with the rank its mark gives it (``vocabulary``); the choices are
made afterwards, so a theme that marks the name twice, or not at all, still reads right.  Where
a theme has no body wrapper, the body is what is left of the comment once author, date, reply
link, widgets and replies are taken away.
"""

from __future__ import annotations

import re

from bs4 import Tag
from bs4.element import NavigableString

from wparchive.pages import tokens

from .names import is_badge, is_name_like, name_after_date, name_before_date, name_text, rest_of, split_name
from .vocabulary import (
    ANCHOR_ID_RE,
    BODY_CLASSES,
    COMMENT_TAGS,
    SKIP_TAGS,
    WEAK_AUTHOR_TAGS,
    AuthorRank,
    DateRank,
    classes_and_roles,
    classes_of,
    is_comment_start,
    number,
    skip,
    text_of,
    visible_text,
    widget_link,
)

_ISO_RE = re.compile(r"^\s*\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}|\s*$)")
# Only a text with a digit is read as a date: one without is a "Reply", a name, a label far more
# often than a date ("yesterday" is the price of not sending every label to the date reader).
DATEISH_RE = re.compile(r"\d")
_MAX_NAME = 80


class Parts:
    """What the walk over one comment found, every candidate in document order."""

    __slots__ = ("number", "classes", "body", "authors", "first_text", "date_attrs", "date_texts",
                 "others", "nested", "moderated", "anchor_number", "date_seen", "date_partners")

    def __init__(self, number, classes):
        self.number = number
        self.classes = set(classes)
        self.body = None
        self.authors: list[tuple[int, Tag]] = []  # (AuthorRank, element)
        self.first_text = None  # the first element with text before the date
        self.date_seen = False
        self.date_attrs: list[tuple[str, Tag]] = []  # (ISO value of an attribute, element)
        self.date_texts: list[tuple[int, Tag]] = []  # (DateRank, element whose text is a date)
        self.others: list[Tag] = []  # reply links, avatars, edit links, widgets, reply lists: not body
        self.nested: list[Tag] = []  # roots of replies
        self.moderated = False
        self.anchor_number = None
        self.date_partners: list[Tag] = []  # the other half of a date printed in two elements (choose_date)


def find_box(root: Tag, number_: str | None) -> Tag:
    """The innermost element that holds the whole comment (``div#comment-N``, ``article.comment-body``)."""
    box = root
    while True:
        only = None
        for child in box.contents:
            if isinstance(child, Tag):
                classes = classes_of(child)
                if child.name in ("ol", "ul") or "children" in classes or child.name in SKIP_TAGS:
                    continue
                if not BODY_CLASSES.isdisjoint(classes):
                    return box
                if is_comment_start(child, classes):
                    child_number = number(child)
                    if child_number is not None and number_ is not None and child_number != number_:
                        continue  # a reply printed without a list around it
                if only is not None:
                    return box
                only = child
            elif type(child) is NavigableString and child.strip():
                return box
        if only is None:
            return box
        box = only


# The attributes ``_date_attribute`` reads a date from (or, with ``itemprop``, a ``content``).
_DATE_ATTRIBUTES = frozenset({"datetime", "itemprop", "title"})


def _date_attribute(el: Tag, name: str, classes) -> str | None:
    """An ISO date an element carries in an attribute (``datetime``, microdata ``content``, ``title``)."""
    attrs = el.attrs
    value = attrs.get("datetime")
    if value:
        return value
    if name == "meta" or "itemprop" in attrs:
        props = tokens(attrs.get("itemprop"))
        if "datepublished" in props or "datecreated" in props:
            return attrs.get("content") or None
    title = attrs.get("title")
    if title and (_ISO_RE.match(title) or (name == "abbr" and "published" in classes)):
        return title
    return None


def walk_comment(root: Tag, parts: Parts) -> None:
    """Collect the parts of the comment rooted at ``root``; replies are noted, not entered."""
    # (children, inside a list of replies, inside the author block, inside a reply/edit/meta part)
    stack = [(iter(root.contents), False, False, False)]
    while stack:
        children, in_list, in_author, in_other = stack[-1]
        for el in children:
            if not isinstance(el, Tag):
                continue
            classes, roles = classes_and_roles(el)
            name = el.name
            if roles is not None and roles.widget or name == "a" and widget_link(el):
                continue  # never text: serialize() leaves it out wherever it stands
            if skip(el, classes, roles):
                parts.others.append(el)
                continue
            if name in COMMENT_TAGS and is_comment_start(el, classes):
                el_number = number(el)
                if parts.number is not None and el_number is not None and el_number != parts.number:
                    parts.nested.append(el)  # another comment: a reply
                    continue
                if in_list and (el_number is None or parts.number is None):
                    parts.nested.append(el)
                    continue
                if parts.number is None:  # li.comment > article#comment-N: the same comment
                    parts.number = el_number
                parts.classes.update(classes)
            child_in_list = in_list or name in ("ol", "ul", "dl")
            child_in_author = in_author
            child_in_other = in_other
            is_date = False
            if roles is not None:
                if roles.children:
                    parts.others.append(el)
                    child_in_list = True
                if roles.body and not _is_frame(el, parts):
                    if parts.body is None:
                        parts.body = el
                    continue  # nothing of interest inside the body itself
                rank = roles.author
                if rank is None and name == "a" and roles.url:
                    rank = AuthorRank.URL_LINK
                if rank is not None:
                    parts.authors.append((rank, el))
                    child_in_author = child_in_author or rank != AuthorRank.URL_LINK
                date_rank = roles.date
                if date_rank is None and rank is None and roles.date_word:
                    date_rank = DateRank.GENERIC
                if date_rank is not None:
                    parts.date_texts.append((date_rank, el))
                    is_date = True
                if roles.part:
                    parts.others.append(el)
                    child_in_other = True
                    if roles.moderation:
                        parts.moderated = True
                elif rank is None and not child_in_author and name not in ("p", "a", "time") and roles.author_word:
                    parts.authors.append((AuthorRank.GENERIC, el))
                    child_in_author = True
            attrs = el.attrs
            if "itemprop" in attrs:
                props = tokens(attrs["itemprop"])
                if "author" in props or "creator" in props:
                    parts.authors.append((AuthorRank.BOX, el))
                    child_in_author = True
                elif "name" in props and in_author:
                    parts.authors.append((AuthorRank.ITEMPROP_NAME, el))
                elif "text" in props and parts.body is None:
                    parts.body = el
                    continue
            # Most of a comment's elements carry none of the attributes a date is read from.
            value = _date_attribute(el, name, classes) if not _DATE_ATTRIBUTES.isdisjoint(attrs) else None
            if value:
                parts.date_attrs.append((value, el))
                is_date = True
            if name == "time":
                is_date = True
                parts.date_texts.append((DateRank.META, el))
            elif name == "cite" and not child_in_author:
                parts.authors.append((AuthorRank.CITE, el))
                child_in_author = True
            elif name in ("strong", "b") and not child_in_author and _opens_line(el):
                parts.authors.append((AuthorRank.LEADING, el))
            elif name == "a":
                anchor = attrs.get("name") or attrs.get("id")
                if anchor and parts.anchor_number is None:
                    match = ANCHOR_ID_RE.match(anchor.strip())
                    if match:
                        parts.anchor_number = match.group(1)
                elif not is_date and _is_permalink(attrs.get("href"), parts.number, el):
                    # The comment's own permalink: where nearly every theme prints the date, marked
                    # or not ("<small><a href="#comment-7">11.09.2011 23:31</a></small>").
                    parts.date_texts.append((DateRank.TEXT, el))
                    is_date = True
            elif name == "img" and "avatar" in " ".join(classes):
                parts.others.append(el)
            if name in ("blockquote", "q"):
                child_in_other = True  # a quote of another comment: never the name
            if is_date:
                parts.date_seen = True
                child_in_other = True
            elif not parts.date_seen and not child_in_other and not child_in_author and parts.first_text is None:
                # An unseen theme's author name: the first short text before the date.
                if name in WEAK_AUTHOR_TAGS or any(type(c) is NavigableString and c.strip() for c in el.contents):
                    if not (name == "a" and "#comment" in (attrs.get("href") or "")):
                        parts.first_text = _leading_name(el)
            if el.contents:
                stack.append((iter(el.contents), child_in_list, child_in_author, child_in_other))
                break
        else:
            stack.pop()


_MENTION_RE = re.compile(r"^\W*(pingback|trackback)\b", re.IGNORECASE)


def mention_label(name_el: Tag) -> str | None:
    """"pingback" or "trackback" when the line that holds the name opens with that word (the word is
    the same in every language WordPress ships: "Pingback von", "Pingback de", "Trackback:")."""
    holder = name_el.parent if name_el.parent is not None else name_el
    match = _MENTION_RE.match(holder.get_text(" ", strip=True)[:40])
    return match.group(1).lower() if match else None


def _is_permalink(href: str | None, number_: str | None, el: Tag) -> bool:
    if not href or "#comment-" not in href:
        return False
    if number_ is not None and not href.endswith("#comment-" + number_):
        return False  # a link to another comment ("in reply to NAME")
    return bool(DATEISH_RE.search(text_of(el)))


_HEADER_PROPS = frozenset({"author", "creator", "datecreated", "datepublished"})


def _is_frame(el: Tag, parts: Parts) -> bool:
    """Whether a body-classed element is the comment's frame, not its text: it holds the comment's name
    or date part, and the comment has not shown both before it.

    Themes nest core's classes their own way: ``div.comment-content > ul.comment-meta + div.comment-text``,
    ``div.comment-text > p.meta > strong.…__author + time`` (review lists), ``div.comment-content >
    header > span.comment-author-name`` (a wrapper of the theme's own, any depth), or the meta line after
    the text.  WordPress's comment filter (kses) lets no class, ``<time>`` or microdata into a visitor's
    text, so such a mark inside is the theme's.  A frame is walked like any other element: the name and the date are
    found inside it, and the text is what is left once they are out (``body.fallback_body``), or an
    inner body element.  Only where the name or the date is still missing: a comment whose header
    stood before its body keeps that body whole (a plugin's "edited <time>" inside it stays text).
    """
    if parts.authors and (parts.date_attrs or parts.date_texts):
        return False
    stack = [iter(el.contents)]
    while stack:
        for child in stack[-1]:
            if not isinstance(child, Tag) or child.name in SKIP_TAGS:
                continue
            if child.name == "time":
                return True
            attrs = child.attrs
            if "itemprop" in attrs and not _HEADER_PROPS.isdisjoint(tokens(attrs["itemprop"])):
                return True
            classes, roles = classes_and_roles(child)
            if is_comment_start(child, classes):
                continue  # a reply: not this comment's header
            if classes:
                if roles.widget or roles.body:
                    continue  # a widget, or the text itself
                if roles.author is not None or roles.date is not None or roles.author_word or roles.date_word:
                    return True
            if child.contents:
                stack.append(iter(child.contents))
                break
        else:
            stack.pop()
    return False


def _opens_line(el: Tag) -> bool:
    """Whether ``el`` is the first thing in its parent (no text before it) and short, as a name is."""
    parent = el.parent
    if parent is None:
        return False
    for child in parent.contents:
        if child is el:
            break
        if isinstance(child, Tag):
            if child.name not in ("img", "br", "span", "a") or child.get_text(strip=True):
                return False
        elif child.strip():
            return False
    text = el.get_text(" ", strip=True)
    return 0 < len(text) <= _MAX_NAME


def _leading_name(el: Tag) -> Tag:
    """``<p><strong>NAME</strong> DATE <a>Reply</a></p>``: the name is the ``<strong>`` the line opens with."""
    if el.name in WEAK_AUTHOR_TAGS:
        return el
    for child in el.contents:
        if isinstance(child, Tag):
            if child.name in WEAK_AUTHOR_TAGS or child.name == "a" and not (child.get("href") or "").startswith("#"):
                return child if child.get_text(strip=True) else el
            return el
        if child.strip():
            return el
    return el


def inside(el: Tag, container: Tag | None, stop: Tag) -> bool:
    if container is None:
        return False
    node = el
    while node is not None and node is not stop:
        if node is container:
            return True
        node = node.parent
    return False


class Author:
    """The chosen name: its element, the author's box around it, the name and the text beside it."""

    __slots__ = ("el", "box", "name", "rest", "url")

    def __init__(self, el, box, name, rest, url):
        self.el, self.box, self.name, self.rest, self.url = el, box, name, rest, url


def choose_author(parts: Parts, body: Tag | None, root: Tag) -> Author:
    """The name by rank, never inside the body, never "Profile" or "Reply"."""
    ranked = [(rank, i, el) for i, (rank, el) in enumerate(parts.authors) if not inside(el, body, root)]
    ranked.sort(key=lambda item: (item[0], item[1]))
    box = next((el for rank, _, el in ranked if rank == AuthorRank.BOX), None)
    surer = any(r < AuthorRank.BOX for r, _, _ in ranked)
    date_els = None
    for rank, _, el in ranked:
        if rank == AuthorRank.BOX and surer:
            continue
        if rank >= AuthorRank.BOX:
            # A box or a loose mark that holds the date too: the name is what stands beside the date
            # ("<div class=comment-author><strong>NAME</strong> on <a>DATE</a> said:</div>", "<div
            # class=comments-author--content><time>Posted on DATE</time> <span>| NAME</span> <p>…").
            if date_els is None:
                date_els = [d for _, d in parts.date_attrs] + [d for _, d in sorted(parts.date_texts, key=lambda i: i[0])]
            for date_el in date_els:
                if date_el is not el and inside(date_el, el, root):
                    found = name_beside(date_el, root, within=el)
                    if found is not None:
                        name_el, name, rest = found
                        return Author(name_el, box, name, rest, author_link(name_el) or author_link(el))
                    break
        name, rest = split_name(el)
        # An element marked as the name holds the name, whatever it says ("Like" is someone's
        # nickname); a link or a box might be "Profile" or "Reply".
        if name and (rank <= AuthorRank.NAME or is_name_like(name) and not is_badge(name)):
            return Author(el, box, name, rest, author_link(el))
    # "<div class=info><a href=…>NAME</a>, <span class=date>DATE</span></div>": the name stands just
    # before the date, only a separator between them (surer than the first text, which may be the
    # comment's own first words where the theme puts the name last).
    ordered = sorted(parts.date_texts, key=lambda item: item[0])
    for _, date_el in ordered:
        if not inside(date_el, body, root):
            found = name_beside(date_el, root)
            if found is not None:
                el, name, rest = found
                return Author(el, box, name, rest, author_link(el))
    el = parts.first_text
    if el is not None and not inside(el, body, root) and len(el.get_text()) <= 2 * _MAX_NAME:
        name, rest = split_name(el)
        if name and is_name_like(name) and len(name) <= _MAX_NAME and not any(ch.isdigit() for ch in name[:4]):
            return Author(el, box, name, rest, author_link(el))
    # "<p class=comment-meta>NAME · 11.05.2012 11:38</p>": the name shares the date's line.
    for _, el in ordered:
        if not inside(el, body, root):
            found = byline(el)
            if found is not None:
                return Author(el, box, *found)
    return Author(None, box, "", "", None)


_LINE_ENDS = frozenset({"p", "div", "section", "blockquote", "ul", "ol", "pre", "table", "dl", "figure", "br",
                        "header", "footer", "h1", "h2", "h3", "h4", "h5", "h6"})
_NAME_TAGS = frozenset({"a", "span", "strong", "b", "cite", "em", "i", "small"})


def name_beside(date_el: Tag, root: Tag, within: Tag | None = None) -> tuple[Tag, str, str] | None:
    """``(name element, name, date text)`` where the name stands beside the date element on its line.

    Before it, with only a separator or a connector word between ("<a>NAME</a>, <span class=date>",
    "<strong>NAME</strong> on <a>DATE</a> said:", "Heinowski, Wolfgang <span><time>"; a bare text node:
    "<p>mxa <a class=comment-link>1 year</a></p>"), else after it, opened by a separator or a "by" word
    ("<time>Posted on DATE</time> <span>| NAME</span>").  The name element is the one element that holds
    the name, or the line itself where the name is loose text there (a line that is not the whole comment:
    the comment's own first words may stand before a date printed at its end).  ``within``: an author
    candidate the line must lie in.
    """
    node = date_el
    while node.parent is not None and node.parent is not within and node.parent is not root \
            and node.parent.get_text(strip=True) == node.get_text(strip=True):
        node = node.parent  # out of the wrappers that hold the date alone (<span><a><time>…)
    line = node.parent
    if line is None or line is root.parent or within is not None and line is not within \
            and not inside(line, within, root):
        return None
    before: list = []
    after: list = []
    seen = False
    for child in line.contents:
        if child is node:
            seen = True
        elif isinstance(child, Tag) and (child.name in _LINE_ENDS or child.name in SKIP_TAGS):
            if seen:
                break
            before = []  # the line starts after a block or a <br>
        elif isinstance(child, Tag) or type(child) is NavigableString:
            (after if seen else before).append(child)
    texts = ["".join(name_text(c) if isinstance(c, Tag) else str(c) for c in run) for run in (before, after)]
    for run, text, read in ((before, texts[0], name_before_date), (after, texts[1], name_after_date)):
        name = read(text)
        if not name or not any(ch.isalpha() for ch in name) or not is_name_like(name) or is_badge(name) \
                or len(name) > _MAX_NAME:
            continue
        # What is left of the line is the date, whole where its day stands beside the name ("Comment by NAME
        # — 18.07, 2011 @ <a>00:43</a>").
        rest = rest_of(" ".join((texts[0], visible_text(node), texts[1])).replace(name, " ", 1))
        holders = [c for c in run if isinstance(c, Tag) and name_text(c).strip()]
        if len(holders) == 1 and holders[0].name in _NAME_TAGS and name in name_text(holders[0]):
            return holders[0], name, rest
        if line is root or line is find_box(root, number(root)) or len(text) > 2 * _MAX_NAME:
            return None  # loose words in the comment itself: its text, not a byline
        return line, name, rest
    return None


def byline(el: Tag) -> tuple[str, str, str | None] | None:
    """``(name, date text, link)`` when ``el`` is a short line holding a name and then a date."""
    if len(el.get_text()) > 160:
        return None
    name, rest = split_name(el)
    if not name or not rest or not is_name_like(name) or len(name) > _MAX_NAME:
        return None
    return name, rest, author_link(el)


def leading_byline(body: Tag) -> tuple[Tag, tuple[str, str, str | None]] | None:
    """The body's first paragraph when it is the name and date line ("Giulia Ferri, 22 novembre alle 18:30")."""
    for child in body.contents:
        if isinstance(child, Tag):
            if child.name in ("img", "br"):
                continue
            if child.name not in ("p", "div", "span", "strong", "b", "h4", "h5", "h6", "header"):
                return None
            found = byline(child)
            return (child, found) if found is not None else None
        if child.strip():
            return None
    return None


def author_link(el: Tag | None) -> str | None:
    """The author's website: a link in the name element, or the link the name element sits in alone
    (``<a itemprop=url href=…><span itemprop=name>NAME</span></a>``)."""
    if el is None:
        return None
    for a in links(el):
        href = _website(a)
        if href and (is_name_like(visible_text(a)) or a is el):
            return href
    holder = el.parent
    if el.name != "a" and holder is not None and holder.name == "a" and holder.get("href") \
            and holder.get_text(strip=True) == el.get_text(strip=True):
        return _website(holder)
    return None


def _website(a: Tag) -> str | None:
    href = a.get("href").strip()
    if href and not href.startswith(("#", "javascript:", "mailto:")) and "#comment-" not in href \
            and "replytocom=" not in href and not href.endswith("#respond"):
        return href
    return None


def links(el: Tag):
    """``el`` and its descendant ``<a href>`` elements, in document order (no find_all: it is slow)."""
    if el.name == "a" and el.get("href"):
        yield el
    for node in el.descendants:
        if isinstance(node, Tag) and node.name == "a" and node.get("href"):
            yield node


def header_date_text(root: Tag, body: Tag | None, author: Author, parts: Parts) -> str:
    """Date-like text standing loose beside the name (``<strong>NAME</strong> 3 mars 2015 <a>Reply</a>``)."""
    el = author.el
    if el is None:
        return ""
    holder = el.parent
    # <p><strong><a class=url>NAME</a></strong> 10/06/2020 at 9:02 am <a>Reply</a></p>: climb out of
    # the wrappers that hold the name alone.
    while holder is not None and holder is not root and holder is not body and \
            holder.get_text(strip=True) == el.get_text(strip=True):
        el, holder = holder, holder.parent
    if holder is None or holder is root.parent or inside(holder, body, root) or holder is body:
        return ""
    others = {id(other) for other in parts.others}
    bits = []
    for child in holder.contents:
        if child is el:
            continue
        if type(child) is NavigableString:
            bits.append(str(child))
        elif isinstance(child, Tag) and id(child) not in others and child.name in ("span", "small", "em", "i", "a"):
            if child.name == "a" and "#comment" not in (child.get("href") or ""):
                continue  # a reply or profile link; only the permalink holds a date
            bits.append(visible_text(child))
    text = rest_of(" ".join(bits))
    return text if len(text) <= 120 else ""
