"""What a read date is: its precision, why it was inferred, the page's hints, the result."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone, tzinfo

# How much of a date a source gave (Comment.date_precision and every reader's dates).
PRECISION_SECOND = 3
PRECISION_MINUTE = 2
PRECISION_DAY = 1
PRECISION_NONE = 0

SECONDS_RE = re.compile(r"\d{1,2}:\d{2}:\d{2}")

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
    "relative-to-saved-page": "The page printed a relative date and is no Wayback capture; it is counted back "
                              "from the moment the page says it was generated or saved (a cache plugin's, a "
                              "save tool's or the server's stamp).",
    "relative-to-post-modified": "The page printed a relative date and says neither when it was captured nor "
                                 "when it was saved; it is counted back from the post's last modification the "
                                 "page gives (article:modified_time, og:updated_time): the page was made no "
                                 "earlier, so the date may be early.",
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
    # Where there is no capture: when the page says it was generated or saved, and the post's last
    # modification (the page was made no earlier); what a relative date is counted back from.
    saved: datetime | None = None
    modified: datetime | None = None

    def relative_base(self) -> tuple[datetime | None, str | None]:
        """(the moment a relative date is counted back from, the reason it gives), surest first."""
        for value, reason in ((self.capture, "relative-to-capture"), (self.saved, "relative-to-saved-page"),
                              (self.modified, "relative-to-post-modified")):
            if value is not None:
                return value, reason
        return None, None


@dataclass(frozen=True)
class HumanDate:
    """One date read from a page."""

    value: datetime | None  # aware; None when unreadable or when the year is still missing
    precision: int
    # (month, day, hour, minute) of a date printed without a year (hour and minute None without a time).
    month_day: tuple[int, int, int | None, int | None] | None = None
    inferred: str | None = None  # a key of INFERRED_REASONS when value is not just what the text said
    relative: bool = False  # a relative date ("vor 2 Tagen") with no moment to count it back from


NO_DATE = HumanDate(None, PRECISION_NONE)
RELATIVE_NO_BASE = HumanDate(None, PRECISION_NONE, relative=True)


def aware(value: datetime, tz: tzinfo) -> datetime:
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


@dataclass(frozen=True)
class Raw:
    """A reading before the zone is applied (what the cache holds)."""

    kind: str  # "abs", "noyear", "relative"
    precision: int
    value: datetime | None = None  # "abs": naive (wall time as printed) or aware (the text named a zone)
    month_day: tuple[int, int, int | None, int | None] | None = None
