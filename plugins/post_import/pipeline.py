"""The whole import: sources → posts → Markdown files, images and author profiles → report."""

from __future__ import annotations

import time
from datetime import tzinfo
from pathlib import Path
from urllib.parse import urlsplit

from siteconf.archives import ArchiveSettings
from siteconf.urls import reserved_names as site_reserved_names, reserved_reason
from siteconf.zone import site_timezone
from wparchive.oldurls import url_path

from . import permalinks as permalinks_module
from . import redirects as redirects_module
from . import sources as sources_module
from .author import write_profile
from .convert import Conversion, clean_title, convert_post, plain_text
from .images import ImageStore, is_remote
from .model import DRAFT, PAGE, ImportReport, Outcome, Post
from .writer import existing_slugs, render, write

def _title(post: Post, warnings: list[str]) -> str:
    title = clean_title(post.title)
    if not plain_text(title):
        made = post.slug.replace("-", " ").strip().capitalize() or "Untitled"
        warnings.append(f"no title on the old blog: titled '{made}' from the slug")
        return made
    if title != " ".join((post.title or "").split()):
        warnings.append("title markup reduced to inline formatting")
    return title


def _cover(post: Post, store: ImageStore, warnings: list[str]) -> str | None:
    url = post.cover_url
    if not url:
        return None
    local = store.find_local(url, post.source_file)
    if local is None and post.fmt == "html":
        saved = store.find_in_page_folder(url, post.source_file)
        if saved is not None:  # where the body's copy of it goes too
            return store.copy(saved, store.destination("", saved, post.slug), post.source)
    if local is None:
        store.missing(url, f"cover of {post.slug}")
        warnings.append(f"cover {url} has no local copy: no Cover (a page must not load it from another host)")
        return None
    return store.copy(local, store.destination(url, local, post.slug), post.source)


def _new_url(post: Post, settings: dict) -> str:
    if post.path and post.status != DRAFT:
        return "/" + post.path
    pattern = settings.get("PAGE_URL" if post.kind == PAGE else "ARTICLE_URL") or "{slug}/"
    try:
        return "/" + pattern.format(slug=post.slug, date=post.date, lang="en", category=post.category)
    except Exception:
        return "/" + post.slug + "/"


def import_posts(
    paths: list[str],
    content: str | Path,
    settings: dict | None = None,
    tz: tzinfo | None = None,
    force: bool = False,
    dry_run: bool = False,
    ignore: list[str] | None = None,
    base: str | None = None,
    keep_permalinks: bool = False,
) -> ImportReport:
    """Import every post, page and author bio under ``paths`` into the content folder ``content``."""
    started = time.perf_counter()
    settings = dict(settings or {})
    content = Path(content)
    tz = tz or site_timezone(settings)
    report = ImportReport(dry_run=dry_run)
    article_folder = (settings.get("ARTICLE_PATHS") or ["articles"])[0]
    page_folder = (settings.get("PAGE_PATHS") or ["pages"])[0]
    folders = list(dict.fromkeys((settings.get("ARTICLE_PATHS") or ["articles"]) + (settings.get("PAGE_PATHS") or ["pages"])))

    if ignore is None:  # the site's COMMENTS_IGNORE, read as the build reads it
        ignore = ArchiveSettings.from_settings(settings).ignore
    collected = sources_module.collect(paths, ignore, tz, base)
    report.sources = collected.files
    report.ignored = collected.ignored
    report.kinds = dict(collected.kinds)
    report.problems = list(collected.problems) + [(s, f"no post read: {why}") for s, why in collected.not_posts]
    found = permalinks_module.detect(collected.posts)
    report.permalinks = found
    if keep_permalinks and found.article_url:
        settings["ARTICLE_URL"] = found.article_url
        settings["ARTICLE_SAVE_AS"] = found.article_save_as
        report.kept_permalinks = True
    new_urls: dict[str, str] = {}

    roots = [Path(p) if Path(p).is_dir() else Path(p).parent for p in paths]
    store = ImageStore(content, roots, report, dry_run=dry_run, force=force)
    existing = existing_slugs(content, folders, settings)
    reserved_names = site_reserved_names(settings)

    for post in collected.posts:
        folder = page_folder if post.kind == PAGE else article_folder
        relative = f"{folder}/{post.slug}.md"
        outcome = Outcome(slug=post.slug, kind=post.kind, sources=[post.source, *post.also_in], action="skipped",
                          path=relative, status=post.status, old_url=post.url)
        report.outcomes.append(outcome)
        if post.skip_reason:
            outcome.reason = post.skip_reason
            outcome.path = None
            continue
        first = (post.path or post.slug).split("/", 1)[0]
        reserved = reserved_reason(first, settings, reserved_names)
        if reserved:
            outcome.reason = f"the slug '{first}' is one of the site's own URLs ({reserved}): rename it by hand"
            outcome.path = None
            continue
        present = existing.get(post.slug.casefold())
        if present is not None and not (force and present == relative):
            outcome.reason = (f"already imported: {present}" if present == relative
                              else f"the slug is already used by {present}")
            outcome.path = present
            if present == relative and post.status != DRAFT:
                new_urls[post.slug] = outcome.new_url = _new_url(post, settings)
            continue
        target = content / relative
        if target.exists() and not force and present is None:
            outcome.reason = f"{relative} exists (use --force to replace it)"
            continue

        warnings = list(post.notes)
        conv = Conversion(post=post, store=store, content=content, roots=store.roots)
        body, summary = convert_post(conv)
        title = _title(post, warnings)
        cover = _cover(post, store, warnings)
        warnings.extend(conv.summary_warnings())
        if post.also_in:
            warnings.append(f"also in {', '.join(post.also_in)}: the body was taken once, from {post.source}")
        outcome.warnings = warnings
        outcome.new_url = _new_url(post, settings)
        if post.status != DRAFT:
            new_urls[post.slug] = outcome.new_url
        text = render(post, title, body, summary, cover)
        changed = write(target, text, dry_run)
        outcome.action = ("would write" if dry_run else "written") if changed else "unchanged"
        existing[post.slug.casefold()] = relative

    used_authors = {p.author for p in collected.posts if p.author}
    for info in collected.authors:
        if info.name not in used_authors and len(used_authors) > 0 and not any(
            info.name.casefold() == a.casefold() for a in used_authors
        ):
            continue
        report.authors.append(write_profile(info, content, settings, store, dry_run))

    table = settings.get("OLD_URLS_TABLE") or redirects_module.DEFAULT_TABLE
    report.redirect_table = table
    try:
        entries = redirects_module.wanted(collected.posts, report, settings, new_urls)
        report.redirects_added, report.redirects_present = redirects_module.merge(content / table, entries, dry_run)
    except ValueError as error:
        report.redirect_problem = f"{table}: {error}: left as it is, no redirect added"
        report.problems.append((table, report.redirect_problem))

    report.elapsed = time.perf_counter() - started
    return report


def url_changes(report: ImportReport) -> list[tuple[str, str, str]]:
    """(slug, old path, new path) for posts whose old URL path is not the new one."""
    out = []
    for outcome in report.outcomes:
        if outcome.action == "skipped" or not outcome.old_url or not outcome.new_url or outcome.status == DRAFT:
            continue
        if not is_remote(outcome.old_url) and not outcome.old_url.startswith("/"):
            continue
        old = url_path(outcome.old_url)
        new = url_path("http://x" + outcome.new_url)
        if old and new and old.rstrip("/") != new.rstrip("/") and urlsplit(outcome.old_url).path:
            out.append((outcome.slug, old, new))
    return out
