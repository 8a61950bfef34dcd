"""Work a build hands to a process of its own that nothing waits for: it gives way to the build.

The build runs on one core and waits for nothing but its own writing; a process forked to do work the
build never waits for (the comments' search index, the import cache's entry) still wants a core while
the build's own helpers (the processes rendering comment sections, which the writing does wait for)
want the other.  Such a process lowers its priority, so that the kernel hands it only the time the
others leave (1,000 posts and 20,000 comments, a cold build: the search index, x0.92 wall over 6
pairs; the import cache's entry too, x0.91 and x0.93 over 6 and 8 pairs more).
"""

from __future__ import annotations

import os

# Enough that a process at the build's own priority takes nine tenths of a core both want.
BACKGROUND_NICENESS = 10


def behind_the_build() -> None:
    """In a process forked from the build's: give way to it (once: each call lowers the priority again)."""
    try:
        os.nice(BACKGROUND_NICENESS)
    except OSError:  # not allowed here: the same work, done at the same priority
        pass
