"""Shared pytest fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

import sitebuild
from helpers import CORPUS, require


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    # Before the test's fixtures are made: sitebuild.build refuses a whole-site build in a test (or its
    # fixtures) without the `site` marker, which `invoke test --fast` would otherwise run.
    sitebuild.site_test = item.get_closest_marker("site") is not None


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """``../shared/corpus``: real public comment exports (see its README)."""
    require(CORPUS.is_dir(), f"the shared corpus at {CORPUS}")
    return CORPUS
