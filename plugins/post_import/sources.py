"""Finding the sources, reading each one with its reader, and keeping one version of every post.

The files are found as the comment import finds them (``wparchive.sources``, the same
``COMMENTS_IGNORE`` names) and the format is told by content (``wparchive.formats``).
What a browser saved beside a page (``<page>_files/``), image folders and notes are left out by that
rule, and counted as such (``Collected.ignored``); images are copied from them as posts name them
(``images.py``).  One post may be in several sources (an export and its saved page, two Wayback captures,
comment page 2): the stored content of an export wins, else the fullest, newest page; the body is
taken once and the other sources are listed with it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path

from wparchive import formats
from wparchive.sources import display_path, find_sources

from . import from_html, from_wxr
from .model import AuthorInfo, Post


@dataclass
class Collected:
    posts: list[Post] = field(default_factory=list)  # one per slug
    authors: list[AuthorInfo] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # what COMMENTS_IGNORE left out (assets, notes)
    kinds: Counter = field(default_factory=Counter)
    not_posts: list[tuple[str, str]] = field(default_factory=list)  # (source, why no post)


def collect(paths: list[str], ignore: list[str], tz: tzinfo, base: str | None) -> Collected:
    out = Collected()
    found: list[Post] = []
    skipped: list[str] = []
    for path in find_sources(paths, ignore, skipped):
        name = display_path(path, base)
        try:
            data = Path(path).read_bytes()
        except OSError as error:
            out.problems.append((name, f"cannot be read: {error.strerror or error}"))
            continue
        out.files.append(name)
        kind = formats.sniff(data[: formats.HEAD_BYTES]) if data.strip() else None
        if kind == "wxr":
            out.kinds["wxr"] += 1
            posts, authors, problems = from_wxr.read(data, name, Path(path), tz)
            found.extend(posts)
            out.authors.extend(authors)
            out.problems.extend((name, message) for message in problems)
        elif kind == "html":
            out.kinds["html"] += 1
            post, author, why = from_html.read(data, name, Path(path), tz)
            if post is not None:
                found.append(post)
            else:
                out.not_posts.append((name, why or "no post found"))
            if author is not None:
                out.authors.append(author)
        elif kind is not None:
            out.kinds[kind] += 1  # a Disqus export: comments only
        else:
            out.kinds["other"] += 1
            out.problems.append((name, "not a WXR export nor a saved page: no posts read from it"))
    out.ignored = [display_path(path, base) for path in skipped]

    groups: dict[str, list[Post]] = {}
    for post in found:
        groups.setdefault(post.slug.casefold(), []).append(post)
    for key in sorted(groups):
        versions = sorted(groups[key], key=lambda p: p.order_key)
        chosen = versions[0]
        chosen.also_in = sorted({p.source for p in versions[1:]} - {chosen.source})
        chosen.old_links = sorted({p.link for p in versions if p.link})
        chosen.post_id = chosen.post_id or next((p.post_id for p in versions if p.post_id), None)
        chosen.wp_date = chosen.wp_date or next((p.wp_date for p in versions if p.wp_date), None)
        chosen.category_slug = chosen.category_slug or next((p.category_slug for p in versions if p.category_slug), None)
        if chosen.fmt == "html":
            # Categories, tags or a cover only another capture shows.
            for other in versions[1:]:
                chosen.category = chosen.category or other.category
                chosen.tags = chosen.tags or other.tags
                chosen.cover_url = chosen.cover_url or other.cover_url
                chosen.date = chosen.date or other.date
        out.posts.append(chosen)

    # One profile per author: the fullest box (a photo of one's own, links, the longest bio).
    authors: dict[str, list[AuthorInfo]] = {}
    for info in out.authors:
        authors.setdefault(info.name.casefold(), []).append(info)

    def fullness(item: tuple[int, AuthorInfo]):
        index, info = item
        own_photo = bool(info.photo_url) and "gravatar.com" not in info.photo_url
        return (-own_photo, -len(info.links), -len(info.bio), index)

    out.authors = [min(enumerate(authors[k]), key=fullness)[1] for k in sorted(authors)]
    return out
