"""The commenter's name, and nothing else, out of the element a theme put it in.

Themes put more than the name there: a byline ("Comment by NAME — 17.07, 2011 @ 13:10"), a
"says:" in the blog's language, a badge ("Autor"), a date after a separator ("NAME · DATE",
"NAME, DATE", "NAME on DATE said:").  ``split_name`` returns the name and what was left of the
element's text beside it, where the date often is.
"""

from __future__ import annotations

import functools
import re

from bs4 import Tag

from .vocabulary import (
    AFTER_DATE_BY_RE,
    BADGE_WORDS,
    BYLINE_PREFIX_RE,
    NOT_A_NAME,
    SAYS_PREFIX_RE,
    SAYS_SUFFIX_RE,
    SAYS_WORDS,
    visible_text,
)

_WS_RE = re.compile(r"\s+")
# Where a name ends and a date begins: a dash, a dot, a bar, a comma or "on"/"am"/"le"… with a
# digit somewhere after it (so "Jones, Bob" and "Jean-Luc" keep their names).  After the connector the
# date may open with its month's name ("NAME on September 12, 2018 at 4:47 pm said:", as month-first
# English prints it): a word and then a number.
_CONNECTORS = r"on|am|um|le|el|op|il|em|в|at|den|the|à|a las"
_SEPARATOR_RE = re.compile(
    rf"\s+[—–\-·•|@]\s+|\s*[,;]\s+|\s+(?:{_CONNECTORS})\s+(?=\S*\d|[^\W\d_]+\.?\s+\d)"
    r"|\s*[—–·•|]\s*(?=\S*\d)",
    re.IGNORECASE,
)
# A date that is whole from its first number: numeric ("05.07.2015", "2015-07-05") or a day and a word
# (its month: "12. März 2015", "3 de marzo"), not a day that needs the month's name before it ("3, 2015").
_WHOLE_DATE_RE = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}(?:st|nd|rd|th|er|º|ª)?\.?\s+(?:de\s+)?[^\W\d_]{3,}")
_DATE_TAIL_RE = re.compile(r"(?<=\s)\d[^\s]*\s.*?(?:(?<!\d)(?:1[89]|20)\d\d(?!\d)|\d:\d\d)")
# "NAME dit : il y a 2 semaines": the "says" word between the name and the date.
_SAYS_BETWEEN_RE = re.compile(rf"\s+(?:{SAYS_WORDS})\s*[:：]\s*", re.IGNORECASE)
_CJK_SAYS_RE = re.compile(r"より|のコメント|说|說|님의")
_LONE_PUNCT_RE = re.compile(r"^[,:;·•|—–@-]+(?=\s)|(?<=\s)[,:;·•|—–@-]+$")
# What a tail must hold to be a date: a year, a time, a day and month in numbers, or "ago".
_DATE_HINT_RE = re.compile(
    r"(?<!\d)(?:1[89]|20)\d\d(?!\d)|\d:\d\d|\d\s*h\s*\d\d|(?<!\d)\d{1,2}[./]\d{1,2}(?!\d)|\bago\b|\bvor\b|il y a"
    r"|\bhace\b|geleden|\bfa\b|\bhá\b|назад|前",
    re.IGNORECASE,
)
_EDGE_PUNCT = " \t\n\u00a0,:·•|—–"
_CONNECTOR_RE = re.compile(
    r"^(?:on|am|um|le|el|op|il(?!\s+y\s+a\b)|em|в|at|den|the|à|a las|posted|geschrieben|publié|publicado|pubblicato)\s+",
    re.IGNORECASE,
)


def _key(text: str) -> str:
    return _WS_RE.sub(" ", text).strip(_EDGE_PUNCT + "()[]").casefold()


def is_badge(text: str) -> bool:
    return _key(text) in BADGE_WORDS


def is_name_like(text: str) -> bool:
    """Whether a text can be a name at all ("Profile", "Reply" are not)."""
    key = _key(text)
    if not key:
        return bool(text.strip())  # punctuation alone is an odd name, but the commenter's
    return key not in NOT_A_NAME


