"""The one walk over a page's tree: every comment element, once, in document order.

A comment is found by WordPress core's marks (``vocabulary.is_comment_start``); its replies are
the comments nested in it (or, in themes that print them flat, the ``depth-N`` class).  Each
comment's parts are chosen in ``comment``; its date is read with the page's hints, and the dates
that print no year get one from the capture, the post or their neighbours once the page is read.
"""

from __future__ import annotations

import re
from dataclasses import replace

from bs4 import Tag

from wparchive import dates
from ...model import (
    COMMENT,
    HIDDEN,
    PINGBACK,
    PRECISION_NONE,
    SCHEME_FINGERPRINT,
    SCHEME_WORDPRESS,
    TRACKBACK,
    VISIBLE,
    Comment,
    Problem,
    fingerprint,
)
from .body import body_html, fallback_body, holders, holds_text
from .comment import (
    Author,
    Parts,
    author_link,
    choose_author,
    find_box,
    header_date_text,
    leading_byline,
    links,
    mention_label,
    walk_comment,
)
from .names import is_name_like, rest_of
from .recovery import comments_inside
from .when import choose_date
from .vocabulary import (DEPTH_RE, PING_EXCERPT_RE, PING_LIST_CLASSES, PING_LIST_IDS, SECTION_CLASSES, SECTION_IDS,
                         classes_of, is_comment_start, number, skip, stated_parent)

# Matched on the lower-cased text: a pattern that starts with a literal is searched for that literal,
# where a case-blind one, or one that starts with a look-behind, is tried at every character (7x slower).
_LINE_ID_RE = re.compile(r"id\s*=\s*[\"']?(?:li-|div-)?comment-(\d+)\b")
_NAME_CHAR_RE = re.compile(r"[\w-]")  # before "id": then it is part of another attribute's name


_TAG_RE = re.compile(r"<[^>]*>")
_TEXT_RE = re.compile(r"(?:^|>)[^<]*?[^\W_]")  # HTML with a letter or a digit outside its tags
_NUMERIC_RE = re.compile(r"\d[./-]\d{1,2}(?:[./-]|,\s)")


def _in_ping_list(el: Tag) -> bool:
    """Whether a comment element stands in a list of pingbacks a theme prints apart (``PING_LIST_CLASSES``)."""
    node = el.parent
    for _ in range(3):
        if node is None:
            return False
        if node.attrs.get("id") in PING_LIST_IDS or not PING_LIST_CLASSES.isdisjoint(classes_of(node)):
            return True
        node = node.parent
    return False


class DateHintsFor:
    """The page's ``DateHints`` for one date text; the page's day/month order is looked for (a
    scan of the whole page) only the first time a numeric date needs it."""

    def __init__(self, hints: dates.DateHints, evidence):
        self.hints = hints
        self.tz = hints.tz
        self._evidence = evidence  # () -> bool | None, or None once looked up

    def __call__(self, text: str) -> dates.DateHints:
        if self._evidence is not None and _NUMERIC_RE.search(text):
            found, self._evidence = self._evidence(), None
            if found is not None:
                self.hints = replace(self.hints, day_first=found)
        return self.hints


