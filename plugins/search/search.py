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
navigation, meta line) and on the comments, which have a bundle of their own
(``comments.py``, ``<output>/pagefind-comments/``), started as soon as the comments are attached
(``all_generators_finalized``): Pagefind indexes them on the other core while Pelican writes the site,
which leaves that core idle, and ``finalized`` waits for it beside the posts' run.

Pagefind is given only the files Pelican wrote for an article or a page (seen on
``content_written``), not the whole output: the listing pages (index pages,
categories, tags, authors, archives) have no ``data-pagefind-body``, so Pagefind
would skip their text anyway, yet reading and parsing them was about a sixth of
its work.  Those files are hard-linked into a folder kept in ``CACHE_PATH/search/``
(``staging_folder``), at their paths in the site, and Pagefind runs on that folder with
its bundle written to ``<output>/pagefind/``: the index and its URLs are the same as
from the whole site.  The next build changes in that folder only what changed.
A page with archived comments is copied there without its comment section instead
(the section's HTML as the archived_comments plugin rendered it, ``comment_section.html``,
read by name): the section is ``data-pagefind-ignore``, so the index is the same, but
Pagefind no longer parses it (20 comments make a post's page three times as long, and
the posts' index took half as long again to make).  Such a copy has its page's modification time;
a page the writer left unchanged (``siteconf.hooks.output_unchanged``: only its time moved) whose
copy has the time the page had before is not read again (1,000 posts of 20 comments: 32 MB a
warm build read back to find the same copies).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlsplit

from . import settings as extras_settings
from .comments import CACHE_DIR, COMMENTS_BUNDLE_DIR, build_comments_bundle, comment_pages, kept_bundle
from siteconf.background import behind_the_build
from siteconf.files import link_or_copy, same_bytes, write_atomically
from siteconf.urls import is_absolute

logger = logging.getLogger(__name__)

BUNDLE_DIR = "pagefind"  # Pagefind's default output sub-folder; the search page links into it


class SearchIndexError(Exception):
    """Pagefind is missing or failed; the message says what to do."""


@dataclass
class IndexRun:
    files: int  # HTML files given to Pagefind
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


# Output files of articles and pages written by the current build (content_written), by output folder,
# each with the HTML that Pagefind's copy of it leaves out (its comment section; "" for none).
_searchable: dict[str, dict[str, str]] = {}


# The comments bundle's pages (comments.comment_pages), by output folder, set once the comments are attached.
_comment_pages: dict[str, list] = {}

# The comments bundle being made (``build_comments_bundle`` in another process), or the kept one that
# ``index_site`` links, by output folder.
_comments_bundles: dict[str, Future | str] = {}


# Output files the writer left unchanged this build, by absolute path: (its modification time before,
# after, in nanoseconds; its size), from ``siteconf.hooks.output_unchanged``.
_unchanged: dict[str, tuple[int, int, int]] = {}


def note_unchanged(path: str, data: bytes, before_ns: int, after_ns: int) -> None:
    """output_unchanged: keep the page's times and size (see ``link_tree``)."""
    _unchanged[os.path.abspath(path)] = (before_ns, after_ns, len(data))


def forget_written(pelican) -> None:
    """initialized / finalized: start each build (autoreload runs several in one process) with no file."""
    root = os.path.realpath(pelican.output_path)
    _searchable.pop(root, None)
    _unchanged.clear()
    _comment_pages.pop(root, None)
    left = _comments_bundles.pop(root, None)
    if isinstance(left, Future):  # a build that stopped before finalized: its bundle is not the next one's
        left.exception()


def keep_comment_pages(output_path: str, pages: list) -> None:
    _comment_pages[os.path.realpath(output_path)] = pages


def kept_comment_pages(output_path: str) -> list | None:
    """The comment pages kept for this build's output, or None before they are made."""
    return _comment_pages.get(os.path.realpath(output_path))


def start_comments_bundle(output_path: str, pages: list, cache_path: str | None) -> None:
    """Index ``pages`` meanwhile, unless the cache holds their bundle: ``index_site`` waits for the
    one, and links the other beside the posts' run (linking it here, in a thread, took the
    interpreter's lock from Pelican's writing at each of its few hundred files)."""
    kept = kept_bundle(pages, cache_path, {})
    _comments_bundles[os.path.realpath(output_path)] = kept or _comments_bundle_in_background(
        output_path, pages, cache_path, None)


# What the forked process makes its pages of: (contents, settings), set until its bundle is made.
_TO_MAKE: tuple | None = None


def start_comments_bundle_of(output_path: str, contents: list, settings: dict) -> bool:
    """``start_comments_bundle`` for pages the cache does not hold (a cold build): they are made with
    the bundle, in its forked process (400 posts of 20 comments: 0.13 s of date formatting off the
    build's own core).  False where no process can be forked (then the caller makes the pages)."""
    global _TO_MAKE
    pool = _forked_pool()
    if pool is None:
        return False
    # The process is forked from this one (in submit, with the fork context): it sees _TO_MAKE, and the
    # contents are not pickled to it.  Let go of once the bundle is made.
    _TO_MAKE = (contents, settings)
    try:
        future = pool.submit(_make_comments_bundle, output_path, settings.get("CACHE_PATH"))
    except BaseException:
        _TO_MAKE = None
        raise
    finally:
        pool.shutdown(wait=False)
    future.add_done_callback(_forget_what_to_make)
    _comments_bundles[os.path.realpath(output_path)] = future
    return True


def _forget_what_to_make(_future) -> None:
    global _TO_MAKE
    _TO_MAKE = None


def _make_comments_bundle(output_path: str, cache_path: str | None):
    behind_the_build()  # the writing is what the build waits for, not the comments' index
    contents, settings = _TO_MAKE
    return build_comments_bundle(output_path, comment_pages(contents, settings), cache_path, {})


def comments_bundle_started(output_path: str) -> bool:
    return os.path.realpath(output_path) in _comments_bundles


def _comments_bundle_in_background(output_path: str, pages: list, cache_path: str | None,
                                   kept: str | None) -> Future:
    """``comments.build_comments_bundle`` beside the build: in a thread where the cache holds the
    bundle (``kept``: a few hundred files linked), else in a process of its own, forked from the build's.

    Indexing not in a thread: Pagefind's service answers each page, and a thread reading those
    answers took the interpreter's lock from Pelican's writing a thousand times (writing 400 posts
    took 0.2 s longer); a forked process shares nothing but what it was given.  Where processes
    cannot be forked, a thread."""
    pool = None if kept else _forked_pool()
    if pool is not None:
        try:
            return pool.submit(_build_behind_the_build, output_path, pages, cache_path)
        finally:
            pool.shutdown(wait=False)  # the process ends with its one task
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="comments-search-index")
    try:
        return pool.submit(build_comments_bundle, output_path, pages, cache_path, {}, kept)
    finally:
        pool.shutdown(wait=False)  # the thread ends with its one task


