"""`invoke test` installs the browser tests' npm packages (package-lock.json) when node_modules lacks them,
so the README's test command needs no other step; with them installed it runs no npm at all.

The task runs for real in a copy of the project, with a stand-in `npm` first on PATH that records its
arguments and installs what the lock names (no network); pytest itself is asked only for its version.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import ROOT


from sitetools import node_tools  # noqa: E402

LOCK = {
    "name": "x", "lockfileVersion": 3, "requires": True,
    "packages": {
        "": {"name": "x", "devDependencies": {"axe-core": "4.14.1", "lighthouse": "12.2.3"}},
        "node_modules/axe-core": {"version": "4.14.1", "dev": True},
        "node_modules/lighthouse": {"version": "12.2.3", "dev": True},
        "node_modules/lighthouse/node_modules/debug": {"version": "4.3.4", "dev": True},
        "node_modules/fsevents": {"version": "2.3.3", "dev": True, "optional": True},
    },
}

# Installs every package of the lock at its version, like `npm ci` would, and logs the call.
FAKE_NPM = """#!/usr/bin/env python3
import json, os, sys
with open(os.environ["NPM_LOG"], "a") as log:
    log.write(" ".join(sys.argv[1:]) + "\\n")
lock = json.load(open("package-lock.json"))
for path, entry in lock["packages"].items():
    if path.startswith("node_modules/") and not entry.get("optional"):
        os.makedirs(path, exist_ok=True)
        json.dump({"version": entry["version"]}, open(os.path.join(path, "package.json"), "w"))
"""


def install(root: Path, path: str, version: str) -> None:
    (root / path).mkdir(parents=True, exist_ok=True)
    (root / path / "package.json").write_text(json.dumps({"version": version}), encoding="utf-8")


def test_stale_packages_names_what_is_missing_or_another_version(tmp_path):
    assert node_tools.stale_packages(tmp_path) == []  # no lock: nothing to install
    (tmp_path / "package-lock.json").write_text(json.dumps(LOCK), encoding="utf-8")
    assert node_tools.stale_packages(tmp_path) == [
        "axe-core: not installed", "lighthouse: not installed", "lighthouse/node_modules/debug: not installed"]
    install(tmp_path, "node_modules/axe-core", "4.14.1")
    install(tmp_path, "node_modules/lighthouse", "12.3.0")
    install(tmp_path, "node_modules/lighthouse/node_modules/debug", "4.3.4")
    assert node_tools.stale_packages(tmp_path) == ["lighthouse: 12.3.0 installed, 12.2.3 locked"]
    install(tmp_path, "node_modules/lighthouse", "12.2.3")
    assert node_tools.stale_packages(tmp_path) == []  # the optional fsevents is not needed


@pytest.mark.slow
def test_invoke_test_runs_npm_ci_only_when_node_modules_is_stale(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    for name in ("tasks.py", "invoke.yaml", "package.json", "package-lock.json"):
        shutil.copy2(ROOT / name, project / name)
    shutil.copytree(ROOT / "sitetools", project / "sitetools", ignore=shutil.ignore_patterns("__pycache__"))
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "npm").write_text(FAKE_NPM, encoding="utf-8")
    (bin_dir / "npm").chmod(0o755)
    log = tmp_path / "npm.log"
    env = dict(os.environ, PATH=f"{bin_dir}:{os.environ['PATH']}", NPM_LOG=str(log))

    def invoke_test():
        return subprocess.run([sys.executable, "-m", "invoke", "test", "--args", "--version"], cwd=project,
                              capture_output=True, text=True, env=env)

    first = invoke_test()
    assert first.returncode == 0, first.stdout + first.stderr
    assert log.read_text().splitlines() == ["ci --no-audit --no-fund"]
    assert "npm ci (node_modules does not match package-lock.json: " in first.stderr
    assert "pytest" in first.stdout + first.stderr  # then the tests ran (here: pytest --version)
    assert node_tools.stale_packages(project) == []
    second = invoke_test()
    assert second.returncode == 0, second.stdout + second.stderr
    assert log.read_text().splitlines() == ["ci --no-audit --no-fund"]  # installed: no second npm ci
    assert "npm ci" not in second.stderr
