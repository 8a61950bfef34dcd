"""Per-format parsers behind one small interface.

Every parser module defines:

``NAME``
    a short format name (``"wxr"``, ``"disqus"``, ``"html"``).
``detect(head: bytes) -> bool``
    whether the first bytes of a file (``HEAD_BYTES`` of them) look like this
    format.  Detection is by content, never by file name.
``parse(data: bytes, source: str, context: ParseContext) -> ParseResult``
    every thread and comment in the file, plus the problems met.  ``source`` is
    the path to name in problems and in ``Comment.sources``.  A parser never
    raises for bad input: it reports a ``Problem`` and returns what it could read.

``parsers()`` lists them; ``detect`` picks one by the format the WordPress-archive library
sniffs from the content (``wparchive.formats``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import tzinfo
from zoneinfo import ZoneInfo

from wparchive.formats import HEAD_BYTES, sniff  # noqa: F401  (HEAD_BYTES: how much detection reads)

from ..model import ParseResult, Problem


@dataclass
class ParseContext:
    """What a parser may need to know about the site."""

    tz: tzinfo = field(default_factory=lambda: ZoneInfo("UTC"))


def _load_parsers():
    from . import disqus, html, wxr

    return [wxr, disqus, html]


_PARSERS = None


def parsers():
    global _PARSERS
    if _PARSERS is None:
        _PARSERS = _load_parsers()
    return _PARSERS


def detect(head: bytes):
    """The parser module for a file's first bytes (the library sniffs the format), or None."""
    name = sniff(head)
    return next((parser for parser in parsers() if parser.NAME == name), None) if name else None


def guarded(read, data: bytes, source: str, context, what: str):
    """``read(data, source, context, result)`` into a fresh ParseResult, never raising: a bug or
    an input nobody foresaw is reported, and what was read up to it is kept."""
    result = ParseResult()
    try:
        read(data, source, context, result)
    except Exception as exc:
        result.problems.append(
            Problem(source, f"reading {source} as {what} stopped early: {exc.__class__.__name__}: {exc}")
        )
    return result