def _build_behind_the_build(output_path: str, pages: list, cache_path: str | None):
    behind_the_build()  # the writing is what the build waits for, not the comments' index
    return build_comments_bundle(output_path, pages, cache_path, {}, None)


def _forked_pool() -> ProcessPoolExecutor | None:
    """One process, forked from the build's at the first ``submit``; None where processes cannot be forked."""
    try:
        return ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
    except ValueError:  # no fork on this platform
        return None


def note_written(path: str, context: dict) -> None:
    """content_written: keep the files written for an article or a page (translations and drafts too;
    the template decides with ``data-pagefind-body`` which of them are searchable)."""
    if context.get("article") is None and context.get("page") is None:
        return
    output = context.get("OUTPUT_PATH")
    if output:
        section = getattr(context.get("article") or context.get("page"), "comment_section", None)
        left_out = getattr(section, "html", None) or ""
        _searchable.setdefault(os.path.realpath(output), {})[os.path.realpath(path)] = left_out


def written_pages(output_path: str) -> list[str]:
    """The article and page files this build wrote under ``output_path``, relative to it, sorted."""
    root = os.path.realpath(output_path)
    return sorted(
        os.path.relpath(path, root) for path in _searchable.get(root, ())
        if os.path.commonpath([root, path]) == root and os.path.isfile(path)
    )


def left_out_of_index(output_path: str) -> dict[str, str]:
    """The HTML each article and page file this build wrote (relative to ``output_path``) leaves out of
    Pagefind's copy of it: its comment section, for those that have one."""
    root = os.path.realpath(output_path)
    return {os.path.relpath(path, root): text for path, text in _searchable.get(root, {}).items() if text}


STAGING_THREADS = 2


