"""Making archived comment content safe to publish.

Everything a comment archive holds is untrusted input from strangers: bodies
are cleaned with nh3 against a small allowlist, names are plain text and URLs
are checked, so nothing from an archive can add script, style or markup to the
built site.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

import nh3

ALLOWED_TAGS = {"p", "br", "em", "strong", "i", "b", "a", "blockquote", "code", "pre", "ul", "ol", "li", "q", "cite"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
LINK_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc noopener"

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_EMPTY_P_RE = re.compile(r"<p>\s*</p>")


def sanitize_body(html: str) -> str:
    """A comment body reduced to simple formatting and safe links."""
    cleaned = nh3.clean(
        _CONTROL_RE.sub("", html or ""),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=LINK_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )
    return _EMPTY_P_RE.sub("", cleaned).strip()


def clean_text(text: str | None) -> str:
    """A single-line plain-text field (an author name): no markup, no control characters."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", _CONTROL_RE.sub("", text))
    return " ".join(text.split())


def safe_url(url: str | None) -> str | None:
    """An http(s) URL that is safe in an href, or None."""
    if not url:
        return None
    url = "".join(ch for ch in url.strip() if ch.isprintable() and not ch.isspace())
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url
