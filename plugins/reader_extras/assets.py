"""Content-named theme assets and the build id: what lets a reader never get a page with another build's CSS.

A page and the stylesheet or script it links can come from two different
publishes (the page just before the switch, its CSS just after).  So the theme
links its stylesheets and scripts by their content: ``{{ 'css/style.css'|asset_url }}``
gives ``{SITEURL}/theme/css/style.<hash>.css``, where ``<hash>`` is taken from the
bytes the output serves (the minified CSS when ``THEME_CSS_MINIFY``).  A page can
only ever receive the exact file it was written with; the previous release's
files stay reachable because the deploy carries them into the next release
(``carried``, used by sitetools/deploy.py).

Every page also names its build: ``<meta name="build-id" content="{{ BUILD_ID }}">``.
Templates see a placeholder; once the whole output is written, the placeholder
is replaced by a hash of every file (``tree_id``), so the same sources give the
same bytes, and a build's id changes whenever anything it serves changes.

The naming rule (``hashed_name``, ``HASHED_NAME_RE``) lives here and nowhere else.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re

from jinja2 import pass_context

from . import settings as extras_settings
from .minify import minify_css

logger = logging.getLogger(__name__)

HASH_LENGTH = 12  # hex digits of SHA-256: unique enough for a site's few assets, short in a URL
# `style.3f9a1c0b2d4e.css`: a content-named copy the theme links (asset_url).
HASHED_NAME_RE = re.compile(r"\.[0-9a-f]{%d}\.[A-Za-z0-9]+$" % HASH_LENGTH)
# What templates see as BUILD_ID until the build is written; never a real hash (not hex).
BUILD_ID_PLACEHOLDER = "build-id-pending-xyzzy"
BUILD_ID_META_RE = re.compile(r'<meta name="build-id" content="([^"]*)"')
# Folders (relative to the output) whose files a page may request after it was
# served: the theme's content-named copies, and Pagefind's bundle (its index
# chunks and fragments are content-named by Pagefind itself).
CARRIED_FOLDERS = ("pagefind/",)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:HASH_LENGTH]


def hashed_name(name: str, data: bytes) -> str:
    """``css/style.css`` with these bytes -> ``css/style.<hash>.css``."""
    stem, dot, extension = name.rpartition(".")
    if not dot or "/" in extension:
        return f"{name}.{digest(data)}"
    return f"{stem}.{digest(data)}.{extension}"


def served_bytes(name: str, data: bytes, settings: dict) -> bytes:
    """The bytes the output holds for a theme file whose source is ``data`` (the CSS minify step, as minify.py)."""
    if name.endswith(".css") and not name.endswith(".min.css") and extras_settings.get(settings, "THEME_CSS_MINIFY"):
        return minify_css(data.decode("utf-8")).encode("utf-8")
    return data


def theme_source(settings: dict, name: str) -> str | None:
    """The theme's file that Pelican copies to ``<THEME_STATIC_DIR>/<name>`` (a later static path wins, as in Pelican)."""
    found = None
    for folder in settings.get("THEME_STATIC_PATHS") or ["static"]:
        path = os.path.join(settings["THEME"], folder, name)
        if os.path.isfile(path):
            found = path
    return found


def make_asset_url_filter(settings: dict):
    """The Jinja filter ``asset_url``: a theme file's content-named URL, under the page's own SITEURL.

    The page's SITEURL, not the setting: with RELATIVE_URLS it is a relative
    path that differs per page.  The filter remembers what it named (``.used``)
    for the finalized step that writes those copies.
    """
    used: dict[str, str] = {}  # "css/style.css" -> "css/style.<hash>.css"

    @pass_context
    def asset_url(context, name: str) -> str:
        name = name.lstrip("/")
        if name not in used:
            source = theme_source(settings, name)
            if source is None:
                raise ValueError(f"asset_url: the theme has no static file {name!r} (looked in THEME_STATIC_PATHS)")
            with open(source, "rb") as handle:
                used[name] = hashed_name(name, served_bytes(name, handle.read(), settings))
        siteurl = context.get("SITEURL", settings.get("SITEURL")) or ""
        return f"{siteurl.rstrip('/')}/{settings['THEME_STATIC_DIR']}/{used[name]}"

    asset_url.used = used
    return asset_url


def write_hashed_copies(output_path: str, static_dir: str, used: dict[str, str]) -> list[str]:
    """finalized: beside each asset the pages linked, its content-named copy; returns the copies' paths.

    The name is checked against the written bytes: if they differ from what the
    pages were given (something changed the file after the pages were written),
    that is an error, since those pages would link a file that is not theirs.
    """
    written = []
    for name, linked in sorted(used.items()):
        path = os.path.join(output_path, static_dir, name)
        with open(path, "rb") as handle:
            data = handle.read()
        actual = hashed_name(name, data)
        if actual != linked:
            logger.error(
                "asset_url: %s/%s changed after the pages were written (they link %s, its bytes make %s); "
                "a step that rewrites theme files must be part of reader_extras.assets.served_bytes",
                static_dir, name, linked, actual,
            )
        copy = os.path.join(output_path, static_dir, linked)
        with open(copy, "wb") as handle:
            handle.write(data)
        written.append(copy)
    return written


def output_files(output_path: str) -> list[str]:
    """Every file of the output, as sorted POSIX paths relative to it."""
    found = []
    for directory, _, names in os.walk(output_path):
        for name in names:
            found.append(os.path.relpath(os.path.join(directory, name), output_path).replace(os.sep, "/"))
    return sorted(found)


def tree_id(output_path: str) -> str:
    """A hash of every file's path and bytes: the same output, the same id."""
    tree = hashlib.sha256()
    for name in output_files(output_path):
        with open(os.path.join(output_path, name), "rb") as handle:
            tree.update(f"{name}\0{hashlib.sha256(handle.read()).hexdigest()}\n".encode())
    return tree.hexdigest()[:HASH_LENGTH]


def stamp_build_id(output_path: str) -> str:
    """Replace the placeholder in every page by the output's ``tree_id`` (taken with the placeholder in place)."""
    build_id = tree_id(output_path)
    placeholder = BUILD_ID_PLACEHOLDER.encode()
    for name in output_files(output_path):
        if not name.endswith(".html"):
            continue
        path = os.path.join(output_path, name)
        with open(path, "rb") as handle:
            data = handle.read()
        if placeholder in data:
            with open(path, "wb") as handle:
                handle.write(data.replace(placeholder, build_id.encode()))
    return build_id


def read_build_id(html: str) -> str | None:
    """The build id a page names (its ``<meta name="build-id">``), or None."""
    match = BUILD_ID_META_RE.search(html)
    return match.group(1) if match and match.group(1) != BUILD_ID_PLACEHOLDER else None


def carried(name: str, static_dir: str = "theme") -> bool:
    """Whether the deploy keeps this file of the previous release reachable in the next one.

    Those are the files a page already in a reader's browser may still ask for:
    content-named theme assets and Pagefind's bundle.  Both are named by their
    content, so an old copy never stands in for a new file of the same name.
    """
    if name.startswith(CARRIED_FOLDERS):
        return True
    return name.startswith(f"{static_dir}/") and bool(HASHED_NAME_RE.search(name))
