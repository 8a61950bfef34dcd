"""XML helpers shared by the WXR and Disqus parsers.

Both formats are read with lxml directly (not through BeautifulSoup) because
only lxml's own tree keeps the line number of every element, and the import
report points at lines.  The parser is set up for untrusted files:

* ``recover=True``: a damaged file (truncated, stray control characters) gives
  whatever could be read, and the errors are reported, never raised;
* ``resolve_entities=False``, ``load_dtd=False``, ``no_network=True``: no
  external entity is fetched and no internal entity is expanded, so neither
  an XXE nor a "billion laughs" file can do harm;
* ``huge_tree=False``: libxml2's limits on depth (256) and on the size of one
  text node stay on, so a deeply nested file is cut, not followed.

Nothing here knows about WXR or Disqus.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from lxml import etree

from .encoding import utf8_with_strays
from .problems import Problem

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

# libxml2 messages about characters XML does not allow (control characters
# pasted into a comment are the commonest reason a WordPress export is invalid).
_CHAR_ERROR = re.compile(r"invalid char|char value|invalid bytes|not proper utf|encoding error|bytes:", re.I)

# Control characters XML 1.0 forbids.  libxml2's recovery handles them badly
# inside CDATA (the whole comment text is lost), so they are removed from the
# bytes first; in UTF-8 and the single-byte encodings they never occur inside a
# multi-byte character, so this is safe for every encoding but UTF-16/32.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
_CONTROL_RE = re.compile(b"[" + re.escape(_CONTROL_BYTES) + b"]")


# The encoding an XML declaration names (UTF-8 when it names none).
_DECLARED_ENCODING = re.compile(rb"""\A<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_UTF8_NAMES = {"utf-8", "utf8"}


def _recode_invalid_utf8(data: bytes) -> tuple[bytes, int | None]:
    """``data`` with bytes that are not UTF-8 read as Windows-1252, and the line of the first.

    Only for a file that declares UTF-8 or nothing: a WordPress export whose database mixed
    encodings holds Windows-1252 bytes among the UTF-8, which libxml2 would drop.
    """
    declared = _DECLARED_ENCODING.match(data)
    if declared is not None and declared.group(1).decode("ascii").lower() not in _UTF8_NAMES:
        return data, None
    mixed = utf8_with_strays(data)
    if mixed.line is None:
        return data, None
    return mixed.text.encode("utf-8"), mixed.line


@dataclass
class XmlError:
    line: int | None
    message: str


@dataclass
class XmlDoc:
    """A parsed file: its root (None when nothing could be read) and the errors met."""

    root: etree._Element | None
    line_offset: int = 0  # lines removed from the start before parsing
    errors: list[XmlError] = field(default_factory=list)  # damage: the file is not well-formed
    char_errors: list[XmlError] = field(default_factory=list)  # characters XML does not allow (dropped)
    failure: str | None = None  # why nothing at all could be read
    recoded_line: int | None = None  # first line with bytes that are not UTF-8 (read as Windows-1252)

    def line(self, element) -> int | None:
        """The line of ``element`` in the original file."""
        number = getattr(element, "sourceline", None)
        return None if number is None else number + self.line_offset


