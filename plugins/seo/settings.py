"""Every setting of the seo plugin, with its default, in one place (the README's table documents them).

Each field is the setting of its name in upper case (``sitemap_save_as`` is ``SITEMAP_SAVE_AS``);
missing ones take these defaults on Pelican's ``initialized`` signal, so templates read them too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from siteconf.plugin import PluginSettings


@dataclass(frozen=True)
class SeoSettings(PluginSettings):
    PREFIX: ClassVar[str] = ""

    # The page a server shows for a missing URL (links in it are root-relative); empty: none.
    not_found_save_as: str = "404.html"
    # sitemap.xml, written only when SITEURL is absolute (a sitemap needs full URLs); empty: none.
    sitemap_save_as: str = "sitemap.xml"
    # Twitter/X account of the site for the card tags ("@name"), or None.
    twitter_username: Any = None
