"""One comment's date, chosen from the parts the walk over it found (``comment.Parts``).

An ISO attribute first, then the marked texts by rank, then the loose text beside the name.  A theme may
print a date in two elements, the day in one and the time in the next (``<span class=comment-date>11.
Februar 2020</span><span class=comment-date> at 9:41</span>``, ``<b>18. 05. 2014</b> <b class=time-info>
22:38</b>``, ``<abbr title=2015-03-11>March 11th, 2015</abbr> at 02:57``): the two halves make one date
(``dates.read_time``, ``dates.at_time``), and an element that held the other half is part of the date,
never text.  A time alone is never a date: dateparser would put it on the day it is read, or an age on the
page's last modification.
"""

from __future__ import annotations

import re

from bs4 import Tag
from bs4.element import NavigableString

from wparchive import dates

from .comment import DATEISH_RE, Parts, links
from .names import rest_of
from .vocabulary import SKIP_TAGS, visible_text

_TIME_RE = re.compile(r"^\W*(?:\w+\s+)?\d{1,2}[:.h]\d\d\b")


def choose_date(parts: Parts, loose: list[str], hints) -> tuple[dates.HumanDate, Tag | None]:
    """The comment's date: an ISO attribute first, then the marked texts by rank, then ``loose``
    texts (what the byline held beside the name, text standing beside the name element).

    ``hints`` gives the ``dates.DateHints`` for a text (``hints(text)``): the page's day/month
    order is only looked up when a numeric date needs it.  A date printed in two elements, the day in
    one and the time in the next (``<span>11. Februar 2020</span><span> at 9:41</span>``, ``<abbr
    title=2015-03-11>March 11th, 2015</abbr> at 02:57``), is put together; a time alone is no date.
    """
    tz = hints.tz
    for value, el in parts.date_attrs:
        date, precision = dates.parse_iso(value, tz)
        if date is not None:
            if precision == dates.PRECISION_DAY:
                # <time datetime="2015-07-05">05.07.2015 // 17:07</time>: the text has the time too.
                text = visible_text(el)
                if text and DATEISH_RE.search(text):
                    found = dates.read_date(text, hints(text))
                    if found.value is not None and found.precision > precision and found.value.date() == date.date():
                        return found, el
                # An ISO day must not beat the time printed beside it: the day at that time.
                clock = _time_after(el, hints, parts)
                if clock is not None:
                    return dates.at_time(dates.HumanDate(date, precision), clock, tz), el
            return dates.HumanDate(date, precision), el
    unread = dates.HumanDate(None, dates.PRECISION_NONE)
    for _, el in sorted(parts.date_texts, key=lambda item: item[0]):
        # A date element's title is the full date where its text is an age ("3 years ago" with
        # title="March 3, 2021 9:15 am", as wpDiscuz prints it).  The permalink in the meta line
        # holds the date alone; the meta line may hold more.
        title = el.attrs.get("title")
        link = next(links(el), None)
        for candidate in (title, link, el):
            if candidate is None:
                continue
            text = candidate if isinstance(candidate, str) else visible_text(candidate)
            if not text or not DATEISH_RE.search(text):
                continue
            if _CLOCK_RE.fullmatch(text):
                clock = dates.read_time(text, hints(text))
                if clock is not None:  # "<a href=#comment-7>3:12 pm</a>": the day stands before it
                    if isinstance(candidate, Tag):
                        day = _day_before(candidate, hints, parts)
                        if day is not None:
                            return dates.at_time(day, clock, tz), el
                    continue
            found = dates.read_date(text, hints(text))
            if found.precision == dates.PRECISION_DAY and candidate is el and (
                    found.value is not None or found.month_day is not None):
                after = el.next_sibling
                if type(after) is NavigableString and _TIME_RE.search(after):
                    # "am <a href=#comment-7>07.08.09</a> um 10:25": the time stands just after the element.
                    longer = dates.read_date(text + " " + after.strip(), hints(text))
                    if longer.value is not None and found.value is not None and longer.value.date() == found.value.date():
                        found = longer
                if found.precision == dates.PRECISION_DAY:
                    clock = _time_after(el, hints, parts)
                    if clock is not None:
                        found = dates.at_time(found, clock, tz)
            if found.value is not None or found.month_day is not None:
                return found, el
            if unread.value is None:
                unread = found
        # A meta line that holds more than the date ("NAME 17.10.2019, 14:14 Log in to reply
        # Quote"): the date is one of its own text pieces (and the time may be the next one).
        pieces = list(_text_pieces(el))
        for index, piece in enumerate(pieces):
            if _CLOCK_RE.fullmatch(piece) and dates.read_time(piece, hints(piece)) is not None:
                continue  # a time alone: only the half of a date
            found = dates.read_date(piece, hints(piece))
            if found.value is not None or found.month_day is not None:
                if found.precision == dates.PRECISION_DAY and index + 1 < len(pieces) \
                        and _CLOCK_RE.fullmatch(pieces[index + 1]):
                    clock = dates.read_time(pieces[index + 1], hints(piece))
                    if clock is not None:
                        found = dates.at_time(found, clock, tz)
                return found, el
    for text in loose:
        if callable(text):
            text = text()  # looked for only when nothing marked holds the date
        if text and DATEISH_RE.search(text):
            found = dates.read_date(text, hints(text))
            if found.value is not None or found.month_day is not None:
                return found, None
    return unread, None


