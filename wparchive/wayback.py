"""Wayback Machine captures: recognising them, removing what the archive adds, unwrapping its URLs.

A capture served by the Wayback Machine is the original page with

* a block of scripts and style sheets inserted in ``<head>`` (``archive.org/includes/…``,
  ``bundle-playback.js``, ``wombat.js``, ``__wm.init(…)``, ``banner-styles.css``), ending with
  ``<!-- End Wayback Rewrite JS Include -->``;
* the toolbar between ``<!-- BEGIN WAYBACK TOOLBAR INSERT -->`` and
  ``<!-- END WAYBACK TOOLBAR INSERT -->`` (``div#wm-ipp-base``);
* a trailing ``<!-- FILE ARCHIVED ON … -->`` comment;
* every URL rewritten to ``https://web.archive.org/web/<timestamp>[modifier]/<original>`` (also
  protocol-relative ``//web.archive.org/web/…`` and site-relative ``/web/<timestamp>/…``), where the
  modifier is ``im_``, ``cs_``, ``js_``, ``id_``, ``if_``, ``fw_``, ``oe_`` …

Everything here works on the decoded text before it is parsed, and never changes the number of
lines, so line numbers found afterwards are still the file's.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime, timezone

# Markers only the Wayback Machine puts in a page (a plain link to web.archive.org is not one:
# a reader may have linked an archived page in a comment).  Plain substrings: pages are big.
_MARKERS = (
    "BEGIN WAYBACK TOOLBAR INSERT", "End Wayback Rewrite JS Include", "wm-ipp-base", 'id="wm-ipp"',
    "__wm.init(", "__wm.wombat(", "__wm.rw(", "archive.org/includes/", "web-static.archive.org/_static/",
    "/_static/js/bundle-playback.js", "/_static/js/wombat.js", "JAVASCRIPT APPENDED BY WAYBACK MACHINE",
)
# Every marker holds one of these: a page with none of them (most pages) is searched five times for
# them instead of twelve times for the markers (a quarter of a millisecond a 75 KB page).
_MARKER_KEYS = ("wm", "ayback", "AYBACK", "archive.org", "/_static/")

# An archived URL: the prefix to drop, then the original's scheme and host (to tidy up).
_TS = r"[0-9]{1,14}\*?(?:[a-z]{2}_)?"
_ORIGINAL = r"(?P<scheme>https?:/{1,2}|//)?(?P<host>[^/\s\"'<>?#\\]*)"
_ABSOLUTE_RE = re.compile(
    r"(?:https?:)?//web\.archive\.org/web/" + _TS + r"/" + _ORIGINAL, re.IGNORECASE
)
# The site-relative form counts only where an attribute value (or a whole URL) starts.
_RELATIVE_RE = re.compile(
    r"(?:(?<=[\"'=])|^)/web/" + _TS + r"/(?=(?:https?:)?//|https?:/|[a-z0-9-]+(?:\.[a-z0-9-]+)+[/:?#\"'])"
    + _ORIGINAL,
    re.IGNORECASE,
)
_WRAPPED_COUNT_RE = re.compile(r"(?:web\.archive\.org/web/|[\"']/web/)[0-9]{8,14}", re.IGNORECASE)

_TOOLBAR_RE = re.compile(
    r"<!--\s*BEGIN WAYBACK TOOLBAR INSERT\s*-->.*?<!--\s*END WAYBACK TOOLBAR INSERT\s*-->",
    re.IGNORECASE | re.DOTALL,
)
_HEAD_INSERT_RE = re.compile(
    r"<script[^>]*(?:archive\.org|/_static/js/)[^>]*>.*?<!--\s*End Wayback Rewrite JS Include\s*-->",
    re.IGNORECASE | re.DOTALL,
)
_SCRIPT_RE = re.compile(r"<script\b[^>]*>.*?</script\s*>", re.IGNORECASE | re.DOTALL)
_SCRIPT_IS_WAYBACK_RE = re.compile(
    r"__wm\.|archive_analytics|wombat|web-static\.archive\.org|archive\.org/includes", re.IGNORECASE
)
_ARCHIVED_ON_RE = re.compile(r"<!--\s*FILE ARCHIVED ON .*?-->", re.IGNORECASE | re.DOTALL)
_WOMBAT_RE = re.compile(r"__wm\.wombat\(\s*[\"']([^\"']+)[\"']", re.IGNORECASE)
_TOOLBAR_URL_RE = re.compile(r"<input\b[^>]*\bid=[\"']?wmtbURL\b[^>]*>", re.IGNORECASE)
_VALUE_RE = re.compile(r"\bvalue=[\"']([^\"']+)[\"']", re.IGNORECASE)


def is_capture(text: str) -> bool:
    """Whether decoded page text is a Wayback Machine capture (toolbar, scripts or rewritten links)."""
    if any(key in text for key in _MARKER_KEYS) and any(marker in text for marker in _MARKERS):
        return True
    # A capture with the toolbar already cut off (``if_`` mode, a trimmed copy) still has its
    # links rewritten: many of them, not the odd one a commenter pasted.
    if "/web/" not in text:
        return False
    return len(_WRAPPED_COUNT_RE.findall(text, 0, 2_000_000)) >= 5


def original_url(text: str) -> str | None:
    """The captured page's own URL, as the archive's scripts or toolbar name it."""
    match = _WOMBAT_RE.search(text)
    if match:
        return unwrap_url(match.group(1))
    match = _TOOLBAR_URL_RE.search(text)
    if match:
        value = _VALUE_RE.search(match.group(0))
        if value:
            return unwrap_url(value.group(1))
    return None


_WOMBAT_TIME_RE = re.compile(r"__wm\.wombat\(\s*[\"'][^\"']*[\"']\s*,\s*[\"'](\d{14})[\"']")
_ARCHIVED_TIME_RE = re.compile(r"FILE ARCHIVED ON (\d{1,2}:\d{2}:\d{2} \w{3} \d{1,2}, \d{4})", re.IGNORECASE)
_LINK_TIME_RE = re.compile(r"web\.archive\.org/web/(\d{14})", re.IGNORECASE)


def capture_time(text: str) -> datetime | None:
    """When the Wayback Machine took the capture (UTC), from its scripts, trailer or links."""
    match = _WOMBAT_TIME_RE.search(text)
    stamp = match.group(1) if match else None
    if stamp is None:
        match = _ARCHIVED_TIME_RE.search(text)
        if match:
            try:
                return datetime.strptime(match.group(1), "%H:%M:%S %b %d, %Y").replace(tzinfo=timezone.utc)
            except ValueError:
                pass
        stamps = Counter(_LINK_TIME_RE.findall(text, 0, 2_000_000))
        stamp = min(stamps, key=lambda s: (-stamps[s], s)) if stamps else None
    if stamp is None:
        return None
    try:
        return datetime.strptime(stamp, "%Y%m%d%H%M%S").replace(tzinfo=timezone.utc)
    except ValueError:
        return None


def _blank(match: re.Match) -> str:
    """What replaces a removed block: its line breaks only, so line numbers stay right."""
    return "\n" * match.group(0).count("\n")


def strip_archive_additions(text: str) -> str:
    """The page without the toolbar, the archive's scripts and style sheets, and its trailer comment."""
    text = _TOOLBAR_RE.sub(_blank, text)
    text = _HEAD_INSERT_RE.sub(_blank, text)
    text = _SCRIPT_RE.sub(lambda m: _blank(m) if _SCRIPT_IS_WAYBACK_RE.search(m.group(0)) else m.group(0), text)
    return _ARCHIVED_ON_RE.sub(_blank, text)


