"""WordPress's own markup in stored post content: shortcodes, block delimiters, "more" tags.

Everything here works on the content as WordPress stores it (``content:encoded`` in a WXR export),
before paragraphs are added.  Shortcodes become plain HTML, or a placeholder element the HTML pass
(``convert.tidy``) finishes with what only it knows (local images, the post's attachments):

* ``[caption]<img> text[/caption]`` → ``<figure><img><figcaption>text</figcaption></figure>``
* ``[embed]URL[/embed]``, ``[youtube …]``, ``[vimeo …]``, ``[video src=…]``, ``[audio …]`` →
  ``<wp-embed url="…">`` (a video becomes the theme's click-to-load embed, anything else a link)
* ``[gallery ids="…"]`` → ``<wp-gallery ids="…">`` (the post's images)
* any other shortcode is kept as text and reported.

Block-editor content is already HTML: its ``<!-- wp:… -->`` delimiters go, and a dynamic block (one
WordPress renders when the page is shown, ``<!-- wp:latest-posts /-->``) leaves a ``<wp-note>``.
"""

from __future__ import annotations

import html
import re

_ATTR_RE = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)"""
    r"""|"([^"]*)"(?:\s|$)|'([^']*)'(?:\s|$)|(\S+)(?:\s|$)"""
)
_KNOWN = ("caption", "wp_caption", "embed", "youtube", "vimeo", "video", "audio", "gallery")
# [name attrs] with an optional [/name]; [[name]] is WordPress's escape for a literal shortcode.
_SHORTCODE_RE = re.compile(
    r"\[(\[?)(" + "|".join(_KNOWN) + r")(?![\w-])((?:=|\s)[^\]]*?)?(/?)\](?:(.*?)\[/\2\])?(\]?)",
    re.DOTALL | re.IGNORECASE,
)
_ANY_SHORTCODE_RE = re.compile(r"(?<!\[)\[([a-z][a-z0-9_-]*)(?:\s[^\]]*|=[^\]]*)?/?\](?!\()", re.IGNORECASE)
# A block's attributes are JSON that never holds "-->" (WordPress escapes it): never read past one.
_JSON = r"(?:\s+\{(?:(?!-->).)*?\})?"
_DYNAMIC_BLOCK_RE = re.compile(r"<!--\s*wp:([a-z0-9/-]+)" + _JSON + r"\s*/-->", re.DOTALL)
_BLOCK_DELIMITER_RE = re.compile(r"<!--\s*/?wp:[a-z0-9/-]+" + _JSON + r"\s*/?-->\n?", re.DOTALL)
_MORE_RE = re.compile(r"<!--more(.*?)?-->", re.IGNORECASE)
_NEXTPAGE_RE = re.compile(r"<!--nextpage-->", re.IGNORECASE)
_URL_RE = re.compile(r"^https?://\S+$")


def has_blocks(content: str) -> bool:
    return "<!-- wp:" in content


def parse_attributes(text: str | None) -> dict[str, str]:
    """``shortcode_parse_atts``: named attributes (lower-cased names) and positional ones as "0", "1"…"""
    attrs: dict[str, str] = {}
    if not text:
        return attrs
    text = text.strip()
    if text.startswith("="):  # [youtube=https://…]
        attrs["0"] = html.unescape(text[1:].strip().strip("\"'"))
        return attrs
    position = 0
    for match in _ATTR_RE.finditer(text):
        groups = match.groups()
        if groups[0]:
            attrs[groups[0].lower()] = groups[1]
        elif groups[2]:
            attrs[groups[2].lower()] = groups[3]
        elif groups[4]:
            attrs[groups[4].lower()] = groups[5]
        else:
            value = next((g for g in groups[6:] if g is not None), "")
            attrs[str(position)] = value
            position += 1
    return {key: html.unescape(value) for key, value in attrs.items()}


def _esc(value: str) -> str:
    return html.escape(value or "", quote=True)


