"""Items in runs of bounded size: what one message between processes or to Pagefind carries."""

from __future__ import annotations

from typing import Callable, Iterable, Iterator, TypeVar

Item = TypeVar("Item")


def in_runs(items: Iterable[Item], size_of: Callable[[Item], int], limit: int) -> Iterator[list[Item]]:
    """``items`` in order, in lists of at most ``limit`` by ``size_of`` (a bigger item alone)."""
    run: list[Item] = []
    size = 0
    for item in items:
        item_size = size_of(item)
        if run and size + item_size > limit:
            yield run
            run, size = [], 0
        run.append(item)
        size += item_size
    if run:
        yield run
