"""The npm packages the browser tests use (package-lock.json): installed, and the locked versions?

``invoke test`` runs ``npm ci`` when they are not, so the README's test command needs no other step;
``.ci/run`` installs Node and npm with the other Debian packages.
"""

from __future__ import annotations

import json
from pathlib import Path


def stale_packages(root: Path) -> list[str]:
    """The locked packages missing from node_modules or at another version there ("name: why").

    Empty when node_modules matches package-lock.json (or there is no lock file: nothing to install).
    """
    lock_file = Path(root) / "package-lock.json"
    if not lock_file.is_file():
        return []
    lock = json.loads(lock_file.read_text(encoding="utf-8"))
    stale = []
    for path, entry in sorted((lock.get("packages") or {}).items()):
        if not path.startswith("node_modules/") or entry.get("link") or entry.get("optional"):
            continue
        name = path.removeprefix("node_modules/")  # nested ones as "lighthouse/node_modules/debug"
        manifest = Path(root) / path / "package.json"
        if not manifest.is_file():
            stale.append(f"{name}: not installed")
            continue
        try:
            installed = json.loads(manifest.read_text(encoding="utf-8")).get("version")
        except (OSError, ValueError):
            installed = None
        if installed != entry.get("version"):
            stale.append(f"{name}: {installed or 'unreadable'} installed, {entry.get('version')} locked")
    return stale
