"""Reading the dates archives give, always into timezone-aware datetimes.

This package is the one place that reads a date.  Machine dates (ISO 8601, WordPress's
``YYYY-MM-DD HH:MM:SS``) are read exactly; a date as a theme prints it ("26. Mai 2008 um
21:07", "March 15, 2019 at 9:12 am", "3 de marzo de 2015 a las 9:41", "vor 2 Tagen") is read by
``read_date`` with the page's languages, in two steps:

* a fast path (``fast``) for the shapes nearly every theme prints, with the month names, weekday
  names, am/pm words and connector words of dateparser's own language data (``language``), so
  every language dateparser knows works;
* dateparser (``slow``) for everything the fast path cannot read: relative dates ("3 years ago",
  "il y a 3 jours"), dates with a zone, odd shapes; ages in a comment plugin's own words
  ("50 Minuten her") are ``ages``' job.

Why the fast path: dateparser costs 1.7–2.3 ms a call once warm (and 20–170 ms the first time a
language is used), and reading a text fully takes it two calls (see ``slow.read``), while the
importer reads tens of thousands of dates.  Measured on 20,000 distinct dates printed in the
WordPress default formats of 12 locales (no cache hit; a shared two-core machine, so ranges): the
fast path read them all in 0.6–0.9 s (30–45 µs a date), dateparser in 34–47 s for one call a date,
and the old English-only dateutil ``parse_human`` took 2.6–3.6 s (and read only the English
third).  A text read before comes from the cache (``functools.lru_cache`` on text, languages, day
order and zone, in ``reading``) in about 2 µs.

Nothing here depends on today's date, the machine's locale or its zone: dateparser is given a
fixed ``RELATIVE_BASE`` and ``TIMEZONE``, and its habit of filling a missing year from the
base is detected (``DateData.parts`` names the parts the text gave, and a second reading with
another base tells a relative date, which moves with the base, from an absolute one).  A date
printed in two elements, the day in one and the time in the other, is put together by ``read_time``
(a time of day alone, never a date) and ``at_time``.  A date
printed without a year comes back with ``month_day`` set and no value; ``complete_years``
(``years``) infers the year from the Wayback capture, the post's date or the neighbouring comments.

The modules, one job each: ``model`` (what a read date is), ``language`` (languages and their
date words), ``fast``, ``slow``, ``ages``, ``reading`` (one text, end to end), ``years``.
"""

from .language import day_first_evidence, default_day_first
from .model import (
    INFERRED_REASONS,
    PRECISION_DAY,
    PRECISION_MINUTE,
    PRECISION_NONE,
    PRECISION_SECOND,
    DateHints,
    HumanDate,
    checked,
)
from .reading import at_time, parse_human, parse_iso, parse_wp_datetime, read_date, read_time
from .years import complete_years

__all__ = [
    "INFERRED_REASONS", "PRECISION_DAY", "PRECISION_MINUTE", "PRECISION_NONE", "PRECISION_SECOND",
    "DateHints", "HumanDate", "at_time", "checked", "complete_years", "day_first_evidence", "default_day_first",
    "parse_human", "parse_iso", "parse_wp_datetime", "read_date", "read_time",
]
