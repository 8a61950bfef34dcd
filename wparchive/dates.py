"""Reading the dates archives give, always into timezone-aware datetimes.

This module is the one place that reads a date.  Machine dates (ISO 8601, WordPress's
``YYYY-MM-DD HH:MM:SS``) are read exactly; a date as a theme prints it ("26. Mai 2008 um
21:07", "March 15, 2019 at 9:12 am", "3 de marzo de 2015 a las 9:41", "vor 2 Tagen") is read by
``read_date`` with the page's languages, in two steps:

* a fast path, written here, for the shapes nearly every theme prints: numbers, at most one
  month name, an optional time with am/pm, joined by connector words ("at", "um", "à",
  "a las", "kl.") and punctuation (one regular expression for WordPress's commonest defaults,
  then a small token reader).  The month names, weekday names, am/pm words and connector
  words are not typed in here: they come from dateparser's own language data
  (``dateparser.data.date_translation_data``), so every language dateparser knows works;
* dateparser (``DateDataParser``) for everything the fast path cannot read: relative dates
  ("3 years ago", "il y a 3 jours"), dates with a zone, odd shapes.

Why the fast path: dateparser costs 1.7–2.3 ms a call once warm (and 20–170 ms the first time a
language is used), and reading a text fully takes it two calls (see ``_slow``), while the importer
reads tens of thousands of dates.  Measured on 20,000 distinct dates printed in the WordPress
default formats of 12 locales (no cache hit; a shared two-core machine, so ranges): the fast path
read them all in 0.6–0.9 s (30–45 µs a date), dateparser in 34–47 s for one call a date, and the
old English-only dateutil ``parse_human`` took 2.6–3.6 s (and read only the English third).  A
text read before comes from the cache (``functools.lru_cache`` on text, languages, day order and
zone) in about 2 µs.

Nothing here depends on today's date, the machine's locale or its zone: dateparser is given a
fixed ``RELATIVE_BASE`` and ``TIMEZONE``, and its habit of filling a missing year from the
base is detected (``DateData.parts`` names the parts the text gave, and a second reading with
another base tells a relative date, which moves with the base, from an absolute one).  A date
printed without a year comes back with ``month_day`` set and no value; ``complete_years``
infers the year from the Wayback capture, the post's date or the neighbouring comments.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone, tzinfo

from dateutil.relativedelta import relativedelta

# How much of a date a source gave (Comment.date_precision and every reader's dates).
PRECISION_SECOND = 3
PRECISION_MINUTE = 2
PRECISION_DAY = 1
PRECISION_NONE = 0

_SECONDS_RE = re.compile(r"\d{1,2}:\d{2}:\d{2}")

# Why a date is not simply what the source printed (``Comment.date_inferred``).
INFERRED_REASONS = {
    "year-from-capture": "The page printed the date without a year; the year is the latest one that puts "
                         "the date no later than the Wayback capture.",
    "year-from-post": "The page printed the date without a year; the year is the first one that puts the "
                      "date no earlier than the post.",
    "year-from-neighbours": "The page printed the date without a year; the year is taken from the comments "
                            "around it (WordPress lists comments in time order).",
    "relative-to-capture": "The page printed a relative date (\"3 years ago\"); it is counted back from the "
                           "moment the Wayback Machine captured the page.",
}


@dataclass(frozen=True)
class DateHints:
    """What a page tells about how to read its dates."""

    tz: tzinfo  # the site's zone: a date without an offset is read in it
    # Page languages, most likely first ("de", "en-GB", "pt-BR", "de_DE"); English is always tried too.
    languages: tuple[str, ...] = ()
    day_first: bool | None = None  # evidence from the page (``day_first_evidence``); None: the locale decides
    capture: datetime | None = None  # aware; the Wayback capture instant (no comment is newer)
    post_date: datetime | None = None  # aware; the post's own date (no comment is older)


@dataclass(frozen=True)
class HumanDate:
    """One date read from a page."""

    value: datetime | None  # aware; None when unreadable or when the year is still missing
    precision: int
    # (month, day, hour, minute) of a date printed without a year (hour and minute None without a time).
    month_day: tuple[int, int, int | None, int | None] | None = None
    inferred: str | None = None  # a key of INFERRED_REASONS when value is not just what the text said
    relative: bool = False  # a relative date ("vor 2 Tagen") with no capture to count it back from


_NO_DATE = HumanDate(None, PRECISION_NONE)
_RELATIVE_NO_BASE = HumanDate(None, PRECISION_NONE, relative=True)


def _aware(value: datetime, tz: tzinfo) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=tz)


def checked(value: datetime | None, precision: int) -> tuple[datetime | None, int]:
    """``(value, precision)`` for a date every zone can show, else ``(None, PRECISION_NONE)``.

    A date within a day of ``datetime``'s limits (year 1 or 9999, as a hostile or broken
    archive may give) overflows as soon as it is moved to another zone: it is no date.
    """
    if value is None:
        return None, PRECISION_NONE
    try:
        year = value.astimezone(timezone.utc).year
    except (OverflowError, ValueError):
        return None, PRECISION_NONE
    if not datetime.min.year < year < datetime.max.year:
        return None, PRECISION_NONE
    return value, precision


def _iso(text: str, tz: tzinfo) -> tuple[datetime | None, int] | None:
    """An ISO-8601 date, or None when ``text`` is not one."""
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if len(text) <= 10:
        return checked(_aware(value, tz), PRECISION_DAY)
    precision = PRECISION_SECOND if _SECONDS_RE.search(text) else PRECISION_MINUTE
    return checked(_aware(value, tz), precision)


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


# --- Languages ----------------------------------------------------------------------------------

# English regions that write the month first.  en-CA: CLDR writes its dates month first ("Mar 12,
# 2015") and its numeric dates as ISO (read either way); WordPress's en_CA default is "F j, Y".
# US territories follow the US.  Any other English region (GB, AU, NZ, IE, IN, ZA, …) and every other
# language writes the day first; ``DateHints.day_first`` (evidence from the page) overrides this.
_MONTH_FIRST_REGIONS = frozenset({"", "US", "PH", "CA", "AS", "GU", "MP", "PR", "UM", "VI"})


def _split_code(code: str) -> tuple[str, str]:
    parts = code.replace("_", "-").strip().split("-")
    language = parts[0].lower()
    region = next((p.upper() for p in parts[1:] if len(p) == 2 or p.isdigit()), "")
    return language, region


@functools.lru_cache(maxsize=256)
def default_day_first(languages: tuple[str, ...]) -> bool:
    """Whether the page's first language writes numeric dates day first ("09/06/2020" = 9 June).

    No language means English as WordPress ships it (US: month first).  See ``_MONTH_FIRST_REGIONS``.
    """
    if not languages:
        return False
    language, region = _split_code(languages[0])
    if language != "en":
        return True
    return region not in _MONTH_FIRST_REGIONS


_EVIDENCE_RE = re.compile(r"(?<![\d.,/-])(\d{1,2})\s*[./,-]\s*(\d{1,2})\s*[./,-]\s*(\d{4}|\d{2})(?!\d)")


def day_first_evidence(texts: Iterable[str]) -> bool | None:
    """What the numeric dates of one page say about their order.

    A date such as "14/04/2020" (first number above 12) says day first: True; "04/14/2020" says
    month first: False.  None when no date decides, or when the page's dates contradict each other.
    """
    seen: set[bool] = set()
    for text in texts:
        if not text:
            continue
        for match in _EVIDENCE_RE.finditer(text):
            a, b = int(match.group(1)), int(match.group(2))
            if 12 < a <= 31 and 1 <= b <= 12:
                seen.add(True)
            elif 12 < b <= 31 and 1 <= a <= 12:
                seen.add(False)
    return seen.pop() if len(seen) == 1 else None


# dateparser's language data are plain modules of literals (``info = {...}``), but importing one
# imports the dateparser package first, which costs 0.15–0.2 s of CPU in every process (the importer's
# workers included) even when every date is read by the fast path.  They are loaded here from
# dateparser's own folder as they are; dateparser itself is imported only when a text needs it.

@functools.lru_cache(maxsize=None)
def _data_module(relative: str):
    """One of dateparser's data modules (``data/languages_info.py``), or None when absent."""
    spec = importlib.util.find_spec("dateparser")  # finds the package without running it
    if spec is None or not spec.submodule_search_locations:
        return None
    path = os.path.join(spec.submodule_search_locations[0], relative)
    if not os.path.isfile(path):
        return None
    name = "_dateparser_data." + relative.removesuffix(".py").replace("/", ".")
    module_spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return module


