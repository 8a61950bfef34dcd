"""The search plugin's Pelican glue: settings on ``initialized``, the search page as a generator."""

from __future__ import annotations

import json

from pelican.generators import Generator

from .comments import COMMENTS_BUNDLE_DIR, comment_pages, searchable_contents, shows_comments
from .search import (
    base_url, comments_bundle_started, indexing, keep_comment_pages, kept_comment_pages, start_comments_bundle,
    start_comments_bundle_of,
)
from .settings import SearchSettings
from .suggestions import date_word_patterns, recent_posts, top_tags


def initialize(pelican) -> None:
    settings = pelican.settings
    SearchSettings.apply_defaults(settings)
    settings.setdefault("SEARCH_BASE_URL", base_url(settings.get("SITEURL")))


def comments_searched(settings: dict) -> bool:
    """Whether the build indexes the comments too (``search.indexing``, and COMMENTS_SEARCHABLE)."""
    return indexing(settings) and SearchSettings.from_settings(settings).comments_searchable


def start_comments_index(generators) -> None:
    """all_generators_finalized, after archived_comments gave the articles and pages their comment
    sections (it comes first in PLUGINS): the comments bundle started beside Pelican's writing, on the
    pages the cache holds, or, where it lacks some (a cold build), with the pages made in the bundle's
    process.  Where no content has a ``comment_section`` (that plugin off, or not yet run), the search
    page makes the pages, and ``finalized`` the bundle."""
    generator = next((g for g in generators if hasattr(g, "articles")), None)
    if generator is None or not comments_searched(generator.settings):
        return
    contents = searchable_contents(generator.context)
    if not any(hasattr(item, "comment_section") for item in contents):
        return
    pages = comment_pages(contents, generator.settings, kept_only=True)
    if pages is None and start_comments_bundle_of(generator.output_path, contents, generator.settings):
        return  # pages to make: made with the bundle, in its process
    if pages is None:
        pages = comment_pages(contents, generator.settings)
    keep_comment_pages(generator.output_path, pages)
    start_comments_bundle(generator.output_path, pages, generator.settings.get("CACHE_PATH"))


class SearchPageGenerator(Generator):
    def generate_context(self):
        pass

    def generate_output(self, writer):
        settings = SearchSettings.from_settings(self.settings)
        if not settings.search_save_as:
            return
        # The comments bundle's pages, so the search page knows whether there is one to merge: made
        # by start_comments_index, else here (articles and pages have their comment sections by now).
        pages = kept_comment_pages(self.output_path)
        if pages is None and not comments_bundle_started(self.output_path):
            pages = comment_pages(searchable_contents(self.context), self.settings) \
                if comments_searched(self.settings) else []
            keep_comment_pages(self.output_path, pages)
        # Pages made in the bundle's own process are not known here: the sections say whether it has any.
        bundled = bool(pages) if pages is not None else shows_comments(searchable_contents(self.context))
        writer.write_file(
            settings.search_save_as,
            self.get_template("search"),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            url=settings.search_url,
            page_name="search",
            search_recent=recent_posts(self.context.get("articles") or [], settings.search_recent_count),
            search_topics=top_tags(self.context.get("tags") or [], settings.search_topic_count),
            search_comments_bundle=f"{COMMENTS_BUNDLE_DIR}/" if bundled else "",
            # The words of a comment's date (archived_comments' COMMENTS_DATE_FORMAT), which search.js
            # reads back out of a comment's byline; read by name, so the search builds without that plugin.
            search_date_words=json.dumps(date_word_patterns(self.settings.get("COMMENTS_DATE_FORMAT") or "%Y-%m-%d")),
        )


def get_generators(pelican):
    return SearchPageGenerator
