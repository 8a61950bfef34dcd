"""The plugin's Pelican signal handlers: thin glue around the plain functions."""

from __future__ import annotations

import logging
import os
from collections import defaultdict
from urllib.parse import urlsplit

from siteconf.zone import site_timezone
from wparchive.sources import source_files

from .settings import CommentsSettings
from .cache import ParseCache
from .display import build_section
from .background import BackgroundParser, default_workers
from .importer import import_comments
from .isso_source import endpoint, read_isso
from .parsers import ParseContext
from .matching import ArticleRef
from .progress import terminal_progress
from .spam import SpamSettings
from . import isso_ids

logger = logging.getLogger(__name__)


# The parser started on `initialized`, per settings object (one Pelican run).
_background: dict[int, BackgroundParser] = {}


def set_defaults(pelican) -> None:
    CommentsSettings.apply_defaults(pelican.settings)
    isso_theme_settings(pelican.settings)


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
    """initialized: parse the archives in workers while Pelican reads the content."""
    settings = pelican.settings
    _background[id(settings)] = start_background_parser(settings, leave_one_core=True)


def start_background_parser(settings: dict, leave_one_core: bool, paths: list[str] | None = None):
    workers = CommentsSettings.from_settings(settings).workers
    if workers is None:
        workers = default_workers(leave_one_core)
    files = source_files(paths or [sources_path(settings)], CommentsSettings.from_settings(settings).ignore,
                         project_root(settings))
    return BackgroundParser(files, parse_context(settings), ParseCache(cache_folder(settings)), workers)


def parse_context(settings: dict) -> ParseContext:
    return ParseContext(tz=site_timezone(settings))


def sources_path(settings: dict) -> str:
    return os.path.join(settings["PATH"], CommentsSettings.from_settings(settings).path)


def project_root(settings: dict) -> str:
    """Reports name files relative to the folder that holds the content folder."""
    return os.path.dirname(os.path.abspath(settings["PATH"]))


def run_import(settings: dict, contents: list, paths: list[str] | None = None, parser=None, new_comments=True):
    """Import every archive (and, with COMMENTS_ISSO_URL, Isso's new comments) and match it against
    Pelican content objects."""
    refs = [ArticleRef(slug=item.slug, url=item.url) for item in contents]
    if parser is None:
        parser = start_background_parser(settings, leave_one_core=False, paths=paths)
    comments = CommentsSettings.from_settings(settings)
    try:
        isso = read_new_comments(settings) if new_comments else None
        result = import_comments(
            paths or [sources_path(settings)],
            articles=refs,
            tz=parser.context.tz,
            url_map=comments.url_map,
            ignore=comments.ignore,
            base=project_root(settings),
            spam=SpamSettings.from_settings(comments),
            moderation_file=os.path.join(settings["PATH"], comments.moderation_file),
            show_mentions=comments.show_mentions,
            progress=terminal_progress(minimum=20),
            parse=parser.parse,
            more=[isso.parsed] if isso else None,
        )
        result.isso = isso
        return result
    finally:
        parser.close()


def cache_folder(settings: dict) -> str | None:
    """The parse cache lives in Pelican's cache folder, unless COMMENTS_CACHE is off."""
    if not CommentsSettings.from_settings(settings).cache or not settings.get("CACHE_PATH"):
        return None
    return os.path.join(settings["CACHE_PATH"], "archived_comments")


def spam_settings(settings: dict) -> SpamSettings:
    return SpamSettings.from_settings(settings)


def attach_comments(generators) -> None:
    """all_generators_finalized: import once, give each article and page its section."""
    articles_generator = next((g for g in generators if hasattr(g, "articles")), None)
    if articles_generator is None:
        return
    settings = articles_generator.settings
    contents = list(articles_generator.articles) + list(articles_generator.drafts)
    for generator in generators:
        contents += list(getattr(generator, "pages", [])) + list(getattr(generator, "hidden_pages", []))
    result = run_import(settings, contents, parser=_background.pop(id(settings), None))

    by_article = defaultdict(list)
    for thread in result.threads:
        if thread.article:
            by_article[thread.article].append(thread)
    with_isso = bool(isso_url(settings))
    for item in contents:
        section = build_section(by_article.get(item.slug, []), settings)
        item.comment_section = section
        item.comment_count = section.count if section else 0
        if with_isso and getattr(item, "status", "published") == "published":
            # Drafts and hidden pages take no comments: no form there.
            item.isso_thread = isso_ids.thread_uri(item.url)
    articles_generator.context["archived_comments"] = result

    totals = result.totals
    if not totals["balanced"]:
        # Losing a reader's comment silently is the one thing this plugin must never do.
        raise RuntimeError(f"archived comments do not balance: {totals} — please report this as a bug")

    if result.problems or result.unmatched:
        logger.warning(
            "Archived comments: %d problem(s), %d thread(s) matched no article — run `invoke comments` for the report",
            len(result.problems),
            len(result.unmatched),
        )