def link_tree(source: str, files: list[str], dest: str, left_out: dict[str, str] | None = None,
              unchanged: dict[str, tuple[int, int, int]] | None = None) -> None:
    """Make ``dest`` hold ``files`` (relative to ``source``) at the same paths, and nothing else: hard
    links, copies where the file system has none; a file named in ``left_out`` is written without that
    text (once, where its page has it: else linked whole), with the page's modification time.  What
    ``dest`` holds already and is still right is left as it is: a folder kept from the last build
    (``staging_folder``) gets only the pages that changed written again.  A page in ``unchanged`` (by
    absolute path: modification time before and after the writer found it unchanged, size) is not read where it
    still has that time and size (nothing rewrote it since) and its copy has the time before: the copy
    was made from these bytes."""
    wanted = set(files)
    for folder, _, names in os.walk(dest):
        for name in names:
            path = os.path.join(folder, name)
            if os.path.relpath(path, dest) not in wanted:
                os.remove(path)

    def stage(name: str) -> None:
        page_path, target = os.path.join(source, name), os.path.join(dest, name)
        text = (left_out or {}).get(name)
        if text:
            if unchanged and _copy_still_right(page_path, target, unchanged.get(os.path.abspath(page_path))):
                return
            # Bytes, not text: a page of 2,000 comments with one emoji is 4 bytes a character as a str.
            with open(page_path, "rb") as handle:
                page = handle.read()
                page_time = os.fstat(handle.fileno()).st_mtime_ns
            cut = text.encode("utf-8")
            start = _find(page, cut)
            if start >= 0:
                data = page[:start] + page[start + len(cut):]
                if not same_bytes(target, data):  # beside it, then moved over: never through a link
                    write_atomically(target, lambda handle: handle.write(data))
                os.utime(target, ns=(page_time, page_time))
                return
        try:
            if os.path.samefile(page_path, target):
                return  # linked by an earlier build, and the page written in place since
        except OSError:
            pass
        _replace_with_link(page_path, target)

    # Two at a time: what a page costs here is the file system's (a cut copy is a new file, and after
    # ``rm -rf output cache`` ext4 searched past every inode just freed for each new one: 1,000 pages
    # with comments, 1.0 s one by one, 0.45 s two at a time, more with four), in system calls that let
    # go of the interpreter's lock.  Which thread writes a page changes nothing in it.
    with ThreadPoolExecutor(max_workers=STAGING_THREADS, thread_name_prefix="search-staging") as pool:
        for _ in pool.map(stage, files):
            pass  # an error in one is raised here


def _copy_still_right(page_path: str, target: str, times: tuple[int, int, int] | None) -> bool:
    """Whether ``target``, the cut copy of an unchanged page (``times``: see ``link_tree``), was made
    from its bytes; then it gets the page's new time, for the next build to compare."""
    if times is None:
        return False
    before, after, size = times
    try:
        page, copy = os.stat(page_path), os.stat(target)
    except OSError:
        return False
    if page.st_mtime_ns != after or page.st_size != size or copy.st_mtime_ns != before or os.path.samestat(page, copy):
        return False
    os.utime(target, ns=(after, after))
    return True


def _find(data: bytes, part: bytes) -> int:
    """``data.find(part)``, found by the first bytes of ``part`` and then compared: for a comment
    section of tens of kilobytes, the full search's set-up was most of its cost (1,000 pages: 31 ms)."""
    head = part[:64]
    start = data.find(head)
    while start >= 0 and not data.startswith(part, start):
        start = data.find(head, start + 1)
    return start


def _replace_with_link(page_path: str, target: str) -> None:
    os.makedirs(os.path.dirname(target), exist_ok=True)
    if os.path.lexists(target):
        os.remove(target)
    link_or_copy(page_path, target)


def staging_folder(output_path: str, cache_path: str | None):
    """The folder Pagefind reads the pages from: kept in ``CACHE_PATH/search/`` (one per output folder),
    where the next build finds the pages it does not change already there (400 posts: 0.2 s a warm
    build made them all again), when it is on the output's file system; else a temporary one beside the
    output (same file system, so links not copies), never inside it: nothing to deploy.  None where
    neither can be made."""
    if cache_path:
        name = "pages-" + hashlib.sha256(os.path.realpath(output_path).encode()).hexdigest()[:16]
        folder = os.path.join(cache_path, CACHE_DIR, name)
        try:
            os.makedirs(folder, exist_ok=True)
            # On another file system than the output, every page would be copied: links only where linked.
            if os.stat(folder).st_dev == os.stat(output_path).st_dev:
                return contextlib.nullcontext(folder)
        except OSError:
            pass
    try:
        return tempfile.TemporaryDirectory(prefix=".pagefind-pages-", dir=os.path.dirname(os.path.abspath(output_path)))
    except OSError:
        return None