def _language_info(code: str) -> dict | None:
    """dateparser's data for one language code ("de", "pt-PT"), or None for an unknown code."""
    if not _CODE_RE.fullmatch(code):
        return None
    module = _data_module(f"data/date_translation_data/{code}.py")
    return module.info if module is not None else None


_CODE_RE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")


@functools.lru_cache(maxsize=None)
def _dateparser_languages(languages: tuple[str, ...]) -> tuple[str, ...]:
    """dateparser's language codes for the page's languages, in order, English last."""
    language_order = _data_module("data/languages_info.py").language_order

    known = set(language_order)
    out: list[str] = []
    for code in (*languages, "en"):
        parts = code.replace("_", "-").strip().split("-")
        candidates = []
        if len(parts) > 1:  # zh-Hans, sr-Latn: a script is part of dateparser's code
            candidates.append(f"{parts[0].lower()}-{parts[1].title()}")
        candidates.append(parts[0].lower())
        for candidate in candidates:
            if candidate in known:
                if candidate not in out:
                    out.append(candidate)
                break
    return tuple(out)


def _fold(word: str) -> str:
    return unicodedata.normalize("NFKC", word).casefold().replace(".", "").strip()


_MONTH_KEYS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
               "october", "november", "december")
_WEEKDAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Connectors dateparser's data lacks for a language that prints them (Swedish WordPress: "kl. 09:41",
# French "9 h 41 min").
_EXTRA_SKIP = ("kl", "klo", "min")


