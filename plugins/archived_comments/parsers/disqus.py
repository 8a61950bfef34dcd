"""Disqus exports (Admin → Community → Export): one XML file, a ``<disqus>`` root.

The file lists ``<thread>`` elements (one per page Disqus ever saw) and then
``<post>`` elements pointing at them by ``dsq:id``.  One ``SourceThread`` per
thread that has posts; posts whose thread is not in the file ("orphans") get a
thread of their own with no URL, so no comment is lost.  The message is
Disqus's HTML, kept as it is (the importer sanitizes it).  ``author/email`` and
``ipAddress`` are in the export but are never read.
"""

from __future__ import annotations

import re
import warnings
from datetime import timezone

from wparchive import safexml
from wparchive.dates import parse_iso
from wparchive.formats import is_disqus_export

from ..model import (
    HIDDEN,
    PRECISION_NONE,
    SCHEME_DISQUS,
    SCHEME_FINGERPRINT,
    SPAM,
    VISIBLE,
    Comment,
    ParseResult,
    Problem,
    SourceThread,
    fingerprint,
)

from . import guarded

NAME = "disqus"

_DSQ = "http://disqus.com/disqus-internals"
_DSQ_ID = f"{{{_DSQ}}}id"
_TRUE = {"true", "1", "yes"}
_ID_END = re.compile(r"[\s<>\"']")
# Elements of the export's own structure.  Met inside a field, they mean the
# field was never closed (a damaged file): the field's text ends there.
_STRUCTURE = frozenset(
    {"disqus", "category", "thread", "post", "forum", "id", "link", "title", "message", "createdAt",
     "author", "name", "username", "isAnonymous", "email", "ipAddress", "isDeleted", "isSpam",
     "isClosed", "parent", "isDefault"}
)


def _stop(element) -> bool:
    return safexml.local_name(element.tag) in _STRUCTURE


# In a damaged file, a CDATA section whose end was lost runs on over the next
# fields (email and IP address included): its text is cut where their markup starts.
_RUNAWAY = re.compile(
    r"(?:\]\]?>)?\s*</?(?:" + "|".join(sorted(_STRUCTURE - {"disqus"})) + r")\b[^>]*>"
)


def _text(element, damaged: bool = False) -> str:
    return _cut(safexml.text(element, _stop), damaged).strip()


def _cut(value: str, damaged: bool) -> str:
    if damaged and "<" in value:
        value = _RUNAWAY.split(value, 1)[0]
    return value


detect = is_disqus_export  # a <disqus> root element


def parse(data: bytes, source: str, context) -> ParseResult:
    """Every post of a Disqus export, grouped by thread; never raises."""
    return guarded(_parse, data, source, context, "a Disqus export")


def _dsq_id(element) -> str:
    """The ``dsq:id`` attribute (any attribute named ``id`` when the namespace is missing)."""
    if element is None:
        return ""
    value = element.get(_DSQ_ID)
    if value is None:
        for name, attribute in element.attrib.items():
            if safexml.local_name(name) == "id":
                value = attribute
                break
    # An id never holds blanks or markup; in a damaged file an attribute value
    # whose closing quote was lost runs on over the markup that follows.
    return _ID_END.split((value or "").strip(), 1)[0]


def _is_thread_definition(element) -> bool:
    """A ``<thread>`` that defines a thread (not a post's ``<thread dsq:id/>`` reference)."""
    if safexml.local_name(element.tag) != "thread":
        return False
    parent = element.getparent()
    return (parent is not None and parent.getparent() is None) or any(safexml.is_element(c) for c in element)


def _is_record(element) -> bool:
    return safexml.local_name(element.tag) in ("post", "category") or _is_thread_definition(element)


def _fields(element, damaged: bool) -> dict:
    """First child of each local name; in a damaged file also those nested in an unclosed sibling."""
    if element is None:
        return {}
    fields = safexml.children_by_name(element)
    if damaged:
        for node in safexml.descendants(element, _is_record):
            fields.setdefault(safexml.local_name(node.tag), node)
    return fields


def _flag(fields, name: str) -> bool:
    return _text(fields.get(name)).lower() in _TRUE


class _Thread:
    def __init__(self, dsq_id: str, element, doc: safexml.XmlDoc):
        damaged = bool(doc.errors or doc.char_errors)
        fields = _fields(element, damaged)
        self.dsq_id = dsq_id
        self.line = doc.line(element)
        self.link = _text(fields.get("link"), damaged) or None
        self.identifier = _text(fields.get("id"), damaged) or None
        self.title = _text(fields.get("title"), damaged) or None
        self.deleted = _flag(fields, "isDeleted")
        author_fields = _fields(fields.get("author"), damaged)
        self.author_username = _text(author_fields.get("username"), damaged)


