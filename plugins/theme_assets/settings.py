"""Every setting of the theme_assets plugin, with its default, in one place (the README's table documents them).

Each field is the setting of its name in upper case (``theme_css_minify`` is ``THEME_CSS_MINIFY``);
missing ones take these defaults on Pelican's ``initialized`` signal.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from siteconf.plugin import PluginSettings


@dataclass(frozen=True)
class ThemeAssetsSettings(PluginSettings):
    PREFIX: ClassVar[str] = ""

    # Minify the theme's CSS in the output (rcssmin: comments and whitespace; the source stays readable).
    theme_css_minify: bool = True
    # Responsive images (images.py): raster images in the output get smaller
    # copies beside them, srcset/sizes, width/height; originals are kept.
    responsive_images: bool = True
    responsive_image_widths: tuple = (480, 800, 1200, 1600)
    # The body column: 40rem wide (44rem from 60rem up), the page minus 2rem below that.
    responsive_image_sizes: str = "(min-width: 60rem) 44rem, (min-width: 42rem) 40rem, calc(100vw - 2rem)"
    responsive_image_quality: int = 82


DEFAULTS: dict = ThemeAssetsSettings.defaults()
get = ThemeAssetsSettings.get
