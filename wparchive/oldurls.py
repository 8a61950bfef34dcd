"""Old URLs: the one place that decides when two URLs of the old blog name the same page.

A post's comments can come from its own URL, its comment pages (``…/comment-page-2/``), reply
links (``?replytocom=N``) and Wayback captures of any of them; every reader and the merge use these
rules, so they agree on which thread a source belongs to.
"""

from __future__ import annotations

import re
import posixpath
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

from . import wayback

COMMENT_PAGE_RE = re.compile(r"/comment-page-\d+/?(?=$|[?#])", re.IGNORECASE)
_DROP_QUERY = frozenset({"replytocom", "cpage", "unapproved", "moderation-hash"})


def strip_comment_page(path: str) -> str:
    """``/post/comment-page-2/`` -> ``/post/``; ``/post/comment-page-2`` -> ``/post`` (no-slash permalinks)."""
    return COMMENT_PAGE_RE.sub(lambda m: "/" if m.group(0).endswith("/") else "", path)


def page_url(url: str | None) -> str | None:
    """A page's original URL in the form every capture of it shares.

    Wayback wrapper, fragment, ``comment-page-N/`` and reply/paging query parameters removed.
    """
    if not url:
        return None
    url = wayback.unwrap_url(url.strip())
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    path = strip_comment_page(parts.path)
    query = parts.query
    if query:
        pairs = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k.lower() not in _DROP_QUERY]
        query = urlencode(pairs)
    netloc = parts.netloc
    lowered = netloc.lower()
    if parts.scheme == "http" and lowered.endswith(":80"):
        netloc = netloc[:-3]
    elif parts.scheme == "https" and lowered.endswith(":443"):
        netloc = netloc[:-4]
    return urlunsplit((parts.scheme, netloc, path, query, ""))


def url_path(url: str | None) -> str | None:
    """The path of an old page URL, without comment pagination (``/slug/``)."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    path = strip_comment_page(unquote(parts.path or "/"))
    if not path.endswith("/"):
        path += "/"
    return path


def normalize_slug(slug: str | None) -> str | None:
    """A post name as matching compares it: WXR keeps non-ASCII ones percent-encoded."""
    return unquote(slug).strip().lower() or None if slug else None


def slug_from_url(url: str | None) -> str | None:
    """The old post name in a URL (``…/2019/03/my-post/`` → ``my-post``), if any."""
    path = url_path(url)
    if not path:
        return None
    name = posixpath.basename(path.rstrip("/"))
    name = re.sub(r"\.(html?|php)$", "", name)
    return name.lower() or None
