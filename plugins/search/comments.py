"""The comments bundle: the archived comments' own Pagefind index, ``<output>/pagefind-comments/``.

The posts bundle (``<output>/pagefind/``, ``search.py``) leaves every comment section out
(``data-pagefind-ignore``). The comments shown under each article or page go into a second bundle,
made with Pagefind's Python API from what the build already holds, not from the written pages: one
small page per article with its visible comments (``article.comment_section.comments()``, the
archived_comments plugin's contract, read by name: the search builds without that plugin), each an
``<article id="comment-N">`` with the byline (name, date in COMMENTS_DATE_FORMAT) and the comment's
sanitized HTML. search.js merges the bundle into the UI (``mergeIndex``) and splits each page's hits
into one sub-result per comment, as it did when the comments were part of the article pages.

The bundle is kept in ``CACHE_PATH/search/`` under a key made of those pages (and Pagefind's version
and this module's format): a build whose shown comments did not change links the kept bundle into
the output instead of indexing 20,000 comments again.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import html
import json
import logging
import os
import pickle
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib import metadata

from siteconf.batching import in_runs
from siteconf.datefmt import strftime
from siteconf.files import link_or_copy, write_atomically
from siteconf.zone import in_zone, site_timezone

logger = logging.getLogger(__name__)

COMMENTS_BUNDLE_DIR = "pagefind-comments"
CACHE_DIR = "search"
TITLES_FILE = "titles.json"
PAGES_FILE = "pages.pickle"
_FORMAT = 4  # bump when the pages below change shape
KEEP = 2  # bundles kept in the cache (a local and a production build share it)
# Pagefind's UI files, which every bundle gets: the search page loads them from the posts bundle only.
UI_FILES = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
            "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js")


@dataclass(frozen=True)
class CommentsPage:
    url: str  # the article's URL, from the site's root ("/a-post/"), as Pagefind's posts bundle has it
    html: str  # what Pagefind indexes for it
    comments: int
    title: str  # the article's title, as text (in titles.json, not in the index: see write_bundle)


@dataclass
class CommentsRun:
    pages: int
    comments: int
    seconds: float
    bytes: int
    cached: bool


def searchable_contents(context: dict) -> list:
    """The articles and pages whose page the posts bundle indexes (drafts not), translations too."""
    found = []
    for name in ("articles", "pages", "hidden_pages"):
        for item in context.get(name) or []:
            found.append(item)
            found.extend(getattr(item, "translations", None) or [])
    return [item for item in found if getattr(item, "status", "published") != "draft"]


def shows_comments(contents: list) -> bool:
    """Whether ``comment_pages`` makes any page: some content's section shows a comment (``count``)."""
    return any(getattr(getattr(item, "comment_section", None), "count", 0) for item in contents)


def comment_pages(contents: list, settings: dict, kept_only: bool = False) -> list[CommentsPage] | None:
    """One page per article or page with visible comments, by URL (sorted, each once); with
    ``kept_only``, None where a page is not in the cache (nothing made, nothing written).

    A page is kept in ``CACHE_PATH/search/pages.pickle`` under its section's ``fingerprint`` (the
    digest of its threads, set by archived_comments where its caches are on) with what else shapes it
    (URL, title, language, date format, zone, the code of the section's module and of this one): a
    warm build makes no page of unchanged comments (4,000 comments: 0.2 s of date formatting)."""
    date_format = settings.get("COMMENTS_DATE_FORMAT") or "%Y-%m-%d"
    zone = site_timezone(settings)
    lang = settings.get("DEFAULT_LANG") or "en"
    store = _PageStore(settings.get("CACHE_PATH"))
    pages: dict[str, CommentsPage] = {}
    for item in contents:
        section = getattr(item, "comment_section", None)
        url = "/" + (getattr(item, "url", "") or "").lstrip("/")
        if section is None or url in pages:
            continue
        title = " ".join(html.unescape(re.sub(r"<[^>]*>", "", str(getattr(item, "title", "") or ""))).split())
        page_lang = getattr(item, "lang", None) or lang
        if kept_only and store.empty():
            return None  # a first build: nothing kept, and no key worth making (a fingerprint is made when first read)
        key = None
        fingerprint = getattr(section, "fingerprint", None)
        if fingerprint:
            key = hashlib.sha256(repr((_FORMAT, fingerprint, url, title, page_lang, date_format, str(zone),
                                       _module_sha(type(section).__module__), _module_sha(__name__))).encode()).hexdigest()
            page = store.get(key)
            if page is not None:
                if page.comments:
                    pages[url] = page
                continue
        if kept_only:
            return None
        page = _page(url, title, page_lang, section.comments(), date_format, zone)
        if key:
            store.put(key, page)
        if page.comments:
            pages[url] = page
    store.save()
    return [pages[url] for url in sorted(pages)]


