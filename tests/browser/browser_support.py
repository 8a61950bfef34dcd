"""Helpers for the browser tests (a module name of its own: test folders share one import path)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

_SHARED = Path(__file__).resolve().parent.parent / "conftest.py"


def _shared_require():
    # tests/conftest.py cannot be imported by name from here (every conftest.py is "conftest"),
    # so load it under a private name for its require().
    spec = importlib.util.spec_from_file_location("_shared_tests_conftest", _SHARED)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.require


require = _shared_require()
