"""Reading one date text: ISO and WordPress's machine dates exactly, a printed date by the fast path,
then dateparser, then as an age; the cache, and the site's zone applied last."""

from __future__ import annotations

import functools
import re
import unicodedata
from datetime import datetime, tzinfo

from . import ages, fast, language, slow
from .model import (NO_DATE, PRECISION_DAY, PRECISION_MINUTE, PRECISION_NONE, PRECISION_SECOND, RELATIVE_NO_BASE,
                    SECONDS_RE, DateHints, HumanDate, Raw, aware, checked)

_MAX_LENGTH = 200  # longer text is a meta line or junk, never one date


def _iso(text: str, tz: tzinfo) -> tuple[datetime | None, int] | None:
    """An ISO-8601 date, or None when ``text`` is not one."""
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if len(text) <= 10:
        return checked(aware(value, tz), PRECISION_DAY)
    precision = PRECISION_SECOND if SECONDS_RE.search(text) else PRECISION_MINUTE
    return checked(aware(value, tz), precision)


def parse_iso(text: str | None, tz: tzinfo) -> tuple[datetime | None, int]:
    """An ISO-8601 date (``<time datetime>``, ``createdAt``); a missing zone is the site's."""
    if not text or not text.strip():
        return None, PRECISION_NONE
    text = text.strip()
    result = _iso(text, tz)
    return result if result is not None else parse_human(text, tz)


def parse_wp_datetime(text: str | None, tz: tzinfo) -> tuple[datetime | None, int]:
    """WordPress's ``YYYY-MM-DD HH:MM:SS`` in zone ``tz`` (``0000-00-00 …`` means none)."""
    if not text or not text.strip() or text.strip().startswith("0000-00-00"):
        return None, PRECISION_NONE
    try:
        value = datetime.strptime(text.strip(), "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return parse_human(text, tz)
    return checked(value.replace(tzinfo=tz), PRECISION_SECOND)


def parse_human(text: str | None, tz: tzinfo) -> tuple[datetime | None, int]:
    """A date as an English theme prints it ("March 14, 2019 at 10:22 am"), read in ``tz``.

    ``read_date`` with no languages (English, month first).  Returns ``(None, PRECISION_NONE)``
    when the text holds no complete date (no year, no day, a relative date).
    """
    if not text:
        return None, PRECISION_NONE
    result = read_date(text, DateHints(tz=tz))
    if result.value is None:
        return None, PRECISION_NONE
    return result.value, result.precision


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = " ".join(text.split())
    return text


@functools.lru_cache(maxsize=8192)
def _read(text: str, codes: tuple[str, ...], day_first: bool) -> Raw | None:
    """The cached reading of a normalized text; None: no date."""
    folded = text.casefold()
    if "." in folded:
        folded = fast.MERIDIEM_RE.sub(r"\1m", folded)  # a.m., p. m.
    express = fast.express(folded, codes)
    if express is not None:
        return express
    try:
        return fast.read(folded, codes, day_first)
    except fast.NotFast:
        pass
    if not any(ch.isalnum() for ch in text):
        return None
    raw = slow.read(text, codes, day_first)
    if raw is None:
        ago = ages.duration(folded, codes)
        if ago is not None:
            units = {unit for unit, _ in ago}
            return Raw("relative", PRECISION_MINUTE if units & {"hours", "minutes", "seconds"} else PRECISION_DAY)
    return raw


_ISO_RE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?",
                     re.IGNORECASE)


def read_date(text: str, hints: DateHints) -> HumanDate:
    """One date as a theme prints it, read with the page's ``hints``; never raises.

    ISO text goes through ``parse_iso``.  Numeric dates are read day first or month first as
    ``hints.day_first`` says, else as the page's first language does (``default_day_first``); a
    number above 12 decides by itself.  A date without a year has no value but ``month_day``
    (``complete_years`` fills it in); a relative date ("vor 2 Tagen") is counted back from
    ``hints.capture``, else the page's own stamp (``saved``) or the post's last modification
    (``modified``), and has no value without one.
    """
    try:
        return _read_date(text, hints)
    except Exception:  # a date is never worth a crash: the comment keeps no date
        return NO_DATE


