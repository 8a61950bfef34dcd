"""A real Isso for tests: the pinned package's own `isso` command, on 127.0.0.1, with a temporary database.

The configuration is the one `invoke isso-config` writes (moderation and the guard on). New comments
are approved the way an author does with ``notify = stdout``: by the "Activate comment" link Isso logs.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from helpers import ROOT, require
from sitebuild import copy_project


ISSO = Path(sys.executable).parent / "isso"


def copy_project_with_tools(dest: Path) -> Path:
    """A copy of the site sources with sitetools/ (the isso-config task's code)."""
    copy_project(dest)
    shutil.copytree(ROOT / "sitetools", dest / "sitetools", ignore=shutil.ignore_patterns("__pycache__"))
    return dest


def write_config(project: Path, site: str, isso_url: str, database: Path) -> Path:
    """`invoke isso-config` in the project, for this site and Isso address; returns isso.cfg."""
    port = isso_url.rstrip("/").rsplit(":", 1)[1]
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "isso-config", "--site", site, "--url", isso_url,
         "--listen", f"http://127.0.0.1:{port}", "--db", str(database)],
        cwd=project, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "isso.cfg"


class IssoServer:
    """`isso -c CONFIG run` in a child process; its log is kept to read the moderation links."""

    def __init__(self, config: Path, url: str, log: Path):
        require(importlib.util.find_spec("isso") is not None and ISSO.exists(),
                "Isso (pip install -r requirements-isso.txt)")
        self.config, self.url, self.log = config, url.rstrip("/"), log
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen([str(ISSO), "-c", str(self.config), "run"], stdout=log,
                                            stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "Isso exited:\n" + self.log.read_text(errors="replace")
            try:
                with urllib.request.urlopen(self.url + "/config", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                time.sleep(0.2)
        raise AssertionError("Isso did not answer within 30 s:\n" + self.log.read_text(errors="replace"))

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    # Isso's HTTP API, as its client and its author use it.
    def get(self, path: str):
        with urllib.request.urlopen(self.url + path, timeout=10) as response:
            return json.loads(response.read())

    def thread(self, uri: str) -> list[dict]:
        """Every published comment of a thread, flat (Isso nests one level)."""
        answer = self.get("/?" + urllib.parse.urlencode({"uri": uri}))
        flat = []
        for comment in answer["replies"]:
            flat.append(comment)
            flat.extend(comment.get("replies", []))
        return flat

    def post(self, uri: str, data: dict, reader_address: str) -> dict:
        """POST /new as a reader at ``reader_address`` (behind the trusted proxy on 127.0.0.1)."""
        request = urllib.request.Request(
            self.url + "/new?" + urllib.parse.urlencode({"uri": uri}), data=json.dumps(data).encode(),
            headers={"Content-Type": "application/json", "X-Forwarded-For": reader_address}, method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status in (201, 202), response.status
            return json.loads(response.read())

    def approve(self, comment_id: int) -> None:
        """POST the "Activate comment" link Isso logged for this comment (notify = stdout)."""
        deadline = time.monotonic() + 10
        pattern = re.compile(r"Activate comment: (\S+/id/%d/activate/\S+)" % comment_id)
        while not (found := pattern.search(self.log.read_text(errors="replace"))):
            assert time.monotonic() < deadline, f"Isso logged no activation link for comment {comment_id}"
            time.sleep(0.2)
        request = urllib.request.Request(found.group(1), data=b"", method="POST")
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200

