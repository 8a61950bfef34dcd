"""The cyclic garbage collector, paused where the import makes many objects at once.

A BeautifulSoup tree is a web of cycles (every tag points at its parent and its children), and
unpickling a parse result makes tens of thousands of objects.  While either is being made, the
collector starts a collection every few hundred new objects and walks them all again each time, only
to find nothing to free: they are all still in use.  Paused, it walks them once, at the first
collection after the pause, which frees the page's tree as soon as nothing holds it.
"""

from __future__ import annotations

import contextlib
import gc


@contextlib.contextmanager
def collector_paused():
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