def _page(url: str, title: str, lang: str, comments: list, date_format: str, zone) -> CommentsPage:
    parts = [f'<html lang="{html.escape(lang)}"><body><main data-pagefind-body>']
    for comment in comments:
        date = in_zone(comment.date, zone) if getattr(comment, "date", None) else None
        when = html.escape(strftime(date, date_format)) if date else "Permalink"
        # The byline as the page has it (a <header>, which Pagefind ends with no full stop): search.js
        # reads the name and the date back from the words before the comment's text.
        parts.append(f'<article id="{html.escape(comment.anchor)}"><header>{html.escape(comment.author or "")} '
                     f'{when}</header><div>{comment.html}</div></article>')
    parts.append("</main></body></html>")
    return CommentsPage(url=url, html="".join(parts), comments=len(comments), title=title)


_module_shas: dict[str, str | None] = {}


def _module_sha(name: str) -> str | None:
    if name not in _module_shas:
        path = getattr(sys.modules.get(name), "__file__", None)
        try:
            _module_shas[name] = hashlib.sha256(open(path, "rb").read()).hexdigest() if path else None
        except OSError:
            _module_shas[name] = None
    return _module_shas[name]


class _PageStore:
    """Key -> CommentsPage in one pickle; this build's entries are the ones written back."""

    def __init__(self, cache_path: str | None):
        self.path = os.path.join(cache_path, CACHE_DIR, PAGES_FILE) if cache_path else None
        self.old: dict | None = None
        self.used: dict = {}
        self.changed = False

    def _load(self) -> dict:
        if self.old is None:
            self.old = {}
            if self.path:
                try:
                    with open(self.path, "rb") as handle:
                        stored = pickle.load(handle)
                    if isinstance(stored, dict) and stored.get("format") == _FORMAT:
                        self.old = stored["pages"]
                except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError,
                        ValueError):
                    pass
        return self.old

    def empty(self) -> bool:
        """Whether no page is kept (a first build)."""
        return not self._load() and not self.used

    def get(self, key: str):
        page = self._load().get(key)
        if page is not None:
            self.used[key] = page
        return page

    def put(self, key: str, page: CommentsPage) -> None:
        self.used[key] = page
        self.changed = True

    def save(self) -> None:
        if not self.path or not (self.changed or (self.old and len(self.old) != len(self.used))):
            return
        try:
            write_atomically(self.path, lambda handle: pickle.dump({"format": _FORMAT, "pages": self.used}, handle,
                                                                   protocol=pickle.HIGHEST_PROTOCOL))
        except OSError as error:
            logger.debug("the comments' search pages are not cached (%s)", error)


def pagefind_version() -> str:
    try:
        return metadata.version("pagefind_bin")
    except metadata.PackageNotFoundError:  # pragma: no cover - pinned in requirements.txt
        return "?"


def bundle_key(pages: list[CommentsPage], config: dict) -> str:
    digest = hashlib.sha256(json.dumps([_FORMAT, pagefind_version(), config], sort_keys=True).encode())
    for page in pages:
        for part in (page.url, page.title, page.html):
            data = part.encode()
            digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()[:32]


def _service_class():
    """Pagefind's service, reading its answers as they come: the pinned package's own polls its pipe
    once every 0.1 s and reads one answer each time, so 200 pages took 20 s (benchmarks/search_cost.py)."""
    from pagefind.service import PagefindService

    class PromptService(PagefindService):
        async def _wait_for_responses(self) -> None:
            try:
                await self._read_responses()
            except Exception as error:  # Pagefind stopped (its pipe closed): no request waits for ever
                for future in self._responses.values():
                    if not future.done():
                        future.set_exception(RuntimeError(f"Pagefind's service stopped: {error!r}"))

        async def _read_responses(self) -> None:
            while True:
                output = await self._backend.stdout.readuntil(b",")
                response = json.loads(base64.b64decode(output[:-1]))
                if response is None:
                    continue
                message_id = response.get("message_id")
                if message_id is None and (original := response.get("payload", {}).get("original_message")):
                    message_id = json.loads(original).get("message_id")
                future = self._responses.get(message_id)
                if future is None or future.done():
                    continue
                payload = response["payload"]
                if payload["type"] == "Error":
                    future.set_exception(RuntimeError(payload.get("message")))
                else:
                    future.set_result(payload)

        async def close(self) -> None:
            # Pagefind ends by itself at the end of its input, once done; the package's own close
            # (SIGTERM) only for a process that has not ended meanwhile.
            if self._backend.returncode is None:
                self._backend.stdin.close()
                try:
                    await asyncio.wait_for(self._backend.wait(), WRITE_GRACE_S)
                except asyncio.TimeoutError:
                    await super().close()

    return PromptService