class Reader:
    def __init__(self, text: str, source: str, hints: dates.DateHints, problems: list[Problem], evidence=None,
                 lowered: str | None = None):
        self.source = source
        self._hints_for = DateHintsFor(hints, evidence)
        self.tz = hints.tz
        self.problems = problems
        self.comments: list[Comment] = []
        self.read_dates: list[dates.HumanDate] = []  # one per comment, as the page printed it
        self.seen: dict[tuple[str, str], Comment] = {}
        self.section_seen = False
        self.disqus_seen = False
        self.last_at_depth: dict[int, str] = {}
        self._text = text
        self._lowered = lowered  # text.lower(), where the caller has it already
        self._lines: dict[str, int] | None = None
        self.loose: list[Tag] = []  # comments found inside the last comment's body
        self._consumed: set[int] = set()  # <dd> elements read as the text of the <dt> before them

    # Line numbers: where ``id="comment-N"`` first appears in the (decoded) file.
    def unread_ids(self) -> set[str]:
        """Comment ids that appear in the file (``id="comment-N"``) but were not read."""
        self.line_of("0")  # builds the map of ids to lines
        return set(self._lines) - {key for scheme, key in self.seen if scheme == SCHEME_WORDPRESS}

    def line_of(self, key: str | None) -> int | None:
        if key is None:
            return None
        if self._lines is None:
            text = self._lowered if self._lowered is not None else self._text.lower()  # as many newlines, in order
            self._lines = {}
            line, counted = 1, 0
            for match in _LINE_ID_RE.finditer(text):  # in file order: count the newlines between ids
                start = match.start()
                if start and _NAME_CHAR_RE.match(text, start - 1):
                    continue
                line += text.count("\n", counted, start)
                counted = start
                self._lines.setdefault(match.group(1), line)
        return self._lines.get(key)

    def walk(self, top: Tag) -> None:
        stack = [iter(top.contents)]
        while stack:
            for el in stack[-1]:
                if not isinstance(el, Tag) or id(el) in self._consumed:
                    continue
                classes = classes_of(el)
                if skip(el, classes):
                    continue
                value = el.get("id")
                if (value and value in SECTION_IDS) or (classes and not SECTION_CLASSES.isdisjoint(classes)):
                    self.section_seen = True
                if value == "disqus_thread":
                    self.disqus_seen = True
                if is_comment_start(el, classes):
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
                pending.append((child, classes_of(child), None))
            for child in reversed(nested):
                pending.append((child, classes_of(child), parent_id))

    def _text_of_term(self, root: Tag, parts: Parts) -> None:
        """Thesis and kin: ``<dt id="comment-N">`` holds the byline, the ``<dd>`` after it the text."""
        dd = root.find_next_sibling(True)
        if dd is None or dd.name != "dd":
            return
        self._consumed.add(id(dd))
        walk_comment(dd, parts)
        if parts.body is None:
            parts.body = dd

    def read_comment(self, root: Tag, classes, parent: str | None):
        parts = Parts(number(root), classes)
        walk_comment(root, parts)
        if root.name == "dt":
            self._text_of_term(root, parts)
        key = parts.number or parts.anchor_number
        line = self.line_of(key)
        is_ping = "pingback" in parts.classes or "trackback" in parts.classes
        kind = PINGBACK if "pingback" in parts.classes else TRACKBACK if "trackback" in parts.classes else COMMENT

        body_el = parts.body
        author = choose_author(parts, body_el, root)
        author_url = author.url
        if author_url is None and author.box is not None and author.box is not author.el:
            link = next((a for a in links(author.box) if "url" in classes_of(a)), None)
            author_url = author_link(link)
        lead = None
        if not author.name and body_el is not None:
            found = leading_byline(body_el)  # the theme printed the byline as the text's first line
            if found is not None:
                lead, (name, rest, url) = found
                author = Author(lead, author.box, name, rest, url)
                author_url = author_url or url
        if kind == COMMENT and "comment" not in parts.classes and author.el is not None:
            # A theme that prints no classes: "<cite>Pingback von <a class=url>TITLE</a></cite>".
            label = mention_label(author.el)
            if label is not None:
                kind, is_ping = label, True
        classless = kind == COMMENT and "comment" not in parts.classes
        if classless and _in_ping_list(root):
            kind, is_ping = PINGBACK, True  # Divi's ol.pinglist: the theme lists the mentions apart
        loose_texts = [author.rest, lambda: header_date_text(root, body_el, author, parts)]
        read, date_el = choose_date(parts, loose_texts, self._hints_for)
        if lead is not None and read.value is None and read.month_day is None:
            lead = None  # no date in that line after all: it is the commenter's text
            author = Author(None, author.box, "", "", None)
            author_url = None

        if body_el is not None:
            inside = comments_inside(body_el)
            if inside:
                # Markup left open in this body put the comments after it inside it. They stay
                # in the tree (taking them out walks all they hold: quadratic on a long chain)
                # and are left out of this body.
                self.loose = inside
                self.problems.append(Problem(
                    self.source,
                    f"{len(inside)} comment(s) ({', '.join(number(el) for el in inside[:5])}"
                    f"{', …' if len(inside) > 5 else ''}) sat inside the text of "
                    f"{'comment ' + key if key else 'a comment'}, whose markup was left open; they "
                    "were read at the top level, where their place in the thread was lost",
                    line,
                ))
            skip_ids = {id(el) for el in inside}
            if lead is not None:
                skip_ids.add(id(lead))
            html = body_html(body_el, frozenset(skip_ids), is_ping)
        else:
            box = find_box(root, key)
            excluded = list(parts.others) + list(parts.nested)
            for el in (author.el, author.box, date_el, parts.first_text if author.el is parts.first_text else None):
                if el is not None:
                    excluded.append(el)
            excluded.extend(el for _, el in parts.date_texts)
            excluded.extend(el for _, el in parts.date_attrs)
            excluded.extend(parts.date_partners)
            holder_ids = holders(excluded, root)
            html = fallback_body(box, excluded, holder_ids, is_ping, header=(author.el, date_el))
            if not _TEXT_RE.search(html):
                # Nothing left once the parts are out: a part held the text (looked for only then).
                entered = self._holding_text(excluded, holder_ids, author, date_el, read, parts)
                if entered:
                    excluded = [el for el in excluded if id(el) not in entered]
                    html = fallback_body(box, excluded, holder_ids, is_ping, header=(author.el, date_el),
                                         entered=entered)

        if classless and kind == COMMENT and author_url and PING_EXCERPT_RE.fullmatch(_TAG_RE.sub("", html)):
            # No class tells it apart, but WordPress's own excerpt "[…] … […]" under the linking post's
            # title (a link) does: a pingback.
            kind = PINGBACK
        if key is not None:
            comment_id, scheme = key, SCHEME_WORDPRESS
        else:
            comment_id, scheme = fingerprint(author.name, read.value, html, self.tz), SCHEME_FINGERPRINT

        depth = None
        for cls in parts.classes:
            match = DEPTH_RE.match(cls)
            if match:
                depth = int(match.group(1))
                break
        stated = stated_parent(root)
        if stated is not None:  # the markup names the parent: surer than where the reply stands
            parent = None if stated == "0" else stated
        elif parent is None and depth is not None and depth > 1:
            parent = self.last_at_depth.get(depth - 1)  # a theme that prints replies flat

        if (scheme, comment_id) in self.seen:
            label = f"{kind} {comment_id}" if scheme == SCHEME_WORDPRESS else f"{kind} by {author.name or 'an unnamed author'}"
            self.problems.append(
                Problem(self.source, f"{label} appears twice in the page; the second copy was ignored", line)
            )
            return self.seen[(scheme, comment_id)], parts.nested

        comment = Comment(
            id=comment_id,
            parent=parent,
            author=author.name,
            author_url=author_url,
            date=read.value,
            date_precision=read.precision if read.value is not None else PRECISION_NONE,
            date_inferred=read.inferred,
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
        self.read_dates.append(read)
        if depth is not None:
            self.last_at_depth[depth] = comment_id
            for deeper in [d for d in self.last_at_depth if d > depth]:
                del self.last_at_depth[deeper]
        return comment, parts.nested

    def _holding_text(self, excluded: list[Tag], holder_ids: set[int], author: Author, date_el: Tag | None,
                      read: dates.HumanDate, parts: Parts) -> frozenset[int]:
        """The theme parts about to be left out whole that hold the commenter's text too (``body.holds_text``):
        a meta block or an author box with the text inside is entered, not dropped.  The other candidates
        are no parts while one is looked into (a meta line inside a meta block is read as text there only
        if it is neither the name nor the date); entering a part that holds no text keeps nothing of it."""
        candidates = {id(el): el for el in (author.el, author.box, date_el) if el is not None}
        candidates.update((id(el), el) for _, el in parts.date_texts)
        part_ids = {id(el) for el in excluded}
        part_ids.difference_update(candidates)
        name = author.name

        def is_header(text: str) -> bool:
            text = " ".join(text.split())
            if text == name or not rest_of(text) or not is_name_like(text):
                return True  # the name, a "says:" or a separator, a "Profile"
            if read.value is not None and len(text) <= 80 and any(ch.isdigit() for ch in text):
                return dates.read_date(text, self._hints_for(text)).value == read.value  # the date itself
            return False

        return frozenset(key for key, el in candidates.items()
                         if el.contents and holds_text(el, part_ids, holder_ids, is_header))

    def finish(self) -> None:
        """Give the dates printed without a year one (capture, post, neighbours); report what is missing."""
        if any(read.month_day is not None and read.value is None for read in self.read_dates):
            completed = dates.complete_years(self.read_dates, self._hints_for.hints)
            for comment, read in zip(self.comments, completed):
                if comment.date is None and read.value is not None:
                    comment.date = read.value
                    comment.date_precision = read.precision
                    comment.date_inferred = read.inferred
                    if comment.scheme == SCHEME_FINGERPRINT:
                        self.seen.pop(comment.key, None)
                        comment.id = fingerprint(comment.author, comment.date, comment.html, self.tz)
                        self.seen[comment.key] = comment
            self.read_dates = completed
        for comment, read in zip(self.comments, self.read_dates):
            label = f"{comment.type} {comment.id}" if comment.scheme == SCHEME_WORDPRESS else \
                f"{comment.type} by {comment.author or 'an unnamed author'}"
            is_ping = comment.type != COMMENT
            if comment.date is None and not is_ping:
                if read.relative:
                    self.problems.append(Problem(
                        self.source, f"{label} shows only how long ago it was written, and the page is no Wayback "
                        "capture and says neither when it was saved nor when the post was last modified, so "
                        "there is no moment to count back from: kept without a date (a Wayback capture of the "
                        "page, or a WXR export, gives it)", comment.line))
                else:
                    self.problems.append(Problem(self.source, f"{label} has no readable date", comment.line))
            if not comment.author and not is_ping:
                self.problems.append(Problem(self.source, f"{label} has no author name that could be read",
                                             comment.line))
