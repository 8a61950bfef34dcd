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


# Every match of FIRST_COMMENT_RE holds one of these words inside the one tag it matches (no ">" between
# the tag's "<" and the word).  Under IGNORECASE, Python's re also matches these non-ASCII letters to
# ASCII ones of those words (dotless i, dotted I, long s, the Kelvin sign), which lower() does not
# turn into them in place: where a page holds one, the words are not looked for first.
_MATCH_WORDS = ("comment", "pingback", "trackback")
_CASE_FOLDED_TO_ASCII = ("\u0130", "\u0131", "\u017f", "\u212a")


def first_comment(text: str, start: int = 0, lowered: str | None = None):
    """``FIRST_COMMENT_RE.search(text, start)``, in a fraction of its time on a long head: the pattern
    tries every tag of the page, and none before the first of ``_MATCH_WORDS`` can match, so the search
    starts at the ">" that closes the tag before that word (a page's head: 0.3 ms a page before).
    ``lowered``: ``text.lower()``, where the caller has it already."""
    if not any(char in text for char in _CASE_FOLDED_TO_ASCII):
        lowered = text.lower() if lowered is None else lowered
        found = [at for at in (lowered.find(word, start) for word in _MATCH_WORDS) if at != -1]
        if not found:
            return None
        start = max(start, text.rfind(">", start, min(found)) + 1)
    return FIRST_COMMENT_RE.search(text, start)


def comment_region(text: str, start: int | None = -1) -> str:
    """The page cut down to its head and everything from the comment section on.

    Building the tree is most of the cost, and the header, navigation and the article itself come
    before the comments in every theme; nothing with comment markup is ever cut (the cut is made
    before the first element that looks like a comment or a comment section).  ``start``: where the
    page's first comment starts (``first_comment(text)``; None: nowhere), where the caller has looked
    for it already; -1 where it has not, as in ``context``.
    """
    head = _HEAD_END_RE.search(text)
    if head is None:
        return text
    if start == -1 or (start is not None and start < head.end()):
        found = first_comment(text, head.end())  # the first after the head (a search from 0 found one inside it)
        start = found.start() if found is not None else None
    section = _SECTION_START_RE.search(text, head.end())
    starts = [at for at in (section.start() if section is not None else None, start) if at is not None]
    if not starts:
        return text
    cut = min(starts)
    if cut - head.end() < 2048:  # nothing worth cutting
        return text
    return text[: head.end()] + "<body>" + text[cut:]
