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

``parsers()`` lists them in detection order: the XML formats first, because a
saved HTML page never has a ``<disqus>`` root or the WXR namespace.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import tzinfo
from zoneinfo import ZoneInfo

HEAD_BYTES = 8192


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
    """The parser module for a file's first bytes, or None when no format fits."""
    for parser in parsers():
        if parser.detect(head):
            return parser
    return None
