"""The import cache: an import whose inputs did not change is never run again.

The parse cache (``cache.py``) spares parsing an unchanged file; what comes after it (merging,
threading, matching, spam scoring, moderation) still took the time of a parse on every build.
Here the whole ``ImportResult`` is kept, in Pelican's cache folder, under a key made of every
input it depends on:

- ``ImportInputs.digest``, known before Pelican reads a post: every archive's name and bytes
  (SHA-256), the moderation file's bytes, the import's settings (``ImportOptions``: what
  ``CommentsSettings``, the zone, the URL map and the ignore list say), and the code
  (``CODE_VERSION``: every module of the plugin and of the libraries it reads archives with);
- ``ImportKey.full``, once the content is read: that, the articles' and pages' slugs and URLs
  (matching depends on them) and the comments Isso answered, if any.

One file per scope (the build's archives, or the ``--source`` files ``invoke comments`` reads,
with or without Isso) holds the newest entry: a small header with the key, then the result without
its threads, each thread pickled on its own, and an index: each thread's article and digest (the
rendered sections' key, ``section_cache``), where it starts, the totals and the report's counts.  At
``initialized``, ``expects`` reads only the header: when the archives match, no worker process
starts.  ``load`` reads the index alone; a thread is read when something asks for its comments
(``CachedImport.thread``), the whole result when something asks for it: a warm build whose sections
all come from the section cache reads only the few threads the recent-comments page lists
(20,000 comments: the whole result took 0.11 s to read).
"""

from __future__ import annotations

import atexit
import dataclasses
import functools
import hashlib
import logging
import mmap
import os
import pickle
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from siteconf.background import behind_the_build

from .cache import UNREADABLE, kept_entries, write_atomically
from .collector import collector_paused
from .importer import ImportOptions, ImportResult
from .matching import ArticleRef
from .model import ParseResult, Thread
from .stable_hash import code_version, stable_digest, thread_digest

__all__ = ["CODE_VERSION", "CachedImport", "ImportCache", "ImportInputs", "ImportKey", "KnownDigests"]

logger = logging.getLogger(__name__)

_HERE = Path(__file__).resolve().parent
# What an import's result depends on: this plugin and the libraries under it (archive reading, zones).
CODE_VERSION = code_version(_HERE, _HERE.parent.parent / "wparchive", _HERE.parent.parent / "siteconf")
# The entry's layout; a new one makes old files misses.
_FORMAT = 2


def _file_digest(path: str, known: "KnownDigests | None" = None) -> str:
    try:
        if known is not None:
            return known.sha256(path)
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError as error:  # the import reports it; the key only needs to differ from any content
        return f"unreadable: {error.errno}"


DIGESTS_FILE = "digests.pickle"  # KnownDigests' file, in the plugin's cache folder


