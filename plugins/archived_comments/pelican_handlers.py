"""The plugin's Pelican signal handlers: thin glue around the plain functions."""

from __future__ import annotations

import gc
import logging
import os
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

from siteconf.datefmt import DateFilter
from siteconf.zone import site_timezone
from wparchive.sources import source_files

from .settings import CommentsSettings
from .cache import ParseCache
from .background import BackgroundParser, default_workers
from .import_cache import DIGESTS_FILE, CachedImport, ImportCache, ImportInputs, KnownDigests
from .importer import ImportOptions, import_comments
from .section_cache import SectionRenderer
from .spam import SpamSettings
from .isso_source import endpoint, read_isso
from .parsers import ParseContext
from .matching import ArticleRef
from .progress import terminal_progress
from . import isso_ids

logger = logging.getLogger(__name__)


# What `initialized` read and started, per settings object (one Pelican run): the import's inputs,
# and the parser (None when the import cache holds them).
_background: dict[int, tuple[ImportInputs, BackgroundParser | None]] = {}
# The section renderer of each run, whose processes may still be rendering while Pelican writes,
# saved at `finalized` (``finish_sections``).
_renderers: dict[int, SectionRenderer] = {}


def set_defaults(pelican) -> None:
    CommentsSettings.apply_defaults(pelican.settings)
    isso_theme_settings(pelican.settings)
    # The theme's comment dates: Pelican's strftime filter, made for thousands of dates (siteconf.datefmt).
    filters = dict(pelican.settings.get("JINJA_FILTERS") or {})
    filters.setdefault("comment_date", DateFilter())
    pelican.settings["JINJA_FILTERS"] = filters


def isso_url(settings: dict) -> str:
    """COMMENTS_ISSO_URL, checked: "" (no Isso) or an http(s) URL; anything else stops the build."""
    url = (CommentsSettings.from_settings(settings).isso_url or "").strip()
    if url and (urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname):
        raise ValueError(f"COMMENTS_ISSO_URL = {url!r} is not the http(s) address of your Isso server, "
                         "e.g. \"https://comments.your-domain.net/\"; set it in pelicanconf.py (or \"\" for none)")
    return url


def isso_theme_settings(settings: dict) -> None:
    """With Isso: where the theme loads its client from, and the notice that comments are open."""
    url = isso_url(settings)
    if not url:
        return
    settings["COMMENTS_ISSO_ENDPOINT"] = endpoint(url)
    settings["COMMENTS_ISSO_SCRIPT"] = endpoint(url) + "/js/embed.min.js"
    comments = CommentsSettings.from_settings(settings)
    if comments.closed_notice == CommentsSettings.closed_notice:
        settings["COMMENTS_CLOSED_NOTICE"] = comments.isso_notice


def read_new_comments(settings: dict):
    """Isso's approved comments (``IssoFetch``), or None without COMMENTS_ISSO_URL; warns when Isso is down."""
    url = isso_url(settings)
    if not url:
        return None
    ids = isso_ids.read_ids(isso_ids_file(settings))
    cache = os.path.join(settings.get("CACHE_PATH") or "cache", "archived_comments")
    comments = CommentsSettings.from_settings(settings)
    fetch = read_isso(comments.isso_fetch_url or url, ids, cache, float(comments.isso_timeout))
    if fetch.warning:
        logger.warning("New comments (Isso): %s", fetch.warning)
    return fetch


def isso_ids_file(settings: dict) -> str:
    return os.path.join(settings["PATH"], CommentsSettings.from_settings(settings).isso_ids_file)


def start_parsing(pelican) -> None:
    """initialized: parse the archives in workers while Pelican reads the content — unless the import
    cache holds an import of these very archives, moderation and settings (then nothing is parsed)."""
    settings = pelican.settings
    inputs = import_inputs(settings)
    parser = None
    if not import_cache(settings, None, new_comments=True).expects(inputs):
        parser = start_background_parser(settings, leave_one_core=True, inputs=inputs)
    _background[id(settings)] = (inputs, parser)


def start_background_parser(settings: dict, leave_one_core: bool, paths: list[str] | None = None,
                            inputs: ImportInputs | None = None):
    """Workers parsing the archives under ``paths`` (else COMMENTS_PATH); ``inputs``: those archives'
    ``ImportInputs``, whose file list and digests are taken (each file was read and hashed once)."""
    workers = CommentsSettings.from_settings(settings).workers
    if workers is None:
        workers = default_workers(leave_one_core)
    if inputs is not None:
        files, digests = list(inputs.files), inputs.digests
    else:
        files = source_files(paths or [sources_path(settings)], CommentsSettings.from_settings(settings).ignore,
                             project_root(settings))
        digests = None
    spam = inputs.options.spam if inputs is not None else SpamSettings.from_settings(settings)
    return BackgroundParser(files, parse_context(settings), ParseCache(cache_folder(settings)), workers, digests,
                            spam=spam)


