"""Images: a local copy from the archive, or the remote URL in the report.

Nothing is ever downloaded.  A local copy is

* a file the page links relatively: a browser's "save page, complete" puts the page's images in a
  ``<page>_files/`` folder beside it;
* a file beside an export (or a saved page) that mirrors WordPress's upload paths: an ``uploads/``
  or ``wp-content/uploads/`` folder holding ``2019/05/photo.jpg`` for
  ``https://old.example/wp-content/uploads/2019/05/photo.jpg`` (WordPress.com: ``…files.wordpress.com/2019/05/…``);
  a resized copy's URL (``photo-1024x683.jpg``) also finds the original.

Copies go to ``content/images/imported/…`` (upload paths kept, else under the post's slug) and the
Markdown links them as ``{static}/images/imported/…``.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from .model import ImportReport

IMAGE_EXTENSIONS = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".avif"})
IMPORT_FOLDER = "images/imported"

_UPLOADS_RE = re.compile(r"/wp-content/uploads/(?:sites/\d+/)?(.+)$|^/files/(.+)$", re.IGNORECASE)
_RESIZED_RE = re.compile(r"-\d{2,5}x\d{2,5}(?=\.[A-Za-z0-9]+$)")
_UNSAFE_RE = re.compile(r"[^A-Za-z0-9._-]+")


def is_image_url(url: str | None) -> bool:
    if not url:
        return False
    path = urlsplit(url).path if "://" in url or url.startswith("//") else url.split("?", 1)[0]
    return PurePosixPath(unquote(path)).suffix.lower() in IMAGE_EXTENSIONS


def is_remote(url: str) -> bool:
    return url.startswith(("http://", "https://", "//"))


def uploads_tail(url: str) -> str | None:
    """``2019/05/photo.jpg`` for an uploaded file's URL (self-hosted or WordPress.com), else None."""
    try:
        parts = urlsplit(url if not url.startswith("//") else "https:" + url)
    except ValueError:
        return None
    path = unquote(parts.path)
    match = _UPLOADS_RE.search(path)
    if match:
        tail = match.group(1) or match.group(2)
    elif (parts.hostname or "").endswith(".files.wordpress.com"):
        tail = path.lstrip("/")
    else:
        return None
    tail = tail.strip("/")
    if not tail or ".." in PurePosixPath(tail).parts:
        return None
    return tail


def safe_name(name: str) -> str:
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    stem = _UNSAFE_RE.sub("-", stem).strip("-.") or "image"
    ext = _UNSAFE_RE.sub("", ext).lower()
    return f"{stem}.{ext}" if ext else stem


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class ImageStore:
    """Finds local copies, copies them into the content folder once, and records what it did."""

    def __init__(self, content: Path, roots: list[Path], report: ImportReport, dry_run: bool, force: bool):
        self.content = content
        self.roots = [root.resolve() for root in roots]
        self.report = report
        self.dry_run = dry_run
        self.force = force
        self._done: dict[tuple[str, str], str] = {}  # (source file, destination) -> destination
        self._missing: set[tuple[str, str]] = set()

    # ------------------------------------------------------------------ finding

    def _inside_roots(self, path: Path) -> bool:
        resolved = path.resolve()
        return any(resolved == root or root in resolved.parents for root in self.roots)

    def _candidate_dirs(self, source_file: Path):
        """The source's folder and its parents, up to the source root given on the command line."""
        folder = source_file.resolve().parent
        while True:
            yield folder
            if folder in self.roots or folder.parent == folder or not self._inside_roots(folder.parent):
                return
            folder = folder.parent

    def find_local(self, url: str, source_file: Path) -> Path | None:
        """The archive's own copy of an image, or None when only the URL is known."""
        if not url or url.startswith("data:"):
            return None
        candidates: list[Path] = []
        if not is_remote(url):
            relative = unquote(url.split("#", 1)[0].split("?", 1)[0])
            if relative and not relative.startswith("/"):
                candidates.append(source_file.parent / relative)
        tail = uploads_tail(url) if is_remote(url) or url.startswith("/") else None
        if tail:
            names = [tail]
            original = _RESIZED_RE.sub("", tail)
            if original != tail:
                names.append(original)
            for folder in self._candidate_dirs(source_file):
                for name in names:
                    candidates.append(folder / "uploads" / name)
                    candidates.append(folder / "wp-content" / "uploads" / name)
            for root in self.roots:  # an uploads folder given as a source of its own
                if root.name == "uploads":
                    candidates.extend(root / name for name in names)
        for candidate in candidates:
            try:
                if (
                    candidate.suffix.lower() in IMAGE_EXTENSIONS
                    and candidate.is_file()
                    and self._inside_roots(candidate)
                ):
                    return candidate
            except OSError:
                continue
        return None

    def find_in_page_folder(self, url: str, source_file: Path) -> Path | None:
        """An image a saved page names by URL (og:image) that the browser saved in its ``_files`` folder."""
        name = PurePosixPath(unquote(urlsplit(url).path)).name if url else ""
        if not name:
            return None
        folder = source_file.parent / f"{source_file.stem}_files"
        candidate = folder / name
        if candidate.suffix.lower() in IMAGE_EXTENSIONS and candidate.is_file() and self._inside_roots(candidate):
            return candidate
        return None

    # ------------------------------------------------------------------ copying

    def destination(self, url: str, local: Path, slug: str, folder: str | None = None) -> str:
        tail = uploads_tail(url) if url and (is_remote(url) or url.startswith("/")) else None
        if folder is None and tail:
            parts = [safe_name(part) for part in PurePosixPath(tail).parts]
            # The file found may be the original of a resized URL: name the copy after it.
            parts[-1] = safe_name(local.name)
            return "/".join([IMPORT_FOLDER, *parts])
        return f"{IMPORT_FOLDER}/{folder or safe_name(slug)}/{safe_name(local.name)}"

    def copy(self, local: Path, destination: str, where: str) -> str:
        """Copy once; returns the content-relative path to link (``images/imported/…``)."""
        key = (str(local.resolve()), destination)
        if key in self._done:
            return self._done[key]
        target = self.content / destination
        shown_from = self._shown(local)
        if target.exists():
            if target.is_file() and _digest(target) == _digest(local):
                self.report.images_present.append(destination)
            elif self.force:
                self._write(local, target)
                self.report.images_copied.append((shown_from, destination))
            else:
                self.report.images_conflict.append((destination, shown_from))
        else:
            self._write(local, target)
            self.report.images_copied.append((shown_from, destination))
        self._done[key] = destination
        return destination

    def _write(self, local: Path, target: Path) -> None:
        if self.dry_run:
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(local, target)

    def _shown(self, path: Path) -> str:
        resolved = path.resolve()
        for root in self.roots:
            if root == resolved or root in resolved.parents:
                base = root.parent if root.is_dir() else root.parent
                return os.path.relpath(resolved, base).replace(os.sep, "/")
        return str(path)

    def missing(self, url: str, where: str) -> None:
        if (url, where) not in self._missing:
            self._missing.add((url, where))
            self.report.images_missing.append((url, where))

    def resolve(self, url: str, source_file: Path, slug: str, where: str, folder: str | None = None) -> str | None:
        """The ``images/imported/…`` path of an image's local copy (copied), or None (reported missing)."""
        local = self.find_local(url, source_file)
        if local is None:
            self.missing(url, where)
            return None
        return self.copy(local, self.destination(url, local, slug, folder), where)
