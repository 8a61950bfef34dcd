"""The parse cache: an unchanged archive is never parsed twice.

Each parsed file is stored in Pelican's cache folder under a key made of the
file's bytes (SHA-256), its name in the report, the site's timezone (dates of
zone-less archives depend on it) and the parsing code's own fingerprint
(``CODE_VERSION``), so a change to any parser also invalidates the cache.

The entries are appended to packs (``parsed-*.pack``), one a process and cache folder: a record is
the key, the pickle's length and the pickle.  They were a file each, and making a file is what cost:
on a disk where thousands of files were just removed (a cold build after ``rm -rf output cache``),
ext4 searched past every recently freed inode for each new one, 1 to 3 ms a file (the 668 entries of
``benchmarks/bench.py``'s site: about a second of the build's own process, and as much of its parse
worker's).  Only this process appends to its pack, each record in one write; a record cut short (a
process killed) ends what is read of its pack.  Packs are never pruned, as the files were not.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import secrets
import struct
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


PACKS = "parsed-*.pack"
_RECORD = struct.Struct(">64sQ")  # a record's key (SHA-256, hex) and its pickle's length
# This process's pack in each cache folder: folder -> (the process it was made for, its path).  A
# process forked from this one makes its own.
_OWN_PACKS: dict[str, tuple[int, Path]] = {}


def _own_pack(folder: Path) -> Path:
    made_for, path = _OWN_PACKS.get(str(folder), (None, None))
    if made_for != os.getpid():
        path = folder / f"parsed-{os.getpid()}-{secrets.token_hex(4)}.pack"
        _OWN_PACKS[str(folder)] = (os.getpid(), path)
    return path


def read_pack_index(folder: Path) -> dict[str, tuple[Path, int, int]]:
    """Every whole record in the folder's packs: key -> (pack, where its pickle starts, its length)."""
    index = {}
    for pack in sorted(folder.glob(PACKS)):
        try:
            with open(pack, "rb") as handle:
                size = os.fstat(handle.fileno()).st_size
                at = 0
                while at + _RECORD.size <= size:
                    handle.seek(at)
                    key, length = _RECORD.unpack(handle.read(_RECORD.size))
                    start = at + _RECORD.size
                    if start + length > size:
                        break  # cut short
                    index[key.decode("ascii")] = (pack, start, length)
                    at = start + length
        except (OSError, UnicodeDecodeError):
            continue  # an unreadable pack only costs its entries
    return index


class ParseCache:
    """Pickled ``ParseResult`` objects in ``folder``; ``None`` folder = no cache."""

    def __init__(self, folder: str | None):
        self.folder = Path(folder) if folder else None
        self.hits = 0
        self.misses = 0
        self._index: dict[str, tuple[Path, int, int]] | None = None  # read_pack_index, at the first get

    def key(self, data: bytes, name: str, tz_name: str) -> str:
        return self.file_key(hashlib.sha256(data).hexdigest(), name, tz_name)

    def file_key(self, sha256: str, name: str, tz_name: str) -> str:
        """The key of a file whose bytes' SHA-256 (hex) is known already (the import cache's inputs
        hash every archive: the parser takes those digests, no file is read or hashed twice)."""
        return hashlib.sha256(f"{sha256}\0{name}\0{tz_name}\0{CODE_VERSION}".encode()).hexdigest()

    def get(self, key: str) -> ParseResult | None:
        if self.folder is None:
            return None
        if self._index is None:
            self._index = read_pack_index(self.folder)
        try:
            result = load_record(self._index[key])
        except (KeyError, *UNREADABLE):
            self.misses += 1
            return None
        self.hits += 1
        return result

    def put(self, key: str, result: ParseResult) -> None:
        if self.folder is not None:
            self.put_pickled(key, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))

    def put_pickled(self, key: str, data: bytes) -> tuple[Path, int, int] | None:
        """An entry pickled already (a worker's result); returns where its pickle is kept (``load_record``
        reads it), None where it is not."""
        if self.folder is None:
            return None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            pack = _own_pack(self.folder)
            with open(pack, "ab") as handle:
                start = handle.tell() + _RECORD.size
                handle.write(_RECORD.pack(key.encode("ascii"), len(data)) + data)
        except OSError:
            return None  # a cache that cannot be written only costs time
        place = (pack, start, len(data))
        if self._index is not None:
            self._index[key] = place
        return place


def load_record(place: tuple[Path, int, int]) -> ParseResult:
    """The entry kept at ``place`` (pack, where its pickle starts, its length); raises ``UNREADABLE``."""
    pack, start, length = place
    with open(pack, "rb") as handle:
        handle.seek(start)
        return load_pickle(io.BytesIO(handle.read(length)))


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