def name_text(el: Tag) -> str:
    """The element's visible text without screen-reader labels, avatars and badges."""
    return visible_text(el, is_badge)


_THEME_COMMA_RE = re.compile(r"(?<=[^\W\d_]),$")


def _trim(text: str) -> str:
    """Whitespace, and separators standing alone at either end ("— NAME", "NAME :"); a name's own
    punctuation ("Name;", "-_-", "Rossi,") is the commenter's and stays (``split_name`` takes off the comma a
    theme prints after the name where the date follows it)."""
    return _LONE_PUNCT_RE.sub("", text.strip()).strip()


def _date_follows(el: Tag) -> bool:
    """Whether what stands right after ``el`` (out of the wrappers that hold it alone) is a date: a digit
    in its first words ("<cite class=fn>NAME, </cite><a><time>…"), not a "says:"."""
    node = el
    for _ in range(3):
        sibling = node.next_sibling
        while sibling is not None and not isinstance(sibling, Tag) and not str(sibling).strip():
            sibling = sibling.next_sibling
        if sibling is not None:
            text = sibling.get_text() if isinstance(sibling, Tag) else str(sibling)
            return any(ch.isdigit() for ch in text[:40])
        node = node.parent
        if node is None or node.get_text(strip=True) != el.get_text(strip=True):
            return False
    return False


@functools.lru_cache(maxsize=16384)  # names repeat across a page's comments and pages
def _strip_words(text: str) -> str:
    text = _trim(text)
    if " " not in text and ":" not in text and "\uff1a" not in text and not _CJK_SAYS_RE.search(text):
        return text  # one word: no byline around it (most names; the regexes below are the cost)
    for _ in range(2):  # "Comment by NAME says:"; a byline word can be doubled ("Posted by: ")
        text = _trim(BYLINE_PREFIX_RE.sub("", text))
        text = _trim(SAYS_SUFFIX_RE.sub("", text))
    return text


def _name_link(el: Tag):
    """The link inside ``el`` that is the commenter's name (not a permalink, not "Profile")."""
    links = [el] if el.name == "a" else [a for a in el.descendants if isinstance(a, Tag) and a.name == "a"]
    for a in links:
        href = (a.get("href") or "").strip()
        if not href or href.startswith("#") or "#comment-" in href or "replytocom=" in href:
            continue
        text = name_text(a)
        if is_name_like(text):
            return a, text
    return None, None


def split_name(el: Tag) -> tuple[str, str]:
    """``(name, rest)``: the commenter's name in ``el`` and the text beside it (a date, often).

    A comma after the name's last letter is the theme's separator only where the date follows the
    element ("<cite class=fn>Citizen, </cite><time>"); before a "says:", or alone, it is the commenter's."""
    name, rest = _split_name(el)
    if name.endswith(",") and _THEME_COMMA_RE.search(name) and _date_follows(el):
        name = name[:-1].rstrip()
    return name, rest


def _split_name(el: Tag) -> tuple[str, str]:
    full = name_text(el)
    link, link_text = _name_link(el)
    if link is not None and link is not el and _key(link_text) != _key(full):
        # "Comment by <a>NAME</a> — DATE": the link is the name, the rest is the byline.
        name = _strip_words(link_text)
        rest = full.replace(link_text, " ", 1)
        return name, rest_of(rest)
    if link is not None and _key(link_text) == _key(full):
        return _strip_words(full), ""  # the whole name is a link: a pingback's title stays whole
    return _split_text(full)