class KnownDigests:
    """The SHA-256 of each archive as last read, known again by the file's stat (device, inode, size,
    modification and change times) while it is the same: a build reads no archive it read before
    unchanged (400 saved pages, 21 MB: 26 ms a build).  A file changed twice within one tick of the file
    system's clock keeps its stat, so a digest is trusted only for a file last changed ``TICK_NS`` or
    more before it was taken (as git does with its index); the others are read again.  Kept in one
    pickle; anything unreadable there is no entry."""

    # Above the coarsest file time there is: Linux's clock ticks (a few ms), a second on some network
    # file systems, two on FAT.
    TICK_NS = 2_000_000_000

    def __init__(self, path: Path | None):
        self.path = path
        self._entries: dict = {}
        self._used: dict = {}
        if path is not None:
            try:
                with open(path, "rb") as handle:
                    entries = pickle.load(handle)
                if isinstance(entries, dict):
                    self._entries = entries
            except UNREADABLE:  # missing, torn or foreign: no entries
                pass

    def sha256(self, path: str) -> str:
        """Raises OSError where the file cannot be read."""
        entry = self._entries.get(path)
        if entry is not None and self._trusted(entry, os.stat(path)):
            self._used[path] = entry  # not even opened
            return entry[2]
        with open(path, "rb") as handle:
            stat = self._stat(os.fstat(handle.fileno()))  # the stat of the bytes hashed
            sha = hashlib.file_digest(handle, "sha256").hexdigest()
        self._used[path] = (stat, time.time_ns(), sha)
        return sha

    @staticmethod
    def _stat(st: os.stat_result) -> tuple:
        return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns

    def _trusted(self, entry: tuple, st: os.stat_result) -> bool:
        """The file is as it was when its digest was taken, and was not changed within a tick of that."""
        stat = self._stat(st)
        return entry[0] == stat and stat[4] + self.TICK_NS <= entry[1]

    def save(self) -> None:
        """Keep the entries of the files asked for, and the others while they are no more
        (``cache.kept_entries``)."""
        if self.path is None:
            return
        kept = kept_entries(self._entries, self._used)
        if kept == self._entries:
            return
        try:
            write_atomically(self.path, lambda handle: pickle.dump(kept, handle, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            pass  # only a cost: the archives are read again next time


@dataclass(frozen=True)
class ImportKey:
    inputs: str  # ImportInputs.digest
    full: str  # with the articles and Isso's comments


@dataclass(frozen=True)
class ImportInputs:
    """What an import reads before Pelican's content: the archives, the moderation file, the settings."""

    files: tuple[tuple[str, str], ...]  # (path, name) as wparchive.sources.source_files lists them
    options: ImportOptions
    digest: str
    # path → the SHA-256 (hex) of each archive's bytes, as hashed here ("unreadable: …" left out):
    # the parse cache's keys are made from them (``BackgroundParser``), the files are not read twice.
    digests: dict[str, str] = field(default_factory=dict, compare=False)

    @classmethod
    def read(cls, files: list[tuple[str, str]], options: ImportOptions, known: KnownDigests | None = None) -> "ImportInputs":
        """``known``: digests kept from the last read (then saved), else every file is read."""
        archives = [(name, path, _file_digest(path, known)) for path, name in files]
        moderation = _file_digest(options.moderation_file, known) if options.moderation_file else None
        if known is not None:
            known.save()
        digest = stable_digest(_FORMAT, CODE_VERSION, options, [(name, sha) for name, _, sha in archives], moderation)
        digests = {path: sha for _, path, sha in archives if not sha.startswith("unreadable")}
        return cls(tuple(files), options, digest, digests)

    def key(self, articles: list[ArticleRef], isso: ParseResult | None) -> ImportKey:
        return ImportKey(self.digest, stable_digest(self.digest, articles, isso))


class CachedImport:
    """An import's result, with each thread's digest (``digests[i]`` is ``result.threads[i]``'s).

    Made by an import, it holds the result; loaded from the cache, it holds the entry's index, and
    reads the result (``result``) or one thread (``thread``) when first asked for.
    """

    def __init__(self, result: ImportResult | None, digests: list[str] | None, entry: "_Entry | None" = None,
                 totals: dict | None = None, later: Callable[[], list[str]] | None = None):
        """``later``: where the digests are not known yet, what makes them (``ImportCache.store``)."""
        self._result = result
        self._totals = totals  # the result's, where known already (they walk every comment)
        self._digests = digests  # None (and no ``later``): the result was not cached (COMMENTS_CACHE off)
        self._later = later
        self._entry = entry
        self._threads: dict[int, Thread] = {}
        self._isso = None
        self.threads_read = 0  # threads read from the cache one at a time (the build's debug log)

    @property
    def digests(self) -> list[str] | None:
        if self._later is not None:
            self._digests, self._later = self._later(), None
        return self._digests

    def digests_of(self, indexes: list[int]) -> Callable[[], list[str]] | None:
        """Those threads' digests, made (or read) only when first called: a first build keys its
        sections with them only once it keeps them; None where the result was not cached."""
        if self._digests is None and self._later is None:
            return None
        return lambda: [self.digests[index] for index in indexes]

    @property
    def result(self) -> ImportResult:
        if self._result is None:
            entry = self._entry
            result = entry.load(entry.result_at, entry.offsets[0])
            result.threads = [self.thread(index) for index in range(len(entry.offsets) - 1)]
            result.isso = self._isso
            self._result = result
        return self._result

    def set_isso(self, isso) -> None:
        """Isso's new comments read for this import (``ImportResult.isso``, read by the report)."""
        self._isso = isso
        if self._result is not None:
            self._result.isso = isso

    def thread(self, index: int) -> Thread:
        if self._result is not None:
            return self._result.threads[index]
        if index not in self._threads:
            self._threads[index] = self._entry.load(self._entry.offsets[index], self._entry.offsets[index + 1])
            self.threads_read += 1
        return self._threads[index]

    def threads(self, indexes: list[int]) -> "ThreadsOnDemand":
        """Those threads, each read when first asked for."""
        return ThreadsOnDemand(self, list(indexes))

    @property
    def articles(self) -> list[str | None]:
        """Each thread's article (its slug; None: it matched none)."""
        if self._entry is not None:
            return self._entry.index["articles"]
        return [thread.article for thread in self._result.threads]

    @property
    def totals(self) -> dict:
        if self._totals is None:
            self._totals = self._entry.index["totals"] if self._entry is not None else self._result.totals
        return self._totals

    @property
    def problem_count(self) -> int:
        return self._entry.index["problems"] if self._entry is not None else len(self._result.problems)

    @property
    def unmatched_count(self) -> int:
        return self._entry.index["unmatched"] if self._entry is not None else len(self._result.unmatched)


class ThreadsOnDemand(Sequence):
    """Some of a cached import's threads, each read from the cache when first asked for: a comment
    section taken whole from the section cache never asks."""

    def __init__(self, imported: CachedImport, indexes: list[int]):
        self._imported, self._indexes = imported, indexes

    def __len__(self) -> int:
        return len(self._indexes)

    def __getitem__(self, position):
        if isinstance(position, slice):
            return [self._imported.thread(index) for index in self._indexes[position]]
        return self._imported.thread(self._indexes[position])


@dataclass(frozen=True)
class _Entry:
    """A cache file, mapped: its index, where the result (without threads) starts, where each thread does."""

    data: mmap.mmap
    index: dict
    result_at: int

    @property
    def offsets(self) -> list[int]:
        return self.index["offsets"]

    def load(self, start: int, end: int):
        with collector_paused():  # a thread is hundreds of objects (see cache.load_pickle)
            return pickle.loads(self.data[start:end])


# Entries being written by a forked process (``ImportCache.store``'s ``in_background``): path -> the
# writer's pid, the process that forked it, and the reading end of a pipe only the writer holds open.
_WRITERS: dict[str, tuple[int, int, int]] = {}  # by absolute path


def _write_in_child(write, path: Path) -> bool:
    """``write()`` in a process forked from this one, which exits when it is done; False where none
    can be forked (then nothing was done)."""
    if not hasattr(os, "fork"):
        return False
    try:
        done_r, done_w = os.pipe()
    except OSError:
        return False
    try:
        pid = os.fork()
    except OSError:
        os.close(done_r)
        os.close(done_w)
        return False
    if pid == 0:  # the child: write, and leave without running anything of its parent's at exit
        code = 1
        try:
            behind_the_build()  # the build goes on meanwhile, and asks for the entry much later if at all
            write()
            code = 0
        finally:
            os._exit(code)  # and the pipe's writing end closes: whoever waits on the other sees its end
    # Processes forked from this one later (the search index's) wait on the pipe: they cannot reap it.
    os.close(done_w)
    _WRITERS[os.path.abspath(path)] = (pid, os.getpid(), done_r)
    return True


def _wait_for_writer(path: Path) -> None:
    writer = _WRITERS.pop(os.path.abspath(path), None)
    if writer is None:
        return
    pid, parent, done = writer
    try:
        if os.getpid() == parent:
            os.waitpid(pid, 0)
        else:
            while os.read(done, 1):  # empty once the writer is gone
                pass
    except (ChildProcessError, OSError):
        pass  # reaped already
    finally:
        os.close(done)


def wait_for_writers() -> None:
    """Until every entry being written in the background is written (at exit, by ``atexit``)."""
    for path in list(_WRITERS):
        _wait_for_writer(path)


atexit.register(wait_for_writers)


class ImportCache:
    """The newest import of one ``scope`` in ``folder``; a ``None`` folder keeps nothing."""

    def __init__(self, folder: str | None, scope):
        self.path = None
        if folder:
            self.path = Path(folder) / f"import-{stable_digest(scope)[:16]}.pickle"

    def _header(self, handle) -> dict | None:
        header = pickle.load(handle)
        return header if isinstance(header, dict) and header.get("format") == _FORMAT else None

    def expects(self, inputs: ImportInputs) -> bool:
        """Whether the entry was made from these inputs (only the articles and Isso may still differ)."""
        if self.path is None:
            return False
        _wait_for_writer(self.path)
        try:
            with open(self.path, "rb") as handle:
                header = self._header(handle)
        except UNREADABLE:
            return False
        return header is not None and header["inputs"] == inputs.digest

    def load(self, key: ImportKey) -> CachedImport | None:
        """The entry of ``key``, its index read (the rest when asked for, see ``CachedImport``)."""
        if self.path is None:
            return None
        _wait_for_writer(self.path)
        try:
            with open(self.path, "rb") as handle:
                header = self._header(handle)
                if header is None or header["full"] != key.full:
                    return None
                if header["expires"] is not None and datetime.now(timezone.utc) >= header["expires"]:
                    return None  # a comment dated in the future then is no longer: its problem goes
                index_at = int.from_bytes(handle.read(8), "big")
                result_at = handle.tell()
                # Mapped, the file stays the one read even if another build replaces it meanwhile.
                data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
            index = pickle.loads(data[index_at:])
            if not isinstance(index, dict) or len(index["offsets"]) != len(index["digests"]) + 1:
                return None
        except UNREADABLE + (KeyError, TypeError):
            return None
        return CachedImport(None, index["digests"], _Entry(data, index, result_at))

    def store(self, key: ImportKey, result: ImportResult, in_background: bool = False,
              digests: bool = True) -> CachedImport:
        """Keep ``result`` (as it is now) under ``key``; returns it, with its threads' digests where
        ``digests`` (the digests are 0.5 s of 20,000 comments, the file 0.15).

        ``in_background``: the entry is written by a process forked from this one while this one goes
        on (a build renders and writes its pages meanwhile; ``invoke comments``, which needs no digests,
        reports); where no process can be forked, here.  That process makes the digests too, and this
        one reads them back from the entry when first asked for (``CachedImport.digests``): a first build
        needs them only to keep what it made, by then long written.  The entry is read only once it is
        written: this process waits for it before it reads or writes the entry, and before it exits."""
        if self.path is None:
            return CachedImport(result, None)
        _wait_for_writer(self.path)
        totals = result.totals
        if in_background and _write_in_child(lambda: self._write(key, result, totals, quiet=True), self.path):
            later = functools.partial(self._written_digests, key, result) if digests else None
            return CachedImport(result, None, totals=totals, later=later)
        return CachedImport(result, self._write(key, result, totals), totals=totals)

    def _written_digests(self, key: ImportKey, result: ImportResult) -> list[str]:
        """The digests the forked writer kept in ``key``'s entry; made here where it holds none (its
        writing failed, or this is another process forked from the one that forked it, which cannot
        wait for it)."""
        written = self.load(key)
        return written.digests if written is not None else self._digests(result)

    @staticmethod
    def _digests(result: ImportResult) -> list[str]:
        with collector_paused():  # a few hundred thousand short-lived tuples (collector.py)
            return [thread_digest(thread) for thread in result.threads]

    def _write(self, key: ImportKey, result: ImportResult, totals: dict, quiet: bool = False) -> list[str]:
        """The entry of ``result`` written, with its threads' digests; returns the digests.  ``quiet``: a
        file that cannot be written is not logged (in a forked process, whose parent's other threads may
        have held the logging and console locks when it was forked)."""
        digests = self._digests(result)
        now = datetime.now(timezone.utc)
        # The import names a comment dated after "now" as a problem: the entry holds until that date.
        future = [c.date for c in result.comments if c.date is not None and c.date > now]
        header = {"format": _FORMAT, "inputs": key.inputs, "full": key.full, "expires": min(future, default=None)}

        def write(handle):
            pickle.dump(header, handle, protocol=pickle.HIGHEST_PROTOCOL)
            index_at = handle.tell()
            handle.write(bytes(8))  # where the index starts, known once the threads are written
            pickle.dump(dataclasses.replace(result, threads=[], isso=None), handle, protocol=pickle.HIGHEST_PROTOCOL)
            offsets = []
            for thread in result.threads:
                offsets.append(handle.tell())
                pickle.dump(thread, handle, protocol=pickle.HIGHEST_PROTOCOL)
            offsets.append(handle.tell())
            pickle.dump({"articles": [thread.article for thread in result.threads], "digests": digests,
                         "offsets": offsets, "totals": totals, "problems": len(result.problems),
                         "unmatched": len(result.unmatched)}, handle, protocol=pickle.HIGHEST_PROTOCOL)
            handle.seek(index_at)
            handle.write(offsets[-1].to_bytes(8, "big"))

        try:
            write_atomically(self.path, write)
        except OSError as error:
            if not quiet:
                logger.debug("the import cache cannot be written in %s (%s)", self.path, error)
        return digests