@dataclass(frozen=True)
class _Words:
    months: dict[str, int]
    meridiem: dict[str, str]  # word -> "am" / "pm"
    neutral: frozenset[str]  # connectors and weekday names: ignored anywhere
    units: dict[str, str]  # word -> relativedelta argument ("minuten" -> "minutes"), for ages
    ago: frozenset[str]  # "ago", "vor", "fa", "geleden", "yesterday"...: what makes a text an age
    ahead: frozenset[str]  # "in", "dans", "from now": a time to come, never a comment's age


@functools.lru_cache(maxsize=256)
def _words(codes: tuple[str, ...]) -> _Words:
    """Month, weekday, am/pm, connector and age words of these dateparser languages (the first wins)."""
    months: dict[str, int] = {}
    meridiem: dict[str, str] = {}
    neutral: set[str] = set(_EXTRA_SKIP)
    units: dict[str, str] = {}
    ago: set[str] = set()
    ahead: set[str] = set()
    for code in codes:
        info = _language_info(code)
        if info is None:
            continue
        for number, key in enumerate(_MONTH_KEYS, 1):
            for name in info.get(key, ()):
                word = _fold(name)
                if word and _WORD_ONLY_RE.fullmatch(word):
                    months.setdefault(word, number)
        for key in ("am", "pm"):
            for name in info.get(key, ()):
                word = _fold(name)
                if word and _WORD_ONLY_RE.fullmatch(word):
                    meridiem.setdefault(word, key)
        for key in _WEEKDAY_KEYS:
            neutral.update(w for w in map(_fold, info.get(key, ())) if _WORD_ONLY_RE.fullmatch(w))
        for phrase in (*info.get("skip", ()), *info.get("pertain", ())):
            neutral.update(w for w in _fold(phrase).split() if _WORD_ONLY_RE.fullmatch(w))
        for key, unit in _UNIT_KEYS.items():
            for name in info.get(key, ()):
                word = _fold(name)
                if len(word) > 1 and _WORD_ONLY_RE.fullmatch(word):
                    units.setdefault(word, unit)
        for key, into in (("ago", ago), ("in", ahead)):
            for phrase in info.get(key, ()):
                into.update(w for w in _fold(phrase).split() if _WORD_ONLY_RE.fullmatch(w))
        for meaning, phrases in info.get("relative-type", {}).items():
            if meaning.endswith(" ago"):  # "1 day ago": "yesterday", "gestern", "hier"
                ago.update(_fold(p) for p in phrases if _WORD_ONLY_RE.fullmatch(_fold(p)))
    return _Words(months, meridiem, frozenset(neutral - months.keys()), units, frozenset(ago), frozenset(ahead))


@functools.lru_cache(maxsize=1)
def _zone_names() -> frozenset[str]:
    timezone_info_list = _data_module("timezones.py").timezone_info_list

    return frozenset(name.casefold() for group in timezone_info_list for name, _ in group["timezones"]
                     if name.isalpha())


# --- The fast path ------------------------------------------------------------------------------

_WORD_ONLY_RE = re.compile(r"[^\W\d_]+")
# Digits with the letters glued to them ("3rd", "1er", "9h", "2015年", "41pm"), words, and any other
# single character; blanks only separate.
_LEX_RE = re.compile(r"(\d+)([^\W\d_]*)|([^\W\d_]+)|(\S)")
_SEPARATORS = frozenset(".,/@|;:·()[]\u2013\u2014-")
_ORDINALS = frozenset({"", "st", "nd", "rd", "th", "er", "re", "e", "o", "a", "ª", "º"})
_CJK_UNITS = {"年": "y", "년": "y", "月": "m", "월": "m", "日": "d", "일": "d"}
_MERIDIEM_RE = re.compile(r"(?<![^\W\d_])([ap])\.\s?m\.?(?![^\W\d_])")
_MAX_LENGTH = 200  # longer text is a meta line or junk, never one date


@dataclass(frozen=True)
class _Raw:
    """A reading before the zone is applied (what the cache holds)."""

    kind: str  # "abs", "noyear", "relative"
    precision: int
    value: datetime | None = None  # "abs": naive (wall time as printed) or aware (the text named a zone)
    month_day: tuple[int, int, int | None, int | None] | None = None


class _NotFast(Exception):
    """The fast path cannot read this text: ask dateparser."""