def _caption(attrs: dict, content: str) -> str:
    content = content or ""
    text = attrs.get("caption", "")
    if not text:
        # The caption is what follows the image (and the link around it).
        match = re.match(r"\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", content, re.DOTALL | re.IGNORECASE)
        if match:
            content, text = match.group(1), match.group(2)
    return f"<figure>{content.strip()}<figcaption>{text.strip()}</figcaption></figure>"


def _media_url(attrs: dict, content: str, kinds: tuple[str, ...]) -> str:
    for key in ("src", "url", *kinds, "0"):
        if attrs.get(key):
            return attrs[key].strip()
    return (content or "").strip()


def expand(content: str, notes: list[str]) -> str:
    """Known shortcodes → HTML or placeholders; unknown ones are reported and kept as text."""

    def replace(match: re.Match) -> str:
        opening, name, attr_text, _, inner, closing = match.groups()
        if opening and closing:  # [[gallery]]: a literal shortcode
            return match.group(0)[1:-1]
        name = name.lower()
        attrs = parse_attributes(attr_text)
        inner = inner or ""
        if name in ("caption", "wp_caption"):
            return _caption(attrs, inner)
        if name == "gallery":
            ids = attrs.get("ids") or attrs.get("include") or ""
            return f'<wp-gallery ids="{_esc(ids)}"></wp-gallery>'
        if name == "audio":
            url = _media_url(attrs, inner, ("mp3", "ogg", "m4a", "wav"))
            return f'<wp-embed url="{_esc(url)}" kind="audio"></wp-embed>' if url else ""
        if name == "video":
            url = _media_url(attrs, inner, ("mp4", "webm", "ogv", "m4v"))
            poster = attrs.get("poster", "")
            return f'<wp-embed url="{_esc(url)}" kind="video" poster="{_esc(poster)}"></wp-embed>' if url else ""
        # embed, youtube, vimeo
        url = _media_url(attrs, inner, ())
        if name == "vimeo" and url.isdigit():
            url = f"https://vimeo.com/{url}"
        if name == "youtube" and not url.startswith(("http://", "https://", "//")):
            url = f"https://www.youtube.com/watch?v={url}"
        url = url.replace("&amp;", "&")
        return f'<wp-embed url="{_esc(url)}"></wp-embed>' if url else ""

    if "[" not in content:
        return content
    content = _SHORTCODE_RE.sub(replace, content)
    for name in sorted({m.group(1).lower() for m in _ANY_SHORTCODE_RE.finditer(_strip_code(content))}):
        notes.append(f"shortcode [{name}] is not known: kept as text")
    return content


def _strip_code(content: str) -> str:
    """The content without code samples and tags, where square brackets mean nothing."""
    content = re.sub(r"<(pre|code)\b.*?</\1>", "", content, flags=re.DOTALL | re.IGNORECASE)
    return re.sub(r"<[^>]*>", "", content)


def strip_blocks(content: str, notes: list[str]) -> str:
    """Block delimiters removed; each dynamic block leaves a ``<wp-note>`` (and a note)."""

    def dynamic(match: re.Match) -> str:
        name = match.group(1)
        notes.append(f"dynamic block wp:{name} has no stored content: left as an HTML comment")
        return f'\n<wp-note block="{_esc(name)}"></wp-note>\n'

    content = _DYNAMIC_BLOCK_RE.sub(dynamic, content)
    return _BLOCK_DELIMITER_RE.sub("", content)


def split_more(content: str) -> tuple[str, str | None]:
    """(content without the "more" and page-break markers, the part before "more" or None)."""
    before = None
    match = _MORE_RE.search(content)
    if match:
        before = content[: match.start()]
        content = content[: match.start()] + "\n\n" + content[match.end():]
    content = _NEXTPAGE_RE.sub("\n\n", content)
    return content, before


def is_bare_url(text: str) -> bool:
    return bool(_URL_RE.match(text.strip()))