def load(data: bytes) -> XmlDoc:
    """Parse ``data`` safely; never raises."""
    if not isinstance(data, (bytes, bytearray)):
        data = str(data).encode("utf-8")
    data = bytes(data)
    offset = 0
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM):]
    if not data.startswith(_UTF16_BOMS):
        # WordPress sites with a sloppy plugin or theme often print blank lines
        # before the XML declaration; libxml2 refuses those.  Drop them, and
        # remember how many lines went so reported lines stay right.
        stripped = data.lstrip(b" \t\r\n")
        offset = data[: len(data) - len(stripped)].count(b"\n")
        data = stripped
    if not data or data.isspace():
        return XmlDoc(None, offset, failure="the file is empty")
    removed: list[XmlError] = []
    recoded_line = None
    if not _wide_encoding(data):
        data, recoded_line = _recode_invalid_utf8(data)
        if recoded_line is not None:
            recoded_line += offset
        cleaned = data.translate(None, _CONTROL_BYTES)
        if len(cleaned) != len(data):
            first = _CONTROL_RE.search(data)
            line = data.count(b"\n", 0, first.start()) + 1 + offset
            removed.append(
                XmlError(line, f"{len(data) - len(cleaned)} control character(s) such as {first.group()!r}")
            )
            data = cleaned
            if not data or data.isspace():
                return XmlDoc(None, offset, char_errors=removed, failure="the file holds no text")
        del cleaned

    parser = etree.XMLParser(
        recover=True,
        resolve_entities=False,
        load_dtd=False,
        dtd_validation=False,
        no_network=True,
        huge_tree=False,
        remove_pis=True,
        collect_ids=False,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        return XmlDoc(None, offset, failure=f"not readable as XML ({_first_line(str(exc))})")
    except Exception as exc:  # lxml can raise others on odd input; a parser never raises
        return XmlDoc(None, offset, failure=f"not readable as XML ({exc.__class__.__name__}: {exc})")

    doc = XmlDoc(root, offset, char_errors=removed, recoded_line=recoded_line)
    for entry in parser.error_log:
        if entry.level < etree.ErrorLevels.ERROR:
            continue
        error = XmlError(entry.line + offset if entry.line else None, _first_line(entry.message))
        (doc.char_errors if _CHAR_ERROR.search(entry.message) else doc.errors).append(error)
    if root is None:
        reason = doc.errors[0].message if doc.errors else "no element found"
        doc.failure = f"not readable as XML ({reason})"
    return doc


def _wide_encoding(data: bytes) -> bool:
    """UTF-16 or UTF-32 (where NUL and other low bytes are part of characters)."""
    return data.startswith(_UTF16_BOMS) or data[:2] in (b"<\x00", b"\x00<")


def damage_problems(doc: XmlDoc, source: str, recovered: str) -> list[Problem]:
    """Problems telling the report that ``source`` is not well-formed XML.

    ``recovered`` says what was read anyway ("12 comments in 3 threads").
    """
    problems = []
    if doc.errors:
        first = doc.errors[0]
        where = f" at line {first.line}" if first.line else ""
        more = f" (and {len(doc.errors) - 1} more XML errors)" if len(doc.errors) > 1 else ""
        problems.append(
            Problem(
                source,
                f"{source} is damaged XML: {first.message}{where}{more}. "
                f"Recovered what could be read: {recovered}; anything after the damage may be missing.",
                first.line,
            )
        )
    if doc.char_errors:
        first = doc.char_errors[0]
        problems.append(
            Problem(
                source,
                f"{source} holds characters XML does not allow (first at line {first.line}: {first.message});"
                " they were left out of the text",
                first.line,
            )
        )
    return problems


def encoding_problems(doc: XmlDoc, source: str) -> list[Problem]:
    """A problem telling the report that ``source`` is not the UTF-8 it says it is."""
    if doc.recoded_line is None:
        return []
    return [Problem(
        source,
        f"{source} is not valid UTF-8 (first at line {doc.recoded_line}): its invalid bytes were read as "
        "Windows-1252 characters; check accented letters and quotes in its comments",
        doc.recoded_line,
    )]


def _first_line(message: str) -> str:
    return message.strip().splitlines()[0].strip() if message and message.strip() else "unknown error"


# --- reading elements ---------------------------------------------------------


def local_name(tag) -> str:
    """``{ns}name``, ``prefix:name`` (an undeclared prefix) or ``name`` -> ``name``."""
    if not isinstance(tag, str):
        return ""
    tag = tag.rpartition("}")[2]
    return tag.rpartition(":")[2]


def namespace(tag) -> str | None:
    if isinstance(tag, str) and tag.startswith("{"):
        return tag[1:].partition("}")[0]
    return None


def is_element(node) -> bool:
    """True for elements (not XML comments, processing instructions or entities)."""
    return isinstance(node.tag, str)


# Elements holding what a commenter never agreed to publish.  Text reading stops
# at them even when a damaged file nests them inside a field that is read.
PRIVATE_NAMES = frozenset({"comment_author_email", "comment_author_ip", "author_email", "email", "ipaddress"})

# The markup of those elements, met inside a text: the sign of a section whose
# end was lost in a damaged file (a CDATA section or an attribute value running on).
_PRIVATE_MARKUP = re.compile(
    r"</?(?:[\w.-]+:)?(?:comment_author_email|comment_author_ip|author_email|email|ipaddress)\b", re.I
)
_SCRUBBED_FIELDS = ("id", "parent", "author", "author_url", "html")
_SCRUBBED_THREAD_FIELDS = ("url", "slug", "identifier", "title")


def scrub_private_markup(result) -> None:
    """Cut every text of a parsed damaged file where private markup shows up in it.

    The parsers already stop at private elements; this is the last guard for
    text that swallowed the markup itself.
    """
    for thread in result.threads:
        _scrub(thread, _SCRUBBED_THREAD_FIELDS)
        for comment in thread.comments:
            _scrub(comment, _SCRUBBED_FIELDS)


def _scrub(obj, names) -> None:
    for name in names:
        value = getattr(obj, name, None)
        if isinstance(value, str) and "<" in value:
            match = _PRIVATE_MARKUP.search(value)
            if match is not None:
                setattr(obj, name, value[: match.start()])


def is_private(node) -> bool:
    return is_element(node) and local_name(node.tag).lower() in PRIVATE_NAMES


def _stops(node, stop) -> bool:
    return is_element(node) and (is_private(node) or (stop is not None and stop(node)))


def text(element, stop=None) -> str:
    """The text of an element and its descendants, as plain text.

    Reading ends at the first descendant element that is private (an email or
    IP address) or for which ``stop(element)`` is true: in a damaged file the
    fields after an unclosed element are nested inside it, and they are not
    part of its text.  Entity references left unexpanded (``&nbsp;`` in a file
    without a DTD) are read as the character they name.
    """
    if element is None:
        return ""
    if not len(element):  # the usual case: a leaf, text or CDATA only
        return element.text or ""
    parts: list[str] = []
    _collect_text(element, parts, stop)
    return "".join(parts)


def _collect_text(element, parts: list[str], stop) -> bool:
    """Append the text under ``element``; False when a stop element ended the reading."""
    # Iterative, so a deeply nested element cannot exhaust Python's stack.
    stack = [(element, False)]
    while stack:
        node, done = stack.pop()
        if done:
            if node is not element and node.tail:
                parts.append(node.tail)
            continue
        if node is not element and _stops(node, stop):
            return False
        if isinstance(node, etree._Entity):
            parts.append(html.unescape(node.text or ""))
            if node.tail:
                parts.append(node.tail)
            continue
        if not is_element(node):  # XML comment or PI: skip it, keep its tail
            if node is not element and node.tail:
                parts.append(node.tail)
            continue
        if node.text:
            parts.append(node.text)
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node))
    return True


