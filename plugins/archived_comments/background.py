"""Parsing archives in worker processes while Pelican does its own work.

Pelican builds on one core.  Started on the ``initialized`` signal, worker
processes parse the archives (those the parse cache does not already hold) on
the other core(s) while Pelican reads the Markdown; when the comments are
needed (``all_generators_finalized``), the main process takes over whatever no
worker has started yet, so it never waits idle: while a worker finishes the file the importer asks
for, the main process parses another that no worker has started.

A worker's result is pickled once and written once: into the parse cache, whose pack the main
process then loads it from, or, with no cache to keep it, into the worker's answer (``spool``: a
file, whose name alone crosses the pipe).
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
from concurrent.futures import Future, ProcessPoolExecutor

from .cache import ParseCache, load_record
from .importer import parse_file
from .model import ParseResult, Problem
from .parsers import ParseContext, parsers
from .spam import Facts, SpamSettings, comment_facts, facts_key
from .spool import Spool, read_answer, write_answer

# Below this much uncached archive data, starting processes costs more than it saves.
MIN_PARALLEL_BYTES = 2_000_000


def _parse_in_worker(path: str, name: str, context: ParseContext, key: str | None, cache_folder: str | None,
                     spam: SpamSettings | None, answer: str) -> str:
    """Parse the file; its answer (``answer``, a spool file): with ``spam``, its comments' spam facts
    in their order, else None (the cache keeps none: they depend on the settings); then where the
    parse cache keeps the ``ParseResult`` (``cache.load_record``), or the ``ParseResult`` itself where
    it keeps none (``_result_in``)."""
    result = parse_file(path, name, context)
    data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    place = ParseCache(cache_folder).put_pickled(key, data) if key is not None else None
    facts = _facts_of(result, spam) if spam is not None else None
    return write_answer(answer, pickle.dumps(facts, protocol=pickle.HIGHEST_PROTOCOL),
                        pickle.dumps(place, protocol=pickle.HIGHEST_PROTOCOL) if place else data)


def _result_in(answer: str) -> tuple[list[Facts] | None, ParseResult]:
    """What ``_parse_in_worker`` answered: the facts, and the result (read from the cache's pack where
    the answer says where it is)."""
    facts, result = read_answer(answer, 2)
    return facts, load_record(result) if isinstance(result, tuple) else result


def _facts_of(result: ParseResult, spam: SpamSettings) -> list[Facts]:
    return [comment_facts(comment, spam) for comment in result.comments]


def default_workers(leave_one_core: bool) -> int:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, cores - 1) if leave_one_core else cores


class BackgroundParser:
    """Parses a set of archive files, in workers where worthwhile; ``parse(path, name)`` collects."""

    def __init__(self, files: list[tuple[str, str]], context: ParseContext, cache: ParseCache, workers: int,
                 digests: dict[str, str] | None = None, spam: SpamSettings | None = None):
        """``digests``: path → SHA-256 (hex) of the file's bytes where known (``ImportInputs.digests``):
        then the file is not read here, its size is all that is asked.  ``spam``: the import's spam
        settings; then each file parsed here or in a worker has its comments' spam facts worked out
        with it, while other files are still being parsed (``spam_facts``), not after the merge."""
        self.context = context
        self.cache = cache
        self.spam = spam
        self.spam_facts: dict[tuple, Facts] = {}  # by spam.facts_key: score_comments's ``known``
        self._ready: dict[str, ParseResult] = {}
        self._pending: dict[str, Future] = {}
        self._keys: dict[str, str | None] = {}
        self._names: dict[str, str] = {}
        self._executor: ProcessPoolExecutor | None = None
        self._spool: Spool | None = None
        misses = []
        tz_name = str(context.tz)
        for path, name in files:
            sha256 = (digests or {}).get(path)
            try:
                if sha256 is None:
                    with open(path, "rb") as handle:
                        data = handle.read()
                    size, key = len(data), cache.key(data, name, tz_name) if cache.folder else None
                else:
                    size, key = os.path.getsize(path), cache.file_key(sha256, name, tz_name) if cache.folder else None
            except OSError:
                continue  # parse_file reports it when the importer asks
            hit = cache.get(key) if key else None
            if hit is not None:
                self._ready[path] = hit
            else:
                self._keys[path] = key
                self._names[path] = name
                misses.append((path, name, key, size))
        if workers < 1 or sum(size for *_, size in misses) < MIN_PARALLEL_BYTES:
            return  # parsed inline by parse(), on demand
        # Biggest first, so no worker is left with one huge file at the end.
        misses.sort(key=lambda item: -item[3])
        try:
            self._spool = Spool()
        except OSError:
            return  # no temporary folder to answer in: parsed inline, on demand
        # The parsers (BeautifulSoup, soupsieve, html5lib's builder, the page reader's patterns: 0.28 s) are
        # imported before the fork, once: each worker would import them again on its own, while the
        # main process imports them anyway for the files it takes over (``_result_of``).
        parsers()
        self._executor = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))
        cache_folder = str(cache.folder) if cache.folder else None
        for path, name, key, _ in misses:
            self._pending[path] = self._executor.submit(_parse_in_worker, path, name, context, key, cache_folder, spam,
                                                        self._spool.new_answer())

    def parse(self, path: str, name: str) -> ParseResult:
        if path in self._ready:
            return self._ready.pop(path)
        future = self._pending.pop(path, None)
        if future is not None and not future.cancel():
            try:
                facts, result = _result_in(self._result_of(future))
                if facts is not None:
                    self._keep_facts(result, facts)
                return result
            except Exception as error:  # a worker that died must not lose the file: parse it here
                result = parse_file(path, name, self.context)
                result.problems.append(Problem(name, f"parsed again after a worker failed ({error})"))
                return result
        return self._parse_here(path, name)

    def _keep_facts(self, result: ParseResult, facts: list[Facts]) -> None:
        for comment, found in zip(result.comments, facts, strict=True):
            self.spam_facts[facts_key(comment)] = found

    def _result_of(self, future: Future) -> str:
        """A worker's answer (its spool file); while it is not ready, this process parses files no worker has started yet
        (the smallest first) instead of waiting idle."""
        while not future.done():
            for path in reversed(self._pending):
                if self._pending[path].cancel():
                    del self._pending[path]
                    self._ready[path] = self._parse_here(path, self._names[path])
                    break
            else:
                break  # every other file is taken: wait
        return future.result()

    def _parse_here(self, path: str, name: str) -> ParseResult:
        result = parse_file(path, name, self.context)
        if self.spam is not None:
            self._keep_facts(result, _facts_of(result, self.spam))
        key = self._keys.get(path)
        if key is None and self.cache.folder:
            with open(path, "rb") as handle:
                key = self.cache.key(handle.read(), name, str(self.context.tz))
        if key is not None:
            self.cache.put(key, result)
        return result

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
        if self._spool is not None:
            self._spool.close()
            self._spool = None
