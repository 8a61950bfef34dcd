"""Reading the dates archives give, always into timezone-aware datetimes."""

from __future__ import annotations

import re
from datetime import datetime, timezone, tzinfo

from dateutil import parser as dateutil_parser

from .model import PRECISION_DAY, PRECISION_MINUTE, PRECISION_NONE, PRECISION_SECOND

_TIME_RE = re.compile(r"\d{1,2}[:h.]\d{2}")
_SECONDS_RE = re.compile(r"\d{1,2}:\d{2}:\d{2}")
# dateutil fills a missing year from today: a date with no year is no date.
_YEAR_RE = re.compile(r"(?<!\d)(1[89]\d\d|2\d\d\d)(?!\d)")
_DEFAULTS = (datetime(2000, 1, 1), datetime(2001, 2, 2))


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


def parse_iso(text: str | None, tz: tzinfo) -> tuple[datetime | None, int]:
    """An ISO-8601 date (``<time datetime>``, ``createdAt``); a missing zone is the site's."""
    if not text or not text.strip():
        return None, PRECISION_NONE
    text = text.strip()
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return parse_human(text, tz)
    if len(text) <= 10:
        return checked(_aware(value, tz), PRECISION_DAY)
    precision = PRECISION_SECOND if _SECONDS_RE.search(text) else PRECISION_MINUTE
    return checked(_aware(value, tz), precision)


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
    """A date as a theme prints it ("March 14, 2019 at 10:22 am"), read in ``tz``.

    Returns ``(None, PRECISION_NONE)`` when the text holds no date.
    """
    if not text or not text.strip():
        return None, PRECISION_NONE
    cleaned = " ".join(text.split())
    if not _YEAR_RE.search(cleaned):
        return None, PRECISION_NONE
    try:
        value = dateutil_parser.parse(cleaned, fuzzy=True, default=_DEFAULTS[0])
        # dateutil fills a missing month or day from ``default``: read the text with a second
        # default, and a date that changes with it has no day (never today's month and day,
        # which would make the output depend on the day of the build).
        other = dateutil_parser.parse(cleaned, fuzzy=True, default=_DEFAULTS[1])
    except Exception:  # ValueError, OverflowError, and dateutil's odd errors on fuzzy junk
        return None, PRECISION_NONE
    if other.date() != value.date():
        return None, PRECISION_NONE
    if _SECONDS_RE.search(cleaned):
        precision = PRECISION_SECOND
    elif _TIME_RE.search(cleaned):
        precision = PRECISION_MINUTE
    else:
        precision = PRECISION_DAY
    return checked(_aware(value, tz), precision)
