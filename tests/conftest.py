"""Shared pytest fixtures."""

from __future__ import annotations

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


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """``../shared/corpus``: real public comment exports (see its README)."""
    require(CORPUS.is_dir(), f"the shared corpus at {CORPUS}")
    return CORPUS
