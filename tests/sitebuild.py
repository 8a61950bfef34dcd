"""Helpers for tests that build the whole site with Pelican, in a child process."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from helpers import ROOT

PROJECT_FILES = ("pelicanconf.py", "publishconf.py", "tasks.py", "invoke.yaml", "content", "theme", "plugins", "wparchive",
                 "siteconf")


# Whether the running test is marked `site` (set by tests/conftest.py; None outside a test).
site_test: bool | None = None


def build(output: Path, settings: str = "pelicanconf.py", cwd: Path = ROOT, extra: list[str] | None = None):
    """Run Pelican like `invoke build` does; returns the CompletedProcess."""
    if site_test is False:
        raise AssertionError("a whole-site build in a test without @pytest.mark.site: mark the test (or its module) "
                             "so that `invoke test --fast` leaves it out")
    cmd = [sys.executable, "-m", "pelican", "content", "-o", str(output), "-s", settings, "--fatal", "warnings"]
    env = dict(os.environ, COLUMNS="200")
    return subprocess.run(cmd + (extra or []), cwd=cwd, capture_output=True, text=True, env=env)


def run_folder(tmp_path_factory) -> Path:
    """The temporary folder of this test run, shared by all its pytest-xdist workers (each has a folder in it)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def once_per_run(tmp_path_factory, name: str, make) -> Path:
    """``make(folder)`` run once in this test run for ``name``, whichever worker asks first; returns the folder.

    The others wait on a lock, then share what it wrote (read only).  A ``make`` that fails is not
    marked done, so the next test to ask starts again and reports the failure itself.
    """
    shared = run_folder(tmp_path_factory) / "shared"
    shared.mkdir(exist_ok=True)
    folder, done = shared / name, shared / f"{name}.done"
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


def sample_build(tmp_path_factory, settings: str = "pelicanconf.py", extra: list[str] | None = None):
    """The repository's sample site built as `build` does, once per test run for these arguments.

    Every module and worker that asks for the same settings and ``-e`` overrides shares the one build:
    read it, never change it (copy it first).  Returns (output folder, Pelican's log).
    """
    key = hashlib.sha256(json.dumps([settings, extra or []]).encode()).hexdigest()[:16]

    def make(folder: Path) -> None:
        result = build(folder / "output", settings=settings, extra=extra)
        assert result.returncode == 0, result.stdout + result.stderr
        (folder / "pelican.log").write_text(result.stdout + result.stderr, encoding="utf-8")

    folder = once_per_run(tmp_path_factory, f"build-{key}", make)
    return folder / "output", (folder / "pelican.log").read_text(encoding="utf-8")


def copy_project(dest: Path) -> Path:
    """A copy of the site sources, to change content without touching the repository."""
    for name in PROJECT_FILES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / name)
    return dest


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under a folder with the SHA-256 of its bytes."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def read_metadata(path: Path) -> dict[str, str]:
    """The Pelican metadata header of a Markdown file (key: value lines up to the first blank)."""
    meta = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            break
        key, _, value = line.partition(":")
        meta[key.strip().lower()] = value.strip()
    return meta
