"""What the post import reads from every source, and what it reports.

Every source (a WXR item, a saved page, a Wayback capture) becomes one ``Post``;
author boxes and WXR author descriptions become ``AuthorInfo``.  The writer turns
them into Markdown files; the report says what happened to each.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

ARTICLE = "article"
PAGE = "page"

PUBLISHED = "published"
DRAFT = "draft"


@dataclass
class Post:
    kind: str  # ARTICLE or PAGE
    slug: str  # the old post name: the URL stays /{slug}/
    title: str  # HTML, as Pelican themes print titles (sanitized)
    source: str  # the path the report names
    source_file: Path  # the real file (images are looked for beside it)
    fmt: str  # "wxr" (content as stored by WordPress) or "html" (a rendered page)
    body: str = ""  # raw HTML as the source holds it
    date: datetime | None = None
    modified: datetime | None = None
    status: str = PUBLISHED
    wp_status: str = "publish"
    category: str | None = None
    tags: list[str] = field(default_factory=list)
    author: str | None = None
    excerpt: str | None = None  # HTML
    cover_url: str | None = None  # featured image / og:image as the source names it
    url: str | None = None  # the old URL
    path: str | None = None  # a child page's old path ("films/short/"), when not /{slug}/
    post_id: str | None = None
    link: str | None = None  # the old URL exactly as the source names it (a ?p=N one too)
    guid: str | None = None  # WXR <guid> (WordPress writes ?p=N there)
    category_slug: str | None = None  # the old blog's category nicename (its /%category%/ URLs)
    author_login: str | None = None  # the old blog's login (its /author/<login>/ archive)
    tag_slugs: list[tuple[str, str]] = field(default_factory=list)  # (old nicename, name) of each tag
    attachment_links: list[str] = field(default_factory=list)  # old URLs of the post's attachment pages
    old_links: list[str] = field(default_factory=list)  # every old URL the sources name for this post
    wp_date: datetime | None = None  # the date as the old blog's own zone shows it (its permalinks use it)
    attachments: list[tuple[str, str]] = field(default_factory=list)  # (id, url) of the post's own media
    media: dict[str, str] = field(default_factory=dict)  # every attachment id -> url in the export
    notes: list[str] = field(default_factory=list)  # what reading the source noticed
    also_in: list[str] = field(default_factory=list)  # other sources of the same post (not read again)
    skip_reason: str | None = None  # set when the source itself says: do not import (trash)

    @property
    def order_key(self):
        # WXR first (it holds the stored content), then the newest version of a page, then by path.
        newest = self.modified or self.date
        stamp = -newest.timestamp() if newest else 0.0
        return (0 if self.fmt == "wxr" else 1, -len(self.body.strip()) if self.fmt == "html" else 0, stamp, self.source)


@dataclass
class AuthorInfo:
    name: str
    bio: str  # HTML
    source: str
    source_file: Path
    photo_url: str | None = None
    links: list[str] = field(default_factory=list)  # profile URLs found with the bio


@dataclass
class Outcome:
    """What happened to one post."""

    slug: str
    kind: str
    sources: list[str]
    action: str  # "written", "would write", "unchanged", "skipped"
    path: str | None = None  # content-relative file
    reason: str | None = None
    status: str = PUBLISHED
    warnings: list[str] = field(default_factory=list)
    old_url: str | None = None
    new_url: str | None = None


@dataclass
class ImportReport:
    sources: list[str] = field(default_factory=list)
    kinds: dict[str, int] = field(default_factory=dict)  # "wxr"/"html"/"disqus"/"other" -> count
    ignored: list[str] = field(default_factory=list)  # the files COMMENTS_IGNORE left out (assets, notes)
    outcomes: list[Outcome] = field(default_factory=list)
    images_copied: list[tuple[str, str]] = field(default_factory=list)  # (from, to)
    images_present: list[str] = field(default_factory=list)  # already there, same bytes
    images_missing: list[tuple[str, str]] = field(default_factory=list)  # (url, where)
    images_conflict: list[tuple[str, str]] = field(default_factory=list)  # (to, from): other bytes there
    authors: list[Outcome] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (source, message)
    dry_run: bool = False
    elapsed: float = 0.0
    permalinks: object = None  # permalinks.Permalinks: the old blog's structure
    kept_permalinks: bool = False  # ARTICLE_URL / ARTICLE_SAVE_AS follow the old structure
    redirect_table: str | None = None  # content-relative path of the redirect table
    redirects_added: int = 0  # lines the import appended to it
    redirects_present: int = 0  # old URLs the table already had
    redirect_problem: str | None = None

    def count(self, action: str, kind: str | None = None) -> int:
        return sum(1 for o in self.outcomes if o.action == action and (kind is None or o.kind == kind))
