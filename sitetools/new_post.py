"""``invoke new "Title"``: start a post as a draft, at an address nothing else uses.

Writes ``content/articles/{slug}.md`` (the first of ARTICLE_PATHS) with
Pelican metadata: Title, Date (now, or ``--date``, in the site's TIMEZONE with
its offset), Slug (Pelican's own ``slugify`` with the site's settings),
Category, Tags, ``Status: draft`` and an empty ``Summary:`` for the author to
fill in.  A draft shows in local builds (``/drafts/``) and never in the
production build.

Refused, with the reason, and nothing written:

- the file exists (never overwritten);
- an article or page already has that slug, given (``Slug:``) or derived by
  Pelican from its title (read with Pelican's readers, drafts included);
- an archived comment thread belongs to that address: an old post whose
  comments are in the archives but that has not been imported yet (import it
  with ``invoke import-posts`` instead), or an old page whose comments
  COMMENTS_URL_MAP shows under another article;
- the slug is the address of one of the site's own pages or folders
  (``archives``, ``tag``, ``search``, a year archive …).
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from siteconf.urls import reserved_reason
from siteconf.zone import site_timezone

from .site import Site, quiet_stdout, read_contents


class NewPostError(Exception):
    """Why no post was written, worded for the author."""


@dataclass
class NewPost:
    """The draft just written, and where a local build previews it."""

    path: Path
    slug: str
    preview_path: str  # "/drafts/<slug>/": DRAFT_URL of the local build


@dataclass
class Clash:
    what: str  # one line for the author


def load_settings(root: Path, settings_file: str) -> dict:
    """The site's settings with every plugin's defaults (sitetools.site, as every tool reads them)."""
    return Site(root, settings_file).settings


def make_slug(title: str, settings: dict) -> str:
    from pelican.utils import slugify

    return slugify(
        title,
        regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
        preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
        use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
    )


def format_date(moment: datetime) -> str:
    """``2026-11-26 10:00+01:00``: the sample posts' form, which Pelican reads back with its offset."""
    offset = moment.strftime("%z")
    return f"{moment:%Y-%m-%d %H:%M}{offset[:3]}:{offset[3:]}"


def post_date(settings: dict, date: str | None = None, now: datetime | None = None) -> datetime:
    """``date`` (any form Pelican reads, e.g. ``2026-12-24`` or ``2026-12-24 09:30``) or now, in TIMEZONE."""
    zone = site_timezone(settings)
    if not date:
        moment = (now or datetime.now(zone)).astimezone(zone)
        return moment.replace(second=0, microsecond=0)
    from pelican.utils import get_date

    try:
        moment = get_date(date.strip())
    except ValueError:
        raise NewPostError(f"--date {date!r} is not a date: write it like 2026-12-24 or \"2026-12-24 09:30\".") from None
    moment = moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(zone)
    return datetime(moment.year, moment.month, moment.day, moment.hour, moment.minute, tzinfo=zone)


def split_tags(tags: str | None) -> list[str]:
    return [tag.strip() for tag in (tags or "").split(",") if tag.strip()]


def site_contents(root: Path, settings: dict) -> list:
    with contextlib.chdir(root), quiet_stdout():
        return read_contents(settings)


def comment_threads(site: Site) -> list:
    """The archived comment threads, matched as the build matches them."""
    return list(site.comment_import().threads)


def find_clashes(slug: str, settings: dict, contents: list, threads: list) -> list[Clash]:
    clashes = []
    for item in contents:
        if getattr(item, "slug", None) == slug:
            kind = type(item).__name__.lower()
            where = os.path.relpath(item.source_path, os.getcwd()) if item.source_path else "?"
            status = f" ({item.status})" if getattr(item, "status", "published") != "published" else ""
            clashes.append(Clash(f"the {kind} {where}{status} already has the slug {slug!r}"))
    for thread in threads:
        if thread.slug != slug:
            continue
        count = len(thread.comments)
        old = thread.url or f"/{slug}/"
        if thread.article is None:
            clashes.append(Clash(
                f"the archives hold {count} comment(s) for an old post at {old} that has no article yet: "
                "import that post (`invoke import-posts content/comments`) rather than start a new one "
                "at its address, or choose another slug (--slug)"
            ))
        elif thread.article != slug:
            clashes.append(Clash(
                f"the old page {old} had {count} comment(s), which COMMENTS_URL_MAP shows under the article "
                f"{thread.article!r}: a new post at /{slug}/ would take that old address; choose another slug (--slug)"
            ))
    reserved = reserved_reason(slug, settings)
    if reserved:
        clashes.append(Clash(reserved))
    return clashes


def render(title: str, date: datetime, slug: str, category: str, tags: list[str]) -> str:
    lines = [
        f"Title: {title}",
        f"Date: {format_date(date)}",
        f"Slug: {slug}",
        f"Category: {category}",
        f"Tags: {', '.join(tags)}",
        "Status: draft",
        "Summary:",
        "",
        "Write the post here, in Markdown. Images go under `content/images/` and are linked as",
        "`![A description]({static}/images/my-picture.jpg)`.",
        "",
        "Fill in `Summary:` (one or two sentences for the index and the feeds) and add a `Cover:` image;",
        "delete `Status: draft` when the post is ready (a post dated in the future waits for its date).",
        "",
    ]
    return "\n".join(lines)


def draft_preview_path(settings: dict, slug: str, date: datetime, category: str) -> str:
    """The site path a local build writes the draft at (DRAFT_URL), e.g. ``/drafts/<slug>/``."""
    pattern = settings.get("DRAFT_URL") or "drafts/{slug}/"
    try:
        path = pattern.format(slug=slug, date=date, lang=settings.get("DEFAULT_LANG", "en"),
                              category=make_slug(category, settings))
    except (KeyError, AttributeError, IndexError, ValueError):
        path = (settings.get("DRAFTS_URL") or "drafts/")  # a pattern with fields a new post lacks: the list
    return "/" + path.lstrip("/")


def new_post(
    root: Path,
    settings_file: str,
    title: str,
    *,
    category: str = "",
    tags: str = "",
    date: str = "",
    slug: str = "",
    now: datetime | None = None,
) -> NewPost:
    """Write the draft; returns where it is. Raises NewPostError (nothing written) on any clash."""
    title = " ".join((title or "").split())
    if not title:
        raise NewPostError('a post needs a title: invoke new "Shooting at the blue hour"')
    site = Site(root, settings_file)
    settings = site.settings
    slug = slug.strip() if slug else make_slug(title, settings)
    if not slug or slug != make_slug(slug, settings):
        raise NewPostError(
            f"{slug!r} cannot be a slug (letters, digits and hyphens): choose one with --slug"
            if slug else f"no slug can be made from the title {title!r}: give one with --slug"
        )
    moment = post_date(settings, date, now)
    category = " ".join(category.split()) or "Uncategorized"
    folder = (settings.get("ARTICLE_PATHS") or ["articles"])[0]
    path = root / settings.get("PATH", "content") / folder / f"{slug}.md"
    if path.exists():
        raise NewPostError(f"{path.relative_to(root)} already exists; it is never overwritten.")
    with contextlib.chdir(root):
        clashes = find_clashes(slug, settings, site.contents, comment_threads(site))
    if clashes:
        raise NewPostError(
            f"the slug {slug!r} (address /{slug}/) is taken:\n" + "\n".join(f"  - {c.what}" for c in clashes)
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as handle:  # "x": never replaces a file
        handle.write(render(title, moment, slug, category, split_tags(tags)))
    return NewPost(path=path, slug=slug, preview_path=draft_preview_path(settings, slug, moment, category))
