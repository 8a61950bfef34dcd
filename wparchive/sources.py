"""Finding an archive's files: every file under the folders given, sorted, ignored names left out.

Which names to ignore is the caller's setting (the comment import's ``COMMENTS_IGNORE``); the rule for
applying it lives here, so the comment import and the post import read the same files.
"""

from __future__ import annotations

import fnmatch
import os

# Names (fnmatch patterns) in an archive folder that are no archives.  They apply to folder names too:
# "*_files" is the folder of images, styles and scripts a browser's "Save page, complete" writes beside
# the page.  The comment import's COMMENTS_IGNORE defaults to these, and the post import uses them.
DEFAULT_IGNORE = (
    "README*", "*.md", "*.toml", "*.txt", ".*", "*_files", "uploads",
    "*.css", "*.js", "*.png", "*.jpg", "*.jpeg", "*.gif", "*.webp", "*.svg", "*.ico", "*.avif",
    "*.woff", "*.woff2", "*.ttf", "*.mp4", "*.webm", "*.mp3", "*.pdf",
)


def find_sources(paths: list[str], ignore: list[str]) -> list[str]:
    """Every archive file under ``paths`` (files or folders), sorted, ignored names left out."""
    found: set[str] = set()
    for path in paths:
        if os.path.isfile(path):
            found.add(path)
            continue
        for folder, subfolders, files in os.walk(path):
            subfolders[:] = sorted(
                d for d in subfolders if not d.startswith(".") and not any(fnmatch.fnmatch(d, p) for p in ignore)
            )
            for name in files:
                if not any(fnmatch.fnmatch(name, pattern) for pattern in ignore):
                    found.add(os.path.join(folder, name))
    return sorted(found)


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