def _read_date(text: str, hints: DateHints) -> HumanDate:
    if not text or not isinstance(text, str):
        return NO_DATE
    languages = tuple(hints.languages)
    try:
        result = _read_cached(text, languages, hints.day_first, hints.tz)
    except TypeError:  # a zone that cannot be hashed: read without the cache
        result = _read_cached.__wrapped__(text, languages, hints.day_first, hints.tz)
    if isinstance(result, HumanDate):
        return result
    # A relative date: counted back from the capture (or the page's own stamp), never from "now".
    text, codes, day_first = result
    base, reason = hints.relative_base()
    if base is None:
        return RELATIVE_NO_BASE if ages.is_age(text.casefold(), codes) else NO_DATE
    base = base.astimezone(hints.tz).replace(tzinfo=None)
    raw = _read(text, codes, day_first)
    value = ages.counted_back(text, codes, day_first, base)
    if value is None:
        return NO_DATE
    value, precision = checked(aware(value, hints.tz), raw.precision)
    if value is None:
        return NO_DATE
    return HumanDate(value, precision, inferred=reason)


@functools.lru_cache(maxsize=32768)
def _read_cached(text: str, languages: tuple[str, ...], day_first: bool | None,
                 tz: tzinfo) -> HumanDate | tuple[str, tuple[str, ...], bool]:
    """The reading of ``text`` as given, or (normalized text, codes, day order) for a relative date."""
    text = normalize(text)
    if not text or len(text) > _MAX_LENGTH:
        return NO_DATE
    if _ISO_RE.fullmatch(text):
        result = _iso(text, tz)
        if result is not None:
            return HumanDate(*result)
    codes = language.dateparser_languages(languages)
    if day_first is None:
        day_first = language.default_day_first(languages)
    raw = _read(text, codes, day_first)
    if raw is None:
        return NO_DATE
    if raw.kind == "abs":
        value = raw.value
        # Printed with a zone ("9:41 pm EST"): the same instant, shown in the site's zone.
        value = value.replace(tzinfo=tz) if value.tzinfo is None else value.astimezone(tz)
        return HumanDate(*checked(value, raw.precision))
    if raw.kind == "noyear":
        return HumanDate(None, raw.precision, month_day=raw.month_day)
    return text, codes, day_first


@functools.lru_cache(maxsize=4096)
def _read_time(text: str, languages: tuple[str, ...]) -> tuple[int, int, int | None] | None:
    text = normalize(text)
    if not text or len(text) > 40 or not any(ch.isdigit() for ch in text):
        return None
    folded = text.casefold()
    if "." in folded:
        folded = fast.MERIDIEM_RE.sub(r"\1m", folded)  # a.m., p. m.
    return fast.time_of_day(folded, language.dateparser_languages(languages))


def read_time(text: str, hints: DateHints) -> tuple[int, int, int | None] | None:
    """``(hour, minute, second)`` when ``text`` is a time of day and nothing else ("22:38", " at 9:41 pm",
    "à 9 h 41 min", "um 10:25 Uhr"), in the page's languages; else None.

    A theme that prints the day and the time in two elements (``<b>18. 05. 2014</b> <b class=time>22:38</b>``)
    gives one half each: a time alone is never a date (dateparser would put it on the day it is read)."""
    try:
        return _read_time(text, tuple(hints.languages))
    except Exception:  # never raises, as read_date
        return None


def at_time(day: HumanDate, clock: tuple[int, int, int | None], tz: tzinfo) -> HumanDate:
    """The day ``day`` (read to the day: a value, or a ``month_day`` without a year) at the time ``clock``
    printed beside it, in the site's zone; ``day`` as it is when it holds a time already."""
    hour, minute, second = clock
    precision = PRECISION_MINUTE if second is None else PRECISION_SECOND
    if day.precision > PRECISION_DAY:
        return day
    if day.value is not None:
        local = day.value.astimezone(tz) if day.value.tzinfo is not None else day.value.replace(tzinfo=tz)
        value, precision = checked(local.replace(hour=hour, minute=minute, second=second or 0), precision)
        return HumanDate(value, precision, inferred=day.inferred) if value is not None else day
    if day.month_day is not None:
        month, day_of_month, _, _ = day.month_day
        return HumanDate(None, PRECISION_MINUTE, month_day=(month, day_of_month, hour, minute))
    return day

