"""Reading dates as themes print them, in many languages (``wparchive.dates``).

* Every shape real blogs print, read to the minute in the site's zone.
* Dates without a year, relative dates, and how ``complete_years`` fills in a missing year.
* Determinism: nothing depends on today's date, the machine's zone or its locale.
* A property test: random dates printed in WordPress's default date and time formats of a dozen
  locales, read back to the same minute.  The formats and month names are written out here (what
  a WordPress translation prints), not taken from dateparser, so the test checks dateparser's data
  and the fast path against an independent source.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wparchive import dates
from wparchive.dates import (
    INFERRED_REASONS,
    DateHints,
    HumanDate,
    complete_years,
    day_first_evidence,
    default_day_first,
    parse_human,
    parse_iso,
    parse_wp_datetime,
    read_date,
)
from archived_comments.model import PRECISION_DAY, PRECISION_MINUTE, PRECISION_NONE, PRECISION_SECOND
from helpers import BERLIN, ROOT



def hints(*languages: str, **kwargs) -> DateHints:
    return DateHints(tz=kwargs.pop("tz", BERLIN), languages=languages, **kwargs)


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=BERLIN)


# --- Shapes ---------------------------------------------------------------------------------

SHAPES = [
    ("26. Mai 2008 um 21:07", ("de",), at(2008, 5, 26, 21, 7)),
    ("19. Juni 2019 / 6:16", ("de",), at(2019, 6, 19, 6, 16)),
    ("12. März 2015 at 9:41", ("de",), at(2015, 3, 12, 9, 41)),  # a German date, the theme's English "at"
    ("17.07, 2011 @ 13:04", ("de",), at(2011, 7, 17, 13, 4)),
    ("11.05.2012 11:38", ("de",), at(2012, 5, 11, 11, 38)),
    ("am 3. März 2015 um 9:41 Uhr", ("de-DE",), at(2015, 3, 3, 9, 41)),
    ("09/06/2020 at 1:53 pm", ("en-GB",), at(2020, 6, 9, 13, 53)),
    ("09/06/2020 at 1:53 pm", ("en-US",), at(2020, 9, 6, 13, 53)),
    ("12.29.14 at 8:09 pm", (), at(2014, 12, 29, 20, 9)),
    ("12.29.14 at 8:09 pm", ("de",), at(2014, 12, 29, 20, 9)),  # 29 is no month, whatever the locale
    ("March 15, 2019 at 9:12 am", (), at(2019, 3, 15, 9, 12)),
    ("March 15, 2019 at 9:12 a.m.", ("en-US",), at(2019, 3, 15, 9, 12)),
    ("15 March 2019 at 09:12", ("en-GB",), at(2019, 3, 15, 9, 12)),
    ("Mar 3rd, 2014 at 9:15 pm", (), at(2014, 3, 3, 21, 15)),
    ("14/04/2020 at 3:00 pm", (), at(2020, 4, 14, 15, 0)),
    ("14/04/2020 at 12:00 am", (), at(2020, 4, 14, 0, 0)),
    ("March 15, 2019\xa0at\xa09:12 am", (), at(2019, 3, 15, 9, 12)),
    ("15.\xa0März 2019\xa0um\xa021:07", ("de",), at(2019, 3, 15, 21, 7)),
    ("le 3 mars 2015 à 9 h 41 min", ("fr",), at(2015, 3, 3, 9, 41)),
    ("3 mars 2015 à 9h41", ("fr-FR",), at(2015, 3, 3, 9, 41)),
    ("1er février 2015 à 21h05", ("fr",), at(2015, 2, 1, 21, 5)),
    ("3 de marzo de 2015 a las 9:41", ("es",), at(2015, 3, 3, 9, 41)),
    ("3 maart 2015 om 09:41", ("nl",), at(2015, 3, 3, 9, 41)),
    ("3 marzo 2015 alle 9:41", ("it",), at(2015, 3, 3, 9, 41)),
    ("3 de março de 2015 às 09:41", ("pt-BR",), at(2015, 3, 3, 9, 41)),
    ("3 marca 2015 o 09:41", ("pl",), at(2015, 3, 3, 9, 41)),
    ("3 mars 2015 kl. 09:41", ("sv",), at(2015, 3, 3, 9, 41)),
    ("12 марта 2015 в 9:41", ("ru",), at(2015, 3, 12, 9, 41)),
    ("2015年3月12日 9:41 AM", ("ja",), at(2015, 3, 12, 9, 41)),
    ("2015年3月12日 9:41 PM", ("ja",), at(2015, 3, 12, 21, 41)),
    ("2015年3月12日 午後9:41", ("ja",), at(2015, 3, 12, 21, 41)),
    ("2015年3月12日 09:41", ("ja",), at(2015, 3, 12, 9, 41)),
    ("1.3.2015 klo 13.04", ("fi",), at(2015, 3, 1, 13, 4)),  # Finnish themes print the time with a dot
    ("Tuesday, March 3, 2015 at 9:41 pm", (), at(2015, 3, 3, 21, 41)),
    ("Posted on March 3, 2015 at 9:41 pm | Reply", (), at(2015, 3, 3, 21, 41)),
    ("2019-08-03 04:11", (), at(2019, 8, 3, 4, 11)),
]


@pytest.mark.parametrize("text, languages, expected", SHAPES, ids=[s[0] for s in SHAPES])
def test_shapes_read_to_the_minute(text, languages, expected):
    result = read_date(text, hints(*languages))
    assert result == HumanDate(expected, PRECISION_MINUTE)
    assert result.value.tzinfo is BERLIN


@pytest.mark.parametrize("text, languages, expected", [
    ("3. Dez. 2014", ("de",), at(2014, 12, 3)),
    ("Jan 5, 2013", (), at(2013, 1, 5)),
    ("5 janv. 2013", ("fr",), at(2013, 1, 5)),
    ("3 dic 2014", ("es",), at(2014, 12, 3)),
    ("3 grudnia 2014", ("pl",), at(2014, 12, 3)),
    ("14.04.2020", ("ru",), at(2020, 4, 14)),
    ("2020/04/14", ("ja",), at(2020, 4, 14)),
])
def test_a_date_alone_is_a_day(text, languages, expected):
    assert read_date(text, hints(*languages)) == HumanDate(expected, PRECISION_DAY)


def test_seconds_are_second_precision():
    assert read_date("Tuesday, March 3, 2015 at 9:41:13 pm", hints()) == \
        HumanDate(at(2015, 3, 3, 21, 41, 13), PRECISION_SECOND)


def test_iso_text_goes_through_parse_iso():
    assert read_date("2019-08-03T04:11:57+00:00", hints("de")) == \
        HumanDate(datetime(2019, 8, 3, 4, 11, 57, tzinfo=timezone.utc), PRECISION_SECOND)
    assert read_date("2019-08-03", hints()) == HumanDate(at(2019, 8, 3), PRECISION_DAY)


def test_a_date_with_a_zone_is_that_instant_in_the_sites_zone():
    result = read_date("March 3, 2015 at 9:41 pm EST", hints())
    assert result.value == datetime(2015, 3, 4, 2, 41, tzinfo=timezone.utc)
    assert result.value.utcoffset() == timedelta(hours=1) and result.precision == PRECISION_MINUTE


def test_the_site_zone_is_used_for_wall_times():
    tokyo = ZoneInfo("Asia/Tokyo")
    assert read_date("March 3, 2015 at 9:41 pm", hints(tz=tokyo)).value == \
        datetime(2015, 3, 3, 21, 41, tzinfo=tokyo)


def test_day_order_hint_overrides_the_locale_and_a_big_number_overrides_both():
    assert read_date("09/06/2020", hints("en-US", day_first=True)).value == at(2020, 6, 9)
    assert read_date("09/06/2020", hints("de", day_first=False)).value == at(2020, 9, 6)
    assert read_date("09/16/2020", hints("de", day_first=True)).value == at(2020, 9, 16)
    assert read_date("16/09/2020", hints("en-US", day_first=False)).value == at(2020, 9, 16)


def test_two_digit_years_use_a_fixed_pivot():
    assert read_date("12.29.14", hints()).value == at(2014, 12, 29)
    assert read_date("29.12.68", hints("de")).value == at(2068, 12, 29)
    assert read_date("29.12.69", hints("de")).value == at(1969, 12, 29)
    assert read_date("29.12.98", hints("de")).value == at(1998, 12, 29)


@pytest.mark.parametrize("text", [
    "", "   ", "comment_date", "%s", "%1$s at %2$s", "{{date}}", "Reply", "1", "2015", "March 2015",
    "31/02/2020", "Feb 29, 2015", "March 3, 2015 at 25:41", "March 3, 99999", "2015-13-45",
    "<script>alert(1)</script>", "0000-00-00 00:00:00", "x" * 300, "March 3, 2015 " * 30,
    "\x00\x1b[2J", "\u202e3102 ,3 hcraM", "13:61", "9:41 pm",
])
def test_no_date_is_no_date(text):
    assert read_date(text, hints("de", "fr")) == HumanDate(None, PRECISION_NONE)


def test_never_raises_on_odd_input():
    for text in (None, 12, "\ud800", "年月日", "3年", "2015年13月40日", "99:99", "0:30 am Mar 3 2015"):
        assert read_date(text, hints("ar", "zz-ZZ", "")).value is None  # type: ignore[arg-type]
    # Any language dateparser knows works, with its own digits.
    assert read_date("٣ مارس ٢٠١٥", hints("ar", "zz-ZZ", "")).value == at(2015, 3, 3)


def test_unknown_and_odd_language_codes_fall_back_to_english():
    assert read_date("March 15, 2019 at 9:12 am", hints("xx-YY", "de_DE")).value == at(2019, 3, 15, 9, 12)
    assert read_date("26. Mai 2008 um 21:07", hints("de_DE")).value == at(2008, 5, 26, 21, 7)


# --- Missing years ------------------------------------------------------------------------

@pytest.mark.parametrize("text, languages, month_day, precision", [
    ("Mar 3rd at 9:15 pm", (), (3, 3, 21, 15), PRECISION_MINUTE),
    ("3. März um 9:41", ("de",), (3, 3, 9, 41), PRECISION_MINUTE),
    ("3 mars à 9h41", ("fr",), (3, 3, 9, 41), PRECISION_MINUTE),
    ("12 марта в 9:41", ("ru",), (3, 12, 9, 41), PRECISION_MINUTE),
    ("3月12日 9:41", ("ja",), (3, 12, 9, 41), PRECISION_MINUTE),
    ("March 3rd", (), (3, 3, None, None), PRECISION_DAY),
    ("Feb 29", (), (2, 29, None, None), PRECISION_DAY),
    ("3/12 9:41", ("de",), (12, 3, 9, 41), PRECISION_MINUTE),  # not a fast-path shape: dateparser's reading
])
def test_a_date_without_a_year_has_month_and_day_but_no_value(text, languages, month_day, precision):
    result = read_date(text, hints(*languages, capture=at(2020, 6, 1), post_date=at(2019, 1, 1)))
    assert result == HumanDate(None, precision, month_day=month_day)


def test_a_date_without_a_year_never_gets_the_current_year():
    # Both the fast path and dateparser (which fills a missing year from its base) are covered.
    for text in ("Mar 3rd at 9:15 pm", "3/12 9:41", "December 24"):
        for _ in range(2):
            dates.reading._read.cache_clear()
            dates.reading._read_cached.cache_clear()
            result = read_date(text, hints("de"))
            assert result.value is None and result.month_day is not None
    assert parse_human("Mar 3rd at 9:15 pm", BERLIN) == (None, PRECISION_NONE)


def noyear(month: int, day: int, hour: int | None = 21, minute: int | None = 15) -> HumanDate:
    return HumanDate(None, PRECISION_MINUTE if hour is not None else PRECISION_DAY,
                     month_day=(month, day, hour, minute))


def test_year_from_capture_is_the_latest_not_after_it():
    capture = datetime(2016, 3, 3, 12, 0, tzinfo=timezone.utc)  # 13:00 in Berlin
    got = complete_years([noyear(3, 3, 12, 59), noyear(3, 3, 13, 1), noyear(12, 24, None, None),
                          noyear(3, 3, None, None)], hints(capture=capture))
    assert [d.value for d in got] == [at(2016, 3, 3, 12, 59), at(2015, 3, 3, 13, 1), at(2015, 12, 24),
                                      at(2016, 3, 3)]
    assert {d.inferred for d in got} == {"year-from-capture"}
    assert got[0].month_day == (3, 3, 12, 59) and got[0].precision == PRECISION_MINUTE


def test_year_from_post_is_the_earliest_not_before_it():
    post = at(2014, 11, 20, 10, 0)
    got = complete_years([noyear(11, 20, 9, 0), noyear(11, 20, 11, 0), noyear(1, 5)], hints(post_date=post))
    assert [d.value for d in got] == [at(2015, 11, 20, 9, 0), at(2014, 11, 20, 11, 0), at(2015, 1, 5, 21, 15)]
    assert {d.inferred for d in got} == {"year-from-post"}


def test_capture_comes_before_post():
    got = complete_years([noyear(6, 1)], hints(capture=at(2018, 7, 1), post_date=at(2012, 1, 1)))
    assert got[0].value == at(2018, 6, 1, 21, 15) and got[0].inferred == "year-from-capture"


def test_a_leap_day_finds_a_leap_year():
    got = complete_years([noyear(2, 29, None, None)], hints(capture=at(2019, 6, 1)))
    assert got[0].value == at(2016, 2, 29)
    got = complete_years([noyear(2, 29, None, None)], hints(post_date=at(2017, 6, 1)))
    assert got[0].value == at(2020, 2, 29)


def test_year_from_neighbours_follows_page_order():
    dated = HumanDate(at(2015, 12, 30, 8, 0), PRECISION_MINUTE)
    got = complete_years([dated, noyear(12, 31), noyear(1, 2), noyear(1, 5)], hints())
    assert [d.value for d in got] == [dated.value, at(2015, 12, 31, 21, 15), at(2016, 1, 2, 21, 15),
                                      at(2016, 1, 5, 21, 15)]
    assert [d.inferred for d in got] == [None, *["year-from-neighbours"] * 3]


def test_year_from_a_later_neighbour_when_none_is_earlier():
    later = HumanDate(at(2016, 1, 3, 8, 0), PRECISION_MINUTE)
    got = complete_years([noyear(12, 30), noyear(1, 2), later], hints())
    assert [d.value for d in got] == [at(2015, 12, 30, 21, 15), at(2016, 1, 2, 21, 15), later.value]


def test_no_hint_and_no_neighbour_leaves_the_year_missing():
    undated = HumanDate(None, PRECISION_NONE)
    got = complete_years([noyear(3, 3), undated], hints())
    assert got == [noyear(3, 3), undated]
    assert complete_years([], hints()) == []


def test_inferred_reasons_are_named_and_explained():
    assert set(INFERRED_REASONS) == {"year-from-capture", "year-from-post", "year-from-neighbours",
                                     "relative-to-capture", "relative-to-saved-page",
                                     "relative-to-post-modified"}
    assert all(isinstance(v, str) and len(v) > 20 for v in INFERRED_REASONS.values())


def test_a_whole_page_read_then_completed():
    texts = ["Dec 30 at 8:00 am", "Dec 31 at 9:00 pm", "Jan 2 at 7:30 am"]
    page = hints(capture=datetime(2016, 2, 1, tzinfo=timezone.utc))
    got = complete_years([read_date(t, page) for t in texts], page)
    assert [d.value for d in got] == [at(2015, 12, 30, 8, 0), at(2015, 12, 31, 21, 0), at(2016, 1, 2, 7, 30)]


# --- Relative dates ------------------------------------------------------------------------

CAPTURE = datetime(2020, 6, 15, 12, 0, tzinfo=timezone.utc)  # 14:00 in Berlin


@pytest.mark.parametrize("text, languages, expected, precision", [
    ("3 years ago", (), at(2017, 6, 15, 14, 0), PRECISION_DAY),
    ("2 weeks ago", (), at(2020, 6, 1, 14, 0), PRECISION_DAY),
    ("yesterday", (), at(2020, 6, 14, 14, 0), PRECISION_DAY),
    ("3 hours ago", (), at(2020, 6, 15, 11, 0), PRECISION_MINUTE),
    ("5 minutes ago", (), at(2020, 6, 15, 13, 55), PRECISION_MINUTE),
    ("vor 2 Tagen", ("de",), at(2020, 6, 13, 14, 0), PRECISION_DAY),
    ("il y a 3 jours", ("fr",), at(2020, 6, 12, 14, 0), PRECISION_DAY),
    ("hace 2 días", ("es",), at(2020, 6, 13, 14, 0), PRECISION_DAY),
    # Ages as comment plugins print them (wpDiscuz: "N unit her", several units), which dateparser's
    # phrases do not all know.
    ("50 Minuten 46 Sekunden her", ("de",), at(2020, 6, 15, 13, 9, 14), PRECISION_MINUTE),
    ("1 Monat, 2 Wochen her", ("de",), at(2020, 5, 1, 14, 0), PRECISION_DAY),
    ("2 Jahre her", ("de",), at(2018, 6, 15, 14, 0), PRECISION_DAY),
    ("2 giorni fa", ("it",), at(2020, 6, 13, 14, 0), PRECISION_DAY),
    ("3 dagen geleden", ("nl",), at(2020, 6, 12, 14, 0), PRECISION_DAY),
    ("há 4 horas", ("pt",), at(2020, 6, 15, 10, 0), PRECISION_MINUTE),
    ("3 дня назад", ("ru",), at(2020, 6, 12, 14, 0), PRECISION_DAY),
])
def test_relative_dates_count_back_from_the_capture(text, languages, expected, precision):
    result = read_date(text, hints(*languages, capture=CAPTURE))
    assert result == HumanDate(expected, precision, inferred="relative-to-capture")
    # Never against "now": without a capture the date is missing, and known to be a relative one.
    assert read_date(text, hints(*languages)) == HumanDate(None, PRECISION_NONE, relative=True)


def test_without_a_capture_an_age_counts_back_from_the_save_stamp_then_the_post_modified():
    saved = CAPTURE - timedelta(days=30)
    modified = CAPTURE - timedelta(days=400)
    assert read_date("vor 2 Tagen", hints("de", capture=CAPTURE, saved=saved, modified=modified)).inferred \
        == "relative-to-capture"
    result = read_date("vor 2 Tagen", hints("de", saved=saved, modified=modified))
    assert result == HumanDate(at(2020, 5, 14, 14, 0), PRECISION_DAY, inferred="relative-to-saved-page")
    result = read_date("3 Jahren her", hints("de", modified=modified))
    assert result == HumanDate(at(2016, 5, 12, 14, 0), PRECISION_DAY, inferred="relative-to-post-modified")
    # An absolute date is what it says, whatever the page's stamps.
    assert read_date("12. März 2015 um 9:41", hints("de", saved=saved)).inferred is None


@pytest.mark.parametrize("text, languages", [
    ("10 comments", ()), ("3 Antworten", ("de",)), ("12 Uhr", ("de",)), ("2 réponses", ("fr",)),
    ("8 April", ("de",)), ("5 Tage 3 Tage her", ("de",)),
])
def test_counts_and_dates_are_no_ages(text, languages):
    result = read_date(text, hints(*languages, capture=CAPTURE))
    assert result.inferred != "relative-to-capture" and not result.relative, result


def test_a_date_in_the_future_of_the_capture_is_no_date():
    assert read_date("in 3 days", hints(capture=CAPTURE)).value is None


# --- Page evidence and locale defaults -------------------------------------------------------

def test_day_first_evidence():
    assert day_first_evidence(["01/02/2015", "14/04/2020 at 3:00 pm"]) is True
    assert day_first_evidence(["04/14/2020", "1/2/15"]) is False
    assert day_first_evidence(["17.07, 2011 @ 13:04"]) is True
    assert day_first_evidence(["12-29-14"]) is False
    assert day_first_evidence(["01/02/2015", "March 15, 2019", "2019-08-13", "9:41"]) is None
    assert day_first_evidence([]) is None
    assert day_first_evidence(["14/04/2020", "04/14/2020"]) is None  # a page that contradicts itself


@pytest.mark.parametrize("languages, expected", [
    ((), False), (("en",), False), (("en-US",), False), (("en_US",), False), (("en-PH",), False),
    (("en-CA",), False), (("en-GB",), True), (("en-AU",), True), (("en-NZ",), True), (("en-IE",), True),
    (("en-IN",), True), (("en-ZA",), True), (("de",), True), (("fr-CA",), True), (("pt-BR",), True),
    (("ja",), True), (("en-GB", "en-US"), True), (("en-US", "de"), False),
])
def test_default_day_first(languages, expected):
    assert default_day_first(languages) is expected


# --- The old entry points ------------------------------------------------------------------

def test_old_entry_points_still_read_what_they_read():
    assert parse_human("March 14, 2019 at 10:22 am", BERLIN) == (at(2019, 3, 14, 10, 22), PRECISION_MINUTE)
    assert parse_human("May 3, 2018", BERLIN) == (at(2018, 5, 3), PRECISION_DAY)
    assert parse_human("not a date <b>at all</b>", BERLIN) == (None, PRECISION_NONE)
    assert parse_human("", BERLIN) == (None, PRECISION_NONE)
    assert parse_iso("2019-08-03T04:11:57Z", BERLIN) == (datetime(2019, 8, 3, 4, 11, 57, tzinfo=timezone.utc),
                                                         PRECISION_SECOND)
    assert parse_iso("2019-08-03", BERLIN) == (at(2019, 8, 3), PRECISION_DAY)
    assert parse_iso("June 1, 2019 at 11:29 am", BERLIN) == (at(2019, 6, 1, 11, 29), PRECISION_MINUTE)
    assert parse_wp_datetime("2019-08-03 04:11:57", BERLIN) == (at(2019, 8, 3, 4, 11, 57), PRECISION_SECOND)
    assert parse_wp_datetime("0000-00-00 00:00:00", BERLIN) == (None, PRECISION_NONE)


# --- Determinism -----------------------------------------------------------------------------

DETERMINISM_TEXTS = ["Mar 3rd at 9:15 pm", "3/12 9:41", "12.29.14 at 8:09 pm", "vor 2 Tagen", "9:41",
                     "March 3, 2015 at 9:41 pm EST", "3 years ago", "Sunday", "26. Mai 2008 um 21:07",
                     "09/06/2020 at 1:53 pm"]
_DETERMINISM_SCRIPT = """
import json, sys
from datetime import datetime, timezone
from zoneinfo import ZoneInfo
from wparchive.dates import DateHints, read_date
out = []
for text in json.loads(sys.argv[1]):
    for capture in (None, datetime(2020, 6, 15, 12, 0, tzinfo=timezone.utc)):
        r = read_date(text, DateHints(ZoneInfo("Europe/Berlin"), ("de",), capture=capture))
        out.append([r.value.isoformat() if r.value else None, r.precision, r.month_day, r.inferred])
