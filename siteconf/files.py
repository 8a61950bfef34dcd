"""Files the build writes: written only when their bytes change (what a warm rebuild leaves as it was),
never torn, and linked rather than copied where the file system allows."""

from __future__ import annotations

import os
import shutil
import tempfile


def same_bytes(path: str, data: bytes) -> bool:
    """Whether ``path`` is a file holding exactly ``data``."""
    try:
        if os.stat(path).st_size != len(data):
            return False
        with open(path, "rb") as handle:
            return handle.read() == data
    except OSError:
        return False


def write_atomically(path: str | os.PathLike, write) -> None:
    """``write(handle)`` into a temporary file beside ``path``, then renamed to it: a build interrupted
    mid-write never leaves a torn file, a reader sees the old file or the new one, and a hard link that
    stood at ``path`` is replaced, never written through. Raises OSError."""
    folder = os.path.dirname(os.fspath(path))
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def link_or_copy(source: str, target: str) -> None:
    """``target`` a hard link to ``source``, a copy where the file system has no links between them."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