async def _index(pages: list[CommentsPage], config: dict, bundle: str) -> None:
    service = await _service_class()().launch()
    try:
        index = await service.create_index(config)
        # Sent a batch at a time, each answered in order: the bundle is the same as one page at a time.
        # Not all at once: every request waited encoded in the pipe's buffer until Pagefind read it, all
        # the comments' HTML again in memory at the build's peak.
        for batch in _batches(pages, SEND_BYTES):
            await asyncio.gather(*(index.add_html_file(url=page.url, content=page.html) for page in batch))
        await index.write_files(os.path.abspath(bundle))
        # On a loaded machine Pagefind's answer to WriteFiles has come before its last file was whole (a
        # bundle kept with an empty pagefind-entry.json; in a whole-suite run, an empty wasm file): the
        # process is left, for a while, to finish until the bundle is whole and its files stop growing.
        deadline = time.monotonic() + WRITE_GRACE_S
        sizes = None
        while time.monotonic() < deadline:
            now = _file_sizes(bundle)
            if not bundle_complete(bundle, now):
                now = None
            elif now == sizes:
                break
            sizes = now
            await asyncio.sleep(0.05)
    finally:
        await service.close()


WRITE_GRACE_S = 10  # how long Pagefind's process may take to finish the files it said it wrote


def _file_sizes(folder: str) -> dict[str, int]:
    """Path (relative to ``folder``) → size of every file in it."""
    sizes = {}
    for where, _, names in os.walk(folder):
        for name in names:
            try:
                sizes[os.path.relpath(os.path.join(where, name), folder)] = os.path.getsize(os.path.join(where, name))
            except OSError:  # gone meanwhile (Pagefind renaming a file it writes)
                pass
    return sizes


SEND_BYTES = 1_000_000  # the HTML sent to Pagefind before its answers are awaited


def _batches(pages: list[CommentsPage], limit: int):
    """``pages`` in order, in lists of at most ``limit`` characters of HTML (a bigger page alone)."""
    return in_runs(pages, lambda page: len(page.html), limit)


