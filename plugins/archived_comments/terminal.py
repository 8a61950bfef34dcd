r"""Text from archives, made safe to print on a terminal or to write into the JSON report.

Archives are written by strangers: a URL, a file name, a name or a message quoting one can hold terminal
escape sequences (``ESC[2J`` clears the screen, ``ESC]8;;`` makes a link, U+009B is an ESC-free CSI) and
bidirectional controls (U+202E shows the text after it reversed, so ``evil\u202egnp.exe`` reads as
``evilexe.png``).  ``escape`` shows every such character as its Python escape (``\x1b``, ``\u202e``): the
author sees what the archive holds, and nothing in it acts on the terminal.  ``strip_unsafe`` removes
them, whole escape sequences included (``ESC[2J`` leaves nothing, not ``[2J``), for text a reader sees (names).

The report applies ``escape`` at its output boundary, to every field it prints or writes; the model keeps
what the importer made of the archive.
"""

from __future__ import annotations

import re

# What acts on a terminal, and whole escape sequences: sanitize.py defines them, because the import's
# cleaning of names uses them too (and the parse cache's key covers sanitize.py).
from .sanitize import ESCAPE_SEQUENCE_RE, UNSAFE, UNSAFE_RE, strip_unsafe, without_sequences  # noqa: E402,F401


def _escaped(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def escape(text, keep: str = "") -> str:
    """``text`` with every terminal control and bidi character shown as its escape (``\\x1b``,
    ``\\u202e``); the characters in ``keep`` (``"\\n"`` for a multi-line text) stay.  ``None``
    becomes ``""``; other values are shown with ``str``."""
    if text is None:
        return ""
    text = text if isinstance(text, str) else str(text)
    if not keep:
        return UNSAFE_RE.sub(_escaped, text)
    return UNSAFE_RE.sub(lambda m: m.group() if m.group() in keep else _escaped(m), text)


def escape_value(value):
    """A JSON value with every string in it escaped (``None``, numbers and booleans as they are)."""
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, list):
        return [escape_value(item) for item in value]
    if isinstance(value, dict):
        return {key: escape_value(item) for key, item in value.items()}
    return value


# Every unsafe character but the newline, which in serialized JSON only stands between tokens (in a
# string it is written "\\n"): keeping each of the report's many lines through a replacement function
# cost more than the JSON's making. The C0 range of UNSAFE, with \n (\x0a) left out of it:
_JSON_UNSAFE_RE = re.compile(f"[{UNSAFE}]".replace("\x00-\x1f", "\x00-\x09\x0b-\x1f"))


def json_safe(text: str) -> str:
    """Serialized JSON with every unsafe character left in it written as a JSON escape (``\\u202e``).

    Inside JSON such characters can only stand in strings, where the escape means the same character:
    the value a JSON reader gets is unchanged, only the bytes on the terminal are safe.
    """
    if text.isascii() and not text.encode("ascii").translate(None, _SAFE_ASCII):
        return text  # nothing to write differently (an ASCII report: a scan of a tenth the pattern's time)
    return _JSON_UNSAFE_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


# The ASCII characters _JSON_UNSAFE_RE leaves alone: deleted from a text's bytes, they leave the others.
_SAFE_ASCII = bytes(code for code in range(128) if not _JSON_UNSAFE_RE.match(chr(code)))
