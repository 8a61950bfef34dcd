"""Site URLs: absolute when SITEURL is absolute, root-relative otherwise."""

from __future__ import annotations

import functools
import re

_ABSOLUTE_RE = re.compile(r"^[a-z][a-z0-9+.-]*:|^//", re.IGNORECASE)


def is_absolute(url: str | None) -> bool:
    return bool(url) and bool(re.match(r"^https?://", url, re.IGNORECASE))


def site_url(siteurl: str | None, path: str | None) -> str:
    """The URL of a path of the site (``slug/``, ``page/2/index.html``, ``images/a.svg``).

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


def make_site_url_filter(siteurl: str | None):
    """A Jinja filter bound to the site's own SITEURL (not the per-page relative one).

    A partial, not a closure: filters live in the settings, which Pelican's
    content cache pickles (CACHE_CONTENT, used by `invoke livereload`).
    """
    return functools.partial(site_url, siteurl)
