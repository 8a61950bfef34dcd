"""The seo plugin's Pelican glue: its settings and Jinja filters on ``initialized``, and a generator
writing the 404 page and sitemap.xml after every other generator has its context."""

from __future__ import annotations

from pelican.generators import Generator

from siteconf.urls import is_absolute

from .settings import SeoSettings
from .sitemap import write_sitemap
from .structured import make_json_ld_filter, make_site_url_filter


def initialize(pelican) -> None:
    """Defaults of the settings, and the filters ``site_url`` and ``json_ld`` the theme uses."""
    settings = pelican.settings
    SeoSettings.apply_defaults(settings)
    filters = dict(settings.get("JINJA_FILTERS") or {})
    filters.setdefault("site_url", make_site_url_filter(settings.get("SITEURL")))
    filters.setdefault("json_ld", make_json_ld_filter(settings.get("SITEURL")))
    settings["JINJA_FILTERS"] = filters


class SeoGenerator(Generator):
    def generate_context(self):
        pass

    def generate_output(self, writer):
        settings = SeoSettings.from_settings(self.settings)
        if settings.not_found_save_as:
            # Served for any missing URL, at any depth: links must not be relative.
            writer.write_file(
                settings.not_found_save_as,
                self.get_template("404"),
                self.context,
                relative_urls=False,
                url=settings.not_found_save_as,
                page_name="404",
            )
        if settings.sitemap_save_as and is_absolute(self.settings.get("SITEURL")):
            write_sitemap(self.context, self.settings, self.output_path, settings.sitemap_save_as)


def get_generators(pelican):
    return SeoGenerator
