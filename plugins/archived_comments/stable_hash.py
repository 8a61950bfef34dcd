"""Digests of values that stay the same from one run to the next (the caches' keys).

``hash()`` changes with every process and ``pickle`` bytes are not promised stable, so a value
is first written out as a plain tuple of strings and numbers (``canonical``): dataclasses field by
field, dicts and sets sorted, dates with their offset and zone, zones by name.  A value this
cannot write out raises ``TypeError``: a key is never made from something it cannot see into.
"""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path

from .model import Comment, Thread

__all__ = ["canonical", "code_version", "stable_digest", "thread_digest"]

_PLAIN = (str, int, float, bool, bytes, type(None))
_PLAIN_TYPES = frozenset(_PLAIN)


def canonical(value):
    """``value`` as nested tuples of plain values, equal exactly when the values are equal."""
    kind = type(value)
    if kind in _PLAIN_TYPES:  # the exact types first: most values are, and none of them is a dataclass
        return value
    if kind is list or kind is tuple:
        return tuple(item if type(item) in _PLAIN_TYPES else canonical(item) for item in value)
    if kind is set or kind is frozenset:
        return ("set", tuple(sorted((canonical(item) for item in value), key=repr)))
    if isinstance(value, _PLAIN):
        return value
    if isinstance(value, datetime):
        return ("datetime", value.isoformat(), str(value.tzinfo) if value.tzinfo else None)
    if isinstance(value, (date, time, timedelta)):
        return (type(value).__name__, str(value))
    if isinstance(value, tzinfo):
        return ("tz", str(value))
    if isinstance(value, Path):
        return ("path", str(value))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__qualname__,
                tuple((f.name, canonical(getattr(value, f.name))) for f in dataclasses.fields(value)))
    if isinstance(value, dict):
        return ("dict", tuple(sorted(((canonical(k), canonical(v)) for k, v in value.items()), key=repr)))
    if isinstance(value, (set, frozenset)):
        return ("set", tuple(sorted((canonical(item) for item in value), key=repr)))
    if isinstance(value, (list, tuple)):
        return tuple(canonical(item) for item in value)
    raise TypeError(f"no stable digest for a {type(value).__name__}")


def stable_digest(*values) -> str:
    """SHA-256 (hex) of the values' canonical form."""
    return _digest_of_canonical(canonical(values))


def _digest_of_canonical(value) -> str:
    return hashlib.sha256(repr(value).encode("utf-8", "surrogatepass")).hexdigest()


_COMMENT_FIELDS = [f.name for f in dataclasses.fields(Comment)]
_THREAD_FIELDS = [f.name for f in dataclasses.fields(Thread) if f.name not in ("comments", "roots")]


def _comment_record(comment: Comment) -> tuple:
    """Every field of one comment; its replies by key (each reply has its own record)."""
    values = vars(comment)
    return tuple(
        tuple(reply.key for reply in values[name]) if name == "replies"
        else value if type(value := values[name]) in _PLAIN_TYPES else canonical(value)
        for name in _COMMENT_FIELDS
    )


def thread_digest(thread: Thread) -> str:
    """A thread's content: its own fields, every comment's, the tree's shape.

    ``stable_digest`` of those three, without its ``canonical`` walk over the comments' records, which
    are canonical already: that second walk was half the time (20,000 comments: 0.4 s of 0.75)."""
    return _digest_of_canonical((
        canonical(tuple(getattr(thread, name) for name in _THREAD_FIELDS)),
        tuple(_comment_record(comment) for comment in thread.comments),
        tuple(root.key for root in thread.roots),
    ))


def code_version(*folders: Path) -> str:
    """The Python code under ``folders`` (every .py file, by path and bytes): a code change is a new key."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(folder.rglob("*.py")):
            digest.update(str(path.relative_to(folder.parent)).encode())
            digest.update(b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
