"""The theme_assets plugin's signal handlers: thin glue between Pelican and the plain functions."""

from __future__ import annotations

import re

from . import assets
from .images import responsive_images
from .minify import minify_theme_css
from .settings import ThemeAssetsSettings

_IMG_RE = re.compile(r"<img\b(?![^>]*\bloading=)", re.IGNORECASE)


def initialize(pelican) -> None:
    """Defaults of the settings, the Jinja filter ``asset_url`` and the build's ``ASSETS_ID``."""
    settings = pelican.settings
    ThemeAssetsSettings.apply_defaults(settings)
    filters = dict(settings.get("JINJA_FILTERS") or {})
    filters["asset_url"] = assets.AssetUrl(settings)  # per build: it remembers what the pages linked
    settings["JINJA_FILTERS"] = filters
    settings["ASSETS_ID"] = assets.assets_id(settings)


def lazy_images(content) -> None:
    """Images in an article body load when scrolled to (the cover, in the template, loads at once)."""
    raw = getattr(content, "_content", None)
    if raw and "<img" in raw:
        content._content = _IMG_RE.sub('<img loading="lazy" decoding="async"', raw)


def minify_stylesheets(pelican) -> None:
    """finalized: the theme's CSS in the output loses comments and layout whitespace."""
    if ThemeAssetsSettings.from_settings(pelican.settings).theme_css_minify:
        minify_theme_css(pelican.output_path, pelican.settings["THEME_STATIC_DIR"])


def write_hashed_assets(pelican) -> None:
    """finalized, after the CSS is minified: the content-named copies the pages link."""
    used = getattr(pelican.settings["JINJA_FILTERS"].get("asset_url"), "used", {})
    assets.write_hashed_copies(pelican.output_path, pelican.settings["THEME_STATIC_DIR"], used)