def render_workers(settings: dict) -> int:
    """Processes that render comment sections beside the build's own: COMMENTS_WORKERS, else one per
    other core (none on one core)."""
    workers = CommentsSettings.from_settings(settings).workers
    return workers if workers is not None else default_workers(leave_one_core=False) - 1


def parse_context(settings: dict) -> ParseContext:
    return ParseContext(tz=site_timezone(settings))


def sources_path(settings: dict) -> str:
    return os.path.join(settings["PATH"], CommentsSettings.from_settings(settings).path)


def project_root(settings: dict) -> str:
    """Reports name files relative to the folder that holds the content folder."""
    return os.path.dirname(os.path.abspath(settings["PATH"]))


def import_options(settings: dict) -> ImportOptions:
    """The import's settings, read once from Pelican's (``ImportOptions``)."""
    comments = CommentsSettings.from_settings(settings)
    return ImportOptions.from_settings(comments, site_timezone(settings), project_root(settings),
                                       os.path.join(settings["PATH"], comments.moderation_file))


def import_inputs(settings: dict, paths: list[str] | None = None) -> ImportInputs:
    """The archives (``paths``, else COMMENTS_PATH), the moderation file and the settings, hashed."""
    options = import_options(settings)
    files = source_files(paths or [sources_path(settings)], list(options.ignore), options.base)
    folder = cache_folder(settings)
    return ImportInputs.read(files, options, KnownDigests(Path(folder) / DIGESTS_FILE) if folder else None)


def import_cache(settings: dict, paths: list[str] | None, new_comments: bool) -> ImportCache:
    """Where the import of these sources (with or without Isso's comments) is kept."""
    scope = (sorted(os.path.abspath(path) for path in paths or [sources_path(settings)]),
             bool(new_comments and isso_url(settings)))
    return ImportCache(cache_folder(settings), scope)


def run_import(settings: dict, contents, paths: list[str] | None = None, parser=None, new_comments=True,
               thread_digests=True):
    """Import every archive (and, with COMMENTS_ISSO_URL, Isso's new comments) and match it against
    Pelican content objects (``contents``: a list, or a function that reads them: ``cached_import``).
    ``thread_digests``: False for a command that reports and exits, which keys nothing by the
    threads' digests: only the process writing the import cache makes them (``ImportCache.store``)."""
    return cached_import(settings, contents, paths, parser=parser, new_comments=new_comments,
                         thread_digests=thread_digests).result


def cached_import(settings: dict, contents, paths: list[str] | None = None, inputs: ImportInputs | None = None,
                  parser=None, new_comments=True, thread_digests=True) -> CachedImport:
    """``run_import``, from the import cache when its key matches; else imported (with ``parser``'s
    results, or a new one's) and kept.

    ``contents``: the articles and pages, or a function that reads them.  Given a function, the
    archives are parsed in workers while it runs (as the build parses them while Pelican reads the
    content), unless the import cache holds an import of these very archives.
    """
    try:
        inputs = inputs or import_inputs(settings, paths)
        cache = import_cache(settings, paths, new_comments)
        if callable(contents):
            if parser is None and not cache.expects(inputs):
                parser = start_background_parser(settings, leave_one_core=True, paths=paths, inputs=inputs)
            contents = contents()
        refs = [ArticleRef(slug=item.slug, url=item.url) for item in contents]
        isso = read_new_comments(settings) if new_comments else None
        key = inputs.key(refs, isso.parsed if isso else None)
        cached = cache.load(key)
        if cached is not None:
            logger.debug("Archived comments: the import is the cached one: no archive parsed, nothing scored")
        else:
            parser = parser or start_background_parser(settings, leave_one_core=False, paths=paths, inputs=inputs)
            result = import_comments(
                paths or [sources_path(settings)],
                inputs.options,
                refs,
                parse=parser.parse,
                progress=terminal_progress(minimum=20),
                more=[isso.parsed] if isso else None,
                spam_facts=parser.spam_facts if parser.spam == inputs.options.spam else None,
            )
            parser.close()  # its workers and their threads gone before the fork
            # The entry is written by a forked process while this one goes on; it makes the threads'
            # digests too, which a build reads back from it once it keys its sections, feeds and search pages.
            cached = cache.store(key, result, in_background=True, digests=thread_digests)
            logger.debug("Archived comments: imported %d archive file(s), %d of them from the parse cache",
                         len(result.files), parser.cache.hits)
        cached.set_isso(isso)
        return cached
    finally:
        if parser is not None:
            parser.close()