_XMLNS_ATTR = re.compile(r'\s+xmlns(?::[\w.-]+)?="[^"]*"')
_PREFIXED_TAG = re.compile(r"<(/?)[\w.-]+:")


def inner_markup(element, stop=None) -> str:
    """The content of an element as markup: its text, plus any child elements serialized.

    Exports put HTML in CDATA, which lxml gives as plain text; this also keeps
    HTML that an export wrote as raw (unescaped) child elements, and keeps
    unexpanded entity references as written (``&nbsp;``).  Reading ends at a
    private or ``stop`` element, as in :func:`text`.
    """
    if element is None:
        return ""
    if not len(element):
        return element.text or ""
    parts = [element.text or ""]
    for child in element:
        if _stops(child, stop):
            break
        if is_element(child) and any(_stops(node, stop) for node in child.iterdescendants()):
            _collect_text(child, parts, stop)  # damaged: only the text before the stop
            break
        if isinstance(child, etree._Entity):
            parts.append(child.text or "")
        elif is_element(child):
            try:
                markup = etree.tostring(child, encoding="unicode", with_tail=False)
            except Exception:  # an element lxml cannot serialize: keep its text
                markup = text(child, stop)
            markup = _XMLNS_ATTR.sub("", markup)
            # Elements of the export's own namespace serialize with a prefix.
            parts.append(_PREFIXED_TAG.sub(r"<\1", markup))
        parts.append(child.tail or "")
    return "".join(parts)


def descendants(element, barrier):
    """Descendant elements in document order, not entering (nor giving) those where ``barrier(e)``.

    Used on damaged files, where recovery nests the fields and records that
    follow an unclosed element inside it.
    """
    stack = list(reversed(element))
    while stack:
        node = stack.pop()
        if not is_element(node) or barrier(node):
            continue
        yield node
        stack.extend(reversed(node))


def children_by_name(element, keep=None) -> dict[str, object]:
    """First child element of each local name (``keep(child)`` filters by namespace)."""
    found: dict[str, object] = {}
    for child in element:
        if not is_element(child):
            continue
        if keep is not None and not keep(child):
            continue
        found.setdefault(local_name(child.tag), child)
    return found


# --- detection ------------------------------------------------------------------

# The prolog before the root element: declaration, comments, PIs, a doctype.
_PROLOG = re.compile(
    r"\A(?:\s|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>)*",
    re.S | re.I,
)
_START_TAG = re.compile(r"<([A-Za-z_][\w.:-]*)([^<>]*)>?", re.S)


def root_start_tag(head: bytes) -> tuple[str, str] | None:
    """``(name, attributes text)`` of the root element in the first bytes of a file, if any."""
    if not head:
        return None
    head = bytes(head)
    try:
        if head.startswith(_UTF16_BOMS):
            decoded = head.decode("utf-16", errors="ignore")
        else:
            if head.startswith(_UTF8_BOM):
                head = head[len(_UTF8_BOM):]
            decoded = head.decode("latin-1")
    except Exception:
        return None
    prolog = _PROLOG.match(decoded)
    rest = decoded[prolog.end():] if prolog else decoded
    match = _START_TAG.match(rest)
    if not match:
        return None
    return match.group(1), match.group(2)
