"""Ages: "50 Minuten 46 Sekunden her", "1 Monat, 2 Wochen", "vor 2 Tagen", counted back from a base.

Comment plugins print the age of a comment in their own words, which dateparser's phrases do not
all know (wpDiscuz's German is "N Minuten her", its units often two: "1 Jahr 2 Monate her").  A
comment's age is always in the past, so a text made only of numbered units, joined by connector
words, plus at most one word no language data knows ("her", "fa", "ago"), is read as that long
before the capture.  The unit words come from dateparser's language data, as the month names do.
"""

from __future__ import annotations

import functools
import re
from datetime import datetime

from dateutil.relativedelta import relativedelta

from .language import WORD_RE, date_words, fold
from .slow import dateparser_read

_AMOUNT_RE = re.compile(r"(\d+)\s*([^\W\d_]+)")


def is_age(folded: str, codes: tuple[str, ...]) -> bool:
    """Whether a text dateparser read as relative says how long ago ("vor 2 Tagen", "3 weeks"),
    rather than a time of an unknown day ("9:41 pm")."""
    words = date_words(codes)
    return any(fold(w) in words.units or fold(w) in words.ago for w in WORD_RE.findall(folded))


def duration(folded: str, codes: tuple[str, ...]) -> tuple[tuple[str, int], ...] | None:
    """((unit, amount), ...) when ``folded`` is an age ("50 minuten 46 sekunden her"), else None."""
    amounts = _AMOUNT_RE.findall(folded)
    if not amounts or len(amounts) > 3:
        return None
    words = date_words(codes)
    ago: dict[str, int] = {}
    for amount, word in amounts:
        unit = words.units.get(fold(word))
        if unit is None or unit in ago:
            return None
        ago[unit] = int(amount)
    rest_text = _AMOUNT_RE.sub(" ", folded)
    if any(ch.isdigit() for ch in rest_text):
        return None
    rest = [fold(w) for w in WORD_RE.findall(rest_text)]
    if any(w in words.ahead for w in rest):
        return None
    unknown = [w for w in rest if w not in words.neutral and w not in words.units and w not in words.ago]
    if len(unknown) > 1:
        return None
    return tuple(ago.items())


@functools.lru_cache(maxsize=4096)
def counted_back(text: str, codes: tuple[str, ...], day_first: bool, base: datetime) -> datetime | None:
    """The moment a relative text ("vor 2 Tagen", "50 Minuten her") names, counted back from ``base``."""
    value, _ = dateparser_read(text, codes, day_first, base)
    if value is None:
        ago = duration(text.casefold(), codes)
        if ago is not None:
            value = base - relativedelta(**{unit: amount for unit, amount in ago})
    return value
