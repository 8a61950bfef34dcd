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

from ..dates import checked, parse_wp_datetime
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
from . import xmlutil

NAME = "wxr"

# WXR 1.0 used http://, newer exports https://; both exist in the wild.
_WP_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/1\.\d+/?$")
_WP_NAMESPACE_DECL = re.compile(
    r"""xmlns:[\w.-]+\s*=\s*["']https?://wordpress\.org/export/1\.\d+/?["']"""
)

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


def detect(head: bytes) -> bool:
    """An ``<rss>`` root element declaring the WXR namespace (``…/export/1.x/``)."""
    start = xmlutil.root_start_tag(head)
    if start is None:
        return False
    name, attributes = start
    return xmlutil.local_name(name) == "rss" and bool(_WP_NAMESPACE_DECL.search(attributes))


def parse(data: bytes, source: str, context) -> ParseResult:
    """Every comment on every post and page of a WXR file; never raises."""
    return xmlutil.guarded_parse(_parse, data, source, context, "a WordPress export")


# --- reading ------------------------------------------------------------------


_RUNAWAY = re.compile(r"(?:\]\]?>)?\s*</?wp:\w")
_ID_END = re.compile(r"[\s<>\"']")  # an id never holds these (a damaged file's run-on text does)
WP, PLAIN, OTHER = 0, 1, 2  # a tag in the WXR namespace, in none, in another one


class Reader:
    """Walks a WXR document (damaged ones too): what each element is, and its fields' text.

    Public because the post import (plugins/post_import) reads posts through the same walk.
    """

    def __init__(self, doc: xmlutil.XmlDoc, source: str, context, result: ParseResult):
        self.doc = doc
        self.source = source
        self.tz = getattr(context, "tz", None) or timezone.utc
        self.result = result
        root = doc.root
        self.namespaces = {ns for ns in (root.nsmap or {}).values() if ns and _WP_NAMESPACE.match(ns)}
        self._kinds: dict[object, tuple[str, int]] = {}
        # Inside a field, a WXR element means the field was never closed (a damaged
        # file): its text ends there.
        self.stop = lambda element: self.classify(element.tag)[1] == WP
        # A damaged file: recovery nests whatever follows an unclosed element inside
        # it, so comments and fields are also looked for below their usual level.
        self.damaged = bool(doc.errors or doc.char_errors)
        # Tags of <wp:comment>, so items without comments are skipped in C, unread.
        self.comment_tags = [f"{{{ns}}}comment" for ns in sorted(self.namespaces)] + ["wp:comment"]

    def classify(self, tag) -> tuple[str, int]:
        """``(local name, kind)`` of a tag; cached, since an export repeats a few dozen tags."""
        known = self._kinds.get(tag)
        if known is None:
            name = xmlutil.local_name(tag)
            ns = xmlutil.namespace(tag)
            if not isinstance(tag, str):
                kind = OTHER  # XML comment, processing instruction, entity
            elif ns is None:
                # An undeclared wp: prefix (a damaged file) stays in the tag name.
                kind = WP if tag.startswith("wp:") else PLAIN if ":" not in tag else OTHER
            else:
                kind = WP if ns in self.namespaces or _WP_NAMESPACE.match(ns) else OTHER
            known = self._kinds[tag] = (name, kind)
        return known

    def text(self, element) -> str:
        """A field's text: up to a nested WXR element, and in a damaged file up to WXR markup in the text."""
        value = xmlutil.text(element, self.stop)
        if self.damaged and "wp:" in value:
            # A CDATA section whose end was lost runs on over the next fields,
            # email and IP address included: cut it where the markup starts.
            value = _RUNAWAY.split(value, 1)[0]
        return value

    def is_item(self, element) -> bool:
        return self.classify(element.tag) == ("item", PLAIN)

    def is_item_or_comment(self, element) -> bool:
        return self.classify(element.tag) in (("item", PLAIN), ("comment", WP))

    def wp_fields(self, element) -> dict[str, object]:
        """First child in the WXR namespace of each local name."""
        fields: dict[str, object] = {}
        for child in element:
            name, kind = self.classify(child.tag)
            if kind == WP:
                fields.setdefault(name, child)
        if self.damaged:  # fields nested in an unclosed sibling
            for node in xmlutil.descendants(element, self.is_item_or_comment):
                name, kind = self.classify(node.tag)
                if kind == WP:
                    fields.setdefault(name, node)
        return fields

    def authors(self) -> dict[str, tuple[str, str]]:
        """``author_login`` -> (``author_id``, ``author_display_name``) from the channel."""
        found = {}
        for channel in self.doc.root.iter("channel"):
            for element in channel:
                if self.classify(element.tag) != ("author", WP):
                    continue
                fields = self.wp_fields(element)
                login = self.text(fields.get("author_login")).strip()
                if login:
                    found[login.casefold()] = (
                        self.text(fields.get("author_id")).strip(),
                        self.text(fields.get("author_display_name")).strip(),
                    )
        return found

    def items(self):
        return self.doc.root.iter("item")  # RSS's own <item>, in no namespace


