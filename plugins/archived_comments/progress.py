"""A file counter on stderr while archives import (rich's progress bar); silent when stderr is not a terminal."""

from __future__ import annotations

import sys
from typing import Callable, TextIO

from rich.console import Console
from rich.progress import BarColumn, Progress as Bar, TextColumn

Progress = Callable[[int, int, str], None]


def terminal_progress(stream: TextIO | None = None, minimum: int = 2) -> Progress | None:
    """A progress callback for ``import_comments``, or None when nobody is watching.

    Fewer than ``minimum`` files show nothing: a bar that is full at once says nothing.
    """
    stream = stream or sys.stderr
    if not getattr(stream, "isatty", lambda: False)():
        return None
    bar = None
    task = None

    def report(done: int, total: int, name: str) -> None:
        nonlocal bar, task
        if total < minimum:
            return
        if bar is None:
            # Redrawn on each call, no refresh thread: the import's own pace drives it.
            bar = Bar(TextColumn("Importing archived comments"), BarColumn(bar_width=24),
                      TextColumn("{task.completed}/{task.total} files"),
                      console=Console(file=stream, force_terminal=True), auto_refresh=False)
            bar.start()
            task = bar.add_task("import", total=total)
        bar.update(task, completed=done, total=total, refresh=True)
        if done >= total:
            bar.stop()
            bar = None

    return report
