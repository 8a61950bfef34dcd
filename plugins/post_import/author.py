"""The author's bio from the old blog, offered as ``content/authors/<slug>.md`` (plugin author_profiles).

Found in an author box of the saved pages (``.author-bio``, ``.about-author``, ``.author-info``,
``.wp-block-post-author``, this theme's ``aside.author-box``) or a WXR ``wp:author`` with a
description.  A profile that exists is never overwritten (not even with ``--force``: it is the
author's own text now).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

from author_profiles.profiles import SOCIAL_KEYS

from .markdown_writer import one_line, sanitize, to_markdown
from .images import ImageStore
from .model import AuthorInfo, Outcome
from .writer import read_header, write



def social_key(url: str) -> str | None:
    """The profile header (``twitter``, ``instagram`` …) a link belongs under, if any."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    if host in ("twitter.com", "x.com"):
        return "twitter"
    for key in ("instagram", "facebook", "vimeo", "youtube"):
        if host == f"{key}.com" or host.endswith(f".{key}.com"):
            return key
    if parts.path.startswith("/@") and host:
        return "mastodon"
    return None


def author_slug(name: str, settings: dict) -> str:
    from pelican.utils import slugify

    return slugify(name, regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS") or [])


def write_profile(info: AuthorInfo, content: Path, settings: dict, store: ImageStore, dry_run: bool) -> Outcome:
    slug = author_slug(info.name, settings)
    folder = content / (settings.get("AUTHOR_PROFILES_PATH") or "authors")
    relative = f"{folder.relative_to(content).as_posix()}/{slug}.md"
    outcome = Outcome(slug=slug, kind="author", sources=[info.source], action="skipped", path=relative)
    existing = None
    if folder.is_dir():
        for path in sorted(folder.glob("*.md")):
            meta = read_header(path)
            if path.stem == slug or (meta.get("slug") or "").casefold() == slug.casefold():
                existing = path
                break
    if existing is not None:
        outcome.path = existing.relative_to(content).as_posix()
        outcome.reason = "a profile exists (never overwritten: edit it by hand)"
        return outcome

    lines = [f"Title: {one_line(info.name)}", f"Slug: {slug}"]
    if info.photo_url and "gravatar.com" in info.photo_url:
        outcome.warnings.append("the photo was a Gravatar image (not in the archive): no Photo")
    elif info.photo_url:
        local = store.resolve(info.photo_url, info.source_file, slug, f"photo of {info.name}", folder="authors")
        if local is not None:
            lines.append(f"Photo: {local}")
        else:
            outcome.warnings.append(f"photo {info.photo_url} has no local copy: left out")
    links: dict[str, str] = {}
    for url in info.links:
        key = social_key(url)
        if key and key not in links:
            links[key] = url
    for key, label in SOCIAL_KEYS:
        if key in links:
            lines.append(f"{label}: {links[key]}")
    bio_html = info.bio if "<p" in info.bio else "".join(
        f"<p>{part}</p>" for part in re.split(r"\n\s*\n", info.bio) if part.strip())
    soup = BeautifulSoup(sanitize(bio_html), "html.parser")
    for img in soup.find_all("img"):
        img.decompose()
    body = to_markdown(soup)
    text = "\n".join(lines) + "\n\n" + body
    write(folder / f"{slug}.md", text, dry_run)
    outcome.action = "would write" if dry_run else "written"
    return outcome
