"""Answers of forked worker processes, handed over in files rather than through their pipe.

A worker's answer (a parse result no cache keeps, a batch of rendered sections) is megabytes.  A pipe holds 64 KiB,
and what drains it is a thread of the main process, which needs the GIL that Pelican's own work
holds; a worker writing a large answer into the pipe waited on that thread, idle (a cold build of
``benchmarks/bench.py``'s site: 0.9 s of the parse worker's 9.5).  Written to a file, the answer
costs the worker a write into the page cache, and only the file's name crosses the pipe.
"""

from __future__ import annotations

import os
import shutil
import tempfile

from .cache import load_pickle


class Spool:
    """A private folder for the answers of one pool of workers; ``close()`` removes it with whatever
    answer no one read (an import that failed half-way)."""

    def __init__(self) -> None:
        self.folder: str | None = tempfile.mkdtemp(prefix="archived-comments-")
        self._count = 0

    def new_answer(self) -> str:
        """The name of a file for one answer, unused so far."""
        self._count += 1
        return os.path.join(self.folder, f"{self._count}.pickle")

    def close(self) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None


def write_answer(answer: str, *pickled: bytes) -> str:
    """In a worker: objects already pickled, one after another, into ``answer``; returns its name."""
    with open(answer, "wb") as handle:
        for data in pickled:
            handle.write(data)
    return answer


def read_answer(answer: str, count: int) -> list:
    """The ``count`` objects ``write_answer`` put in ``answer`` (the garbage collector paused while
    they load); the file is removed."""
    with open(answer, "rb") as handle:
        objects = [load_pickle(handle) for _ in range(count)]
    os.unlink(answer)
    return objects
