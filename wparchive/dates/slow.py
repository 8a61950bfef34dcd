"""dateparser, for what the fast path cannot read: relative dates, dates with a zone, odd shapes.

dateparser is imported only when a text needs it, and given fixed bases and a fixed zone, so
nothing depends on today's date or the machine's zone.
"""

from __future__ import annotations

import functools
from datetime import datetime, timedelta

from .model import PRECISION_DAY, PRECISION_MINUTE, PRECISION_SECOND, SECONDS_RE, Raw

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


def dateparser_read(text: str, codes: tuple[str, ...], day_first: bool, base: datetime):
    try:
        data = _parser(codes, day_first, base).get_date_data(text)
    except Exception:  # dateparser's errors on odd input (ValueError, OverflowError, regex errors)
        return None, ()
    return data.date_obj, tuple(data.parts or ())


def read(text: str, codes: tuple[str, ...], day_first: bool) -> Raw | None:
    first, parts = dateparser_read(text, codes, day_first, _BASE_1)
    if first is None:
        return None
    second, _ = dateparser_read(text, codes, day_first, _BASE_2)
    if second is None:
        return None
    has_time = "time" in parts
    if first == second:
        if not {"year", "month", "day"} <= set(parts):
            return None  # "March 2015", "2015": no day
        if not has_time:
            precision = PRECISION_DAY
        elif first.second or SECONDS_RE.search(text):
            precision = PRECISION_SECOND
        else:
            precision = PRECISION_MINUTE
        return Raw("abs", precision, value=first)
    same_day = (first.month, first.day, first.time()) == (second.month, second.day, second.time())
    if same_day and "year" not in parts and {"month", "day"} <= set(parts):
        return Raw("noyear", PRECISION_MINUTE if has_time else PRECISION_DAY,
                    month_day=(first.month, first.day, first.hour if has_time else None,
                               first.minute if has_time else None))
    # A relative date moves with the base, by as much as the base moved (give or take a weekday or a
    # month's length: "Sunday", "3 months ago"), and lies before it.
    moved = (second - first) - (_BASE_2 - _BASE_1)
    naive_first = first.replace(tzinfo=None)
    if "year" not in parts or abs(moved) > timedelta(days=7) or naive_first > _BASE_1:
        return None
    return Raw("relative", PRECISION_MINUTE if has_time else PRECISION_DAY)
