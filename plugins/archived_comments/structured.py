"""The archived comments of an article as schema.org data, for its JSON-LD.

The seo plugin builds the article's ``BlogPosting`` and asks for more properties
through ``siteconf.hooks.json_ld_parts``; this plugin answers with
``commentCount`` and every visible comment as a ``Comment`` (author, dateCreated,
text).  Made of the section's visible comments alone, so it is kept in the section cache with
the rendered section (``section_cache.DERIVED``).
"""

from __future__ import annotations

from siteconf.hooks import JSONText, compact_json
from siteconf.text import plain_text



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


def visible_comments_data(comments: list) -> dict:
    """``commentCount`` (0 for none) and, when there are comments, ``comment``: the visible ones."""
    data: dict = {"commentCount": len(comments)}
    if comments:
        data["comment"] = [comment_data(c) for c in comments]
    return data


def visible_comments_json(comments: list) -> tuple[int, str]:
    """``visible_comments_data``'s count, and its ``comment`` list as JSON text ("" for none): what a
    section keeps for the whole build (one string per section, where the data was a dictionary, a
    person and a date string per comment)."""
    data = visible_comments_data(comments)
    return data["commentCount"], (compact_json(data["comment"]) if comments else "")


def comments_json_ld(content) -> dict:
    """``visible_comments_data`` of an article's or page's section (the cached one where the build took
    it), the comments as the ``JSONText`` kept: never read back into dictionaries to be written again."""
    section = getattr(content, "comment_section", None)
    if section is None:
        return visible_comments_data([])
    count, text = section.derived_value("json_ld", visible_comments_json)
    return {"commentCount": count, "comment": JSONText(text)} if count else visible_comments_data([])


def json_ld_parts(content, **_) -> dict:
    """Receiver of ``siteconf.hooks.json_ld_parts`` (blinker passes the article as the sender)."""
    return comments_json_ld(content)
