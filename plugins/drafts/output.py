"""The drafts plugin's Pelican glue: badges on the drafts, and the ``/drafts/`` list as a generator."""

from __future__ import annotations

from pelican.generators import Generator

from .drafts import drafts_written, listed_drafts, mark_drafts
from .settings import DraftsSettings


def initialize(pelican) -> None:
    DraftsSettings.apply_defaults(pelican.settings)


def articles_finalized(generator) -> None:
    mark_drafts(list(generator.drafts) + list(getattr(generator, "drafts_translations", [])))


def pages_finalized(generator) -> None:
    mark_drafts(list(getattr(generator, "draft_pages", [])) + list(getattr(generator, "draft_translations", [])))


class DraftsListGenerator(Generator):
    def generate_context(self):
        pass

    def generate_output(self, writer):
        settings = DraftsSettings.from_settings(self.settings)
        drafts = listed_drafts(self.context)
        if settings.save_as and drafts_written(self.settings) and drafts:
            writer.write_file(
                settings.save_as,
                self.get_template("drafts"),
                self.context,
                relative_urls=self.settings["RELATIVE_URLS"],
                url=settings.url,
                draft_list=drafts,
                page_name="drafts",
            )


def get_generators(pelican):
    return DraftsListGenerator
