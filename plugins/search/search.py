"""Site search with Pagefind: the index is built from the output after every build.

Pagefind (PyPI ``pagefind`` + its binary ``pagefind-bin``, both pinned in
requirements.txt) reads the written HTML and puts a static index and its
browser code in ``<output>/pagefind/``; nothing is downloaded at build time and
the search page loads nothing from another host.

It runs on Pelican's ``finalized`` signal, so every way of building the site
gets a fresh index with no extra step: ``invoke build``/``rebuild``/
``regenerate``/``livereload``/``preview``, the production build of
``invoke publish`` and ``invoke gh-pages`` (sitetools/deploy.py), and the
tests' builds.  What is indexed is decided by the theme: ``data-pagefind-body``
on the main element of article and page templates (drafts excepted),
``data-pagefind-ignore`` on what is not the post (author box, newsletter, post
navigation, meta line) and on the comments unless ``COMMENTS_SEARCHABLE``.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from . import settings as extras_settings
from siteconf.urls import is_absolute

logger = logging.getLogger(__name__)

BUNDLE_DIR = "pagefind"  # Pagefind's default output sub-folder; the search page links into it


class SearchIndexError(Exception):
    """Pagefind is missing or failed; the message says what to do."""


@dataclass
class IndexRun:
    pages: int
    words: int
    seconds: float
    bytes: int


def base_url(siteurl: str | None) -> str:
    """The path the site lives under (``/`` or ``/repo/`` on a GitHub project site): Pagefind's ``baseUrl``."""
    if not is_absolute(siteurl):
        return "/"
    path = urlsplit(siteurl).path.strip("/")
    return f"/{path}/" if path else "/"


def folder_size(folder: str) -> int:
    return sum(os.path.getsize(os.path.join(d, n)) for d, _, names in os.walk(folder) for n in names)


def run_pagefind(output_path: str) -> IndexRun:
    """Index a built site; the previous index is replaced (Pagefind's file names change with the content)."""
    bundle = os.path.join(output_path, BUNDLE_DIR)
    if os.path.isdir(bundle):
        shutil.rmtree(bundle)
    # The avatar discs hold initials ("HK"): noise in excerpts, so not indexed.
    cmd = [sys.executable, "-m", "pagefind", "--site", output_path, "--exclude-selectors", ".avatar"]
    started = time.monotonic()
    try:
        result = subprocess.run(cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    except OSError as error:  # pragma: no cover - the interpreter itself is there
        raise SearchIndexError(f"could not run Pagefind: {error}") from None
    seconds = time.monotonic() - started
    output = (result.stdout or "") + (result.stderr or "")
    if result.returncode != 0 or not os.path.isfile(os.path.join(bundle, "pagefind-ui.js")):
        if "No module named pagefind" in output or "Could not find" in output:
            raise SearchIndexError(
                "Pagefind is not installed: `.venv/bin/pip install -r requirements.txt` installs it "
                "(packages pagefind and pagefind-bin)."
            )
        raise SearchIndexError(f"Pagefind failed (exit {result.returncode}):\n{output.strip()}")
    pages = re.search(r"Indexed (\d+) pages?", output)
    words = re.search(r"Indexed (\d+) words?", output)
    return IndexRun(
        pages=int(pages.group(1)) if pages else 0,
        words=int(words.group(1)) if words else 0,
        seconds=seconds,
        bytes=folder_size(bundle),
    )


def index_site(pelican) -> None:
    """finalized: build the search index of what Pelican just wrote."""
    settings = pelican.settings
    if not extras_settings.get(settings, "SEARCH_SAVE_AS") or not extras_settings.get(settings, "SEARCH_INDEX"):
        return
    try:
        run = run_pagefind(pelican.output_path)
    except SearchIndexError as error:
        logger.error("Site search: %s", error)
        return
    logger.info(
        "Site search: Pagefind indexed %d pages (%d words) in %.2f s; index %d KB in %s/",
        run.pages, run.words, run.seconds, run.bytes // 1024, BUNDLE_DIR,
    )
