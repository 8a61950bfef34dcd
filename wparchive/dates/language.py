"""A page's languages as dateparser knows them, and the date words of those languages.

The month names, weekday names, am/pm words, connector words and age words (units, "ago", "in")
are not typed in here: they come from dateparser's own language data
(``dateparser.data.date_translation_data``), so every language dateparser knows works.  Also here:
which order a language writes numeric dates in, and what a page's own dates say about it.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

WORD_RE = re.compile(r"[^\W\d_]+")  # a word: letters only
# dateparser's unit keys -> relativedelta's arguments, for ages ("3 Tagen" -> days=3).
UNIT_KEYS = {"year": "years", "month": "months", "week": "weeks", "day": "days", "hour": "hours",
             "minute": "minutes", "second": "seconds"}

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
def dateparser_languages(languages: tuple[str, ...]) -> tuple[str, ...]:
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


def fold(word: str) -> str:
    return unicodedata.normalize("NFKC", word).casefold().replace(".", "").strip()


_MONTH_KEYS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
               "october", "november", "december")
_WEEKDAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Connectors dateparser's data lacks for a language that prints them (Swedish WordPress: "kl. 09:41",
# French "9 h 41 min").
_EXTRA_SKIP = ("kl", "klo", "min")


@dataclass(frozen=True)
class DateWords:
    """The words a date may hold in some languages, folded (``fold``)."""

    months: dict[str, int]
    meridiem: dict[str, str]  # word -> "am" / "pm"
    neutral: frozenset[str]  # connectors and weekday names: ignored anywhere
    units: dict[str, str]  # word -> relativedelta argument ("minuten" -> "minutes"), for ages
    ago: frozenset[str]  # "ago", "vor", "fa", "geleden", "yesterday"...: what makes a text an age
    ahead: frozenset[str]  # "in", "dans", "from now": a time to come, never a comment's age


@functools.lru_cache(maxsize=256)
def date_words(codes: tuple[str, ...]) -> DateWords:
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
                word = fold(name)
                if word and WORD_RE.fullmatch(word):
                    months.setdefault(word, number)
        for key in ("am", "pm"):
            for name in info.get(key, ()):
                word = fold(name)
                if word and WORD_RE.fullmatch(word):
                    meridiem.setdefault(word, key)
        for key in _WEEKDAY_KEYS:
            neutral.update(w for w in map(fold, info.get(key, ())) if WORD_RE.fullmatch(w))
        for phrase in (*info.get("skip", ()), *info.get("pertain", ())):
            neutral.update(w for w in fold(phrase).split() if WORD_RE.fullmatch(w))
        for key, unit in UNIT_KEYS.items():
            for name in info.get(key, ()):
                word = fold(name)
                if len(word) > 1 and WORD_RE.fullmatch(word):
                    units.setdefault(word, unit)
        for key, into in (("ago", ago), ("in", ahead)):
            for phrase in info.get(key, ()):
                into.update(w for w in fold(phrase).split() if WORD_RE.fullmatch(w))
        for meaning, phrases in info.get("relative-type", {}).items():
            if meaning.endswith(" ago"):  # "1 day ago": "yesterday", "gestern", "hier"
                ago.update(fold(p) for p in phrases if WORD_RE.fullmatch(fold(p)))
    return DateWords(months, meridiem, frozenset(neutral - months.keys()), units, frozenset(ago), frozenset(ahead))


@functools.lru_cache(maxsize=1)
def zone_names() -> frozenset[str]:
    timezone_info_list = _data_module("timezones.py").timezone_info_list

    return frozenset(name.casefold() for group in timezone_info_list for name, _ in group["timezones"]
                     if name.isalpha())
