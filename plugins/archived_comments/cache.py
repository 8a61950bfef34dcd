"""The parse cache: an unchanged archive is never parsed twice.

Each parsed file is stored in Pelican's cache folder under a key made of the
file's bytes (SHA-256), its name in the report, the site's timezone (dates of
zone-less archives depend on it) and the parsing code's own fingerprint
(``CODE_VERSION``), so a change to any parser also invalidates the cache.
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

from siteconf.files import write_atomically

from .collector import collector_paused
from .model import ParseResult

__all__ = ["CODE_VERSION", "UNREADABLE", "ParseCache", "kept_entries", "load_pickle", "write_atomically"]

_HERE = Path(__file__).resolve().parent
# The modules whose behaviour decides what a parse returns.
_LIBRARY = _HERE.parent.parent / "wparchive"  # the WordPress-archive library the parsers read with
_CODE_FILES = sorted(
    [*(_HERE / "parsers").rglob("*.py"), *_LIBRARY.rglob("*.py"),
     *(_HERE / name for name in ("model.py", "cache.py", "sanitize.py", "importer.py"))]
)


def _code_version() -> str:
    digest = hashlib.sha256()
    for path in _CODE_FILES:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


CODE_VERSION = _code_version()


class ParseCache:
    """Pickled ``ParseResult`` objects in ``folder``; ``None`` folder = no cache."""

    def __init__(self, folder: str | None):
        self.folder = Path(folder) if folder else None
        self.hits = 0
        self.misses = 0

    def key(self, data: bytes, name: str, tz_name: str) -> str:
        return self.file_key(hashlib.sha256(data).hexdigest(), name, tz_name)

    def file_key(self, sha256: str, name: str, tz_name: str) -> str:
        """The key of a file whose bytes' SHA-256 (hex) is known already (the import cache's inputs
        hash every archive: the parser takes those digests, no file is read or hashed twice)."""
        return hashlib.sha256(f"{sha256}\0{name}\0{tz_name}\0{CODE_VERSION}".encode()).hexdigest()

    def get(self, key: str) -> ParseResult | None:
        if self.folder is None:
            return None
        try:
            with open(self.folder / f"{key}.pickle", "rb") as handle:
                result = load_pickle(handle)
        except UNREADABLE:
            self.misses += 1
            return None
        self.hits += 1
        return result

    def put(self, key: str, result: ParseResult) -> None:
        if self.folder is not None:
            self.put_pickled(key, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))

    def put_pickled(self, key: str, data: bytes) -> None:
        """An entry pickled already (a worker's result, which crosses the pipe as these bytes)."""
        if self.folder is None:
            return
        try:
            write_atomically(self.folder / f"{key}.pickle", lambda handle: handle.write(data))
        except OSError:
            pass  # a cache that cannot be written only costs time


# What reading a cache entry raises when it is missing, torn, or pickled by other code (a class renamed,
# a module gone, a format it cannot read): every cache of the plugin takes it as a miss.
UNREADABLE = (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError)


def kept_entries(old: dict, used: dict) -> dict:
    """What a cache file keeps: this run's entries (``used``), and older ones only while they are no
    more than those (builds of two settings files, e.g. local and production, or a build and
    ``invoke comments --source``, share the file without it growing)."""
    unused = {key: entry for key, entry in old.items() if key not in used}
    return {**(unused if len(unused) <= len(used) else {}), **used}


def load_pickle(handle):
    """The next object pickled in ``handle``, with the garbage collector paused: unpickling tens of
    thousands of comments otherwise starts a collection every few hundred objects (half the time)."""
    with collector_paused():
        return pickle.load(handle)
