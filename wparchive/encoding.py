"""Text that is UTF-8 but for a few bytes in Windows-1252, read as UTF-8 with those bytes repaired.

Old blogs mix encodings: a widget or a comment pasted from an older file, a database table that kept
Latin-1, leave single bytes such as ``0xE9`` ("é") or ``0x96`` ("–") among the UTF-8.  Reading the
whole file as Windows-1252 then garbles every other accented letter ("MÃ¤rz"); reading it as UTF-8
with a replacement character loses the stray letters.  Python's UTF-8 decoder names each byte range
that is no UTF-8 (its longest invalid part, so a stray "é" before a valid "’" is one byte, and the
"’" stays whole); those bytes alone are read as Windows-1252, Latin-1 where it has no character.

(bs4's ``UnicodeDammit.detwingle`` does the same only for bytes that cannot start a UTF-8 sequence:
a stray ``0xE4`` "ä", ``0xE9`` "é" or ``0xDF`` "ß" is taken for the start of one, skipped, and the
page stays undecodable.)  The XML exports and the saved pages share this one reading.
"""

from __future__ import annotations

import codecs
import functools
import re
from typing import NamedTuple

WINDOWS_1252 = "wparchive.windows-1252"  # the codec error handler's name


@functools.lru_cache(maxsize=None)
def _cp1252_chars() -> list[str]:
    """Each byte as Windows-1252 reads it, Latin-1 where it has no character (made when first needed)."""
    return [bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256)]


def _windows_1252(error: UnicodeDecodeError):
    """Codec error handler: bytes that are not UTF-8 read as Windows-1252 (Latin-1 where it has none)."""
    chars = _cp1252_chars()
    chunk = error.object[error.start:error.end]
    return "".join(chars[byte] for byte in chunk), error.end


codecs.register_error(WINDOWS_1252, _windows_1252)


class Mixed(NamedTuple):
    text: str
    stray: int  # bytes that are no UTF-8, read as Windows-1252
    line: int | None  # the line of the first of them
    sequences: int  # the valid UTF-8 multi-byte characters (what says the file is UTF-8 at all)


# One valid UTF-8 multi-byte character (RFC 3629: no overlong forms, no surrogates, nothing over U+10FFFF),
# compiled when a file first needs it (nearly every file is UTF-8 whole).
_VALID = (
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_HIGH = bytes(range(0x80, 0x100))


def utf8_with_strays(data: bytes) -> Mixed:
    """``data`` as UTF-8, the bytes that are none as Windows-1252 (``stray`` 0 for valid UTF-8)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
    else:
        return Mixed(text, 0, None, 0)  # sequences are counted only in a file that is not UTF-8 whole
    sequences = re.findall(_VALID, data)
    stray = len(data) - len(data.translate(None, _HIGH)) - sum(map(len, sequences))
    return Mixed(data.decode("utf-8", errors=WINDOWS_1252), stray, line, len(sequences))
