"""A Pelican generator that writes what the theme links to besides articles:
the recent-comments page, the comment feeds, the 404 page and sitemap.xml.

It runs after every generator has finished its context (so the archived
comments are attached to the articles), like the ones Pelican ships.
"""

from __future__ import annotations

import json
import logging

from pelican.generators import Generator

from . import settings as extras_settings
from .comments import recent_comments, write_article_feed, write_recent_feed
from .drafts import drafts_written, listed_drafts
from .sitemap import write_sitemap
from .suggestions import date_word_patterns, recent_posts, top_tags
from .urls import is_absolute

logger = logging.getLogger(__name__)


class ReaderExtrasGenerator(Generator):
    def generate_context(self):
        pass

    def _setting(self, name):
        return extras_settings.get(self.settings, name)

    def published(self) -> list:
        """Listed articles and pages (drafts and hidden ones never get feeds or listings)."""
        return list(self.context.get("articles") or []) + list(self.context.get("pages") or [])

    def generate_output(self, writer):
        contents = self.published()
        count = self._setting("COMMENTS_RECENT_COUNT")
        recent = recent_comments(contents, count, settings=self.settings)

        save_as = self._setting("COMMENTS_RECENT_SAVE_AS")
        if save_as:
            writer.write_file(
                save_as,
                self.get_template("recent_comments"),
                self.context,
                relative_urls=self.settings["RELATIVE_URLS"],
                url=self._setting("COMMENTS_RECENT_URL"),
                recent_comments=recent,
                page_name="recent_comments",
            )

        article_feed = self._setting("COMMENTS_FEED_ATOM")
        if article_feed:
            for content in contents:
                write_article_feed(content, self.settings, self.output_path, article_feed)
        all_feed = self._setting("COMMENTS_FEED_ALL_ATOM")
        if all_feed and recent:
            write_recent_feed(recent, self.settings, self.output_path, all_feed)

        not_found = self._setting("NOT_FOUND_SAVE_AS")
        if not_found:
            # Served for any missing URL, at any depth: links must not be relative.
            writer.write_file(
                not_found,
                self.get_template("404"),
                self.context,
                relative_urls=False,
                url=not_found,
                page_name="404",
            )

        search = self._setting("SEARCH_SAVE_AS")
        if search:
            writer.write_file(
                search,
                self.get_template("search"),
                self.context,
                relative_urls=self.settings["RELATIVE_URLS"],
                url=self._setting("SEARCH_URL"),
                page_name="search",
                search_recent=recent_posts(self.context.get("articles") or [], self._setting("SEARCH_RECENT_COUNT")),
                search_topics=top_tags(self.context.get("tags") or [], self._setting("SEARCH_TOPIC_COUNT")),
                search_date_words=json.dumps(date_word_patterns(self.settings.get("COMMENTS_DATE_FORMAT") or "%Y-%m-%d")),
            )

        drafts = listed_drafts(self.context)
        drafts_save_as = self._setting("DRAFTS_SAVE_AS")
        if drafts_save_as and drafts_written(self.settings) and drafts:
            writer.write_file(
                drafts_save_as,
                self.get_template("drafts"),
                self.context,
                relative_urls=self.settings["RELATIVE_URLS"],
                url=self._setting("DRAFTS_URL"),
                draft_list=drafts,
                page_name="drafts",
            )

        sitemap = self._setting("SITEMAP_SAVE_AS")
        if sitemap and is_absolute(self.settings.get("SITEURL")):
            write_sitemap(self.context, self.settings, self.output_path, sitemap)
