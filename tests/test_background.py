"""The parse workers: a worker's answer is the parse-cache entry it wrote, the same bytes."""

from __future__ import annotations

import pickle
import subprocess
import sys
import threading
import time
from pathlib import Path
from concurrent.futures import Future
from datetime import timezone

from archived_comments import background
from archived_comments.background import BackgroundParser
from archived_comments.cache import ParseCache, read_pack_index
from archived_comments.importer import parse_file
from archived_comments.parsers import ParseContext
from archived_comments.spool import write_answer
from helpers import FIXTURES, ROOT


def test_workers_answer_with_the_entry_they_cached_and_the_next_run_reads_only_the_cache(tmp_path, monkeypatch):
    monkeypatch.setattr(background, "MIN_PARALLEL_BYTES", 0)  # the fixtures are small: send them to a worker anyway
    context = ParseContext(tz=timezone.utc)
    files = [(str(path), path.name) for path in sorted((FIXTURES / "html").glob("*.html"))]
    assert len(files) >= 3
    expected = {path: parse_file(path, name, context) for path, name in files}
    assert sum(len(thread.comments) for result in expected.values() for thread in result.threads) > 10

    parser = BackgroundParser(files, context, ParseCache(str(tmp_path)), workers=1)
    try:
        assert parser._pending, "the files went to a worker"
        futures = list(parser._pending.values())
        spool = Path(parser._spool.folder)
        got = {path: parser.parse(path, name) for path, name in files}
        # What came through the pipe is the answer's file name, not the result; each file read is gone.
        answers = [future.result() for future in futures if not future.cancelled()]
        assert answers and all(isinstance(answer, str) and Path(answer).parent == spool for answer in answers)
        assert spool.is_dir() and not any(spool.iterdir())
    finally:
        parser.close()
    assert not spool.exists()
    assert got == expected
    assert not any("worker failed" in p.message for result in got.values() for p in result.problems)

    entries = read_pack_index(tmp_path)
    assert len(entries) == len(files)
    assert len({pack for pack, _, _ in entries.values()}) <= 2, "one pack a process, not a file an entry"
    for pack, start, length in entries.values():
        with open(pack, "rb") as handle:
            handle.seek(start)
            assert pickle.loads(handle.read(length)) in expected.values()

    cache = ParseCache(str(tmp_path))
    again = BackgroundParser(files, context, cache, workers=1)
    try:
        assert not again._pending and cache.hits == len(files)
        assert {path: again.parse(path, name) for path, name in files} == expected
    finally:
        again.close()


def test_while_a_worker_finishes_the_file_asked_for_the_main_process_parses_the_files_no_worker_started(tmp_path):
    context = ParseContext(tz=timezone.utc)
    files = [(str(path), path.name) for path in sorted((FIXTURES / "html").glob("*.html"))][:3]
    (first, first_name), *others = files
    expected = {path: parse_file(path, name, context) for path, name in files}
    parser = BackgroundParser([], context, ParseCache(None), workers=0)
    running = Future()
    running.set_running_or_notify_cancel()  # taken by a worker: it cannot be cancelled
    queued = {path: Future() for path, _ in others}
    parser._pending = {first: running, **queued}
    parser._names = dict(files)

    def worker():  # answers once the main process took the queued files over (or after 5 s, to fail)
        deadline = time.monotonic() + 5
        while not all(future.cancelled() for future in queued.values()) and time.monotonic() < deadline:
            time.sleep(0.01)
        answer = write_answer(str(tmp_path / "answer.pickle"), pickle.dumps(None), pickle.dumps(expected[first]))
        running.set_result(answer)

    thread = threading.Thread(target=worker)
    thread.start()
    try:
        assert parser.parse(first, first_name) == expected[first]
    finally:
        thread.join(timeout=10)
    assert set(parser._ready) == {path for path, _ in others}
    assert {path: parser.parse(path, name) for path, name in others} == {path: expected[path] for path, _ in others}


def test_without_a_temporary_folder_for_answers_the_files_are_parsed_here(tmp_path, monkeypatch):
    def no_folder(*args, **kwargs):
        raise PermissionError("no temporary folder can be made")

    monkeypatch.setattr(background, "MIN_PARALLEL_BYTES", 0)
    monkeypatch.setattr("tempfile.mkdtemp", no_folder)
    context = ParseContext(tz=timezone.utc)
    files = [(str(path), path.name) for path in sorted((FIXTURES / "html").glob("*.html"))]
    parser = BackgroundParser(files, context, ParseCache(str(tmp_path)), workers=1)
    try:
        assert not parser._pending and parser._executor is None
        got = {path: parser.parse(path, name) for path, name in files}
    finally:
        parser.close()
    assert got == {path: parse_file(path, name, context) for path, name in files}


def test_a_workers_result_is_written_once_in_the_cache_or_else_in_its_answer(tmp_path):
    context = ParseContext(tz=timezone.utc)
    path = max(sorted((FIXTURES / "html").glob("*.html")), key=lambda page: page.stat().st_size)
    expected = parse_file(str(path), path.name, context)
    cache = tmp_path / "cache"
    kept = str(tmp_path / "kept.pickle")
    background._parse_in_worker(str(path), path.name, context, "a" * 64, str(cache), None, kept)
    [(pack, _, length)] = read_pack_index(cache).values()
    assert Path(kept).stat().st_size < 512 < length, "the answer says where the result is, no copy of it"
    assert background._result_in(kept) == (None, expected)

    alone = str(tmp_path / "alone.pickle")
    background._parse_in_worker(str(path), path.name, context, None, None, None, alone)
    assert Path(alone).stat().st_size >= length, "no cache: the result itself is the answer"
    assert background._result_in(alone) == (None, expected)
    assert not Path(kept).exists() and not Path(alone).exists()


def test_the_workers_are_forked_with_the_parsers_already_imported(tmp_path):
    """Each worker would otherwise import BeautifulSoup and the page reader again on its own (a quarter
    of a second of a cold build's second core), while the main process imports them anyway."""
    script = f"""
import os, sys
from datetime import timezone
sys.path[:0] = [{str(ROOT)!r}, {str(ROOT / "plugins")!r}]
from archived_comments import background
from archived_comments.background import BackgroundParser
from archived_comments.cache import ParseCache
from archived_comments.parsers import ParseContext
assert "bs4" not in sys.modules, "this check needs an interpreter that has not read a page yet"
report = {str(tmp_path / "forked.txt")!r}
def note_child():
    with open(report, "a") as handle:
        handle.write(f"{{'bs4' in sys.modules}} {{'archived_comments.parsers.html' in sys.modules}}\\n")
os.register_at_fork(after_in_child=note_child)
background.MIN_PARALLEL_BYTES = 0
files = [(str(path), path.name) for path in sorted(__import__("pathlib").Path({str(FIXTURES / "html")!r}).glob("*.html"))]
parser = BackgroundParser(files, ParseContext(tz=timezone.utc), ParseCache(None), workers=1)
try:
    assert parser._executor is not None
    for path, name in files:
        parser.parse(path, name)
finally:
    parser.close()
"""
    subprocess.run([sys.executable, "-c", script], check=True, cwd=tmp_path, timeout=120)
    lines = (tmp_path / "forked.txt").read_text().split("\n")[:-1]
    assert lines and set(lines) == {"True True"}