def _year(number: int, digits: int) -> int:
    if digits == 2:  # the POSIX / strptime("%y") pivot: 69–99 → 19xx, 00–68 → 20xx
        return 1900 + number if number >= 69 else 2000 + number
    return number


# The commonest shapes of all, WordPress's defaults with a month name ("March 15, 2019 at 9:12 am",
# "26. mai 2008 um 21:07", "3 de marzo de 2015 a las 9:41"), in one match: a quarter of the token
# path's cost.  It only accepts what ``_fast`` reads the same way (the tests check they agree);
# anything else, or any word it does not know, is left to ``_fast``.
_EXPRESS_RE = re.compile(
    r"(?:(?P<w0>[^\W\d_]+)[.,]?\s)?"
    r"(?:(?P<d1>\d{1,2})(?:st|nd|rd|th|er|º|ª)?\.?\s(?:(?P<w1>[^\W\d_]+)\s)?(?P<m1>[^\W\d_]+)\.?,?\s"
    r"(?:(?P<w2>[^\W\d_]+)\s)?(?P<y1>\d{4})"
    r"|(?P<m2>[^\W\d_]+)\.?\s(?P<d2>\d{1,2})(?:st|nd|rd|th)?,?\s(?P<y2>\d{4}))"
    r"(?:,?\s?(?:[@|/·-]\s)?(?:(?P<w3>[^\W\d_]+)\.?\s(?:(?P<w4>[^\W\d_]+)\s)?)?"
    r"(?P<h>\d{1,2})(?::|\s?h\s?)(?P<mi>\d{2})(?:\s?(?P<ap>am|pm))?(?:\s(?P<w5>[^\W\d_]+))?)?"
)


def _express(text: str, codes: tuple[str, ...]) -> _Raw | None:
    """The commonest shapes, or None to let ``_fast`` decide."""
    match = _EXPRESS_RE.fullmatch(text)
    if match is None:
        return None
    words = _words(codes)
    group = match.group
    for word in group("w0", "w1", "w2", "w3", "w4", "w5"):
        if word is not None and (word not in words.neutral or word in words.meridiem):
            return None
    month = words.months.get(group("m1") or group("m2"))
    if month is None:
        return None
    year, day = int(group("y1") or group("y2")), int(group("d1") or group("d2"))
    hour = group("h")
    try:
        if hour is None:
            return _Raw("abs", PRECISION_DAY, value=datetime(year, month, day))
        hour, minute = int(hour), int(group("mi"))
        meridiem = group("ap")
        if meridiem is not None:
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if meridiem == "pm" else 0)
        return _Raw("abs", PRECISION_MINUTE, value=datetime(year, month, day, hour, minute))
    except ValueError:
        return None


