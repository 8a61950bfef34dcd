"""sitemap.xml: every public page of the site, with the article dates as lastmod."""

from __future__ import annotations

import os
from xml.sax.saxutils import escape

from siteconf.urls import site_url

NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def sitemap_entries(context: dict, settings: dict) -> list[tuple[str, str | None]]:
    """(absolute URL, lastmod or None), site pages first, then articles and pages, no duplicates."""
    base = settings["SITEURL"]
    entries: list[tuple[str, str | None]] = []
    seen: set[str] = set()

    def add(path, date=None):
        if path is None or path is False:
            return
        url = site_url(base, path)
        if url in seen:
            return
        seen.add(url)
        entries.append((url, date.isoformat() if date is not None else None))

    articles = list(context.get("articles") or [])
    newest = max((getattr(a, "modified", None) or a.date for a in articles), default=None)
    add("", newest)
    for name in ("ARCHIVES_URL", "CATEGORIES_URL", "TAGS_URL", "AUTHORS_URL", "COMMENTS_RECENT_URL"):
        if settings.get(name.replace("_URL", "_SAVE_AS")):
            add(settings.get(name))
    for article in articles:
        add(article.url, getattr(article, "modified", None) or article.date)
    for page in context.get("pages") or []:
        add(page.url, getattr(page, "modified", None) or getattr(page, "date", None))
    for key in ("categories", "tags", "authors"):
        for item, _ in sorted(context.get(key) or [], key=lambda pair: pair[0].slug):
            if getattr(item, "save_as", None):
                add(item.url)
    return entries


def sitemap_xml(entries: list[tuple[str, str | None]]) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{NS}">']
    for url, lastmod in entries:
        extra = f"<lastmod>{escape(lastmod)}</lastmod>" if lastmod else ""
        lines.append(f"<url><loc>{escape(url)}</loc>{extra}</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def write_sitemap(context: dict, settings: dict, output_path: str, save_as: str) -> str:
    path = os.path.join(output_path, save_as)
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(sitemap_xml(sitemap_entries(context, settings)))
    return path
