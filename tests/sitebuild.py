"""Helpers for tests that build the whole site with Pelican, in a child process."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT_FILES = ("pelicanconf.py", "publishconf.py", "tasks.py", "invoke.yaml", "content", "theme", "plugins", "wparchive",
                 "siteconf")


def build(output: Path, settings: str = "pelicanconf.py", cwd: Path = ROOT, extra: list[str] | None = None):
    """Run Pelican like `invoke build` does; returns the CompletedProcess."""
    cmd = [sys.executable, "-m", "pelican", "content", "-o", str(output), "-s", settings, "--fatal", "warnings"]
    env = dict(os.environ, COLUMNS="200")
    return subprocess.run(cmd + (extra or []), cwd=cwd, capture_output=True, text=True, env=env)


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