def _fast(text: str, codes: tuple[str, ...], day_first: bool) -> _Raw | None:
    """Read ``text`` (normalized) in the shapes themes print; None: no date; raises _NotFast."""
    words = _words(codes)
    tokens: list[tuple[str, object]] = []

    def word_token(word: str) -> None:
        if word in words.months:
            tokens.append(("month", words.months[word]))
        elif word in words.meridiem:
            tokens.append(("meridiem", (words.meridiem[word], word in words.neutral)))
        elif word in words.neutral:
            pass
        elif word in _zone_names():
            raise _NotFast  # "EST", "UTC": dateparser reads zones
        else:
            tokens.append(("junk", word))

    def minutes_at(j: int) -> str | None:  # the two digits of minutes or seconds at lexeme j
        return lexemes[j][0] if j < count and len(lexemes[j][0]) == 2 else None

    lexemes = _LEX_RE.findall(text)
    count = len(lexemes)
    i = 0
    while i < count:
        number, suffix, word, other = lexemes[i]
        if number:
            if len(number) <= 2:
                # 21:07, 21:07:13, 9:41pm; 9h41, 9 h 41 (min)
                if not suffix and i + 1 < count and lexemes[i + 1][3] == ":" and minutes_at(i + 2):
                    minute = lexemes[i + 2]
                    second, j = None, i + 3
                    if not minute[1] and j + 1 < count and lexemes[j][3] == ":" and minutes_at(j + 1):
                        second, minute, j = int(lexemes[j + 1][0]), (minute[0], lexemes[j + 1][1]), j + 2
                    tokens.append(("time", (int(number), int(minute[0]), second)))
                    if minute[1]:
                        word_token(minute[1])
                    i = j
                    continue
                spaced = not suffix and i + 1 < count and lexemes[i + 1][2] == "h"
                if (suffix == "h" or spaced) and minutes_at(i + 2 if spaced else i + 1):
                    j = i + 2 if spaced else i + 1
                    tokens.append(("time", (int(number), int(lexemes[j][0]), None)))
                    if lexemes[j][1]:
                        word_token(lexemes[j][1])
                    i = j + 1
                    continue
            if suffix in _CJK_UNITS:
                tokens.append(("cjk", (_CJK_UNITS[suffix], int(number))))
            elif suffix in _ORDINALS:
                tokens.append(("num", (int(number), len(number))))
            else:
                raise _NotFast  # "9pm", "3days"
        elif word:
            word_token(word)
        elif other in _SEPARATORS:
            tokens.append(("sep", other))
        else:
            raise _NotFast  # a character no date has ('<', '=', quotes, '+0200', …)
        i += 1

    # am/pm only next to a time ("9:41 pm", "午後9:41"); elsewhere "am" is German "on the".
    time_token: tuple[int, int, int | None] | None = None
    meridiem: str | None = None
    significant: list[int] = []
    for i, (kind, value) in enumerate(tokens):
        if kind == "meridiem":
            word, is_neutral = value  # type: ignore[misc]
            near = [j for j in (i - 1, i + 1) if 0 <= j < len(tokens) and tokens[j][0] == "time"]
            if near:
                if meridiem is not None:
                    raise _NotFast
                meridiem = word
                significant.append(i)
            elif not is_neutral:
                tokens[i] = ("junk", word)
        elif kind in ("time", "num", "month", "cjk"):
            significant.append(i)
            if kind == "time":
                if time_token is not None:
                    raise _NotFast
                time_token = value  # type: ignore[assignment]
    if not significant:
        raise _NotFast
    first, last = significant[0], significant[-1]
    # Words the date does not know may stand before it ("Posted on") or after it ("Reply"), not inside.
    if any(kind == "junk" for kind, _ in tokens[first:last + 1]):
        raise _NotFast
    body = [(kind, value) for kind, value in tokens[first:last + 1] if kind != "meridiem"]

    year, month, day, dotted = _date_parts(body, time_token is None, day_first)
    precision = PRECISION_DAY
    hour = minute = second = None
    if dotted is not None:
        hour, minute = dotted
        precision = PRECISION_MINUTE
    if time_token is not None:
        hour, minute, second = time_token
        precision = PRECISION_MINUTE if second is None else PRECISION_SECOND
    if hour is not None:
        if meridiem is not None:
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if meridiem == "pm" else 0)
        if hour > 23 or minute > 59 or (second or 0) > 59:
            return None
    elif meridiem is not None:
        raise _NotFast
    if year is None:
        try:
            date(2000, month, day)  # a leap year: 29 February is a date
        except ValueError:
            return None
        if precision == PRECISION_SECOND:  # month_day holds no seconds
            precision = PRECISION_MINUTE
        return _Raw("noyear", precision, month_day=(month, day, hour, minute))
    try:
        value = datetime(year, month, day, hour or 0, minute or 0, second or 0)
    except ValueError:
        return None
    return _Raw("abs", precision, value=value)


def _date_parts(body, may_dot: bool, day_first: bool):
    """(year or None, month, day, dotted time or None) of the tokens between the date's ends."""
    date_tokens = [(kind, value) for kind, value in body if kind != "time"]
    kinds = {kind for kind, _ in date_tokens}
    if "cjk" in kinds:  # 2015年3月12日
        if kinds != {"cjk"}:
            raise _NotFast
        fields: dict[str, int] = {}
        for _, (key, number) in date_tokens:
            if key in fields:
                raise _NotFast
            fields[key] = number
        if "m" not in fields or "d" not in fields:
            raise _NotFast
        return fields.get("y"), fields["m"], fields["d"], None
    numbers = [value for kind, value in date_tokens if kind == "num"]
    months = [value for kind, value in date_tokens if kind == "month"]
    dotted = _dotted_time(date_tokens) if may_dot else None
    if dotted is not None and len(numbers) >= (3 if months else 5):
        numbers = numbers[:-2]
        date_tokens = _drop_last_numbers(date_tokens, 2)
    else:
        dotted = None
    if months:  # "15 March 2019", "March 15th, 2019", "3. Dez. 2014", "Mar 3rd"
        if len(months) > 1:
            raise _NotFast
        days = [n for n, digits in numbers if digits <= 2]
        years = [n for n, digits in numbers if digits == 4]
        if len(days) != 1 or len(years) > 1 or len(days) + len(years) != len(numbers):
            raise _NotFast
        return (years[0] if years else None), months[0], days[0], dotted
    # Numbers alone: a/b/yyyy, a.b.yy, yyyy-mm-dd; one separator (. / - ,) between each.
    if len(numbers) != 3 or not _numeric_shape(date_tokens):
        raise _NotFast
    (a, da), (b, db), (c, dc) = numbers
    if da == 4 and db <= 2 and dc <= 2:
        year, month, day = a, b, c
    elif dc in (2, 4) and da <= 2 and db <= 2:
        year = _year(c, dc)
        if a > 12 and b <= 12:
            day, month = a, b
        elif b > 12 and a <= 12:
            month, day = a, b
        elif day_first:
            day, month = a, b
        else:
            month, day = a, b
    else:
        raise _NotFast
    return year, month, day, dotted


