"""WordPress eXtended RSS (WXR) exports: Tools → Export in WordPress, any 1.x version.

One ``SourceThread`` per post or page that has comments; one ``Comment`` per
``<wp:comment>``.  WordPress stores comment text the way the commenter typed
it (line breaks, no paragraphs) and adds the paragraphs only when it shows the
comment, so the text goes through :func:`autop`, which does what WordPress's
``wpautop`` does.  The commenter's email address and IP address are in the
export but are never read.
"""

from __future__ import annotations

import html as html_module
import re
import warnings
from datetime import datetime, timezone

from wparchive import safexml
from wparchive.dates import checked, parse_wp_datetime
from wparchive.wpautop import autop
from wparchive.wxr import OTHER, WP, Reader, is_export

from ..model import (
    COMMENT,
    HIDDEN,
    PINGBACK,
    PRECISION_NONE,
    PRECISION_SECOND,
    SCHEME_FINGERPRINT,
    SCHEME_WORDPRESS,
    SPAM,
    TRACKBACK,
    VISIBLE,
    Comment,
    ParseResult,
    Problem,
    SourceThread,
    fingerprint,
)
from . import guarded

NAME = "wxr"

_POST_TYPES = {"post", "page"}
_STATUSES = {
    "1": VISIBLE,
    "0": HIDDEN,  # awaiting moderation
    "spam": SPAM,
    "trash": HIDDEN,
    "post-trashed": HIDDEN,  # WordPress's status for the comments of a post moved to the trash
}
_TYPES = {"": COMMENT, "comment": COMMENT, "pingback": PINGBACK, "trackback": TRACKBACK}
_EMPTY_URLS = {"", "http://", "https://"}
_ID_END = re.compile(r"[\s<>\"']")  # an id never holds these (a damaged file's run-on text does)


detect = is_export  # an <rss> root declaring the WXR namespace


def parse(data: bytes, source: str, context) -> ParseResult:
    """Every comment on every post and page of a WXR file; never raises."""
    return guarded(_parse, data, source, context, "a WordPress export")


# --- reading ------------------------------------------------------------------


def _parse(data: bytes, source: str, context, result: ParseResult) -> None:
    doc = safexml.load(data)
    if doc.root is None:
        result.problems.append(Problem(source, f"{source} could not be read as a WordPress export: {doc.failure}"))
        return
    result.problems.extend(safexml.encoding_problems(doc, source))
    reader = Reader(doc, source, getattr(context, "tz", None), result.problems)
    authors = reader.authors()
    found_items = 0
    for item in reader.items():
        found_items += 1
        thread = _read_item(reader, item, authors)
        if thread is not None:
            result.threads.append(thread)
    count = sum(len(thread.comments) for thread in result.threads)
    if doc.errors or doc.char_errors:
        recovered = f"{count} comment(s) in {len(result.threads)} thread(s)"
        result.problems[0:0] = safexml.damage_problems(doc, source, recovered)  # first: the cause
        safexml.scrub_private_markup(result)
    if not result.threads and not doc.errors and not reader.namespaces:
        # Only a file without the WXR namespace: a real export of a blog without comments is fine.
        result.problems.append(
            Problem(source, f"{source} is XML but not a WordPress export (no WXR namespace, {found_items} item(s))")
        )


def _read_item(reader: Reader, item, authors) -> SourceThread | None:
    if not reader.damaged and reader.namespaces and next(item.iterchildren(*reader.comment_tags), None) is None:
        return None  # the common case, decided in C: an item without comments
    fields: dict[str, object] = {}
    comment_elements = []
    classify = reader.classify
    for child in item:
        name, kind = classify(child.tag)
        if kind == WP and name == "comment":
            comment_elements.append(child)
        elif kind != OTHER or name == "creator":  # title, link, wp:post_*, dc:creator
            fields.setdefault(name, child)
    if reader.damaged:
        # Comments and item fields nested inside an unclosed element (not those of a nested item).
        comment_elements = [
            node for node in safexml.descendants(item, reader.is_item) if classify(node.tag) == ("comment", WP)
        ]
        for node in safexml.descendants(item, reader.is_item_or_comment):
            name, kind = classify(node.tag)
            if kind != OTHER or name == "creator":
                fields.setdefault(name, node)
    if not comment_elements:
        return None

    source = reader.source
    post_id = reader.text(fields.get("post_id")).strip() or None
    title = reader.text(fields.get("title")).strip() or None
    post_type = reader.text(fields.get("post_type")).strip()
    if post_type and post_type not in _POST_TYPES:
        # Not silently: an attachment page or a custom post type can have comments too.
        reader.problems.append(
            Problem(
                source,
                f"{len(comment_elements)} comment(s) on a '{post_type}' item"
                f" (post id {post_id or '?'}{', ' + repr(title) if title else ''}) were not imported:"
                " only posts and pages are",
                reader.doc.line(item),
            )
        )
        return None

    thread = SourceThread(
        url=reader.text(fields.get("link")).strip() or None,
        slug=reader.text(fields.get("post_name")).strip() or None,
        identifier=post_id,
        title=title,
        source=source,
    )
    creator = reader.text(fields.get("creator")).strip()
    post_author = authors.get(creator.casefold()) if creator else None

    seen: dict[str, int | None] = {}
    for element in comment_elements:
        comment = _read_comment(reader, element, creator, post_author)
        if comment.scheme == SCHEME_WORDPRESS:
            if comment.id in seen:
                reader.problems.append(
                    Problem(
                        source,
                        f"comment id {comment.id} appears twice in post {post_id or thread.url}"
                        f" (first at line {seen[comment.id]}); the copies are merged into one comment"
                        " (if their content differs, the longest text is shown)",
                        comment.line,
                    )
                )
            else:
                seen[comment.id] = comment.line
        thread.comments.append(comment)
    return thread