print(json.dumps(out))
"""


def _read_elsewhere(env_extra: dict[str, str]) -> list:
    env = {**os.environ, **env_extra, "PYTHONPATH": os.pathsep.join([str(ROOT / "plugins"), str(ROOT)])}
    result = subprocess.run([sys.executable, "-c", _DETERMINISM_SCRIPT, json.dumps(DETERMINISM_TEXTS)],
                            env=env, capture_output=True, text=True, timeout=120, check=True)
    return json.loads(result.stdout)


@pytest.mark.slow
def test_results_do_not_depend_on_the_machine_zone_or_locale():
    here = _read_elsewhere({})
    assert here == _read_elsewhere({"TZ": "Pacific/Kiritimati", "LC_ALL": "C", "LANG": "ja_JP.UTF-8"})
    assert here == _read_elsewhere({"TZ": "America/Adak", "LANGUAGE": "fr"})


def test_results_are_the_same_on_every_run():
    def once():
        dates.reading._read.cache_clear()
        dates.reading._read_cached.cache_clear()
        dates.ages.counted_back.cache_clear()
        return [read_date(t, hints("de", capture=CAPTURE)) for t in DETERMINISM_TEXTS]
    first = once()
    assert first == once()
    # Without a capture, only what the text itself says: no year, no "now" (the relative texts and the
    # dates without a year have no value).
    without = [read_date(t, hints("de")) for t in DETERMINISM_TEXTS]
    assert [d.value is not None for d in without] == [False, False, True, False, False, True, False, False,
                                                      True, True]
    assert all(d.inferred is None for d in without)


# --- Property: WordPress locales' default formats read back --------------------------------

MONTHS = {
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    # WordPress's Polish translation prints the genitive ("3 marca 2015").
    "pl": "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia",
    "sv": "januari februari mars april maj juni juli augusti september oktober november december",
    "en": "January February March April May June July August September October November December",
}

# (language code for the hints, month names, date format, joiner, time format): WordPress's defaults.
LOCALES = {
    "de_DE": ("de-DE", "de", "j. F Y", " um ", "G:i"),
    "fr_FR": ("fr-FR", "fr", "j F Y", " à ", "G\\hi"),
    "fr_FR colon": ("fr-FR", "fr", "j F Y", " à ", "G:i"),
    "es_ES": ("es-ES", "es", "j \\d\\e F \\d\\e Y", " a las ", "G:i"),
    "nl_NL": ("nl-NL", "nl", "j F Y", " om ", "H:i"),
    "it_IT": ("it-IT", "it", "j F Y", " alle ", "G:i"),
    "pt_BR": ("pt-BR", "pt", "j \\d\\e F \\d\\e Y", " às ", "H:i"),
    "pl_PL": ("pl-PL", "pl", "j F Y", " o ", "H:i"),
    "sv_SE": ("sv-SE", "sv", "j F Y", " kl. ", "H:i"),
    "ru_RU": ("ru-RU", None, "d.m.Y", " в ", "H:i"),
    "ja": ("ja", None, "Y年n月j日", " ", "g:i A"),
    "en_US": ("en-US", "en", "F j, Y", " at ", "g:i a"),
    "en_GB": ("en-GB", "en", "j F Y", " at ", "H:i"),
    "en_GB numeric": ("en-GB", "en", "d/m/Y", " at ", "H:i"),
}


def wp_format(fmt: str, value: datetime, month_names: list[str] | None, meridiem: tuple[str, str]) -> str:
    """PHP/WordPress ``date()`` for the format characters the locales above use."""
    out, chars = [], iter(fmt)
    for ch in chars:
        if ch == "\\":
            out.append(next(chars))
        elif ch == "j":
            out.append(str(value.day))
        elif ch == "d":
            out.append(f"{value.day:02d}")
        elif ch == "n":
            out.append(str(value.month))
        elif ch == "m":
            out.append(f"{value.month:02d}")
        elif ch == "F":
            out.append(month_names[value.month - 1])  # type: ignore[index]
        elif ch == "Y":
            out.append(str(value.year))
        elif ch == "G":
            out.append(str(value.hour))
        elif ch == "H":
            out.append(f"{value.hour:02d}")
        elif ch == "g":
            out.append(str(value.hour % 12 or 12))
        elif ch == "i":
            out.append(f"{value.minute:02d}")
        elif ch in "aA":
            word = meridiem[value.hour >= 12]
            out.append(word.upper() if ch == "A" else word.lower())
        else:
            out.append(ch)
    return "".join(out)


minutes = st.datetimes(min_value=datetime(1998, 1, 1), max_value=datetime(2030, 12, 31, 23, 59)).map(
    lambda d: d.replace(second=0, microsecond=0))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=minutes, data=st.data())
@pytest.mark.parametrize("locale", list(LOCALES))
def test_wordpress_locale_defaults_read_back(locale, value, data):
    language, names, date_format, joiner, time_format = LOCALES[locale]
    month_names = MONTHS[names].split() if names else None
    # Japanese WordPress prints "A" as AM/PM or, translated, 午前/午後 (then before or after the time).
    meridiem = data.draw(st.sampled_from([("am", "pm"), ("午前", "午後")])) if locale == "ja" else ("am", "pm")
    time_text = wp_format(time_format, value, month_names, meridiem)
    if meridiem[0] == "午前" and data.draw(st.booleans()):
        time_text = wp_format("Ag:i", value, month_names, meridiem)
    text = wp_format(date_format, value, month_names, meridiem) + joiner + time_text
    result = read_date(text, hints(language, tz=timezone.utc))
    assert result == HumanDate(value.replace(tzinfo=timezone.utc), PRECISION_MINUTE), text
    # The one-match shortcut for the commonest shapes reads exactly what the token path reads.
    for shown in (text, wp_format(date_format, value, month_names, meridiem)):
        codes = dates.language.dateparser_languages((language,))
        folded = dates.fast.MERIDIEM_RE.sub(r"\1m", dates.reading.normalize(shown).casefold())
        express = dates.fast.express(folded, codes)
        assert express is None or express == dates.fast.read(folded, codes, dates.default_day_first((language,)))
    # The date alone is that day.
    alone = read_date(wp_format(date_format, value, month_names, meridiem), hints(language, tz=timezone.utc))
    assert alone == HumanDate(value.replace(hour=0, minute=0, tzinfo=timezone.utc), PRECISION_DAY)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=60))
def test_any_text_reads_or_is_no_date(text):
    result = read_date(text, hints("de", "fr", capture=CAPTURE))
    assert isinstance(result, HumanDate)
    if result.value is not None:
        assert result.value.tzinfo is not None and result.precision != PRECISION_NONE
        assert result.value <= CAPTURE or result.inferred is None


# ------------------------------------------------------------------ a date in two elements

@pytest.mark.parametrize("text, languages, expected", [
    ("22:38", ("de",), (22, 38, None)),
    (" at 9:41", ("de",), (9, 41, None)),
    (" um 10:25 Uhr", ("de",), (10, 25, None)),
    ("3:12 pm", (), (15, 12, None)),
    ("11:58 p.m.", ("en-US",), (23, 58, None)),
    ("à 9 h 41 min", ("fr",), (9, 41, None)),
    ("a las 20:10", ("es",), (20, 10, None)),
    ("om 07:30", ("nl",), (7, 30, None)),
    ("alle 13:02", ("it",), (13, 2, None)),
    ("às 9:05", ("pt",), (9, 5, None)),
    ("в 9:41", ("ru",), (9, 41, None)),
    ("21:07:13", ("de",), (21, 7, 13)),
    # no time alone: a day, a year, a date with its time, a number, words, an hour out of range
    ("12. März", ("de",), None),
    ("2015", (), None),
    ("18. 05. 2014 22:38", ("de",), None),
    ("9:41 Antworten", ("de",), None),
    ("25:10", ("de",), None),
    ("13:15 pm", (), None),
    ("Reply", (), None),
])
def test_a_time_of_day_alone(text, languages, expected):
    """The other half of a date a theme prints in two elements: a time and nothing else (connector words
    and am/pm of the page's languages around it), never read as a date."""
    assert dates.read_time(text, DateHints(tz=BERLIN, languages=languages)) == expected


def test_a_day_at_the_time_printed_beside_it():
    hints = DateHints(tz=BERLIN, languages=("de",))
    day = read_date("11. Februar 2020", hints)
    assert day.precision == PRECISION_DAY
    both = dates.at_time(day, (9, 41, None), BERLIN)
    assert (both.value, both.precision) == (datetime(2020, 2, 11, 9, 41, tzinfo=BERLIN), PRECISION_MINUTE)
    # the day of a date-only ISO value, in the site's zone; summer time is the zone's, not the day's midnight's
    iso, _ = parse_iso("2015-07-05", BERLIN)
    assert dates.at_time(HumanDate(iso, PRECISION_DAY), (17, 7, None), BERLIN).value.utcoffset() == timedelta(hours=2)
    # without a year: the time joins the month and day, the year is filled in later
    yearless = read_date("20. Juni", hints)
    assert dates.at_time(yearless, (2, 41, None), BERLIN).month_day == (6, 20, 2, 41)
    # a date that has its time already keeps it
    whole = read_date("11. Februar 2020 um 8:00", hints)
    assert dates.at_time(whole, (9, 41, None), BERLIN) == whole
