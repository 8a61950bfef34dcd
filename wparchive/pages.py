"""Saved pages of the old blog (a browser's "Save page as", a Wayback Machine capture): what they are.

Whether bytes are an HTML page at all (by content, never by file name), the page's text (its declared
or detected charset, a UTF-8 page's stray Windows-1252 bytes repaired), the page as its own site served
it (a capture unwrapped), and what the page says it is (its URL and title).  Both the comment import and
the post import read pages this way, once a page.
"""

from __future__ import annotations

import functools
import re
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

from . import wayback
from .encoding import utf8_with_strays
from .oldurls import page_url

# BeautifulSoup is imported where a page is read, not with this module: telling a file's format needs
# none of it, and a warm build, which reads no page, spent about 95 ms importing it (soupsieve with it)
# before it could start.
if TYPE_CHECKING:
    from bs4 import BeautifulSoup, Tag

_WS_RE = re.compile(r"\s+")


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


def is_page(head: bytes) -> bool:
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
    if is_page(head):
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



def decode(data: bytes) -> str | None:
    """A saved page's bytes as text (its declared or detected charset), None when undecodable."""
    return read_text(data)[0]


# What a decoder takes a UTF-8 page with stray bytes for (it falls back to Windows-1252), and the
# Western encodings a page may declare while its bytes are UTF-8.
_WESTERN = frozenset({"windows-1252", "cp1252", "iso-8859-1", "latin-1", "latin1", "iso-8859-15", "ascii"})


def read_text(data: bytes) -> tuple[str | None, int, int | None]:
    """(the page as text, how many stray Windows-1252 bytes a UTF-8 page held, the line of the first).

    A UTF-8 page with a few Windows-1252 bytes in it (a widget or a comment pasted from an older file:
    "K\\xfcchenblogs", "Caf\\xe9") is no valid UTF-8, and a decoder that takes the whole page for
    Windows-1252 garbles every other accented letter ("MÃ¤rz"), dates and names included.  When the
    page decoded as Windows-1252 (or says it is Western) and its valid UTF-8 characters are at least as
    many as its stray bytes, it is UTF-8 and the stray bytes alone are read as Windows-1252
    (``encoding.utf8_with_strays``); so too where the decoder gave up and replaced them (a Cyrillic
    page's UTF-8 holds bytes Windows-1252 has no character for).  A page in another encoding it declares
    (Windows-1251, Shift_JIS) is read in it."""
    from bs4.dammit import UnicodeDammit

    dammit = UnicodeDammit(data, is_html=True)
    text = dammit.unicode_markup
    found = (dammit.original_encoding or "").lower()
    if found in ("utf-8", "ascii") and not dammit.contains_replacement_characters:
        return text, 0, None
    if found and found not in _WESTERN and found not in ("utf-8", "ascii"):
        return text, 0, None
    mixed = utf8_with_strays(data)
    if mixed.stray == 0:
        return mixed.text, 0, None  # valid UTF-8 that the page declared as something else
    if mixed.sequences == 0 or mixed.sequences < mixed.stray:
        return text, 0, None  # a Windows-1252 page: its high bytes are no UTF-8
    return mixed.text, mixed.stray, mixed.line


def unwrap_capture(text: str) -> tuple[str, str | None]:
    """(the page as its own site served it, the capture's original URL or None).

    For a Wayback capture: the archive's toolbar and scripts removed and every
    ``web.archive.org/web/<timestamp>/`` URL unwrapped; any other page unchanged.
    """
    if not wayback.is_capture(text):
        return text, None
    original = wayback.original_url(text)  # named by the archive's scripts, removed next
    return wayback.unwrap_all(wayback.strip_archive_additions(text)), original


# When the page itself says it was made: the moment a comment plugin's ages ("3 Jahren her") were
# counted from, where no Wayback capture time is there.  Surest first: a cache plugin's stamp is when the
# HTML was generated (its ages were printed then), a save tool's when it was saved, the server's Date or
# Last-Modified header kept in a meta tag when it was served.  Each pattern is its tool's own line, compiled
# the first time a page names its tool (most never do: that is 1.2 ms less at every start).
_CACHE_STAMP = (
    r"Cached page generated by WP-Super-Cache on (\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})"  # site time
    r"|Page generated by LiteSpeed Cache [\w.]+ on (\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})"
    r"|Served from: \S+ @ (\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}) by W3 Total Cache"
)
_SAVE_STAMP = (
    # SingleFile: "saved date: Tue Mar 10 2020 09:00:00 GMT+0100 (…)", JavaScript's Date.toString()
    r"saved date:\s*(?:[A-Za-z]{3}\s+)?([A-Za-z]{3}\s+\d{1,2}\s+\d{4}\s+\d{1,2}:\d{2}:\d{2})\s*GMT([+-]\d{4})"
    # HTTrack: "Mirrored from HOST/PATH by HTTrack Website Copier/3.x [XR&CO'2014], Tue, 10 Mar 2020 08:00:00 GMT"
    r"|by HTTrack Website Copier/[^\]]*\],\s*([A-Za-z]{3},\s*\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{2}:\d{2}:\d{2}\s+GMT)"
)
_META_DATE = r"<meta\b(?=[^>]*?http-equiv\s*=\s*[\"']?(?:date|last-modified)[\"'\s>])[^>]*?content\s*=\s*[\"']([^\"']+)"
_STAMP_SPAN = 32768  # the stamps stand in the head or after </html>
_CACHE_NAMES = ("WP-Super-Cache", "LiteSpeed Cache", "W3 Total Cache")


