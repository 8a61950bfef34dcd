"""Fixtures for tests in a real browser: Debian's Chromium driven by Playwright, axe-core from npm.

The sample site is built once (like `invoke build`, with a newsletter form configured and threads
collapsed from 2 replies, so every part of the theme is on the pages) and served on 127.0.0.1 on a
free port.  Missing Chromium, Playwright or axe-core skips these tests locally and fails them under
CI=true (`require` in tests/helpers.py).
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

from helpers import ROOT, require, static_server
from sitebuild import sample_build

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"
BUILD_SETTINGS = ["-e", "COMMENTS_COLLAPSE_REPLIES=2", 'NEWSLETTER_ACTION="https://newsletter.example/subscribe"']


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    return sample_build(tmp_path_factory, extra=BUILD_SETTINGS)[0]


@pytest.fixture(scope="session")
def base_url(built_site):
    """http://127.0.0.1:<free port> serving the built site (stopped at the end of the session)."""
    with static_server(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    require(CHROMIUM.is_file() or shutil.which("chromium") is not None, f"Chromium at {CHROMIUM} (apt-get install chromium)")
    require(importlib.util.find_spec("playwright") is not None, "Playwright for Python (requirements-test.txt)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    require(AXE.is_file(), f"axe-core at {AXE} (npm ci)")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


class Visit:
    """A browser context that records every request the pages make."""

    def __init__(self, browser, base_url, **options):
        self.base_url = base_url
        self.context = browser.new_context(**options)
        self.requests: list[str] = []
        self.failed: list[str] = []
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.context.on("requestfailed", lambda request: self.failed.append(request.url))
        # Recorded above, then stopped here: nothing a test page asks for ever leaves this machine.
        own = base_url + "/"
        self.context.route(lambda url: not url.startswith(own), lambda route: route.abort())
        self.page = self.context.new_page()

    def open(self, path: str):
        response = self.page.goto(self.base_url + path, wait_until="load")
        return response

    def foreign_requests(self) -> list[str]:
        own = self.base_url + "/"
        return [url for url in self.requests if not url.startswith(own)]

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser, base_url):
    """visit(**context options) -> Visit; contexts are closed after the test."""
    opened: list[Visit] = []

    def make(**options) -> Visit:
        options.setdefault("viewport", {"width": 1280, "height": 900})
        v = Visit(browser, base_url, **options)
        opened.append(v)
        return v

    yield make
    for v in opened:
        v.close()