def _drop_last_numbers(tokens, count):
    out = list(tokens)
    while count:
        kind, _ = out.pop()
        if kind == "num":
            count -= 1
    while out and out[-1][0] == "sep":
        out.pop()
    return out


def _numeric_shape(seq) -> bool:
    """num sep num sep num (one of . / - , between each, trailing separators allowed)."""
    while seq and seq[-1][0] == "sep":
        seq = seq[:-1]
    if len(seq) != 5:
        return False
    kinds = [kind for kind, _ in seq]
    if kinds != ["num", "sep", "num", "sep", "num"]:
        return False
    return seq[1][1] in "./-" and seq[3][1] in "./-,"


def _dotted_time(body) -> tuple[int, int] | None:
    """A time printed "13.04" (Finnish, Danish themes) at the end of the tokens, after a full date."""
    if len(body) < 3:
        return None
    (k1, v1), (k2, v2), (k3, v3) = body[-3:]
    if k1 != "num" or k2 != "sep" or v2 != "." or k3 != "num":
        return None
    (hour, hour_digits), (minute, minute_digits) = v1, v3
    if hour_digits > 2 or minute_digits != 2 or hour > 23 or minute > 59:
        return None
    if len(body) >= 5 and body[-4] == ("sep", "."):  # part of "11.05.2012": no time
        return None
    return hour, minute


# --- dateparser, for what the fast path cannot read -----------------------------------------------

# Two fixed bases: a text that reads the same with both is absolute; one that moves with the base is
# relative ("3 days ago", "Sunday").  Never "now".
_BASE_1 = datetime(2001, 3, 10, 12, 34)
_BASE_2 = datetime(2002, 4, 17, 19, 13)


@functools.lru_cache(maxsize=64)
def _parser(codes: tuple[str, ...], day_first: bool, base: datetime):
    from dateparser.date import DateDataParser

    settings = {
        "RELATIVE_BASE": base,
        "PREFER_DATES_FROM": "past",
        "PREFER_DAY_OF_MONTH": "current",
        "PREFER_MONTH_OF_YEAR": "current",
        "DATE_ORDER": "DMY" if day_first else "MDY",
        "PREFER_LOCALE_DATE_ORDER": False,
        # A text without zone comes back naive (its wall time); one with a zone, aware in UTC.  That is
        # dateparser's RETURN_AS_TIMEZONE_AWARE "default", which it does not accept when given; with
        # TIMEZONE fixed it no longer depends on the machine's zone.
        "TIMEZONE": "UTC",
        "SKIP_TOKENS": ["t", "at", "@", "|", "kl", "kl."],
        "STRICT_PARSING": False,
        "RETURN_TIME_AS_PERIOD": False,
    }
    # try_previous_locales=False: the answer must not depend on what was read before.
    return DateDataParser(languages=list(codes), settings=settings, try_previous_locales=False,
                          use_given_order=True)


def _dateparser_read(text: str, codes: tuple[str, ...], day_first: bool, base: datetime):
    try:
        data = _parser(codes, day_first, base).get_date_data(text)
    except Exception:  # dateparser's errors on odd input (ValueError, OverflowError, regex errors)
        return None, ()
    return data.date_obj, tuple(data.parts or ())


def _slow(text: str, codes: tuple[str, ...], day_first: bool) -> _Raw | None:
    first, parts = _dateparser_read(text, codes, day_first, _BASE_1)
    if first is None:
        return None
    second, _ = _dateparser_read(text, codes, day_first, _BASE_2)
    if second is None:
        return None
    has_time = "time" in parts
    if first == second:
        if not {"year", "month", "day"} <= set(parts):
            return None  # "March 2015", "2015": no day
        if not has_time:
            precision = PRECISION_DAY
        elif first.second or _SECONDS_RE.search(text):
            precision = PRECISION_SECOND
        else:
            precision = PRECISION_MINUTE
        return _Raw("abs", precision, value=first)
    same_day = (first.month, first.day, first.time()) == (second.month, second.day, second.time())
    if same_day and "year" not in parts and {"month", "day"} <= set(parts):
        return _Raw("noyear", PRECISION_MINUTE if has_time else PRECISION_DAY,
                    month_day=(first.month, first.day, first.hour if has_time else None,
                               first.minute if has_time else None))
    # A relative date moves with the base, by as much as the base moved (give or take a weekday or a
    # month's length: "Sunday", "3 months ago"), and lies before it.
    moved = (second - first) - (_BASE_2 - _BASE_1)
    naive_first = first.replace(tzinfo=None)
    if "year" not in parts or abs(moved) > timedelta(days=7) or naive_first > _BASE_1:
        return None
    return _Raw("relative", PRECISION_MINUTE if has_time else PRECISION_DAY)


