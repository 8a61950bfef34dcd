"""JSON-LD for articles: a schema.org ``BlogPosting`` with its author, and what other plugins add.

The data is built here with ``siteconf.hooks.compact_json`` and escaped for a
``<script type="application/ld+json">`` element (``<``, ``>`` and ``&`` as
``\\u003c`` …, so no comment text can close the element); the template only
places it.  The archived comments (``commentCount``, ``comment``) are the
archived_comments plugin's: it answers ``siteconf.hooks.json_ld_parts``, and
without it the data has none.
"""

from __future__ import annotations

import functools

from markupsafe import Markup

from siteconf import hooks
from siteconf.text import plain_text, word_count
from siteconf.urls import site_url


def _iso(date) -> str | None:
    return date.isoformat() if date is not None else None


def _person(name: str, url: str | None = None) -> dict:
    person = {"@type": "Person", "name": name}
    if url:
        person["url"] = url
    return person


def blog_posting(article, siteurl: str) -> dict:
    """The schema.org data of one article (plain dicts and strings, ready for json.dumps)."""
    url = site_url(siteurl, article.url)
    authors = [_person(str(author), site_url(siteurl, author.url)) for author in getattr(article, "authors", []) or []]
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "mainEntityOfPage": url,
        "headline": plain_text(article.title),
        "datePublished": _iso(article.date),
        "dateModified": _iso(getattr(article, "modified", None) or article.date),
        "author": authors,
        "inLanguage": getattr(article, "lang", None),
        "wordCount": getattr(article, "word_count", None) or word_count(getattr(article, "_content", "")),
    }
    cover = getattr(article, "cover", None)
    if cover:
        data["image"] = site_url(siteurl, cover)
    category = getattr(article, "category", None)
    if category:
        data["articleSection"] = str(category)
    tags = getattr(article, "tags", None)
    if tags:
        data["keywords"] = [str(tag) for tag in tags]
    for _, parts in hooks.json_ld_parts.send(article):
        data.update(parts or {})
    return {key: value for key, value in data.items() if value not in (None, "")}


def script_json(data: dict) -> str:
    """JSON safe inside a <script> element.  A property given as ``hooks.JSONText`` is placed as it is,
    between the members of the others, which are written a run at a time: ``json.dumps`` writes an
    object as its members joined by commas, so the text is the same as of the data itself."""
    members, run = [], {}
    for key, value in data.items():
        if type(value) is hooks.JSONText:
            if run:
                members.append(hooks.compact_json(run)[1:-1])
                run = {}
            members.append(f"{hooks.compact_json(key)}:{value}")
        else:
            run[key] = value
    text = "{" + ",".join([*members, hooks.compact_json(run)[1:-1]] if run else members) + "}" if members else hooks.compact_json(data)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def make_json_ld_filter(siteurl: str | None):
    """Jinja filter: ``{{ article|json_ld }}`` → the whole <script> element (built at render time,
    so the archived comments, attached late in the build, are always there).

    A partial, not a closure: filters live in the settings, which Pelican's
    content cache pickles (CACHE_CONTENT, used by `invoke livereload`).
    """
    return functools.partial(json_ld, siteurl)


def make_site_url_filter(siteurl: str | None):
    """Jinja filter ``site_url`` bound to the site's own SITEURL (not the per-page relative one)."""
    return functools.partial(site_url, siteurl)


def json_ld(siteurl: str | None, article) -> Markup:
    body = script_json(blog_posting(article, siteurl or ""))
    return Markup(f'<script type="application/ld+json">{body}</script>')