def saved_time(text: str, tz, head: Tag | None = None) -> datetime | None:
    """When the page says it was generated, saved or served (aware), or None.

    A cache plugin's closing comment after ``</html>`` (WP Super Cache, LiteSpeed Cache, W3 Total Cache:
    the site's own time, ``tz``), then a save tool's at the top (SingleFile's "saved date:", HTTrack's
    "Mirrored from … GMT"), then ``<meta http-equiv="date">`` or ``"last-modified"`` (read from the tree's
    ``head`` when given).  A browser's "saved from url" comment names no time.  The tools' names are
    looked for first, by plain search in those places alone: the patterns over the page would cost it
    0.4 ms.
    """
    size = len(text)
    end = text.rfind("</html", max(0, size - _STAMP_SPAN))
    tail = end if end != -1 else max(0, size - 4096)
    if any(text.find(name, tail) != -1 for name in _CACHE_NAMES):
        match = _pattern(_CACHE_STAMP).search(text, tail)
        if match:
            try:
                value = datetime.strptime(next(g for g in match.groups() if g), "%Y-%m-%d %H:%M:%S")
            except ValueError:
                value = None
            if value is not None:
                return value.replace(tzinfo=tz)
    top = min(size, 4096)
    if text.find("saved date:", 0, top) != -1 or text.find("HTTrack", 0, top) != -1:
        match = _pattern(_SAVE_STAMP).search(text, 0, top)
        if match:
            value = _javascript_date(*match.group(1, 2)) if match.group(1) else _http_date(match.group(3))
            if value is not None:
                return value
    if head is not None:
        from bs4 import Tag

        for meta in head.contents:
            if isinstance(meta, Tag) and meta.name == "meta" and "http-equiv" in meta.attrs \
                    and meta["http-equiv"].strip().lower() in ("date", "last-modified") and meta.get("content"):
                return _http_date(meta["content"])
        return None
    match = _pattern(_META_DATE, re.IGNORECASE).search(text, 0, min(size, _STAMP_SPAN))
    return _http_date(match.group(1)) if match else None


@functools.lru_cache(maxsize=None)
def _pattern(source: str, flags: int = 0) -> re.Pattern:
    return re.compile(source, flags)


_MONTHS = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}


def _javascript_date(text: str, offset: str) -> datetime | None:
    """ "Mar 10 2020 09:00:00", "+0100" (English whatever the machine's locale, as JavaScript writes it)."""
    month, day, year, clock = text.split()
    try:
        hour, minute, second = map(int, clock.split(":"))
        zone = timezone((1 if offset[0] == "+" else -1) * timedelta(hours=int(offset[1:3]), minutes=int(offset[3:])))
        return datetime(int(year), _MONTHS[month.lower()], int(day), hour, minute, second, tzinfo=zone)
    except (KeyError, ValueError):
        return None


def _http_date(text: str) -> datetime | None:
    """An HTTP date ("Tue, 10 Mar 2020 08:00:00 GMT"), aware; None when it is none."""
    from email.utils import parsedate_to_datetime  # only for the rare page that carries one

    try:
        value = parsedate_to_datetime(text.strip())
    except (TypeError, ValueError, IndexError):
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)


SAVED_FROM_RE = re.compile(r"<!--\s*saved from url=\(\d+\)\s*(\S+?)\s*-->", re.IGNORECASE)
def head_info(soup: BeautifulSoup) -> tuple[str | None, str | None]:
    """(canonical link or og:url, og:title or <title>) as the page gives them."""
    canonical = og_url = og_title = title = None
    head = soup.head
    if head is None:
        return None, None
    from bs4 import Tag

    for el in head.descendants:
        if not isinstance(el, Tag):
            continue
        if el.name == "link":
            if canonical is None and "canonical" in tokens(el.get("rel")) and el.get("href"):
                canonical = el.get("href")
        elif el.name == "meta":
            prop = (el.get("property") or el.get("name") or "").lower()
            if prop == "og:url" and og_url is None and el.get("content"):
                og_url = el.get("content")
            elif prop == "og:title" and og_title is None and el.get("content"):
                og_title = el.get("content")
        elif el.name == "title" and title is None:
            title = el.get_text()
    name = og_title or title
    name = _WS_RE.sub(" ", name).strip() if name else None
    return canonical or og_url, name or None


def tokens(value) -> tuple:
    """The lower-cased words of an attribute value (``rel``, ``itemprop``, ``class``), list or text."""
    if not value:
        return ()
    if isinstance(value, list):
        value = " ".join(value)
    return tuple(value.lower().split())


def identity(text: str, soup: BeautifulSoup, original: str | None) -> tuple[str | None, str | None]:
    """(the page's original URL in the form every capture of it shares, its title).

    The URL is the page's canonical link or og:url, else the Wayback capture's original URL, else a
    browser's "saved from url" comment; ``text`` is the page unwrapped, ``soup`` its tree (the head
    is enough).
    """
    url, title = head_info(soup)
    if not url:
        url = original
    if not url:
        match = SAVED_FROM_RE.search(text, 0, 10000)
        url = match.group(1) if match else None
    return page_url(url), title
