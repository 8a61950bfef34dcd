"""What the page says about itself: its URL and title, language, capture (or save) time and post date.

These are read once per page and given to the comment walker: the language and the page's own
evidence decide how its dates are read (``dates.DateHints``), the capture time and the post's date
bound the dates that print no year.  Everything is read from the decoded text before the tree is
cut down to the comment section (the ``<body>`` classes and the article come before it).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, tzinfo

from bs4 import BeautifulSoup

from wparchive import dates, wayback
from wparchive.pages import identity, saved_time

from .sniff import first_comment
from .vocabulary import THEME_STRINGS

_WS_RE = re.compile(r"\s+")
# --------------------------------------------------------------------------- language, capture, post date

_HTML_LANG_RE = re.compile(r"<html\b[^>]*?\s(?:xml:)?lang\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*)", re.I)
_OG_LOCALE_RE = re.compile(
    r"<meta\b[^>]*?property\s*=\s*[\"']og:locale[\"'][^>]*?content\s*=\s*[\"']([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*)"
    r"|<meta\b[^>]*?content\s*=\s*[\"']([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*)[\"'][^>]*?property\s*=\s*[\"']og:locale[\"']",
    re.I,
)
_CONTENT_LANGUAGE_RE = re.compile(
    r"<meta\b[^>]*?http-equiv\s*=\s*[\"']content-language[\"'][^>]*?content\s*=\s*[\"']([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*)",
    re.I,
)
_BODY_CLASS_RE = re.compile(r"<body\b[^>]*?\sclass\s*=\s*[\"']([^\"']*)", re.I)
# WordPress's body_class() names the locale ("locale-de-de"); multilingual plugins add "lang-de".
_LOCALE_CLASS_RE = re.compile(r"^(?:locale|lang|language)-([a-z]{2,3})(?:-([a-z0-9]{2,4}))?$", re.I)
_PUBLISHED_META_RE = re.compile(
    r"<meta\b[^>]*?(?:property|name|itemprop)\s*=\s*[\"'](?:article:published_time|datePublished|date)[\"'][^>]*?"
    r"content\s*=\s*[\"']([^\"']+)",
    re.I,
)
_PUBLISHED_TIME_RE = re.compile(
    r"<(?:time|abbr|span)\b[^>]*?class\s*=\s*[\"'][^\"']*(?<![\w-])(?:entry-date|published|post-date)(?![\w-])[^\"']*[\"']"
    r"[^>]*?(?:datetime|title)\s*=\s*[\"'](\d{4}-\d{2}-\d{2}[^\"']*)",
    re.I,
)
# The post's last modification: Open Graph / Yoast meta tags, JSON-LD's "dateModified".  Each key is
# found by a plain search in the head, then its tag's content read: a pattern over the head would cost
# milliseconds on a page whose head inlines its styles.
_MODIFIED_KEYS = ("article:modified_time", "og:updated_time", '"dateModified"')
_CONTENT_RE = re.compile(r"""\bcontent\s*=\s*["']([^"']+)""", re.I)
_JSON_VALUE_RE = re.compile(r'\s*:\s*"([^"]+)"')
_HEAD_END_RE = re.compile(r"</head\s*>", re.I)
_NUMERIC_DATE_RE = re.compile(r"(?<![\d.])\d{1,2}[./-]\d{1,2}(?:[./-]|,\s*)(?:\d{4}|\d{2})(?![\d])")


def _locale(code: str | None) -> str | None:
    if not code:
        return None
    parts = code.replace("_", "-").split("-")
    language = parts[0].lower()
    if not language.isalpha():
        return None
    region = next((p.upper() for p in parts[1:] if len(p) == 2 and p.isalpha()), None)
    return f"{language}-{region}" if region else language


def page_languages(text: str) -> tuple[str, ...]:
    """The page's languages, surest first: ``<html lang>``, ``og:locale``, the body's locale class."""
    head_end = min(len(text), 200_000)
    found: list[str] = []
    match = _HTML_LANG_RE.search(text, 0, head_end)
    if match:
        found.append(_locale(match.group(1)))
    match = _OG_LOCALE_RE.search(text, 0, head_end)
    if match:
        found.append(_locale(match.group(1) or match.group(2)))
    match = _CONTENT_LANGUAGE_RE.search(text, 0, head_end)
    if match:
        found.append(_locale(match.group(1)))
    match = _BODY_CLASS_RE.search(text, 0, head_end)
    if match:
        for cls in match.group(1).split():
            locale = _LOCALE_CLASS_RE.match(cls)
            if locale:
                found.append(_locale("-".join(g for g in locale.groups() if g)))
    seen: list[str] = []
    for code in found:
        if code and code not in seen:
            seen.append(code)
    return tuple(seen)


_THEME_STRING_RES = {
    language: re.compile("|".join(
        (r">\s*" if word[0].isalpha() else "") + re.escape(word).replace("\\ ", r"\s*") for word in words))
    for language, words in THEME_STRINGS.items()
}


def comments_start(text: str) -> int | None:
    """Where the first element that looks like a comment starts, or None."""
    first = first_comment(text)
    return first.start() if first else None


def theme_language(text: str, start: int | None = -1) -> str | None:
    """The language of the theme's own words beside the comments ("Antworten", "sagt:"), or None.

    For pages that name no language: the language whose strings appear most often wins, and only
    when they appear beside at least two comments.
    """
    start = comments_start(text) if start == -1 else start
    if start is None:
        return None
    counts = {language: len(regex.findall(text, start)) for language, regex in _THEME_STRING_RES.items()}
    language, count = max(counts.items(), key=lambda item: (item[1], item[0] == "en"))
    return language if count >= 2 else None


def post_date(text: str, tz: tzinfo, start: int | None = -1) -> datetime | None:
    """The post's own date, from its meta tags or the article's entry date (before the comments)."""
    start = comments_start(text) if start == -1 else start
    end = len(text) if start is None else start
    # The meta tags are the post's wherever they stand; an entry date only before the comments.
    for regex, stop in ((_PUBLISHED_META_RE, min(len(text), 200_000)), (_PUBLISHED_TIME_RE, end)):
        match = regex.search(text, 0, stop)
        if match:
            value, _ = dates.parse_iso(match.group(1), tz)
            if value is not None:
                return value
    return None


def post_modified(text: str, tz: tzinfo, start: int | None = -1) -> datetime | None:
    """The post's last modification (the latest the page's head names), or None.  The page was made no
    earlier: where nothing else says when, relative dates are counted back from it."""
    start = comments_start(text) if start == -1 else start
    stop = min(len(text), 200_000, len(text) if start is None else start)
    head_end = _HEAD_END_RE.search(text, 0, stop)
    if head_end is not None:
        stop = head_end.start()
    latest = None
    for key in _MODIFIED_KEYS:
        at = text.find(key, 0, stop)
        while at != -1:
            if key[0] == '"':
                match = _JSON_VALUE_RE.match(text, at + len(key))
            else:
                tag_end = text.find(">", at, stop)
                match = _CONTENT_RE.search(text, text.rfind("<", 0, at), tag_end if tag_end != -1 else stop)
            value = dates.parse_iso(match.group(1), tz)[0] if match else None
            if value is not None and (latest is None or value > latest):
                latest = value
            at = text.find(key, at + len(key), stop)
    return latest


def day_first_evidence(text: str, start: int | None = -1) -> bool | None:
    """What the page's numeric dates say of its day/month order (a first number over 12 is a day)."""
    start = comments_start(text) if start == -1 else start
    return dates.day_first_evidence(m.group(0) for m in _NUMERIC_DATE_RE.finditer(text, start or 0))


@dataclass(frozen=True)
class PageContext:
    url: str | None
    title: str | None
    hints: dates.DateHints  # day_first left to the page's evidence, looked up when first needed
    evidence: Callable[[], bool | None]  # the day/month order the page's numeric dates show


def read_context(raw: str, text: str, soup: BeautifulSoup, original: str | None, tz: tzinfo,
                 captured: bool | None = None, start: int | None = -1) -> PageContext:
    """The page's context: ``raw`` is the decoded page (a capture still wrapped), ``text`` unwrapped;
    ``captured``: whether it is a Wayback capture, when the caller knows already; ``start``: where the
    first comment starts (``comments_start``, None: nowhere), when the caller knows already."""
    url, title = identity(text, soup, original)
    if captured is None:
        captured = original is not None or wayback.is_capture(raw)
    capture = wayback.capture_time(raw) if captured else None
    start = comments_start(text) if start == -1 else start  # the readers below look before or after it
    # No capture: the moment the page says it was made, else the post's last modification, is what
    # its relative dates ("3 Jahren her") are counted back from (``dates.DateHints.relative_base``).
    saved = saved_time(text, tz, soup.head) if capture is None else None
    modified = post_modified(text, tz, start) if capture is None and saved is None else None
    languages = page_languages(text)
    if not languages:
        guessed = theme_language(text, start)
        languages = (guessed,) if guessed else ()
    hints = dates.DateHints(
        tz=tz,
        languages=languages,
        capture=capture,
        post_date=post_date(text, tz, start),
        saved=saved,
        modified=modified,
    )
    return PageContext(url=url, title=title, hints=hints,
                       evidence=lambda: day_first_evidence(text, start))
