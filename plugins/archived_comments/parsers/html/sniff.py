"""Where a saved page's comment section starts, and where the page ends.

Whether the bytes are a page and its text are the library's (``wparchive.pages``); the cut keeps
the head and everything from the comment section on, because building the tree is most of the cost
and the header, navigation and article come before the comments in every theme.
"""

from __future__ import annotations

import re

_HEAD_END_RE = re.compile(r"</head\s*>", re.IGNORECASE)
END_RE = re.compile(r"</(?:html|body)\s*>", re.IGNORECASE)
_SECTION_START_RE = re.compile(
    r"<(?:div|section|ol|ul|dl|aside)\b[^>]*?(?:\bid\s*=\s*[\"']?(?:comments|thecomments|commentlist|comment_list)[\"'\s>]"
    r"|\bclass\s*=\s*[\"'][^\"']*?(?<![\w-])(?:comments-area|commentlist|comment-list|wp-block-comments"
    r"|entry-comments|entry-pings)(?![\w-]))",
    re.IGNORECASE,
)
FIRST_COMMENT_RE = re.compile(
    r"<[a-z]+\b[^>]*?(?:\bid\s*=\s*[\"']?(?:li-|div-)?comment-\d"
    r"|\bclass\s*=\s*[\"'][^\"']*?(?<![\w-])(?:comment|pingback|trackback)(?![\w-])"
    r"|\bitemtype\s*=\s*[\"'][^\"']*schema\.org/(?:User)?Comment)",
    re.IGNORECASE,
)


def comment_region(text: str) -> str:
    """The page cut down to its head and everything from the comment section on.

    Building the tree is most of the cost, and the header, navigation and the article itself come
    before the comments in every theme; nothing with comment markup is ever cut (the cut is made
    before the first element that looks like a comment or a comment section).
    """
    head = _HEAD_END_RE.search(text)
    if head is None:
        return text
    starts = [m.start() for m in (_SECTION_START_RE.search(text, head.end()),
                                   FIRST_COMMENT_RE.search(text, head.end())) if m is not None]
    if not starts:
        return text
    cut = min(starts)
    if cut - head.end() < 2048:  # nothing worth cutting
        return text
    return text[: head.end()] + "<body>" + text[cut:]