def _read_comment(reader: Reader, element, creator: str, post_author) -> Comment:
    source = reader.source
    line = reader.doc.line(element)
    # Only these fields are read: comment_author_email and comment_author_IP never are.
    fields = reader.wp_fields(element)

    def value(name: str) -> str:
        return reader.text(fields.get(name)).strip()

    # WordPress stores names HTML-escaped (a pingback's author is the linking page's
    # title, "Links &laquo; Blog"); the model wants the text.
    author = html_module.unescape(value("comment_author"))
    author_url = value("comment_author_url")
    author_url = None if author_url.lower() in _EMPTY_URLS else author_url

    date, precision = _date(value("comment_date_gmt"), timezone.utc)
    if date is None:
        date, precision = _date(value("comment_date"), reader.tz)
        if date is None and (value("comment_date") or value("comment_date_gmt")).strip("0-: "):
            reader.problems.append(
                Problem(source, f"comment {value('comment_id') or '?'} has a date that cannot be read", line)
            )

    html = autop(reader.text(fields.get("comment_content")))

    approved = value("comment_approved").lower()
    status = _STATUSES.get(approved)
    if status is None:
        status = HIDDEN
        what = f"an unknown comment_approved value {approved!r}" if approved else "no comment_approved"
        reader.problems.append(
            Problem(source, f"comment {value('comment_id') or '?'} has {what}; it is kept hidden", line)
        )

    raw_type = value("comment_type").lower()
    kind = _TYPES.get(raw_type)
    if kind is None:
        kind = COMMENT
        reader.problems.append(
            Problem(
                source,
                f"comment {value('comment_id') or '?'} has an unknown comment_type {raw_type!r};"
                " it is read as a comment",
                line,
            )
        )

    parent = _ID_END.split(value("comment_parent"), 1)[0]
    parent = None if parent in ("", "0") else parent

    comment_id = _ID_END.split(value("comment_id"), 1)[0]
    scheme = SCHEME_WORDPRESS
    if not comment_id:
        scheme = SCHEME_FINGERPRINT
        comment_id = fingerprint(author, date, html, reader.tz)
        who = author or "an unnamed author"
        reader.problems.append(
            Problem(source, f"a comment by {who} has no comment_id; it gets the id {comment_id}", line)
        )

    return Comment(
        id=comment_id,
        parent=parent,
        author=author,
        author_url=author_url,
        date=date,
        date_precision=precision if date is not None else PRECISION_NONE,
        html=html,
        status=status,
        type=kind,
        scheme=scheme,
        by_post_author=_by_post_author(value("comment_user_id"), author, creator, post_author),
        sources=[source],
        line=line,
    )


_WP_DATETIME = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")


def _date(text: str, tz):
    """``parse_wp_datetime``, with a quick path for the one format WordPress writes."""
    if _WP_DATETIME.fullmatch(text) and not text.startswith("0000"):
        try:
            return checked(datetime.fromisoformat(text).replace(tzinfo=tz), PRECISION_SECOND)
        except ValueError:
            pass
    try:
        with warnings.catch_warnings():  # dateutil's fallback warns about odd zone names
            warnings.simplefilter("ignore")
            return parse_wp_datetime(text, tz)
    except Exception:  # dateutil's fuzzy fallback on odd text
        return None, PRECISION_NONE


def _by_post_author(user_id: str, author: str, creator: str, post_author) -> bool:
    """Whether the comment was written by the post's author (a logged-in user whose id matches)."""
    if not user_id or user_id == "0":
        return False
    if post_author is not None and post_author[0]:
        return user_id == post_author[0]
    # No author ids in the export (WXR 1.0, WordPress.com): compare names instead.
    names = {creator.casefold()}
    if post_author is not None and post_author[1]:
        names.add(post_author[1].casefold())
    return bool(author) and author.casefold() in names
