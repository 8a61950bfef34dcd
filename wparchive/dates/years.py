"""Years the page left out: a date printed without one gets it from the capture, the post or its neighbours."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, tzinfo

from .model import DateHints, HumanDate, checked

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
