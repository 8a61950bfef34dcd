"""A file counter on stderr while archives import; silent when stderr is not a terminal."""

from __future__ import annotations

import sys
from typing import Callable, TextIO

Progress = Callable[[int, int, str], None]


def terminal_progress(stream: TextIO | None = None, minimum: int = 2) -> Progress | None:
    """A progress callback for ``import_comments``, or None when nobody is watching."""
    stream = stream or sys.stderr
    if not getattr(stream, "isatty", lambda: False)():
        return None

    def report(done: int, total: int, name: str) -> None:
        if total < minimum:
            return
        width = 24
        filled = width * done // total
        bar = "#" * filled + "-" * (width - filled)
        stream.write(f"\rImporting archived comments [{bar}] {done}/{total} files")
        if done == total:
            stream.write("\n")
        stream.flush()

    return report
