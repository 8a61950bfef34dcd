"""Answers of forked worker processes, handed over in files rather than through their pipe.

A worker's answer (a parse result no cache keeps, a batch of rendered sections) is megabytes.  A pipe holds 64 KiB,
and what drains it is a thread of the main process, which needs the GIL that Pelican's own work
holds; a worker writing a large answer into the pipe waited on that thread, idle (a cold build of
``benchmarks/bench.py``'s site: 0.9 s of the parse worker's 9.5).  Written to a file, the answer
costs the worker a write into the page cache, and only the file's name crosses the pipe.

The files are made in memory where the system has a file system there (Linux's ``/dev/shm``): each
answer is a new file, read once and removed, and a disk's file system spends more on making a file
than on its bytes, all the more right after a folder of them was removed (ext4 looks for an inode
not freed lately).  400 posts of one 56 KB saved page each, cold builds paired with the spool in the
temporary folder: wall x0.97 (10 pairs) and x0.93 (12 pairs).  An answer that does not fit there (a
small ``/dev/shm``, as in a container) is written to the temporary folder instead.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile

from .cache import load_pickle


# Where answers are made first: a file system in memory, where there is one to write in.
MEMORY_FOLDER = "/dev/shm"
_PREFIX = "archived-comments-"


def _in_memory() -> str | None:
    folder = MEMORY_FOLDER
    return folder if os.path.isdir(folder) and os.access(folder, os.W_OK | os.X_OK) else None


def _overflow_folder(spool: str) -> str:
    """Where the answers that did not fit in memory go: a folder of the same name in the temporary one
    (the spool itself where it is there already)."""
    return os.path.join(tempfile.gettempdir(), os.path.basename(spool))


def _overflow(answer: str) -> str:
    spool, name = os.path.split(answer)
    return os.path.join(_overflow_folder(spool), name)


class Spool:
    """A private folder for the answers of one pool of workers; ``close()`` removes it with whatever
    answer no one read (an import that failed half-way)."""

    def __init__(self) -> None:
        try:
            self.folder: str | None = tempfile.mkdtemp(prefix=_PREFIX, dir=_in_memory())
        except OSError:
            self.folder = tempfile.mkdtemp(prefix=_PREFIX)
        self._count = 0

    def new_answer(self) -> str:
        """The name of a file for one answer, unused so far."""
        self._count += 1
        return os.path.join(self.folder, f"{self._count}.pickle")

    def close(self) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            overflow = _overflow_folder(self.folder)
            if overflow != self.folder:
                shutil.rmtree(overflow, ignore_errors=True)
            self.folder = None


def write_answer(answer: str, *pickled: bytes) -> str:
    """In a worker: objects already pickled, one after another, into ``answer`` (or, where it does not
    fit, its ``_overflow``); returns the name of the file written."""
    try:
        _write(answer, pickled)
        return answer
    except OSError:
        overflow = _overflow(answer)
        if overflow == answer:
            raise
        with contextlib.suppress(OSError):
            os.unlink(answer)
        os.makedirs(os.path.dirname(overflow), exist_ok=True)
        _write(overflow, pickled)
        return overflow


def _write(path: str, pickled) -> None:
    with open(path, "wb") as handle:
        for data in pickled:
            handle.write(data)


def read_answer(answer: str, count: int) -> list:
    """The ``count`` objects ``write_answer`` put in ``answer`` (the garbage collector paused while
    they load); the file is removed."""
    with open(answer, "rb") as handle:
        objects = [load_pickle(handle) for _ in range(count)]
    os.unlink(answer)
    return objects
