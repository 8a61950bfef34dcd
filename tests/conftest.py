"""Shared pytest fixtures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require(condition: bool, what: str) -> None:
    """Skip a test whose real part is missing, except under CI, where it must fail."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{what} is missing, and CI=true: this test must run in CI")
    pytest.skip(f"{what} is missing")


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """``../shared/corpus``: real public comment exports (see its README)."""
    require(CORPUS.is_dir(), f"the shared corpus at {CORPUS}")
    return CORPUS
