"""The old_urls plugin's settings and their defaults (README "Moving from WordPress" documents them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from siteconf.plugin import PluginSettings


@dataclass(frozen=True)
class OldUrlsSettings(PluginSettings):
    PREFIX: ClassVar[str] = "OLD_URLS_"

    # The redirect table, relative to the content folder (PATH); `invoke import-posts` writes it.
    table: str = "redirects.toml"
    # A redirect page (meta refresh, canonical link, a plain link, noindex) at every old path.
    pages: bool = True
    # Server rules written into the output ("" or None: not written).
    nginx: str | None = "nginx-redirects.conf"  # `include` it in the site's server { } block
    apache: str | None = ".htaccess"
    netlify: str | None = "_redirects"  # Netlify and Cloudflare Pages


DEFAULTS: dict = OldUrlsSettings.defaults()


def get(settings: dict, name: str):
    return OldUrlsSettings.get(settings, name)