@functools.lru_cache(maxsize=16384)
def _split_text(full: str) -> tuple[str, str]:
    """``split_name`` for an element whose name is no link of its own: text in, (name, rest) out."""
    text = _strip_words(full)
    name, rest = text, ""
    between = _SAYS_BETWEEN_RE.search(text)
    if between is not None and between.start() > 0 and text[between.end():].strip():
        return _strip_words(text[: between.start()]), rest_of(text[between.end():])
    # "Anna Berg — 05.07.2015 // 17:07": the separator just before where a numeric date starts (with
    # at most a connector word between) is surer than the first one.
    dated = _DATE_TAIL_RE.search(text)
    if dated is not None and dated.start() > 0:
        head = text[: dated.start()]
        last = None
        for last in _SEPARATOR_RE.finditer(head.rstrip() + " "):
            pass
        between = text[last.end(): dated.start()].strip() if last is not None else ""
        if last is not None and last.start() > 0 and (not between or _CONNECTOR_RE.match(between + " ")):
            return _strip_words(text[: last.start()]), rest_of(text[last.start():])
        if last is not None and last.group().strip() == "," and _WHOLE_DATE_RE.match(text, dated.start()):
            # "Hollis, Dana 07/05/2015 5:07 pm": the date starts whole after the word behind the comma (a
            # numeric date, a day and its month's name), so that word is no month ("Anna, March 3, 2015"):
            # the comma is inside the name.
            return _strip_words(head), rest_of(text[dated.start():])
    match = _SEPARATOR_RE.search(text)
    while match is not None:
        tail = text[match.end():]
        if match.start() > 0 and _DATE_HINT_RE.search(tail):
            name, rest = text[: match.start()], text[match.start():]
            break
        match = _SEPARATOR_RE.search(text, match.end())
    tail = _DATE_TAIL_RE.search(name)
    if tail and tail.start() > 0:
        # "Max 19. Juni 2018 um 15:28": the separator found was inside the date.
        name, rest = name[: tail.start()], text[tail.start():]
    if not rest:
        # "NAME 12. März 2015 um 9:41": no separator, the date starts at the first number that is
        # followed by a year or a time (so "step21" or "R2 D2" keep their names).
        match = _DATE_TAIL_RE.search(text)
        if match and match.start() > 0:
            name, rest = text[: match.start()], text[match.start():]
    name = _strip_words(name)
    if not name and full and not any(ch.isalnum() for ch in full):
        name = full  # a name of punctuation alone ("·", "--"): nothing to strip it from
    return name, rest_of(rest)


def rest_of(text: str) -> str:
    """What is left of a byline once the name is out, as a date reader wants it."""
    text = _WS_RE.sub(" ", text).strip(_EDGE_PUNCT)
    text = BYLINE_PREFIX_RE.sub("", text).strip(_EDGE_PUNCT)
    text = SAYS_SUFFIX_RE.sub("", text).strip(_EDGE_PUNCT)
    text = SAYS_PREFIX_RE.sub("", text).strip(_EDGE_PUNCT)
    return _CONNECTOR_RE.sub("", text).strip(_EDGE_PUNCT)


# What a byline puts between the name and the date element after it: separators and connector words
# ("<strong>NAME</strong> on <a>DATE</a>", "NAME, <time>", "Kommentar von NAME — <a>").
_BEFORE_DATE_TAIL_RE = re.compile(rf"(?:\s*[,;:·•|—–@/-]+|(?:^|\s+)(?:{_CONNECTORS}))+\s*$", re.IGNORECASE)
_AFTER_DATE_HEAD_RE = re.compile(r"^\s*[|·•—–/-]+\s*")


def name_before_date(text: str) -> str:
    """The name in the words a byline prints before its date element ("Posted by NAME on"), or "".  Those
    words may hold the day of a date whose time is the element ("NAME — 19.07, 2011 @ <a>21:45</a>"): the
    name ends where it starts."""
    text = _WS_RE.sub(" ", text).strip()
    if not text:
        return ""
    text = _BEFORE_DATE_TAIL_RE.sub("", _strip_words(text))
    return _split_text(text)[0] if text else ""


def name_after_date(text: str) -> str:
    """The name in the words a byline prints after its date element, where it names the author last
    ("Posted on <time>DATE</time> | NAME", "… von NAME", "… por NAME"), or "" when they do not open
    with a separator or a "by" word (then they are no byline: the commenter's words)."""
    text = _WS_RE.sub(" ", text).strip()
    head = _AFTER_DATE_HEAD_RE.match(text) or AFTER_DATE_BY_RE.match(text)
    if head is None:
        return ""
    return _strip_words(text[head.end():])

