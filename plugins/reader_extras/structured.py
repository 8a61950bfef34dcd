"""JSON-LD for articles: a schema.org ``BlogPosting`` with its author and the archived comments.

The data is built here with ``json.dumps`` and escaped for a
``<script type="application/ld+json">`` element (``<``, ``>`` and ``&`` as
``\\u003c`` …, so no comment text can close the element); the template only
places it.
"""

from __future__ import annotations

import functools

import json

from markupsafe import Markup

from .text import plain_text, word_count
from .urls import site_url


def _iso(date) -> str | None:
    return date.isoformat() if date is not None else None


def _person(name: str, url: str | None = None) -> dict:
    person = {"@type": "Person", "name": name}
    if url:
        person["url"] = url
    return person


def _section_comments(content) -> list:
    section = getattr(content, "comment_section", None)
    return section.comments() if section else []


def comment_data(comment) -> dict:
    data = {
        "@type": "Comment",
        "author": _person(comment.author or "Anonymous", comment.author_url),
        "text": plain_text(comment.html),
    }
    if comment.date is not None:
        data["dateCreated"] = comment.date.isoformat()
    return data


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
    comments = _section_comments(article)
    data["commentCount"] = len(comments)
    if comments:
        data["comment"] = [comment_data(c) for c in comments]
    return {key: value for key, value in data.items() if value not in (None, "")}


def script_json(data: dict) -> str:
    """JSON safe inside a <script> element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def make_json_ld_filter(siteurl: str | None):
    """Jinja filter: ``{{ article|json_ld }}`` → the whole <script> element (built at render time,
    so the archived comments, attached late in the build, are always there)."""

    return functools.partial(json_ld, siteurl)


def json_ld(siteurl: str | None, article) -> Markup:
    body = script_json(blog_posting(article, siteurl or ""))
    return Markup(f'<script type="application/ld+json">{body}</script>')
