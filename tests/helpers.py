"""What every test module shares: the project's folders, the sample site's zone, `require` and `free_port`.

A module of its own, not ``conftest.py``: every conftest.py is imported as "conftest", so tests (and the
support modules beside them) could not import this by name from there.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import os
import socket
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
COMMENTS = CONTENT / "comments"
FIXTURES = ROOT / "tests" / "fixtures"
CORPUS = ROOT.parent / "shared" / "corpus"
BERLIN = ZoneInfo("Europe/Berlin")  # the sample site's TIMEZONE
UTC = ZoneInfo("UTC")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require(condition: bool, what: str) -> None:
    """Skip a test whose real part is missing, except under CI, where it must fail."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{what} is missing, and CI=true: this test must run in CI")
    pytest.skip(f"{what} is missing")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now (the kernel's pick, so parallel workers differ)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class QuietHandler(SimpleHTTPRequestHandler):
    """The standard library's static file handler, without a log line per request."""

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@contextlib.contextmanager
def static_server(folder: Path, port: int = 0):
    """Serve ``folder`` on 127.0.0.1 (a free port unless one is given); yields its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", port), functools.partial(QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def turn(alone: bool):
    """A test's turn among the pytest-xdist workers of this run: side by side, or ``alone`` (no other test runs).

    Two lock files shared by the workers: each test holds ``tests`` shared while it runs; an ``alone``
    test holds it exclusively, and holds ``gate`` from before it waits until it is done, so that no other
    test starts meanwhile (without the gate, the other worker's next tests could keep it waiting).
    """
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    if not run:
        yield  # one process: every test runs alone anyway
        return
    folder = Path(tempfile.gettempdir())
    with open(folder / f"pytest-{run}.gate", "a") as gate, open(folder / f"pytest-{run}.tests", "a") as tests:
        fcntl.flock(gate, fcntl.LOCK_EX)
        try:
            if alone:
                fcntl.flock(tests, fcntl.LOCK_EX)
            else:
                fcntl.flock(tests, fcntl.LOCK_SH)
                fcntl.flock(gate, fcntl.LOCK_UN)
            yield
        finally:
            fcntl.flock(tests, fcntl.LOCK_UN)
            fcntl.flock(gate, fcntl.LOCK_UN)
