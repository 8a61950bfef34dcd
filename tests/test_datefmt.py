"""siteconf.datefmt: Pelican's date formatting, the same text, without its per-call costs."""

from __future__ import annotations

import datetime
import locale

import pytest
from pelican.utils import DateFormatter, SafeDatetime
from pelican.utils import strftime as pelican_strftime

from siteconf.datefmt import DateFilter, strftime

FORMATS = ["%d %B %Y at %H:%M", "%-d %b %Y, %-I:%M %p", "%A %-d. %B %Y", "%Y-%m-%d", "%Q %% %-Q and 100%",
           "no directive", "%-m/%-d/%y %-H:%M:%S %z %Z %j %U %G %V %u %w %W", "%x %X %c", "Année %Y — %B", "%-", ""]
DATES = [datetime.datetime(2019, 3, 4, 9, 5, 7), SafeDatetime(2001, 12, 31, 23, 59),
         datetime.datetime(2020, 1, 1, 0, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=5, minutes=30))),
         datetime.date(2015, 7, 9)]


def outcome(function, *args):
    try:
        return function(*args)
    except Exception as error:  # noqa: BLE001 - a format Pelican fails on fails here the same way
        return type(error)


@pytest.mark.parametrize("date_format", FORMATS)
def test_the_text_is_pelicans(date_format):
    for date in DATES:
        assert outcome(strftime, date, date_format) == outcome(pelican_strftime, date, date_format)


@pytest.mark.parametrize("made_in, used_in", [("C.UTF-8", "C.UTF-8"), ("C.UTF-8", "C"), ("C", "C.UTF-8")])
def test_the_filter_is_pelicans_and_leaves_the_locale_as_it_was(made_in, used_in):
    saved = locale.setlocale(locale.LC_ALL)
    try:
        locale.setlocale(locale.LC_ALL, made_in)
        ours, pelicans = DateFilter(), DateFormatter()
        locale.setlocale(locale.LC_ALL, used_in)
        before = (locale.setlocale(locale.LC_TIME), locale.setlocale(locale.LC_CTYPE))
        for date in DATES:
            for date_format in FORMATS[:4]:
                assert ours(date, date_format) == pelicans(date, date_format)
        assert (locale.setlocale(locale.LC_TIME), locale.setlocale(locale.LC_CTYPE)) == before
    finally:
        locale.setlocale(locale.LC_ALL, saved)
