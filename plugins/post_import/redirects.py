"""The redirect table ``content/redirects.toml``: every old URL of the blog and where it goes now.

The import writes it; the ``old_urls`` plugin turns it into redirect pages and server rules at each
build.  One line per old URL, ``"/old/path/" = "/new/path/"`` (a ``"/?p=N"`` key is answered by the
nginx and Apache rules only; a value ``""`` drops that redirect).  The author edits it freely: a
later import only appends the old URLs the table does not have yet, so re-running the import changes
nothing and an edited or emptied line stays as the author left it.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

from .model import DRAFT, PAGE, ImportReport, Post
from .permalinks import _slug, old_path

DEFAULT_TABLE = "redirects.toml"  # OLD_URLS_TABLE, relative to the content folder
HEADER = """\
# Old URLs of the WordPress blog and where each one goes now (plugin old_urls; README "Moving from WordPress").
# Written by `invoke import-posts`, read at every build: redirect pages, .htaccess, nginx and _redirects rules.
# Edit a value to send that old URL elsewhere; set it to "" to drop the redirect (a later import keeps it so).
# A later import only appends old URLs missing here.  "/?p=N" keys work on nginx and Apache only.
"""


def _line(old: str, new: str) -> str:
    return f"{json.dumps(old, ensure_ascii=False)} = {json.dumps(new, ensure_ascii=False)}\n"


def _url(pattern: str | None, **values) -> str | None:
    if not pattern:
        return None
    try:
        return "/" + pattern.format(**values)
    except (KeyError, AttributeError, IndexError, ValueError):
        return None


def wanted(posts: list[Post], report: ImportReport, settings: dict, new_urls: dict[str, str]) -> dict[str, str]:
    """old path -> new path for every old URL the archive names that the new site does not serve."""
    out: dict[str, str] = {}

    def add(old: str | None, new: str | None) -> None:
        if not old or not new:
            return
        old = re.sub(r"/{2,}", "/", old)  # servers merge repeated slashes
        if old in out or not _valid(old):
            return
        if "?" not in old and old.rstrip("/") == new.split("#", 1)[0].rstrip("/"):
            return  # the same address: nothing to redirect
        out[old] = new

    by_slug = {p.slug: p for p in posts}
    categories: dict[str, str] = {}
    tags: dict[str, str] = {}
    authors: dict[str, str] = {}
    for outcome in report.outcomes:
        post = by_slug.get(outcome.slug)
        new = new_urls.get(outcome.slug)
        if post is None or new is None or post.status == DRAFT:
            continue
        for link in post.old_links or ([post.link] if post.link else []):
            path = old_path(link)
            add(path, new)
            if link and re.search(r"/comment-page-\d+/?$", link, re.IGNORECASE):
                raw = re.sub(r"^[a-z]+://[^/]+", "", link.split("?", 1)[0].split("#", 1)[0], flags=re.IGNORECASE)
                add(_unquoted(raw), new + "#comments")
        if post.post_id and post.post_id.isdigit():
            add(f"/?{'page_id' if post.kind == PAGE else 'p'}={post.post_id}", new)
        for link in post.attachment_links:
            add(old_path(link), new)
        if post.kind != PAGE and post.category_slug and post.category:
            categories.setdefault(post.category_slug, post.category)
        for nice, name in post.tag_slugs:
            tags.setdefault(nice, name)
        if post.author_login and post.author:
            authors.setdefault(_slug(post.author_login), post.author)
    for nice, name in sorted(categories.items()):
        add(f"/category/{_unquoted(nice)}/", _url(settings.get("CATEGORY_URL"), slug=_slug(name)))
    for nice, name in sorted(tags.items()):
        add(f"/tag/{_unquoted(nice)}/", _url(settings.get("TAG_URL"), slug=_slug(name)))
    for login, name in sorted(authors.items()):
        if login:
            add(f"/author/{login}/", _url(settings.get("AUTHOR_URL"), slug=_slug(name)))
    if out or new_urls:
        add("/feed/", "/" + (settings.get("FEED_ALL_ATOM") or "feeds/all.atom.xml"))
        add("/comments/feed/", "/" + (settings.get("COMMENTS_FEED_ALL_ATOM") or "feeds/comments.atom.xml"))
    return out


def _valid(old: str) -> bool:
    """What the old_urls plugin accepts as a key (a path; no . or .. segment, quote, $, brace, control)."""
    path = old.split("?", 1)[0]
    return (old.startswith("/") and "#" not in old and not any(p in (".", "..") for p in path.split("/"))
            and not any(ord(ch) < 32 or ch in '"\\$<>{}' for ch in old))


def _unquoted(text: str) -> str:
    from urllib.parse import unquote

    return unquote(text)


def read_table(path: Path) -> dict[str, str]:
    """The table as it is (``{}`` when absent); ValueError when it is not valid TOML."""
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ValueError(f"not valid TOML: {error}") from None
    return {str(k): str(v) for k, v in data.items() if isinstance(v, str)}


def merge(path: Path, entries: dict[str, str], dry_run: bool) -> tuple[int, int]:
    """Append the entries the table lacks; (added, already there).  A new table gets the header."""
    existing = read_table(path)
    missing = {k: v for k, v in entries.items() if k not in existing}
    if not missing:
        return 0, len(entries)
    ordered = sorted(missing.items(), key=lambda kv: ("?" in kv[0], kv[0]))
    if path.is_file():
        text = path.read_text(encoding="utf-8")
        if text and not text.endswith("\n"):
            text += "\n"
        text += "".join(_line(k, v) for k, v in ordered)
    else:
        text = HEADER + "".join(_line(k, v) for k, v in ordered)
    if not dry_run:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    return len(missing), len(entries) - len(missing)
