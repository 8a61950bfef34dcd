"""The parse cache's packs: entries appended, one pack a process, read back by any later process."""

from __future__ import annotations

import multiprocessing
import os
from datetime import timezone

from archived_comments.cache import ParseCache, read_pack_index
from archived_comments.importer import parse_file
from archived_comments.parsers import ParseContext
from helpers import FIXTURES

CONTEXT = ParseContext(tz=timezone.utc)


def _pages():
    pages = sorted((FIXTURES / "html").glob("*.html"))[:4]
    assert len(pages) == 4
    return [(str(path), path.name) for path in pages]


def _put_in_child(folder: str, path: str, name: str) -> None:
    cache = ParseCache(folder)
    cache.put(cache.key(open(path, "rb").read(), name, "UTC"), parse_file(path, name, CONTEXT))


def test_entries_of_two_processes_are_read_back_from_their_packs(tmp_path):
    pages = _pages()
    expected = {name: parse_file(path, name, CONTEXT) for path, name in pages}
    assert sum(len(result.comments) for result in expected.values()) > 5
    keys = {name: ParseCache(None).key(open(path, "rb").read(), name, "UTC") for path, name in pages}

    cache = ParseCache(str(tmp_path))
    for path, name in pages[:3]:
        cache.put(keys[name], expected[name])
    assert cache.get(keys[pages[0][1]]) == expected[pages[0][1]]  # this instance reads what it appended
    child = multiprocessing.get_context("fork").Process(target=_put_in_child, args=(str(tmp_path), *pages[3]))
    child.start()
    child.join(timeout=60)
    assert child.exitcode == 0

    assert len(list(tmp_path.glob("parsed-*.pack"))) == 2, "one pack for this process, one for the child"
    assert len(os.listdir(tmp_path)) == 2
    again = ParseCache(str(tmp_path))
    assert {name: again.get(keys[name]) for _, name in pages} == expected
    assert (again.hits, again.misses) == (4, 0)
    assert again.get("0" * 64) is None and again.misses == 1


def test_a_record_cut_short_is_a_miss_and_the_records_before_it_stay(tmp_path):
    pages = _pages()[:2]
    cache = ParseCache(str(tmp_path))
    keys = []
    for path, name in pages:
        keys.append(cache.key(open(path, "rb").read(), name, "UTC"))
        cache.put(keys[-1], parse_file(path, name, CONTEXT))
    [pack] = tmp_path.glob("parsed-*.pack")
    os.truncate(pack, pack.stat().st_size - 10)  # the process was killed while it wrote the last one

    again = ParseCache(str(tmp_path))
    assert again.get(keys[0]) == parse_file(*pages[0], CONTEXT)
    assert again.get(keys[1]) is None
    assert set(read_pack_index(tmp_path)) == {keys[0]}


def test_a_cache_folder_that_cannot_be_written_only_costs_time(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    cache = ParseCache(str(blocked / "cache"))
    path, name = _pages()[0]
    cache.put("1" * 64, parse_file(path, name, CONTEXT))
    assert cache.get("1" * 64) is None
