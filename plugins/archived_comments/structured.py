"""The archived comments of an article as schema.org data, for its JSON-LD.

The seo plugin builds the article's ``BlogPosting`` and asks for more properties
through ``siteconf.hooks.json_ld_parts``; this plugin answers with
``commentCount`` and every visible comment as a ``Comment`` (author, dateCreated,
text).  A plain function of the content object, so a warm build can cache it.
"""

from __future__ import annotations

from siteconf.text import plain_text

from .display import shown_comments


def person(name: str, url: str | None = None) -> dict:
    data = {"@type": "Person", "name": name}
    if url:
        data["url"] = url
    return data


def comment_data(comment) -> dict:
    data = {
        "@type": "Comment",
        "author": person(comment.author or "Anonymous", comment.author_url),
        "text": plain_text(comment.html),
    }
    if comment.date is not None:
        data["dateCreated"] = comment.date.isoformat()
    return data


def comments_json_ld(content) -> dict:
    """``commentCount`` (0 for none) and, when there are comments, ``comment``: the visible ones."""
    comments = shown_comments(content)
    data: dict = {"commentCount": len(comments)}
    if comments:
        data["comment"] = [comment_data(c) for c in comments]
    return data


def json_ld_parts(content, **_) -> dict:
    """Receiver of ``siteconf.hooks.json_ld_parts`` (blinker passes the article as the sender)."""
    return comments_json_ld(content)