def bundle_complete(bundle: str, sizes: dict[str, int] | None = None) -> bool:
    """Whether ``bundle`` holds a whole Pagefind bundle: its script, and an entry file that names, for
    each language, an index metadata file that is there.  A bundle kept with an empty entry file (seen
    once in the cache) made every search of the comments hang at "Searching…" until the cache was
    cleared: such a bundle is never kept nor reused."""
    if not os.path.isfile(os.path.join(bundle, "pagefind.js")):
        return False
    # Every file Pagefind writes has content (gzip, JSON, code). ``sizes``: ``_file_sizes(bundle)``, read already.
    if 0 in (_file_sizes(bundle) if sizes is None else sizes).values():
        return False
    try:
        with open(os.path.join(bundle, "pagefind-entry.json"), encoding="utf-8") as handle:
            languages = json.load(handle)["languages"]
        return bool(languages) and all(
            os.path.isfile(os.path.join(bundle, f"pagefind.{language['hash']}.pf_meta"))
            for language in languages.values()
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False


def write_bundle(pages: list[CommentsPage], bundle: str, config: dict) -> None:
    """Pagefind's bundle of ``pages`` in ``bundle`` (a new folder)."""
    asyncio.run(_index(pages, config, bundle))
    if not bundle_complete(bundle):
        raise RuntimeError(f"Pagefind wrote no whole bundle in {bundle} (no pagefind.js, or an entry file "
                           "that names no index that is there)")
    for name in UI_FILES:
        if os.path.exists(os.path.join(bundle, name)):
            os.remove(os.path.join(bundle, name))
    # Each page's title, which search.js gives its result: apart from the index, because Pagefind makes
    # every meta value searchable, and a word of a post's title would then find its comments too.
    titles = {page.url: page.title for page in pages}
    with open(os.path.join(bundle, TITLES_FILE), "w", encoding="utf-8") as handle:
        json.dump(titles, handle, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _link_folder(source: str, dest: str) -> None:
    for folder, _, names in os.walk(source):
        target_folder = os.path.join(dest, os.path.relpath(folder, source))
        os.makedirs(target_folder, exist_ok=True)
        for name in names:
            link_or_copy(os.path.join(folder, name), os.path.join(target_folder, name))


def kept_bundle(pages: list[CommentsPage], cache_path: str | None, config: dict) -> str | None:
    """The cache's whole bundle of these very pages, if it holds one (then nothing is indexed)."""
    if not pages or not cache_path:
        return None
    kept = os.path.join(cache_path, CACHE_DIR, "comments-" + bundle_key(pages, config))
    return kept if bundle_complete(kept) else None


def build_comments_bundle(output_path: str, pages: list[CommentsPage], cache_path: str | None,
                          config: dict, kept: str | None = None) -> CommentsRun | None:
    """``<output>/pagefind-comments/`` of ``pages`` (none: no bundle), from the cache when it holds
    the bundle of these very pages (``kept_bundle``; ``kept``: its answer, where the caller asked)."""
    from .search import folder_size

    bundle = os.path.join(output_path, COMMENTS_BUNDLE_DIR)
    if not pages or not cache_path:
        _remove_folder(bundle)
    if not pages:
        return None
    started = time.monotonic()
    count = sum(page.comments for page in pages)
    if not cache_path:
        write_bundle(pages, bundle, config)
        return CommentsRun(len(pages), count, time.monotonic() - started, folder_size(bundle), False)
    folder = os.path.join(cache_path, CACHE_DIR)
    cached = kept is not None
    if not cached:
        kept = os.path.join(folder, "comments-" + bundle_key(pages, config))
        cached = bundle_complete(kept)
    size = _linked_size(bundle, kept) if cached else None
    if size is not None:  # the output has this very bundle already (a warm build)
        os.utime(kept)
        _prune(folder, kept)
        return CommentsRun(len(pages), count, time.monotonic() - started, size, True)
    _remove_folder(bundle)
    try:
        if not cached:
            shutil.rmtree(kept, ignore_errors=True)  # a broken bundle under the key is made again
            os.makedirs(folder, exist_ok=True)
            work = tempfile.mkdtemp(prefix=".comments-", dir=folder)
            try:
                write_bundle(pages, os.path.join(work, "bundle"), config)
                try:
                    os.replace(os.path.join(work, "bundle"), kept)
                except OSError:  # another build kept the same bundle meanwhile (the key says: same bytes)
                    if not bundle_complete(kept):
                        raise
            finally:
                shutil.rmtree(work, ignore_errors=True)
        os.utime(kept)  # the most recently used are the ones kept
        _prune(folder, kept)
        _link_folder(kept, bundle)
    except OSError as error:  # the cache folder is read-only, or another build pruned the entry: no cache
        logger.debug("the comments' search index is not cached (%s)", error)
        shutil.rmtree(bundle, ignore_errors=True)
        write_bundle(pages, bundle, config)
        cached = False
    return CommentsRun(len(pages), count, time.monotonic() - started, folder_size(bundle), cached)


def _remove_folder(folder: str) -> None:
    if os.path.isdir(folder):
        shutil.rmtree(folder)


def _entries(folder: str, prefix: str = "") -> dict[str, os.DirEntry]:
    """Path (relative to ``folder``) → the directory entry of every file in it (its inode is known
    without a ``stat``)."""
    found = {}
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                found.update(_entries(entry.path, prefix + entry.name + "/"))
            else:
                found[prefix + entry.name] = entry
    return found


def _linked_size(bundle: str, kept: str) -> int | None:
    """The size of ``bundle`` where it is ``_link_folder(kept, bundle)``'s work as it left it: the same
    files, each a link to its kept one (a kept bundle is never written again: a new one gets a new
    folder), and nothing else; else None.  Then linking it again (a thousand files removed and linked)
    would change nothing."""
    try:
        if not os.path.isdir(bundle) or os.stat(bundle).st_dev != os.stat(kept).st_dev:
            return None
        ours, theirs = _entries(bundle), _entries(kept)
        if ours.keys() != theirs.keys() or any(ours[name].inode() != entry.inode() for name, entry in theirs.items()):
            return None
        return sum(entry.stat().st_size for entry in theirs.values())
    except OSError:
        return None


def _prune(folder: str, current: str) -> None:
    """Keep the ``KEEP`` most recently used bundles, and any used in the last 10 minutes (another build
    may be linking it)."""
    entries = sorted((entry for entry in os.scandir(folder) if entry.name.startswith("comments-")),
                     key=lambda entry: entry.stat().st_mtime_ns, reverse=True)
    recent = time.time() - 600
    for entry in entries[KEEP:]:
        if entry.path != current and entry.stat().st_mtime < recent:
            shutil.rmtree(entry.path, ignore_errors=True)