# The digits of a time alone: hours, minutes, perhaps seconds, and no other number ("9:41", " at 9 h 41 min",
# "21:07:13"): a cheap look before ``dates.read_time`` reads it.
_CLOCK_RE = re.compile(r"\D{0,24}\d{1,2}\D{1,4}\d\d(?:\D{1,3}\d\d)?\D{0,24}")
_MAX_HALF = 60  # the other half of a date is short: a day, a time


def _beside(el: Tag, forward: bool):
    """The node next to ``el`` (after it, or before it), blank text skipped, out of wrappers that hold
    ``el`` alone (``<span><a>3:12 pm</a></span>``); None at the end of the line."""
    node = el
    for _ in range(3):
        sibling = node.next_sibling if forward else node.previous_sibling
        while type(sibling) is NavigableString and not sibling.strip():
            sibling = sibling.next_sibling if forward else sibling.previous_sibling
        if sibling is not None:
            return sibling if isinstance(sibling, (Tag, NavigableString)) and (
                type(sibling) is NavigableString or sibling.name not in SKIP_TAGS) else None
        parent = node.parent
        if parent is None or parent.get_text(strip=True) != node.get_text(strip=True):
            return None
        node = parent
    return None


def _half_text(node) -> str | None:
    if isinstance(node, Tag):
        text = visible_text(node)
    elif type(node) is NavigableString:
        text = str(node)
    else:
        return None
    return text if len(text) <= _MAX_HALF else None


def _time_after(el: Tag, hints, parts: Parts):
    """The time printed just after a date that has the day only (``<b>18. 05. 2014</b> <b>22:38</b>``), or None;
    an element that holds it is part of the date (``parts.date_partners``)."""
    node = _beside(el, forward=True)
    text = _half_text(node)
    if text and type(node) is NavigableString and len(text) <= 12 and not DATEISH_RE.search(text):
        # "<abbr title=2019-05-20>…</abbr> às <a>10:15</a>": a connector word, then the time.
        after = node.next_sibling
        later = _half_text(after) if isinstance(after, Tag) else None
        if later:
            node, text = after, text + " " + later
    if not text or not _CLOCK_RE.fullmatch(text):
        return None
    clock = dates.read_time(text, hints(text))
    if clock is not None and isinstance(node, Tag):
        parts.date_partners.append(node)
    return clock


def _day_before(el: Tag, hints, parts: Parts) -> dates.HumanDate | None:
    """The day printed just before a time alone ("said, on August 3, 2019 at <a>3:12 pm</a>", "<b>18. 05. 2014</b>
    <b class=time-info>22:38</b>"), read to the day, or None; an element that holds it is part of the date."""
    node = _beside(el, forward=False)
    text = _half_text(node)
    if not text or not DATEISH_RE.search(text):
        return None
    text = rest_of(text)  # "said, on", "—", "@" around it
    found = dates.read_date(text, hints(text))
    if found.precision != dates.PRECISION_DAY or (found.value is None and found.month_day is None):
        return None
    if isinstance(node, Tag):
        parts.date_partners.append(node)
    return found


def _text_pieces(el: Tag):
    """The date-like text nodes of a meta line, each on its own, in document order."""
    for node in el.descendants:
        if type(node) is NavigableString:
            text = node.strip()
            if 4 <= len(text) <= 80 and DATEISH_RE.search(text):
                yield text
