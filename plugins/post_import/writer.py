"""Markdown files with Pelican metadata, written only when safe.

* A post whose slug an article or page already has (anywhere under the article and page folders)
  is skipped: re-running the import changes nothing.  With ``--force`` the import's own earlier file
  (same path) is rewritten; a file written by hand under another name never is.
* A slug that is one of the site's own URLs (``archives``, ``category``, ``tag``, a year …) is skipped.
* ``--dry-run`` writes nothing.  The same sources give the same bytes.
"""

from __future__ import annotations

import os
import re
from datetime import datetime
from pathlib import Path

from .model import DRAFT, PAGE, Post

_META_LINE_RE = re.compile(r"^([A-Za-z][\w-]*):\s*(.*)$")
_SOURCE_EXTENSIONS = (".md", ".markdown", ".mkd", ".mdown", ".rst", ".html", ".htm")


def read_header(path: Path) -> dict[str, str]:
    """The metadata lines at the top of a Markdown (or reST/HTML: best effort) file."""
    meta: dict[str, str] = {}
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                line = line.rstrip("\n")
                if not line.strip():
                    break
                match = _META_LINE_RE.match(line.lstrip(":"))
                if not match:
                    if meta:
                        break
                    continue
                meta.setdefault(match.group(1).lower(), match.group(2).strip())
    except OSError:
        pass
    return meta


def existing_slugs(content: Path, folders: list[str], settings: dict) -> dict[str, str]:
    """slug (case-folded) -> content-relative path of every article and page there is."""
    from pelican.utils import slugify

    subs = settings.get("SLUG_REGEX_SUBSTITUTIONS") or []
    found: dict[str, str] = {}
    for folder in folders:
        root = content / folder
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            for name in sorted(filenames):
                if not name.lower().endswith(_SOURCE_EXTENSIONS):
                    continue
                path = Path(dirpath) / name
                meta = read_header(path)
                slug = meta.get("slug") or (slugify(meta["title"], regex_subs=subs) if meta.get("title") else "")
                slug = slug or Path(name).stem
                found.setdefault(slug.casefold(), path.relative_to(content).as_posix())
    return found


def _line(value: str) -> str:
    return " ".join(str(value).split())


def _date(value: datetime) -> str:
    return value.isoformat(sep=" ", timespec="seconds" if value.second else "minutes")


def render(post: Post, title: str, body: str, summary: str | None, cover: str | None) -> str:
    lines = [f"Title: {_line(title)}"]
    if post.date is not None:
        lines.append(f"Date: {_date(post.date)}")
    if post.modified is not None:
        lines.append(f"Modified: {_date(post.modified)}")
    if post.kind != PAGE:
        # WordPress shows a post without a category under "Uncategorized" (Pelican would use the folder).
        category = post.category or "Uncategorized"
        lines.append(f"Category: {_line(category.replace(',', ' '))}")
        tags = []
        seen = set()
        for tag in post.tags:
            tag = _line(tag.replace(",", " "))
            if tag and tag.casefold() not in seen:
                seen.add(tag.casefold())
                tags.append(tag)
        if tags:
            lines.append(f"Tags: {', '.join(tags)}")
    lines.append(f"Slug: {post.slug}")
    if post.author:
        lines.append(f"Author: {_line(post.author)}")
    if summary:
        lines.append(f"Summary: {_line(summary)}")
    if cover:
        lines.append(f"Cover: {cover}")
    if post.status == DRAFT:
        lines.append("Status: draft")
    elif post.path and post.path.strip("/") != post.slug:
        # A child page: its old URL had its parents' names in it.
        lines.append(f"Url: {post.path}")
        lines.append(f"Save_as: {post.path}index.html")
    text = "\n".join(lines) + "\n\n" + (body.strip("\n") + "\n" if body.strip() else "")
    return text


def write(path: Path, text: str, dry_run: bool) -> bool:
    """Write ``text`` (UTF-8, \\n); False when the file already holds exactly these bytes."""
    data = text.encode("utf-8")
    if path.is_file() and path.read_bytes() == data:
        return False
    if not dry_run:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    return True
