"""Readers during a publish: how many get a page of one build with the stylesheet of another.

Runs the `invoke publish` of a given commit (default: the working tree) against a
real sshd on 127.0.0.1 (tests/publish/sshd.py), serves the deploy folder with
Debian's nginx (its ``current`` release when there is one), and while two
publishes run (the sample site A, then B with a changed stylesheet and a new
post, then A again) one reader fetches the home page and the stylesheet it
links, over and over.  A pair is *mixed* when the page's bytes are one build's
and the stylesheet's the other's; *failed* when an answer is not 200 or is no
build's bytes.  Usage, from the repository root::

    .venv/bin/python benchmarks/publish_readers.py [--commit COMMIT]

e.g. ``--commit 64cefda`` (rsync --delay-updates into the live folder) against
the working tree (releases behind a symlink).  Needs sshd, rsync and nginx, as
the deploy tests do.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import io
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from nginx_support import nginx  # noqa: E402
from publish.sshd import SshServer, free_port  # noqa: E402

SITEURL = "https://films.publish-test.net"
STYLESHEET = re.compile(rb'<link rel="stylesheet" href="' + re.escape(SITEURL.encode()) + rb'/([^"]+\.css)"')
PROJECT = ("pelicanconf.py", "publishconf.py", "tasks.py", "invoke.yaml", "content", "theme", "plugins", "sitetools")


def sources(commit: str, dest: Path) -> Path:
    """The project at ``commit`` (git archive), or the working tree's files."""
    dest.mkdir(parents=True)
    if commit:
        archive = subprocess.run(["git", "archive", commit, *PROJECT], cwd=ROOT, capture_output=True, check=True)
        tarfile.open(fileobj=io.BytesIO(archive.stdout)).extractall(dest)
    else:
        for name in PROJECT:
            copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy2
            copy(ROOT / name, dest / name, **({"ignore": shutil.ignore_patterns("__pycache__")}
                                              if (ROOT / name).is_dir() else {}))
    return dest


def changed(project: Path) -> Path:
    css = project / "theme" / "static" / "css" / "style.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n.release-b { outline-offset: 1px; }\n", encoding="utf-8")
    (project / "content" / "articles" / "reel-notes.md").write_text(
        "Title: Reel notes\nDate: 2026-11-30T10:00:00+01:00\nSlug: reel-notes\nCategory: Production\n"
        "Summary: Reel notes.\n\nReel notes, a paragraph.\n", encoding="utf-8")
    return project


def digests(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*")
            if p.is_file()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--commit", default="", help="the commit whose publish to measure (default: the working tree)")
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if not k.startswith("INVOKE_")}
    env["SITEURL"] = SITEURL
    with tempfile.TemporaryDirectory(prefix="publish-readers-") as tmp:
        work = Path(tmp)
        a = sources(args.commit, work / "A")
        b = changed(shutil.copytree(a, work / "B"))
        builds = {}
        for name, project in (("A", a), ("B", b)):
            out = work / f"out-{name}"
            subprocess.run([sys.executable, "-m", "pelican", "content", "-o", str(out), "-s", "publishconf.py",
                            "--fatal", "errors"], cwd=project, env=env, check=True, capture_output=True)
            builds[name] = digests(out)
        server = SshServer(work / "sshd").start()
        target = work / "www"
        deploy_env = dict(env, **server.deploy_env(target))

        def publish(project: Path) -> None:
            result = subprocess.run([sys.executable, "-m", "invoke", "publish"], cwd=project, env=deploy_env,
                                    capture_output=True, text=True)
            if result.returncode:
                raise SystemExit(result.stdout + result.stderr)

        def which(path: str, body: bytes) -> set[str]:
            digest = hashlib.sha256(body).hexdigest()
            return {name for name, files in builds.items() if files.get(path) == digest}

        stats = {"pairs": 0, "mixed": 0, "failed": 0}
        counting, stop = threading.Event(), threading.Event()
        port = free_port()

        def reader() -> None:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)

            def get(path: str) -> tuple[int, bytes]:
                nonlocal connection
                for attempt in (1, 2):
                    try:
                        connection.request("GET", "/" + path)
                        response = connection.getresponse()
                        return response.status, response.read()
                    except (http.client.RemoteDisconnected, ConnectionError):  # nginx's keepalive_requests
                        connection.close()
                        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                        if attempt == 2:
                            raise
                raise AssertionError("unreachable")

            while not stop.is_set():
                status, home = get("")
                style = STYLESHEET.search(home)
                css_status, css = get(style.group(1).decode()) if status == 200 and style else (0, b"")
                if not counting.is_set():
                    continue
                stats["pairs"] += 1
                pages, sheets = which("index.html", home), which(style.group(1).decode(), css) if style else set()
                if status != 200 or css_status != 200 or not pages or not sheets:
                    stats["failed"] += 1
                elif not pages & sheets:
                    stats["mixed"] += 1

        try:
            publish(a)
            root = target / "current" if (target / "current").is_symlink() else target
            with nginx(port, f"    root {root};\n    location / {{ try_files $uri $uri/ =404; }}"):
                thread = threading.Thread(target=reader, daemon=True)
                thread.start()
                time.sleep(0.3)
                started = time.monotonic()
                for project in (b, a):
                    counting.set()
                    publish(project)
                    counting.clear()
                    time.sleep(0.2)
                seconds = time.monotonic() - started
                stop.set()
                thread.join(10)
        finally:
            server.stop()
    pairs = stats["pairs"]
    print(f"{args.commit or 'working tree'}: {pairs} page + stylesheet pairs ({2 * pairs} fetches) during two publishes "
          f"({seconds:.1f} s): {stats['mixed']} mixed ({100 * stats['mixed'] / max(pairs, 1):.2f} %), "
          f"{stats['failed']} failed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
