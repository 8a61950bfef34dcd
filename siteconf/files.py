"""Files the build writes: written only when their bytes change (what a warm rebuild leaves as it was)."""

from __future__ import annotations

import os


def same_bytes(path: str, data: bytes) -> bool:
    """Whether ``path`` is a file holding exactly ``data``."""
    try:
        if os.stat(path).st_size != len(data):
            return False
        with open(path, "rb") as handle:
            return handle.read() == data
    except OSError:
        return False
