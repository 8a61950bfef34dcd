"""Making archived comment content safe to publish.

Everything a comment archive holds is untrusted input from strangers: bodies
are cleaned with nh3 against a small allowlist, names are plain text and URLs
are checked, so nothing from an archive can add script, style or markup to the
built site.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from urllib.parse import urlsplit

import nh3

ALLOWED_TAGS = {"p", "br", "em", "strong", "i", "b", "a", "blockquote", "code", "pre", "ul", "ol", "li", "q", "cite"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
LINK_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc noopener"

# C0 and C1 control characters (C1: ESC-free terminal sequences such as U+009B CSI, and what a
# Latin-1 page's Windows-1252 bytes become when they cannot be read as characters).
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_ASCII_CONTROLS = bytes([*range(0x00, 0x09), 0x0b, 0x0c, *range(0x0e, 0x20), 0x7f])  # _CONTROL_RE's, in ASCII
# Characters that act on a terminal or reorder the text around them (terminal.escape shows them
# escaped in the report, strip_unsafe removes them from names): C0 controls and DEL; C1 controls
# (U+0080-U+009F: U+009B is CSI, U+009D OSC ...); bidi embeddings, overrides and isolates
# (U+202A-U+202E, U+2066-U+2069: "evil\u202egnp.exe" shows as "evilexe.png"); the directional
# marks (U+200E, U+200F, U+061C); the line and paragraph separators (U+2028, U+2029: a line break
# for some terminals and for every JavaScript reader of the JSON).
UNSAFE = "\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u2028\u2029"
UNSAFE_RE = re.compile(f"[{UNSAFE}]")

# A whole escape sequence, as ECMA-48 defines them: CSI (ESC [ or U+009B) with its parameters,
# intermediates and final byte; an OSC, DCS, SOS, PM or APC string (ESC ], P, X, ^, _, or U+009D,
# U+0090) with its terminator (BEL, ESC \ or U+009C); any other ESC sequence (ESC ( B, ESC c ...).
# The 8-bit forms are taken as sequences only where nothing else is likely: U+009B with parameters
# and a final byte ("\x9b31m"), and U+009D and U+0090, which stand for no Windows-1252 character,
# with a terminator. Another lone C1 character is more often the Windows-1252 character of a page
# that said Latin-1 ("\x9e" for "ž", "\x9c" for "œ"), and is left to the repair or removed alone.
ESCAPE_SEQUENCE_RE = re.compile(
    r"\x1b\[[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?"
    r"|\x9b[\x30-\x3f]+[\x20-\x2f]*[\x40-\x7e]"
    r"|(?:\x1b[\]PX^_]|[\x9d\x90])[^\x07\x1b\x9c]{0,512}(?:\x07|\x1b\\|\x9c)"
    r"|\x1b[\x20-\x2f]*[\x30-\x7e]?"
)


# Every sequence ESCAPE_SEQUENCE_RE takes starts with one of these: a text holding none of them has none
# (nearly every comment), and four scans for a character cost a tenth of the pattern's own search.
_SEQUENCE_STARTS = ("\x1b", "\x9b", "\x9d", "\x90")


def without_sequences(text: str) -> str:
    """``text`` without its escape sequences, each removed whole (other characters stay)."""
    if not text or ("\x1b" not in text and (text.isascii() or not any(start in text for start in _SEQUENCE_STARTS))):
        return text  # only ESC starts a sequence in ASCII text: one scan, and no generator to run
    return ESCAPE_SEQUENCE_RE.sub("", text)


def strip_unsafe(text: str) -> str:
    """``text`` without escape sequences (whole) and without terminal control or bidi characters."""
    return UNSAFE_RE.sub("", ESCAPE_SEQUENCE_RE.sub("", text))


_EMPTY_P_RE = re.compile(r"<p>\s*</p>")
_COMMENT_ANCHOR_RE = re.compile(r"#comment-\d+")
_URL_JUNK_RE = re.compile(f"[{UNSAFE}\u200b-\u200d\u2060\ufeff]")
# What comes before the first ":" of a URL, where no "/", "?" or "#" comes first: its scheme, for
# a browser, once whitespace and invisible characters are ignored.
_SCHEME_RE = re.compile(r"^([^/?#]*):")
# A host name: letters, digits, dots and hyphens (any script), or an IPv6 address.
_HOST_RE = re.compile(r"(?:[^\W_]|[.-])+|[0-9a-fA-F:.]+")
# Characters that have no business in a URL and end or break out of an attribute value.
_URL_ESCAPE_CHARS = "\"'<>`\\{}|^"
_URL_ESCAPES = str.maketrans({c: f"%{ord(c):02X}" for c in _URL_ESCAPE_CHARS})
_NEEDS_ESCAPES_RE = re.compile(f"[{re.escape(_URL_ESCAPE_CHARS)}]")
# A plain http(s) URL of ASCII, as urlsplit reads it: the scheme in any case, "//", then a host of
# ASCII letters, digits, dots and hyphens (a host _HOST_RE takes; group 1), a port or none, and the
# path (group 2) up to a query or fragment.  Only for a URL without whitespace or control characters
# (urlsplit drops some first): what _visible left here, and spam scoring's author links.
PLAIN_HTTP_URL_RE = re.compile(r"(?i:https?)://([A-Za-z0-9.-]+)(?::[0-9]*)?(?=[/?#]|\Z)([^?#]*)")


# In ASCII, what prints and is no whitespace is "!" to "~": every other ASCII character.
_ASCII_UNSEEN_RE = re.compile(r"[\x00-\x20\x7f]+")


def _visible(value: str) -> str:
    """A value without whitespace and characters that print nothing (what a URL parser skips)."""
    if value.isascii():  # nearly every URL: one pass in C instead of a test per character
        return _ASCII_UNSEEN_RE.sub("", value)
    return "".join(ch for ch in value if ch.isprintable() and not ch.isspace() and ch != "\ufffd")


def _link_filter(tag: str, attribute: str, value: str) -> str | None:
    """Drop an ``href`` whose scheme is not allowed, however it is disguised.

    nh3 already refuses ``javascript:`` and friends when the URL parses; a URL that does not
    (``jav\ufffdascript:…``, from a NUL in the archive) would pass as a relative link.
    """
    if attribute != "href":
        return value
    match = _SCHEME_RE.match(_visible(value))
    if match and match.group(1).lower() not in LINK_SCHEMES:
        return None
    raw = value.strip()
    if match is None:
        # A relative link pointed into the old blog (or came from a <base> the sanitizer removed,
        # "/. /,javascript:alert(1)//#"): it resolves to nothing here. Only a comment permalink
        # ("#comment-12", an "@name" reply) still does: the site keeps every comment's anchor.
        return raw if _COMMENT_ANCHOR_RE.fullmatch(raw) else None
    scheme = raw[: raw.index(":")] if ":" in raw else ""
    if not scheme.isascii() or not scheme.isalpha():
        return None  # whitespace, controls or invisible characters inside the scheme ("htt\tp:")
    # Browsers drop tabs and line breaks anywhere in a URL; a link that holds them is disguised.
    return None if _URL_JUNK_RE.search(raw) else raw


# ftfy, only for what it is sure of: mojibake ("â€™" for "’", also nested and with lost
# bytes) and C1 controls that stand for Windows-1252 characters (a page that says Latin-1
# and holds Windows-1252). Nothing that changes correct text: no quote uncurling, width or
# ligature changes, no entity decoding (bodies are HTML), no normalization.  Imported when a text
# first needs it: ftfy takes 50 ms to import, before the build can start its parse workers, and most
# archives hold no mojibake.
@functools.cache
def _ftfy():
    import ftfy

    return ftfy, ftfy.TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        remove_control_chars=False,
        normalization=None,
        explain=False,
    )


# What a UTF-8 byte sequence looks like once read as Windows-1252 (or Latin-1): the character of
# a lead byte followed by those of continuation bytes ("Ã©" for "é", "â€™" for "’"). ftfy alone
# also "repairs" short correct text ("»ß" became "ȧ"), so it runs only on text that shows this
# signature, or C1 control characters (never in real text: Windows-1252 read as Latin-1).
_CONTINUATION = "".join(sorted({chr(b) for b in range(0x80, 0xC0)}
                               | {bytes([b]).decode("cp1252", errors="ignore") for b in range(0x80, 0xC0)} - {""}))
MOJIBAKE_RE = re.compile(
    "[\u00c2-\u00df][" + re.escape(_CONTINUATION) + "]"
    "|[\u00e0-\u00ef][" + re.escape(_CONTINUATION) + "]{2}"
    "|[\x80-\x9f]"
)


def repair_text(text: str | None) -> str:
    """Text with mis-decoded characters put right where that is unambiguous (ftfy)."""
    if not text or text.isascii() or not MOJIBAKE_RE.search(text):
        return text or ""
    ftfy, config = _ftfy()
    return ftfy.fix_text(text, config)


# One sanitizer for every body: nh3.clean builds its rules again on each call (their sets hashed
# anew: a sixth of cleaning a short comment).
_BODY_CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=LINK_SCHEMES,
    link_rel=LINK_REL,
    attribute_filter=_link_filter,
    strip_comments=True,
)


def sanitize_body(html: str) -> str:
    """A comment body reduced to simple formatting and safe links."""
    html = html or ""
    if html.isascii():  # nearly every body: the bytes' own translate deletes them at a third of the pattern's cost
        html = html.encode("ascii").translate(None, _ASCII_CONTROLS).decode("ascii")
    else:
        html = _CONTROL_RE.sub("", html)
    cleaned = _BODY_CLEANER.clean(html)
    return _EMPTY_P_RE.sub("", cleaned).strip()


def clean_text(text: str | None) -> str:
    """A single-line plain-text field (an author name): no markup, no control characters.

    A terminal escape sequence goes whole ("ESC[2J" leaves nothing, not "[2J"); line breaks and
    tabs become spaces; bidi controls and directional marks go (``strip_unsafe``).
    """
    if not text:
        return ""
    text = " ".join(without_sequences(text).split())
    if text.isascii() and text.isprintable():
        # Nearly every name and id: no control character is left to strip, ESC included (so no
        # sequence either), NFC leaves ASCII as it is, and the words are joined already.
        return text
    return " ".join(unicodedata.normalize("NFC", strip_unsafe(text)).split())


# Invisible characters a name can hide in front of, or inside, another's ("\u200bInes Calder"):
# every format character (category Cf: zero-width space U+200B, joiners U+200C/U+200D, word joiner
# U+2060, U+FEFF, soft hyphen, directional marks …) and the Hangul fillers, which print as blanks.
_FILLERS = frozenset("\u115f\u1160\u3164\uffa0")
_ZWNJ, _ZWJ = "\u200c", "\u200d"
# Scripts whose spelling uses the joiners (Hebrew to Mongolian, the Indic extensions, Arabic
# presentation forms): between two of their letters a joiner is part of the name.
_JOINING_RANGES = ((0x0590, 0x1CFF), (0xA800, 0xABFF), (0xFB1D, 0xFDFF), (0xFE70, 0xFEFC))


def _joins(ch: str) -> bool:
    """Whether a joiner next to ``ch`` can be part of the name: a letter or mark of a joining script,
    or an emoji (a ZWJ sequence such as "👩\u200d💻")."""
    category = unicodedata.category(ch)
    if category[0] in "LM" and any(low <= ord(ch) <= high for low, high in _JOINING_RANGES):
        return True
    return category in ("So", "Sk") or ch == "\ufe0f"


def _visible_name(text: str) -> str:
    if text.isascii():
        return text  # no format character or filler is ASCII
    kept: list[str] = []
    for index, ch in enumerate(text):
        if ch in _FILLERS:
            continue
        if unicodedata.category(ch) != "Cf":
            kept.append(ch)
        elif ch in (_ZWNJ, _ZWJ):
            after = text[index + 1] if index + 1 < len(text) else ""
            if kept and after and _joins(kept[-1]) and _joins(after):
                kept.append(ch)
        elif 0xE0020 <= ord(ch) <= 0xE007F and kept and (kept[-1] == "\U0001F3F4" or 0xE0020 <= ord(kept[-1]) <= 0xE007F):
            kept.append(ch)  # the tags of a subdivision flag (England, Scotland, Wales)
    return "".join(kept)


def clean_name(text: str | None) -> str:
    """A display name: ``clean_text``, and no invisible formatting characters.

    Zero-width spaces and joiners, word joiners, BOMs, soft hyphens and directional marks go, so
    "\u200bInes Calder" is "Ines Calder"; a joiner stays only where a script's spelling or an emoji
    sequence needs it. Whether a comment is the post author's is never decided by its name (only the
    source's mark, ``Comment.by_post_author``): a reader who wrote the author's name is shown as is.
    """
    return " ".join(_visible_name(clean_text(text)).split())


def safe_url(url: str | None) -> str | None:
    """An http(s) URL with a real host name, safe in an href even unescaped, or None."""
    if not url:
        return None
    url = _visible(without_sequences(url.strip()))
    if not (url.isascii() and PLAIN_HTTP_URL_RE.match(url)):  # urlsplit only where the shortcut cannot tell
        try:
            parts = urlsplit(url)
            host = parts.hostname
        except ValueError:
            return None
        if parts.scheme.lower() not in ("http", "https") or not host or not _HOST_RE.fullmatch(host):
            return None
    # Most URLs hold nothing to escape: a search is cheaper than translating them character by character.
    return url.translate(_URL_ESCAPES) if _NEEDS_ESCAPES_RE.search(url) else url
