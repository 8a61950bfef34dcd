"""Finding an archive's files: every file under the folders given, sorted, ignored names left out.

Which names to ignore is the caller's setting (the comment import's ``COMMENTS_IGNORE``); the rule for
applying it lives here, so the comment import and the post import read the same files.
"""

from __future__ import annotations

import fnmatch
import functools
import os
import re

# Names (fnmatch patterns) in an archive folder that are no archives.  They apply to folder names too:
# "*_files" is the folder of images, styles and scripts a browser's "Save page, complete" writes beside
# the page.  COMMENTS_IGNORE defaults to these; the comment import and the post import both apply it.
DEFAULT_IGNORE = (
    "README*", "*.md", "*.toml", "*.txt", ".*", "*_files", "uploads",
    "*.css", "*.js", "*.png", "*.jpg", "*.jpeg", "*.gif", "*.webp", "*.svg", "*.ico", "*.avif",
    "*.woff", "*.woff2", "*.ttf", "*.mp4", "*.webm", "*.mp3", "*.pdf",
)


def find_sources(paths: list[str], ignore: list[str], skipped: list[str] | None = None) -> list[str]:
    """Every archive file under ``paths`` (files or folders), sorted, ignored names left out.

    ``skipped``, when given, receives (sorted) every file the ``ignore`` names left out, those inside an
    ignored folder too: what a report counts as not read.  Hidden folders (``.git``) are neither
    sources nor counted, nor are hidden files.
    """
    found: set[str] = set()
    left_out: list[str] = []
    for path in paths:
        if os.path.isfile(path):
            found.add(path)
            continue
        for folder, subfolders, files in os.walk(path):
            kept = []
            for name in sorted(subfolders):
                if name.startswith("."):
                    continue
                if _ignored(name, ignore):
                    if skipped is not None:
                        left_out.extend(_visible_files(os.path.join(folder, name)))
                else:
                    kept.append(name)
            subfolders[:] = kept
            for name in files:
                if not _ignored(name, ignore):
                    found.add(os.path.join(folder, name))
                elif not name.startswith("."):
                    left_out.append(os.path.join(folder, name))
    if skipped is not None:
        skipped.extend(sorted(set(left_out)))
    return sorted(found)


def _ignored(name: str, ignore: list[str]) -> bool:
    """``fnmatch.fnmatch(name, pattern)`` for any of the patterns, as one expression (the two dozen
    default patterns, one by one, were most of what finding 400 archive files cost)."""
    return _ignore_pattern(tuple(ignore)).match(os.path.normcase(name)) is not None


@functools.lru_cache(maxsize=16)
def _ignore_pattern(ignore: tuple[str, ...]) -> re.Pattern:
    # What fnmatch.fnmatch does per pattern: both sides normcase'd, each pattern translated.
    return re.compile("|".join(fnmatch.translate(os.path.normcase(pattern)) for pattern in ignore) or r"(?!)")


def _visible_files(folder: str) -> list[str]:
    out = []
    for here, subfolders, files in os.walk(folder):
        subfolders[:] = [d for d in subfolders if not d.startswith(".")]
        out.extend(os.path.join(here, name) for name in files if not name.startswith("."))
    return out


def source_files(paths: list[str], ignore: list[str], base: str | None) -> list[tuple[str, str]]:
    """(path, name in reports) of every archive under ``paths``."""
    return [(path, display_path(path, base)) for path in find_sources(paths, ignore)]


def display_path(path: str, base: str | None) -> str:
    """A path as reports and ``sources`` show it: relative to the project when inside it."""
    if base:
        relative = os.path.relpath(os.path.abspath(path), os.path.abspath(base))
        if not relative.startswith(".."):
            return relative.replace(os.sep, "/")
    return path
