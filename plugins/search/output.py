"""The search plugin's Pelican glue: settings on ``initialized``, the search page as a generator."""

from __future__ import annotations

import json

from pelican.generators import Generator

from .comments import COMMENTS_BUNDLE_DIR, comment_pages, searchable_contents
from .search import base_url, keep_comment_pages
from .settings import SearchSettings
from .suggestions import date_word_patterns, recent_posts, top_tags


def initialize(pelican) -> None:
    settings = pelican.settings
    SearchSettings.apply_defaults(settings)
    settings.setdefault("SEARCH_BASE_URL", base_url(settings.get("SITEURL")))


class SearchPageGenerator(Generator):
    def generate_context(self):
        pass

    def generate_output(self, writer):
        settings = SearchSettings.from_settings(self.settings)
        if not settings.search_save_as:
            return
        # The comments bundle's pages, made here (articles and pages have their comment sections by now)
        # so the search page knows whether there is one to merge; index_site writes it on finalized.
        pages = []
        if settings.comments_searchable and settings.search_index:
            pages = comment_pages(searchable_contents(self.context), self.settings)
        keep_comment_pages(self.output_path, pages)
        writer.write_file(
            settings.search_save_as,
            self.get_template("search"),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            url=settings.search_url,
            page_name="search",
            search_recent=recent_posts(self.context.get("articles") or [], settings.search_recent_count),
            search_topics=top_tags(self.context.get("tags") or [], settings.search_topic_count),
            search_comments_bundle=f"{COMMENTS_BUNDLE_DIR}/" if pages else "",
            # The words of a comment's date (archived_comments' COMMENTS_DATE_FORMAT), which search.js
            # reads back out of a comment's byline; read by name, so the search builds without that plugin.
            search_date_words=json.dumps(date_word_patterns(self.settings.get("COMMENTS_DATE_FORMAT") or "%Y-%m-%d")),
        )


def get_generators(pelican):
    return SearchPageGenerator