def _parse(data: bytes, source: str, context, result: ParseResult) -> None:
    doc = xmlutil.load(data)
    if doc.root is None:
        result.problems.append(Problem(source, f"{source} could not be read as a WordPress export: {doc.failure}"))
        return
    result.problems.extend(xmlutil.encoding_problems(doc, source))
    reader = Reader(doc, source, context, result)
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
        result.problems[0:0] = xmlutil.damage_problems(doc, source, recovered)  # first: the cause
        xmlutil.scrub_private_markup(result)
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
            node for node in xmlutil.descendants(item, reader.is_item) if classify(node.tag) == ("comment", WP)
        ]
        for node in xmlutil.descendants(item, reader.is_item_or_comment):
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
        reader.result.problems.append(
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
                reader.result.problems.append(
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
            reader.result.problems.append(
                Problem(source, f"comment {value('comment_id') or '?'} has a date that cannot be read", line)
            )

    html = autop(reader.text(fields.get("comment_content")))

    approved = value("comment_approved").lower()
    status = _STATUSES.get(approved)
    if status is None:
        status = HIDDEN
        what = f"an unknown comment_approved value {approved!r}" if approved else "no comment_approved"
        reader.result.problems.append(
            Problem(source, f"comment {value('comment_id') or '?'} has {what}; it is kept hidden", line)
        )

    raw_type = value("comment_type").lower()
    kind = _TYPES.get(raw_type)
    if kind is None:
        kind = COMMENT
        reader.result.problems.append(
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
        reader.result.problems.append(
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


# --- wpautop --------------------------------------------------------------------

# HTML elements that start their own block: text is not wrapped in <p> across them.
# (Tags are matched with [^<>]* rather than WordPress's [^>]*: the same on real
# HTML, and linear on a hostile comment full of unclosed "<li".)
_BLOCK = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map"
    r"|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup"
    r"|header|footer|nav|figure|figcaption|details|menu|summary)"
)
_BLOCK_OPEN = re.compile(rf"(<{_BLOCK}[\s/>])")
_BLOCK_CLOSE = re.compile(rf"(</{_BLOCK}>)")
_HR = re.compile(r"(<hr\s*?/?>)")
_DOUBLE_BR = re.compile(r"<br\s*/?>\s*<br\s*/?>")
_PRE = re.compile(r"<pre[\s>].*?</pre>", re.S)
# A tag or an HTML comment (an unclosed one runs to the end, as in WordPress).
_TAG = re.compile(r"<!--.*?(?:-->|\Z)|<[^>]*>?", re.S)
_PARAGRAPH_SPLIT = re.compile(r"\n\s*\n")
_RAW_BLOCKS = {name: re.compile(rf"<{name}\b.*?</{name}>", re.S) for name in ("script", "style", "svg", "math")}
_NEWLINE = re.compile(r"(?<![^\S\n])[^\S\n]*\n")  # a newline with the blanks before it
_NEWLINE_KEPT = "\ue000"  # stands for a newline that must stay a newline

_CLEANUPS = [
    # Text directly in a <div>, <address> or <form> still gets its closing </p>.
    (re.compile(r"<p>([^<]+)</(div|address|form)>"), r"<p>\1</p></\2>"),
    # A block tag alone in a paragraph is not a paragraph.
    (re.compile(rf"<p>\s*(</?{_BLOCK}[^<>]*>)\s*</p>"), r"\1"),
    (re.compile(r"<p>(<li.+?)</p>"), r"\1"),
    # <p><blockquote> becomes <blockquote><p>.
    (re.compile(r"<p><blockquote([^<>]*)>", re.I), r"<blockquote\1><p>"),
    (re.compile(r"</blockquote></p>"), r"</p></blockquote>"),
    # No <p> right before, and no </p> right after, a block tag.
    (re.compile(rf"<p>\s*(</?{_BLOCK}[^<>]*>)"), r"\1"),
    (re.compile(rf"(</?{_BLOCK}[^<>]*>)\s*</p>"), r"\1"),
]
_BR_AFTER_BLOCK = re.compile(rf"(</?{_BLOCK}[^<>]*>)\s*<br />")
_BR_BEFORE_BLOCK = re.compile(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^<>]*>)")


def autop(text: str) -> str:
    """Plain comment text to HTML the way WordPress shows it (``wpautop``).

    A blank line starts a new ``<p>``, a single line break becomes ``<br />``;
    HTML already in the text is kept as it is (not escaped: the importer
    sanitizes it later), and ``<pre>`` blocks are left untouched.
    """
    if not text or not text.strip():
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if "<" not in text:  # plain text, most comments: only paragraphs and line breaks
        return _autop_plain(text)
    return _autop_html(text)


def _autop_plain(text: str) -> str:
    paragraphs = (part.strip("\n") for part in _PARAGRAPH_SPLIT.split(text))
    return "\n".join(f"<p>{_NEWLINE.sub(_br, part)}</p>" for part in paragraphs if part.strip())


def _autop_html(text: str) -> str:
    kept: dict[str, str] = {}

    def keep(match: re.Match) -> str:
        key = f"<pre wp-pre-tag-{len(kept)}></pre>"
        kept[key] = match.group(0)
        return key

    if "<pre" in text:
        text = _sub_closed(_PRE, "</pre>", keep, text)
    text = _DOUBLE_BR.sub("\n\n", text)
    text = _BLOCK_OPEN.sub(r"\n\n\1", text)
    text = _BLOCK_CLOSE.sub(r"\1\n\n", text)
    text = _HR.sub(r"\1\n\n", text)
    # Line breaks inside a tag (between attributes) are not paragraph breaks.
    if "<" in text:
        text = _TAG.sub(lambda m: m.group(0).replace("\n", _NEWLINE_KEPT), text)

    paragraphs = [part.strip("\n") for part in _PARAGRAPH_SPLIT.split(text)]
    text = "".join(f"<p>{part}</p>\n" for part in paragraphs if part.strip())
    for pattern, replacement in _CLEANUPS:
        text = pattern.sub(replacement, text)

    for name in ("script", "style", "svg", "math"):
        if f"</{name}>" in text:
            text = _sub_closed(_RAW_BLOCKS[name], f"</{name}>", _keep_newlines, text)
    text = text.replace("<br>", "<br />").replace("<br/>", "<br />")
    text = _NEWLINE.sub(_br, text)
    text = _BR_AFTER_BLOCK.sub(r"\1", text)
    text = _BR_BEFORE_BLOCK.sub(r"\1", text)
    for key, original in kept.items():
        text = text.replace(key, original)
    return text.replace(_NEWLINE_KEPT, "\n").rstrip("\n")


def _sub_closed(pattern: re.Pattern, closing: str, replacement, text: str) -> str:
    """``pattern.sub`` on the text up to the last ``closing`` tag only.

    An opening tag with no closing tag after it cannot match; left in the
    searched text, each one would be scanned to the end (quadratic time on a
    hostile comment).
    """
    end = text.rfind(closing)
    if end < 0:
        return text
    end += len(closing)
    return pattern.sub(replacement, text[:end]) + text[end:]


def _keep_newlines(match: re.Match) -> str:
    return match.group(0).replace("\n", _NEWLINE_KEPT)


def _br(match: re.Match) -> str:
    if match.string.endswith("<br />", 0, match.start()):
        return match.group(0)
    return "<br />\n"