def cache_folder(settings: dict) -> str | None:
    """The parse cache lives in Pelican's cache folder, unless COMMENTS_CACHE is off."""
    if not CommentsSettings.from_settings(settings).cache or not settings.get("CACHE_PATH"):
        return None
    return os.path.join(settings["CACHE_PATH"], "archived_comments")


class ResultOnDemand:
    """The import's result in the templates' context (``archived_comments``), read from the import
    cache when a template first asks for any of it."""

    def __init__(self, imported: CachedImport):
        self._imported = imported

    def __getattr__(self, name):
        if name.startswith("__"):  # copy, pickle and Jinja's own probes (__html__) read nothing
            raise AttributeError(name)
        return getattr(self._imported.result, name)

    @property
    def threads_read(self) -> int:
        """Threads read from the import cache one at a time (the build's debug log)."""
        return self._imported.threads_read


def attach_comments(generators) -> None:
    """all_generators_finalized: import once, give each article and page its section."""
    articles_generator = next((g for g in generators if hasattr(g, "articles")), None)
    if articles_generator is None:
        return
    settings = articles_generator.settings
    contents = list(articles_generator.articles) + list(articles_generator.drafts)
    for generator in generators:
        contents += list(getattr(generator, "pages", [])) + list(getattr(generator, "hidden_pages", []))
    inputs, parser = _background.pop(id(settings), (None, None))
    # Pelican's content, read by now, lives until it exits, as the comments will (see below): out of
    # the collector's way before the import, whose pages parsed here and results loaded start full
    # collections that would walk all of it (400 posts, a cold build: 3 of them, 85 ms; 2, 25 ms).
    gc.freeze()
    imported = cached_import(settings, contents, inputs=inputs, parser=parser)

    # By the import's index alone: from the import cache, a thread is read only where its comments
    # are asked for (a section the section cache does not hold, the recent-comments page).
    by_article = defaultdict(list)
    for index, article in enumerate(imported.articles):
        if article:
            by_article[article].append(index)
    renderer = SectionRenderer(articles_generator.env, articles_generator.context, settings, cache_folder(settings))
    with_isso = bool(isso_url(settings))
    items = []
    for item in contents:
        indexes = by_article.get(item.slug, [])
        # Made (or read back from the import cache's entry) only where a section's key is needed.
        items.append((imported.threads(indexes), imported.digests_of(indexes)))
    # Sections still to render are rendered by other processes while Pelican writes (``finish_sections``).
    for item, section in zip(contents, renderer.sections(items, render_workers(settings), in_background=True)):
        item.comment_section = section
        item.comment_count = section.count if section else 0
        # Where every list page links the comments: Pelican formats ``url`` anew at each call (about
        # 40 µs), and a list links a post twice (title, comment count); 400 posts: 0.13 s a build.
        item.comments_url = f"{item.url}#comments" if item.comment_count else None
        if with_isso and getattr(item, "status", "published") == "published":
            # Drafts and hidden pages take no comments: no form there.
            item.isso_thread = isso_ids.thread_uri(item.url)
    _renderers[id(settings)] = renderer
    articles_generator.context["archived_comments"] = ResultOnDemand(imported)
    # The comments live until Pelican exits: out of the cyclic collector's way, which would walk
    # their ~10 objects each at every full collection while Pelican writes (a warm rebuild of
    # benchmarks/bench.py's site, Pagefind off: 6.3 s with those collections, 4.1 s without).
    gc.freeze()

    totals = imported.totals
    if not totals["balanced"]:
        # Losing a reader's comment silently is the one thing this plugin must never do.
        raise RuntimeError(f"archived comments do not balance: {totals} — please report this as a bug")

    if imported.problem_count or imported.unmatched_count:
        logger.warning(
            "Archived comments: %d problem(s), %d thread(s) matched no article — run `invoke comments` for the report",
            imported.problem_count,
            imported.unmatched_count,
        )


def finish_sections(pelican) -> None:
    """finalized: the sections rendered beside the writing collected (those no page read), and kept."""
    renderer = _renderers.pop(id(pelican.settings), None)
    if renderer is not None:
        renderer.save()