def _original(match: re.Match) -> str:
    scheme = (match.group("scheme") or "").lower()
    host = match.group("host") or ""
    if scheme.startswith("https"):
        scheme = "https://"
    elif scheme.startswith("http"):
        scheme = "http://"
    elif scheme == "//":
        scheme = "https://"
    elif host:
        scheme = "http://"  # the archive dropped the scheme: http is what it assumes
    lowered = host.lower()
    if scheme == "http://" and lowered.endswith(":80"):
        host = host[:-3]
    elif scheme == "https://" and lowered.endswith(":443"):
        host = host[:-4]
    return scheme + host


def unwrap_url(url: str) -> str:
    """``https://web.archive.org/web/20210315093000/https://x.example/a/`` -> ``https://x.example/a/``.

    Also protocol-relative and ``/web/<timestamp>im_/…`` site-relative forms; anything else is
    returned unchanged.
    """
    if not url or "/web/" not in url:
        return url
    url = url.strip()
    unwrapped = _ABSOLUTE_RE.sub(_original, url, count=1)
    if unwrapped == url:
        unwrapped = _RELATIVE_RE.sub(_original, url, count=1)
    return unwrapped


def unwrap_all(text: str) -> str:
    """Every archived URL in a page's text replaced by its original (no line breaks change)."""
    if "/web/" not in text:
        return text
    text = _ABSOLUTE_RE.sub(_original, text)
    return _RELATIVE_RE.sub(_original, text)
