"""What the bytes are: an HTML page or not, its text, and where its comment section starts.

Detection is by content (never by file name); decoding uses the page's declared or detected
charset; the cut keeps the head and everything from the comment section on, because building the
tree is most of the cost and the header, navigation and article come before the comments in every
theme.
"""

from __future__ import annotations

import re

from bs4.dammit import UnicodeDammit

_LEADING_RE = re.compile(r"\s*(?:<!--.*?-->\s*|<\?xml[^>]*\?>\s*)*", re.DOTALL)
_FIRST_TAG_RE = re.compile(r"<(!doctype\s+html|[a-z][\w:.-]*)", re.IGNORECASE)
_HTML_ROOTS = {"html", "head", "body"}
# Roots of XML documents other parsers read, and other XML that is not a web page.
XML_ROOTS = {"rss", "feed", "disqus", "rdf:rdf", "urlset", "sitemapindex", "opml", "svg", "plist"}
_HTML_ANYWHERE_RE = re.compile(r"<(?:html|body)[\s>]", re.IGNORECASE)
_XML_ANYWHERE_RE = re.compile(r"<(?:rss|disqus|feed)[\s>]|<\?xml", re.IGNORECASE)


def _decode_head(head: bytes) -> str:
    if head.startswith(b"\xff\xfe") or head.startswith(b"\xfe\xff"):
        return head[: len(head) - len(head) % 2].decode("utf-16", errors="replace")
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    return head.decode("latin-1")  # only ASCII tag names are looked at


def first_element(text: str) -> str | None:
    """The lower-cased name of the first tag after declarations and comments (``!doctype html`` too)."""
    match = _LEADING_RE.match(text)
    rest = text[match.end() if match else 0:]
    first = _FIRST_TAG_RE.match(rest)
    if not first:
        return None
    name = first.group(1).lower()
    return "!doctype html" if name.startswith("!doctype") else name


def detect(head: bytes) -> bool:
    """True for an HTML document; False for XML exports (``<rss>``, ``<disqus>``) and anything else."""
    try:
        text = _decode_head(head)
        first = first_element(text)
        if first is None:  # junk or a comment cut off at the end of the head: look further
            return bool(_HTML_ANYWHERE_RE.search(text)) and not _XML_ANYWHERE_RE.search(text)
        if first == "!doctype html" or first in _HTML_ROOTS:
            return True
        if first in XML_ROOTS or ":" in first or first.startswith("!"):
            return False
        # A page whose first tag is a stray <meta> or <title> before <html>.
        return bool(_HTML_ANYWHERE_RE.search(text))
    except Exception:  # detection must never break the import
        return False


def not_html(data: bytes, text: str | None) -> str | None:
    """Why the bytes are not an HTML page, or None when they may be one."""
    head = data[:8192]
    if not data.strip():
        return "the file is empty"
    if detect(head):
        return None
    sample = head.lstrip(b"\xef\xbb\xbf")
    if b"\x00" in sample and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "not an HTML page (binary data)"
    if text is None:
        return "not an HTML page (the bytes could not be decoded as text)"
    first = first_element(text[:8192])
    if first is not None and (first in XML_ROOTS or ":" in first):
        return f"not an HTML page (an XML document with a <{first}> root)"
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\r\n\t\f")
    if controls > len(text[:4096]) // 20:
        return "not an HTML page (binary data)"
    if not re.search(r"<[a-zA-Z!/]", text[:65536]):
        return "not an HTML page (no HTML tags)"
    return None  # a fragment of HTML: read it


_HEAD_END_RE = re.compile(r"</head\s*>", re.IGNORECASE)
END_RE = re.compile(r"</(?:html|body)\s*>", re.IGNORECASE)
_SECTION_START_RE = re.compile(
    r"<(?:div|section|ol|ul|dl|aside)\b[^>]*?(?:\bid\s*=\s*[\"']?(?:comments|thecomments|commentlist|comment_list)[\"'\s>]"
    r"|\bclass\s*=\s*[\"'][^\"']*?(?<![\w-])(?:comments-area|commentlist|comment-list|wp-block-comments"
    r"|entry-comments|entry-pings)(?![\w-]))",
    re.IGNORECASE,
)
FIRST_COMMENT_RE = re.compile(
    r"<[a-z]+\b[^>]*?(?:\bid\s*=\s*[\"']?(?:li-|div-)?comment-\d"
    r"|\bclass\s*=\s*[\"'][^\"']*?(?<![\w-])(?:comment|pingback|trackback)(?![\w-])"
    r"|\bitemtype\s*=\s*[\"'][^\"']*schema\.org/(?:User)?Comment)",
    re.IGNORECASE,
)


def comment_region(text: str) -> str:
    """The page cut down to its head and everything from the comment section on.

    Building the tree is most of the cost, and the header, navigation and the article itself come
    before the comments in every theme; nothing with comment markup is ever cut (the cut is made
    before the first element that looks like a comment or a comment section).
    """
    head = _HEAD_END_RE.search(text)
    if head is None:
        return text
    starts = [m.start() for m in (_SECTION_START_RE.search(text, head.end()),
                                   FIRST_COMMENT_RE.search(text, head.end())) if m is not None]
    if not starts:
        return text
    cut = min(starts)
    if cut - head.end() < 2048:  # nothing worth cutting
        return text
    return text[: head.end()] + "<body>" + text[cut:]


def decode(data: bytes) -> str | None:
    """A saved page's bytes as text (its declared or detected charset), None when undecodable."""
    return read_text(data)[0]


_UTF8_SEQUENCE_RE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")


def read_text(data: bytes) -> tuple[str | None, int]:
    """(the page as text, how many stray Windows-1252 bytes a UTF-8 page held).

    A UTF-8 page with one Windows-1252 byte in it (a widget pasted from an old file: "K\\xfcchenblogs")
    is no valid UTF-8, and a decoder that takes the whole page for Windows-1252 garbles every other
    umlaut ("MÃ¤rz"), dates and names included.  When the page's UTF-8 sequences far outnumber its stray
    bytes, the stray bytes alone are read as Windows-1252 (bs4's ``UnicodeDammit.detwingle``)."""
    dammit = UnicodeDammit(data, is_html=True)
    text = dammit.unicode_markup
    if (dammit.original_encoding or "").lower() in ("utf-8", "ascii"):
        return text, 0
    sequences = len(_UTF8_SEQUENCE_RE.findall(data))
    stray = data.decode("utf-8", errors="replace").count("\ufffd")
    if sequences < 4 * stray:
        return text, 0
    try:
        return UnicodeDammit.detwingle(data).decode("utf-8"), stray
    except UnicodeDecodeError:
        return text, 0

