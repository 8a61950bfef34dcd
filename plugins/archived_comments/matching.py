"""Which article each archived thread belongs to."""

from __future__ import annotations

from dataclasses import dataclass

from wparchive.oldurls import slug_from_url, url_path
from .model import Thread


@dataclass(frozen=True)
class ArticleRef:
    """What matching needs to know of an article (or page) of the new site."""

    slug: str
    url: str  # the site-relative URL, e.g. "my-post/"


def _lookup_url_map(thread: Thread, url_map: dict) -> str | None:
    """``COMMENTS_URL_MAP`` keys may be full old URLs or their paths."""
    if not url_map or not thread.url:
        return None
    candidates = [thread.url, thread.url.rstrip("/"), url_path(thread.url), (url_path(thread.url) or "").rstrip("/")]
    normalized = {str(key).strip(): value for key, value in url_map.items()}
    for candidate in candidates:
        if candidate and candidate in normalized:
            return normalized[candidate]
    return None


def match_threads(threads: list[Thread], articles: list[ArticleRef], url_map: dict) -> None:
    """Set ``thread.article`` to the slug of its article, or leave it None.

    In order: the author's ``COMMENTS_URL_MAP``; an article whose slug is the
    old post name; an article whose URL path is the old URL's path.
    """
    by_slug = {article.slug.lower(): article for article in articles}
    by_path = {url_path("/" + article.url.lstrip("/")): article for article in articles}
    for thread in threads:
        mapped = _lookup_url_map(thread, url_map)
        if mapped is not None:
            thread.article = mapped if mapped.lower() in by_slug else None
            continue
        slug = (thread.slug or slug_from_url(thread.url) or "").lower()
        if slug and slug in by_slug:
            thread.article = by_slug[slug].slug
            continue
        path = url_path(thread.url)
        if path and path in by_path:
            thread.article = by_path[path].slug
