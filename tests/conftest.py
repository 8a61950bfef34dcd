"""Shared pytest fixtures."""

from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path

import pytest

import sitebuild
from helpers import CORPUS, require, turn


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    # Before the test's fixtures are made: sitebuild.build refuses a whole-site build in a test (or its
    # fixtures) without the `site` marker, which `invoke test --fast` would otherwise run.
    sitebuild.site_test = item.get_closest_marker("site") is not None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    # Setup, call and teardown in this test's turn: a test marked `alone` runs while no other worker runs one.
    with turn(alone=item.get_closest_marker("alone") is not None):
        yield


# Each test file's seconds (setup, call and teardown of its tests) in the last run that ran it, in pytest's
# cache folder (.pytest_cache): the next run hands the longest files out first.
FILE_TIMES = "ines/file-seconds"
_file_seconds: defaultdict[str, float] = defaultdict(float)


def pytest_collection_modifyitems(session, config, items):
    # Under pytest-xdist's --dist loadfile a file is one worker's unit of work, handed out in collection
    # order; a long file handed out last is the run's tail (test_publish.py, 136 s of tests, started 336 s
    # into a 513 s run while the other workers had finished).  So: the files with an `alone` test first
    # (while they run the others wait anyway), then the longest first as the last run timed them; files it
    # did not time keep their order, after those.  Every worker reads the same cache, so all collect alike.
    seconds = config.cache.get(FILE_TIMES, {}) if getattr(config, "cache", None) is not None else {}
    alone = {item.path for item in items if item.get_closest_marker("alone") is not None}
    files = {path: place for place, path in enumerate(dict.fromkeys(item.path for item in items))}

    def order(item):
        key = item.nodeid.split("::", 1)[0]
        return (item.path not in alone, -seconds.get(key, 0.0), files[item.path])

    items.sort(key=order)


def pytest_runtest_logreport(report):
    if not os.environ.get("PYTEST_XDIST_WORKER"):  # the reports of every worker reach the controller
        _file_seconds[report.nodeid.split("::", 1)[0]] += report.duration


def pytest_sessionfinish(session):
    if os.environ.get("PYTEST_XDIST_WORKER") or getattr(session.config, "cache", None) is None or not _file_seconds:
        return
    seconds = session.config.cache.get(FILE_TIMES, {})
    seconds.update({name: round(value, 1) for name, value in _file_seconds.items()})
    session.config.cache.set(FILE_TIMES, seconds)


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """``../shared/corpus``: real public comment exports (see its README)."""
    require(CORPUS.is_dir(), f"the shared corpus at {CORPUS}")
    return CORPUS