def _normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = " ".join(text.split())
    return text


@functools.lru_cache(maxsize=8192)
def _read(text: str, codes: tuple[str, ...], day_first: bool) -> _Raw | None:
    """The cached reading of a normalized text; None: no date."""
    folded = text.casefold()
    if "." in folded:
        folded = _MERIDIEM_RE.sub(r"\1m", folded)  # a.m., p. m.
    express = _express(folded, codes)
    if express is not None:
        return express
    try:
        return _fast(folded, codes, day_first)
    except _NotFast:
        pass
    if not any(ch.isalnum() for ch in text):
        return None
    raw = _slow(text, codes, day_first)
    if raw is None:
        ago = _duration(folded, codes)
        if ago is not None:
            units = {unit for unit, _ in ago}
            return _Raw("relative", PRECISION_MINUTE if units & {"hours", "minutes", "seconds"} else PRECISION_DAY)
    return raw


@functools.lru_cache(maxsize=4096)
def _relative(text: str, codes: tuple[str, ...], day_first: bool, base: datetime) -> datetime | None:
    value, _ = _dateparser_read(text, codes, day_first, base)
    if value is None:
        ago = _duration(text.casefold(), codes)
        if ago is not None:
            value = base - relativedelta(**{unit: amount for unit, amount in ago})
    return value


# --- Durations: "50 Minuten 46 Sekunden her", "1 Monat, 2 Wochen" ---------------------------------
# Comment plugins print the age of a comment in their own words, which dateparser's phrases do not
# all know (wpDiscuz's German is "N Minuten her", its units often two: "1 Jahr 2 Monate her").  A
# comment's age is always in the past, so a text made only of numbered units, joined by connector
# words, plus at most one word no language data knows ("her", "fa", "ago"), is read as that long
# before the capture.  The unit words come from dateparser's language data, as the month names do.

_UNIT_KEYS = {"year": "years", "month": "months", "week": "weeks", "day": "days", "hour": "hours",
              "minute": "minutes", "second": "seconds"}
_AMOUNT_RE = re.compile(r"(\d+)\s*([^\W\d_]+)")


def _is_age(folded: str, codes: tuple[str, ...]) -> bool:
    """Whether a text dateparser read as relative says how long ago ("vor 2 Tagen", "3 weeks"),
    rather than a time of an unknown day ("9:41 pm")."""
    words = _words(codes)
    return any(_fold(w) in words.units or _fold(w) in words.ago for w in _WORD_ONLY_RE.findall(folded))


def _duration(folded: str, codes: tuple[str, ...]) -> tuple[tuple[str, int], ...] | None:
    """((unit, amount), ...) when ``folded`` is an age ("50 minuten 46 sekunden her"), else None."""
    amounts = _AMOUNT_RE.findall(folded)
    if not amounts or len(amounts) > 3:
        return None
    words = _words(codes)
    ago: dict[str, int] = {}
    for amount, word in amounts:
        unit = words.units.get(_fold(word))
        if unit is None or unit in ago:
            return None
        ago[unit] = int(amount)
    rest_text = _AMOUNT_RE.sub(" ", folded)
    if any(ch.isdigit() for ch in rest_text):
        return None
    rest = [_fold(w) for w in _WORD_ONLY_RE.findall(rest_text)]
    if any(w in words.ahead for w in rest):
        return None
    unknown = [w for w in rest if w not in words.neutral and w not in words.units and w not in words.ago]
    if len(unknown) > 1:
        return None
    return tuple(ago.items())


_ISO_RE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?",
                     re.IGNORECASE)


def read_date(text: str, hints: DateHints) -> HumanDate:
    """One date as a theme prints it, read with the page's ``hints``; never raises.

    ISO text goes through ``parse_iso``.  Numeric dates are read day first or month first as
    ``hints.day_first`` says, else as the page's first language does (``default_day_first``); a
    number above 12 decides by itself.  A date without a year has no value but ``month_day``
    (``complete_years`` fills it in); a relative date ("vor 2 Tagen") is counted back from
    ``hints.capture``, and has no value without one.
    """
    try:
        return _read_date(text, hints)
    except Exception:  # a date is never worth a crash: the comment keeps no date
        return _NO_DATE


