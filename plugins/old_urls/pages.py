"""Static redirect pages: a file at each old path that sends the reader (and search engines) on.

``<meta http-equiv="refresh" content="0; url=…">``, ``<link rel="canonical">``, a plain link,
``noindex``; no JavaScript.  They are not Pelican content, so no sitemap, feed or archive lists them,
and Pagefind indexes only pages marked ``data-pagefind-body`` (articles and pages), which they are not.
"""

from __future__ import annotations

import html
import posixpath
from pathlib import Path
from urllib.parse import quote, urlsplit

MARK = '<meta name="generator" content="old_urls redirect">'


def file_for(old: str) -> str | None:
    """The output file that answers an old path on a static host (None: only a server rule can)."""
    path = old.lstrip("/")
    if not path:
        return None
    last = path.rstrip("/").rsplit("/", 1)[-1]
    if not path.endswith("/") and "." in last:
        return path if last.lower().endswith((".html", ".htm")) else None
    return path.rstrip("/") + "/index.html"


def encode(url: str) -> str:
    return quote(url, safe="/#%:?=&@+,;~!*'()")


def href(new: str, page_file: str, siteurl: str) -> tuple[str, str]:
    """(link from the redirect page, canonical URL) for a new URL."""
    if urlsplit(new).scheme:
        return encode(new), encode(new)
    new = encode(new)
    if siteurl:
        absolute = siteurl.rstrip("/") + new
        return absolute, absolute
    path, _, fragment = new.partition("#")
    relative = posixpath.relpath(path.lstrip("/") or ".", posixpath.dirname(page_file) or ".")
    if path.endswith("/") and not relative.endswith("/"):
        relative += "/"
    relative = relative if relative != "./" else "./"
    return relative + ("#" + fragment if fragment else ""), relative + ("#" + fragment if fragment else "")


def page(link: str, canonical: str, lang: str = "en") -> str:
    url = html.escape(link, quote=True)
    return (
        f'<!DOCTYPE html>\n<html lang="{html.escape(lang)}">\n<head>\n<meta charset="utf-8">\n{MARK}\n'
        f'<meta name="robots" content="noindex">\n<meta http-equiv="refresh" content="0; url={url}">\n'
        f'<link rel="canonical" href="{html.escape(canonical, quote=True)}">\n<title>Moved</title>\n</head>\n'
        f'<body>\n<p>This page has moved: <a href="{url}">{url}</a>.</p>\n</body>\n</html>\n'
    )


def is_ours(path: Path) -> bool:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return MARK in handle.read(600)
    except OSError:
        return False