def _parse(data: bytes, source: str, context, result: ParseResult) -> None:
    doc = safexml.load(data)
    if doc.root is None:
        result.problems.append(Problem(source, f"{source} could not be read as a Disqus export: {doc.failure}"))
        return
    result.problems.extend(safexml.encoding_problems(doc, source))
    root = doc.root
    if safexml.local_name(root.tag) != "disqus":
        result.problems.append(Problem(source, f"{source} is XML but not a Disqus export (no <disqus> root)"))
        return

    tz = getattr(context, "tz", None) or timezone.utc
    threads: dict[str, _Thread] = {}
    posts = []
    # In a damaged file, recovery nests what follows an unclosed element inside it:
    # look for threads and posts at any depth then.
    for element in root.iterdescendants() if doc.errors else root:
        if not safexml.is_element(element):
            continue
        name = safexml.local_name(element.tag)
        if name == "thread" and _is_thread_definition(element):
            dsq_id = _dsq_id(element)
            if dsq_id in threads:
                result.problems.append(
                    Problem(
                        source,
                        f"Disqus thread {dsq_id} is defined twice (first at line {threads[dsq_id].line});"
                        " the first one is used",
                        doc.line(element),
                    )
                )
                continue
            threads[dsq_id] = _Thread(dsq_id, element, doc)
        elif name == "post":
            posts.append(element)

    grouped: dict[str, list[Comment]] = {}
    first_line: dict[str, int | None] = {}
    empty: list[int | None] = []
    for element in posts:
        read = _read_post(element, doc, source, tz, result)
        if read is None:
            empty.append(doc.line(element))
            continue
        thread_id, post = read
        comment = post.comment
        thread = threads.get(thread_id)
        if thread is not None:
            if thread.deleted and comment.status != SPAM:
                comment.status = HIDDEN
            # The thread's author is the site's Disqus account: its posts are the post author's.
            if thread.author_username and post.written_by(thread.author_username):
                comment.by_post_author = True
        grouped.setdefault(thread_id, []).append(comment)
        first_line.setdefault(thread_id, comment.line)

    # Threads in the order the file defines them, then the orphans in order of appearance.
    for dsq_id, thread in threads.items():
        comments = grouped.pop(dsq_id, None)
        if not comments:
            continue
        result.threads.append(
            SourceThread(
                url=thread.link,
                comments=comments,
                identifier=thread.identifier,
                title=thread.title,
                source=source,
            )
        )
        if thread.deleted:
            result.problems.append(
                Problem(
                    source,
                    f"Disqus thread {dsq_id} ({thread.link or 'no link'}) is marked deleted;"
                    f" its {len(comments)} post(s) are kept but hidden",
                    thread.line,
                )
            )
    for dsq_id, comments in grouped.items():
        result.threads.append(SourceThread(url=None, comments=comments, source=source))
        if dsq_id:
            what = f"belong to Disqus thread {dsq_id}, which is not in the file"
        else:
            what = "name no thread"
        result.problems.append(
            Problem(
                source,
                f"{len(comments)} post(s) in {source} {what}; they are kept in a thread without a page (orphans)",
                first_line[dsq_id],
            )
        )

    if empty:
        result.problems.append(
            Problem(
                source,
                f"{len(empty)} <post> element(s) in {source} hold nothing (no id, text, date or author);"
                " they were skipped",
                empty[0],
            )
        )
    if doc.errors or doc.char_errors:
        count = sum(len(thread.comments) for thread in result.threads)
        recovered = f"{count} post(s) in {len(result.threads)} thread(s)"
        result.problems[0:0] = safexml.damage_problems(doc, source, recovered)  # first: the cause
        safexml.scrub_private_markup(result)


class _Post:
    """A parsed comment plus the author details only the grouping step needs."""

    __slots__ = ("comment", "username", "anonymous")

    def __init__(self, comment: Comment, username: str, anonymous: bool):
        self.comment = comment
        self.username = username
        self.anonymous = anonymous

    def written_by(self, username: str) -> bool:
        return not self.anonymous and bool(self.username) and self.username.casefold() == username.casefold()


def _read_post(element, doc: safexml.XmlDoc, source: str, tz, result: ParseResult) -> tuple[str, _Post] | None:
    line = doc.line(element)
    damaged = bool(doc.errors or doc.char_errors)
    fields = _fields(element, damaged)
    # Only name, username and isAnonymous: author/email and ipAddress are never read.
    author_fields = _fields(fields.get("author"), damaged)
    name = _text(author_fields.get("name"), damaged)
    username = _text(author_fields.get("username"), damaged)
    anonymous = _flag(author_fields, "isAnonymous")

    created = _text(fields.get("createdAt"), damaged)
    try:
        with warnings.catch_warnings():  # dateutil's fallback warns about odd zone names
            warnings.simplefilter("ignore")
            date, precision = parse_iso(created, timezone.utc)
    except Exception:
        date, precision = None, PRECISION_NONE

    html = _cut(safexml.inner_markup(fields.get("message"), _stop), damaged).strip()
    if _flag(fields, "isSpam"):
        status = SPAM
    elif _flag(fields, "isDeleted"):
        status = HIDDEN
    else:
        status = VISIBLE

    author_name = name or username or "Anonymous"
    post_id = _dsq_id(element)
    scheme = SCHEME_DISQUS
    if not post_id and not html and date is None and not name and not username:
        return None  # nothing at all to keep: the caller counts these
    if not post_id:
        scheme = SCHEME_FINGERPRINT
        post_id = fingerprint(author_name, date, html, tz)
        result.problems.append(
            Problem(source, f"a Disqus post by {author_name} has no dsq:id; it gets the id {post_id}", line)
        )

    if date is None:
        what = f"a createdAt that cannot be read ({created[:60]!r})" if created else "no createdAt"
        result.problems.append(Problem(source, f"Disqus post {post_id} has {what}; it is kept without a date", line))

    comment = Comment(
        id=post_id,
        parent=_dsq_id(fields.get("parent")) or None,
        author=author_name,
        author_url=None,  # Disqus exports carry no website for a commenter
        date=date,
        date_precision=precision if date is not None else PRECISION_NONE,
        html=html,
        status=status,
        scheme=scheme,
        sources=[source],
        line=line,
    )
    return _dsq_id(fields.get("thread")), _Post(comment, username, anonymous)
