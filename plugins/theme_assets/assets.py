"""Content-named theme assets and the assets id: what lets a reader never get a page with another build's CSS.

A page and the stylesheet or script it links can come from two different
publishes (the page just before the switch, its CSS just after).  So the theme
links its stylesheets and scripts by their content: ``{{ 'css/style.css'|asset_url }}``
gives ``{SITEURL}/theme/css/style.<hash>.css``, where ``<hash>`` is taken from the
bytes the output serves (the minified CSS when ``THEME_CSS_MINIFY``).  A page can
only ever receive the exact file it was written with; the previous release's
files stay reachable because the deploy carries them into the next release
(``carried``, used by sitetools/deploy.py).

Every page also names the assets it was written with:
``<meta name="assets-id" content="{{ ASSETS_ID }}">``, a hash of every file of
the theme's static folders as the output serves them (``assets_id``).  It
changes when the theme's CSS, scripts or images do, and only then: an id of the
whole build in every page would rewrite every page on every publish, and a
release could no longer share its unchanged pages with the previous one.  The
whole build has its own hash, ``tree_id``, which names a release on the server.

The naming rule (``hashed_name``, ``HASHED_NAME_RE``) lives here and nowhere else.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re

from jinja2 import pass_context

from . import settings as assets_settings
from .minify import minify_css

logger = logging.getLogger(__name__)

HASH_LENGTH = 12  # hex digits of SHA-256: unique enough for a site's few assets, short in a URL
# `style.3f9a1c0b2d4e.css`: a content-named copy the theme links (asset_url).
HASHED_NAME_RE = re.compile(r"\.[0-9a-f]{%d}\.[A-Za-z0-9]+$" % HASH_LENGTH)
# Folders (relative to the output) whose files a page may request after it was
# served: the theme's content-named copies, and Pagefind's bundles, the posts' and
# the comments' (their index chunks and fragments are content-named by Pagefind itself).
CARRIED_FOLDERS = ("pagefind/", "pagefind-comments/")


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
    if name.endswith(".css") and not name.endswith(".min.css") and assets_settings.get(settings, "THEME_CSS_MINIFY"):
        return minify_css(data.decode("utf-8")).encode("utf-8")
    return data


def theme_files(settings: dict) -> dict[str, str]:
    """Every file Pelican copies from the theme's static folders: its name in THEME_STATIC_DIR -> its source."""
    found = {}
    for folder in settings.get("THEME_STATIC_PATHS") or ["static"]:
        base = os.path.join(settings["THEME"], folder)
        for directory, _, names in os.walk(base):
            for name in names:
                path = os.path.join(directory, name)
                found[os.path.relpath(path, base).replace(os.sep, "/")] = path  # a later folder wins
    return found


def assets_id(settings: dict) -> str:
    """A hash of the theme's static files as the output serves them: what a page's look depends on."""
    tree = hashlib.sha256()
    for name, path in sorted(theme_files(settings).items()):
        with open(path, "rb") as handle:
            tree.update(f"{name}\0{digest(served_bytes(name, handle.read(), settings))}\n".encode())
    return tree.hexdigest()[:HASH_LENGTH]


class AssetUrl:
    """The Jinja filter ``asset_url``: a theme file's content-named URL, under the page's own SITEURL.

    The page's SITEURL, not the setting: with RELATIVE_URLS it is a relative
    path that differs per page.  It remembers what it named (``used``) for the
    finalized step that writes those copies.  A class, not a closure: filters
    live in the settings, which Pelican's content cache pickles.
    """

    jinja_pass_arg = pass_context(lambda: None).jinja_pass_arg  # Jinja passes the template context first

    def __init__(self, settings: dict):
        self.settings = settings
        self.used: dict[str, str] = {}  # "css/style.css" -> "css/style.<hash>.css"

    def __call__(self, context, name: str) -> str:
        name = name.lstrip("/")
        if name not in self.used:
            source = theme_files(self.settings).get(name)
            if source is None:
                raise ValueError(f"asset_url: the theme has no static file {name!r} (looked in THEME_STATIC_PATHS)")
            with open(source, "rb") as handle:
                self.used[name] = hashed_name(name, served_bytes(name, handle.read(), self.settings))
        siteurl = context.get("SITEURL", self.settings.get("SITEURL")) or ""
        return f"{siteurl.rstrip('/')}/{self.settings['THEME_STATIC_DIR']}/{self.used[name]}"


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
                "a step that rewrites theme files must be part of theme_assets.assets.served_bytes",
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
    """A hash of every file's path and bytes: the same output, the same id (a release's build hash)."""
    tree = hashlib.sha256()
    for name in output_files(output_path):
        with open(os.path.join(output_path, name), "rb") as handle:
            tree.update(f"{name}\0{hashlib.sha256(handle.read()).hexdigest()}\n".encode())
    return tree.hexdigest()[:HASH_LENGTH]


def carried(name: str, static_dir: str = "theme") -> bool:
    """Whether the deploy keeps this file of the previous release reachable in the next one.

    Those are the files a page already in a reader's browser may still ask for:
    content-named theme assets and Pagefind's bundle.  Both are named by their
    content, so an old copy never stands in for a new file of the same name.
    """
    if name.startswith(CARRIED_FOLDERS):
        return True
    return name.startswith(f"{static_dir}/") and bool(HASHED_NAME_RE.search(name))