def _read_date(text: str, hints: DateHints) -> HumanDate:
    if not text or not isinstance(text, str):
        return _NO_DATE
    languages = tuple(hints.languages)
    try:
        result = _read_cached(text, languages, hints.day_first, hints.tz)
    except TypeError:  # a zone that cannot be hashed: read without the cache
        result = _read_cached.__wrapped__(text, languages, hints.day_first, hints.tz)
    if isinstance(result, HumanDate):
        return result
    # A relative date: counted back from the capture, never from "now".
    text, codes, day_first = result
    if hints.capture is None:
        return _RELATIVE_NO_BASE if _is_age(text.casefold(), codes) else _NO_DATE
    base = hints.capture.astimezone(hints.tz).replace(tzinfo=None)
    raw = _read(text, codes, day_first)
    value = _relative(text, codes, day_first, base)
    if value is None:
        return _NO_DATE
    value, precision = checked(_aware(value, hints.tz), raw.precision)
    if value is None:
        return _NO_DATE
    return HumanDate(value, precision, inferred="relative-to-capture")


@functools.lru_cache(maxsize=32768)
def _read_cached(text: str, languages: tuple[str, ...], day_first: bool | None,
                 tz: tzinfo) -> HumanDate | tuple[str, tuple[str, ...], bool]:
    """The reading of ``text`` as given, or (normalized text, codes, day order) for a relative date."""
    text = _normalize(text)
    if not text or len(text) > _MAX_LENGTH:
        return _NO_DATE
    if _ISO_RE.fullmatch(text):
        result = _iso(text, tz)
        if result is not None:
            return HumanDate(*result)
    codes = _dateparser_languages(languages)
    if day_first is None:
        day_first = default_day_first(languages)
    raw = _read(text, codes, day_first)
    if raw is None:
        return _NO_DATE
    if raw.kind == "abs":
        value = raw.value
        # Printed with a zone ("9:41 pm EST"): the same instant, shown in the site's zone.
        value = value.replace(tzinfo=tz) if value.tzinfo is None else value.astimezone(tz)
        return HumanDate(*checked(value, raw.precision))
    if raw.kind == "noyear":
        return HumanDate(None, raw.precision, month_day=raw.month_day)
    return text, codes, day_first


# --- Years the page left out ----------------------------------------------------------------------

def _candidate(item: HumanDate, year: int, tz: tzinfo) -> datetime | None:
    month, day, hour, minute = item.month_day  # type: ignore[misc]
    try:
        return datetime(year, month, day, hour or 0, minute or 0, tzinfo=tz)
    except ValueError:  # 29 February in a common year
        return None


def _not_after(value: datetime, limit: datetime, item: HumanDate, tz: tzinfo) -> bool:
    if item.month_day[2] is None:  # a day: compared as days
        return value.date() <= limit.astimezone(tz).date()
    return value <= limit


def _not_before(value: datetime, limit: datetime, item: HumanDate, tz: tzinfo) -> bool:
    if item.month_day[2] is None:
        return value.date() >= limit.astimezone(tz).date()
    return value >= limit


def _year_not_after(item: HumanDate, limit: datetime, tz: tzinfo) -> datetime | None:
    """The date in the latest year that puts it no later than ``limit``."""
    start = limit.astimezone(tz).year
    for year in range(start, start - 9, -1):
        value = _candidate(item, year, tz)
        if value is not None and _not_after(value, limit, item, tz):
            return value
    return None


def _year_not_before(item: HumanDate, limit: datetime, tz: tzinfo) -> datetime | None:
    """The date in the earliest year that puts it no earlier than ``limit``."""
    start = limit.astimezone(tz).year
    for year in range(start, start + 9):
        value = _candidate(item, year, tz)
        if value is not None and _not_before(value, limit, item, tz):
            return value
    return None


def complete_years(dates: list[HumanDate], hints: DateHints) -> list[HumanDate]:
    """``dates`` (one page's, in page order, which is time order) with missing years filled in.

    In this order: the latest year that puts the date no later than ``hints.capture``
    ("year-from-capture"); else the earliest that puts it no earlier than ``hints.post_date``
    ("year-from-post"); else the neighbours' ("year-from-neighbours"): the year of the nearest
    earlier dated comment, one more if that would go back in time, else that of the nearest later
    one, one less if that would go forward.  A date no rule fills keeps no value.
    """
    tz = hints.tz
    out = list(dates)
    for i, item in enumerate(out):
        if item.value is not None or item.month_day is None:
            continue
        value, reason = None, None
        if hints.capture is not None:
            value, reason = _year_not_after(item, hints.capture, tz), "year-from-capture"
        elif hints.post_date is not None:
            value, reason = _year_not_before(item, hints.post_date, tz), "year-from-post"
        else:
            reason = "year-from-neighbours"
            earlier = next((d.value for d in reversed(out[:i]) if d.value is not None), None)
            later = next((d.value for d in out[i + 1:] if d.value is not None), None)
            if earlier is not None:
                value = _year_not_before(item, earlier, tz)
            elif later is not None:
                value = _year_not_after(item, later, tz)
        value, _ = checked(value, item.precision)
        if value is not None:
            out[i] = replace(item, value=value, inferred=reason)
    return out
