"""The fast path: the shapes nearly every theme prints, read without dateparser.

Numbers, at most one month name, an optional time with am/pm, joined by connector words ("at",
"um", "à", "a las", "kl.") and punctuation: one regular expression for WordPress's commonest
defaults (``express``), then a small token reader (``read``).  The words come from
``language.date_words``.  Whatever either cannot read raises ``NotFast``, for dateparser.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from .language import date_words, zone_names
from .model import PRECISION_DAY, PRECISION_MINUTE, PRECISION_SECOND, Raw

# Digits with the letters glued to them ("3rd", "1er", "9h", "2015年", "41pm"), words, and any other
# single character; blanks only separate.
_LEX_RE = re.compile(r"(\d+)([^\W\d_]*)|([^\W\d_]+)|(\S)")
_SEPARATORS = frozenset(".,/@|;:·()[]\u2013\u2014-")
_ORDINALS = frozenset({"", "st", "nd", "rd", "th", "er", "re", "e", "o", "a", "ª", "º"})
_CJK_UNITS = {"年": "y", "년": "y", "月": "m", "월": "m", "日": "d", "일": "d"}
MERIDIEM_RE = re.compile(r"(?<![^\W\d_])([ap])\.\s?m\.?(?![^\W\d_])")


class NotFast(Exception):
    """The fast path cannot read this text: ask dateparser."""


def _year(number: int, digits: int) -> int:
    if digits == 2:  # the POSIX / strptime("%y") pivot: 69–99 → 19xx, 00–68 → 20xx
        return 1900 + number if number >= 69 else 2000 + number
    return number


# The commonest shapes of all, WordPress's defaults with a month name ("March 15, 2019 at 9:12 am",
# "26. mai 2008 um 21:07", "3 de marzo de 2015 a las 9:41"), in one match: a quarter of the token
# path's cost.  It only accepts what ``read`` reads the same way (the tests check they agree);
# anything else, or any word it does not know, is left to ``read``.
_EXPRESS_RE = re.compile(
    r"(?:(?P<w0>[^\W\d_]+)[.,]?\s)?"
    r"(?:(?P<d1>\d{1,2})(?:st|nd|rd|th|er|º|ª)?\.?\s(?:(?P<w1>[^\W\d_]+)\s)?(?P<m1>[^\W\d_]+)\.?,?\s"
    r"(?:(?P<w2>[^\W\d_]+)\s)?(?P<y1>\d{4})"
    r"|(?P<m2>[^\W\d_]+)\.?\s(?P<d2>\d{1,2})(?:st|nd|rd|th)?,?\s(?P<y2>\d{4}))"
    r"(?:,?\s?(?:[@|/·-]\s)?(?:(?P<w3>[^\W\d_]+)\.?\s(?:(?P<w4>[^\W\d_]+)\s)?)?"
    r"(?P<h>\d{1,2})(?::|\s?h\s?)(?P<mi>\d{2})(?:\s?(?P<ap>am|pm))?(?:\s(?P<w5>[^\W\d_]+))?)?"
)


def express(text: str, codes: tuple[str, ...]) -> Raw | None:
    """The commonest shapes, or None to let ``read`` decide."""
    match = _EXPRESS_RE.fullmatch(text)
    if match is None:
        return None
    words = date_words(codes)
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
            return Raw("abs", PRECISION_DAY, value=datetime(year, month, day))
        hour, minute = int(hour), int(group("mi"))
        meridiem = group("ap")
        if meridiem is not None:
            if not 1 <= hour <= 12:
                return None
            hour = hour % 12 + (12 if meridiem == "pm" else 0)
        return Raw("abs", PRECISION_MINUTE, value=datetime(year, month, day, hour, minute))
    except ValueError:
        return None


def _tokens(text: str, words) -> list[tuple[str, object]]:
    """The tokens of ``text`` (normalized): times, numbers, months, am/pm words, separators, unknown words;
    raises NotFast for what only dateparser reads (a zone, "9pm", a character no date has)."""
    tokens: list[tuple[str, object]] = []

    def word_token(word: str) -> None:
        if word in words.months:
            tokens.append(("month", words.months[word]))
        elif word in words.meridiem:
            tokens.append(("meridiem", (words.meridiem[word], word in words.neutral)))
        elif word in words.neutral:
            pass
        elif word in zone_names():
            raise NotFast  # "EST", "UTC": dateparser reads zones
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
                raise NotFast  # "9pm", "3days"
        elif word:
            word_token(word)
        elif other in _SEPARATORS:
            tokens.append(("sep", other))
        else:
            raise NotFast  # a character no date has ('<', '=', quotes, '+0200', …)
        i += 1
    return tokens


def time_of_day(text: str, codes: tuple[str, ...]) -> tuple[int, int, int | None] | None:
    """``(hour, minute, second)`` of a time printed alone (" at 9:41 pm", "à 9 h 41 min", "um 22:38 Uhr",
    "в 9:41"), else None: the other half of a date a theme printed in two elements, never a date itself."""
    try:
        tokens = _tokens(text, date_words(codes))
    except NotFast:
        return None
    clock, meridiem = None, None
    for i, (kind, value) in enumerate(tokens):
        if kind == "time":
            if clock is not None:
                return None
            clock = value
        elif kind == "meridiem":
            word, is_neutral = value  # type: ignore[misc]
            if any(0 <= j < len(tokens) and tokens[j][0] == "time" for j in (i - 1, i + 1)):
                meridiem = word
            elif not is_neutral:
                return None
        elif kind != "sep":
            return None  # a number, a month, a word no time has: not a time alone
    if clock is None:
        return None
    return _on_the_clock(*clock, meridiem)  # type: ignore[misc]


def _on_the_clock(hour: int, minute: int, second: int | None, meridiem: str | None):
    """(hour, minute, second) on a 24-hour clock, am/pm applied; None when it is no time of day."""
    if meridiem is not None:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    if hour > 23 or minute > 59 or (second or 0) > 59:
        return None
    return hour, minute, second


def read(text: str, codes: tuple[str, ...], day_first: bool) -> Raw | None:
    """Read ``text`` (normalized) in the shapes themes print; None: no date; raises NotFast."""
    tokens = _tokens(text, date_words(codes))

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
                    raise NotFast
                meridiem = word
                significant.append(i)
            elif not is_neutral:
                tokens[i] = ("junk", word)
        elif kind in ("time", "num", "month", "cjk"):
            significant.append(i)
            if kind == "time":
                if time_token is not None:
                    raise NotFast
                time_token = value  # type: ignore[assignment]
    if not significant:
        raise NotFast
    first, last = significant[0], significant[-1]
    # Words the date does not know may stand before it ("Posted on") or after it ("Reply"), not inside.
    if any(kind == "junk" for kind, _ in tokens[first:last + 1]):
        raise NotFast
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
        clock = _on_the_clock(hour, minute, second, meridiem)
        if clock is None:
            return None
        hour, minute, second = clock
    elif meridiem is not None:
        raise NotFast
    if year is None:
        try:
            date(2000, month, day)  # a leap year: 29 February is a date
        except ValueError:
            return None
        if precision == PRECISION_SECOND:  # month_day holds no seconds
            precision = PRECISION_MINUTE
        return Raw("noyear", precision, month_day=(month, day, hour, minute))
    try:
        value = datetime(year, month, day, hour or 0, minute or 0, second or 0)
    except ValueError:
        return None
    return Raw("abs", precision, value=value)


def _date_parts(body, may_dot: bool, day_first: bool):
    """(year or None, month, day, dotted time or None) of the tokens between the date's ends."""
    date_tokens = [(kind, value) for kind, value in body if kind != "time"]
    kinds = {kind for kind, _ in date_tokens}
    if "cjk" in kinds:  # 2015年3月12日
        if kinds != {"cjk"}:
            raise NotFast
        fields: dict[str, int] = {}
        for _, (key, number) in date_tokens:
            if key in fields:
                raise NotFast
            fields[key] = number
        if "m" not in fields or "d" not in fields:
            raise NotFast
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
            raise NotFast
        days = [n for n, digits in numbers if digits <= 2]
        years = [n for n, digits in numbers if digits == 4]
        if len(days) != 1 or len(years) > 1 or len(days) + len(years) != len(numbers):
            raise NotFast
        return (years[0] if years else None), months[0], days[0], dotted
    # Numbers alone: a/b/yyyy, a.b.yy, yyyy-mm-dd; one separator (. / - ,) between each.
    if len(numbers) != 3 or not _numeric_shape(date_tokens):
        raise NotFast
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
        raise NotFast
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
