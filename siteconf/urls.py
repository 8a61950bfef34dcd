"""The site's addresses: those the build itself uses, which no post (``invoke new``, ``invoke import-posts``)
may take, and ``site_url``, the one rule for a path of the site as a URL (pages, feeds, sitemap, JSON-LD)."""

from __future__ import annotations

import re
from typing import Any, Mapping

# Folders of every build besides the *_SAVE_AS settings (Pelican's and our plugins').
FIXED_FOLDERS = ("theme", "pagefind", "pagefind-comments", "feeds", "drafts", "page", "static")


def reserved_names(settings: Mapping[str, Any]) -> dict[str, str]:
    """First path segments the build uses (lower case) -> what lives there.

    ``settings`` must hold the plugins' defaults too (the tools' loader and Pelican's ``initialized``
    fill them in): ``SEARCH_SAVE_AS``, ``COMMENTS_RECENT_SAVE_AS`` … are addresses of the build.
    """
    names = {name: "a folder of every build" for name in FIXED_FOLDERS}
    for key, value in sorted(settings.items()):
        if key.endswith("_SAVE_AS") and isinstance(value, str) and value:
            first = value.lstrip("/").split("/", 1)[0]
            if first and "{" not in first and "/" in value.lstrip("/"):
                names.setdefault(first.lower(),
                                 f"the site's {key[: -len('_SAVE_AS')].lower().replace('_', ' ')} page(s)")
    for folder in settings.get("STATIC_PATHS") or []:
        names.setdefault(str(folder).strip("/").split("/", 1)[0].lower(), "a static folder")
    names.setdefault(str(settings.get("THEME_STATIC_DIR") or "theme").lower(), "the theme's files")
    return names


def reserved_reason(slug: str, settings: Mapping[str, Any], names: Mapping[str, str] | None = None) -> str | None:
    """Why ``/slug/`` (its first segment) belongs to the build, or None when a post may have it."""
    first = slug.strip("/").split("/", 1)[0]
    names = reserved_names(settings) if names is None else names
    if first.lower() in names:
        return f"/{first}/ is {names[first.lower()]}"
    if re.fullmatch(r"\d{4}", first) and "{date:%Y}" in str(settings.get("YEAR_ARCHIVE_SAVE_AS") or ""):
        return f"/{first}/ is the archive of the year {first}"
    return None


_ABSOLUTE_RE = re.compile(r"^[a-z][a-z0-9+.-]*:|^//", re.IGNORECASE)


def is_absolute(url: str | None) -> bool:
    """Whether SITEURL (or any URL) is a full http(s) one: then feeds, the sitemap and canonical links use it."""
    return bool(url) and bool(re.match(r"^https?://", url, re.IGNORECASE))


def site_url(siteurl: str | None, path: str | None) -> str:
    """The URL of a path of the site (``slug/``, ``page/2/index.html``, ``images/a.svg``): absolute when
    ``siteurl`` is, root-relative otherwise.

    ``index.html`` at the end is dropped (pretty URLs). A path that already is
    a URL is returned unchanged.
    """
    path = str(path or "")
    if _ABSOLUTE_RE.match(path):
        return path
    path = path.lstrip("/")
    if path == "index.html" or path.endswith("/index.html"):
        path = path[: -len("index.html")]
    return f"{(siteurl or '').rstrip('/')}/{path}"