def run_pagefind(output_path: str, files: list[str] | None = None, left_out: dict[str, str] | None = None,
                 cache_path: str | None = None) -> IndexRun:
    """Index a built site, or only ``files`` of it (paths relative to ``output_path``, each without the
    text ``left_out`` gives for it); the previous index is replaced (Pagefind's file names change with
    the content)."""
    bundle = os.path.join(output_path, BUNDLE_DIR)
    if os.path.isdir(bundle):
        shutil.rmtree(bundle)
    if not files:  # None, or a site without articles and pages (Pagefind fails on no file): all of it
        return _pagefind(output_path, bundle, None)
    staging = staging_folder(output_path, cache_path)
    if staging is None:  # nowhere to write: the whole output, which only costs more
        return _pagefind(output_path, bundle, None)
    with staging as folder:
        link_tree(output_path, files, folder, left_out, _unchanged)
        return _pagefind(folder, bundle, len(files))


def _pagefind(site: str, bundle: str, files: int | None) -> IndexRun:
    # The avatar discs hold initials ("HK"): noise in excerpts, so not indexed.
    cmd = [sys.executable, "-m", "pagefind", "--site", site, "--output-path", os.path.abspath(bundle),
           "--exclude-selectors", ".avatar"]
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
    found = re.search(r"Found (\d+) files?", output)
    pages = re.search(r"Indexed (\d+) pages?", output)
    words = re.search(r"Indexed (\d+) words?", output)
    return IndexRun(
        files=files if files is not None else int(found.group(1)) if found else 0,
        pages=int(pages.group(1)) if pages else 0,
        words=int(words.group(1)) if words else 0,
        seconds=seconds,
        bytes=folder_size(bundle),
    )


def indexing(settings: dict) -> bool:
    """Whether the build ends with Pagefind's run (a search page, and its index not turned off)."""
    return bool(extras_settings.get(settings, "SEARCH_SAVE_AS") and extras_settings.get(settings, "SEARCH_INDEX"))


def index_site(pelican) -> None:
    """finalized: build the search index of what Pelican just wrote: the posts bundle from the article
    and page files and, beside it on the other core, the comments bundle (``comments.py``), started
    already where the comments were attached (``output.start_comments_index``)."""
    settings = pelican.settings
    if not indexing(settings):
        return
    output = pelican.output_path
    started = _comments_bundles.pop(os.path.realpath(output), None)  # a Future, or the kept bundle to link
    if isinstance(started, Future):
        comments = started
    else:
        pages, cache_path = kept_comment_pages(output) or [], settings.get("CACHE_PATH")
        comments = _comments_bundle_in_background(output, pages, cache_path, started or kept_bundle(pages, cache_path, {}))
    try:
        try:
            run = run_pagefind(output, written_pages(output), left_out_of_index(output), settings.get("CACHE_PATH"))
        finally:
            comments_run = _comments_result(comments)
    except SearchIndexError as error:
        logger.error("Site search: %s", error)
        return
    finally:
        forget_written(pelican)
    logger.info(
        "Site search: Pagefind indexed %d pages (%d words) of %d article and page files in %.2f s; "
        "index %d KB in %s/",
        run.pages, run.words, run.files, run.seconds, run.bytes // 1024, BUNDLE_DIR,
    )
    if comments_run is not None:
        logger.info("Site search: %d comments of %d pages %s in %.2f s; index %d KB in %s/",
                    comments_run.comments, comments_run.pages,
                    "from the cache (unchanged)" if comments_run.cached else "indexed", comments_run.seconds,
                    comments_run.bytes // 1024, COMMENTS_BUNDLE_DIR)


def _comments_result(future):
    try:
        return future.result()
    except Exception as error:  # noqa: BLE001 - Pagefind's service fails in its own ways; the posts stay searchable
        logger.error("Site search: the comments' index failed: %s", error)
        return None
