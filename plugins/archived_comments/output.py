"""A Pelican generator writing the comment pages besides articles: the recent-comments page and the
comment feeds.

It runs after every generator has finished its context, when the archived
comments are attached to the articles (``all_generators_finalized``), like the
ones Pelican ships.
"""

from __future__ import annotations

import logging

from pelican.generators import Generator

from .feeds import write_article_feed, write_recent_feed
from .pelican_handlers import cache_folder
from .recent import recent_comments
from .section_cache import KeyedStore
from .settings import CommentsSettings

logger = logging.getLogger(__name__)
FEEDS_STORE = "feeds.pickle"


class CommentPagesGenerator(Generator):
    def generate_context(self):
        """What the theme links to on every page: set only by this plugin, so a build without it, whatever
        its COMMENTS_* settings say, links no comment feed or page it does not write."""
        settings = CommentsSettings.from_settings(self.settings)
        self.context["comment_feed_all"] = settings.feed_all_atom or None
        self.context["comment_recent_url"] = settings.recent_url if settings.recent_save_as else None

    def published(self) -> list:
        """Listed articles and pages (drafts and hidden ones never get feeds or listings)."""
        return list(self.context.get("articles") or []) + list(self.context.get("pages") or [])

    def generate_output(self, writer):
        settings = CommentsSettings.from_settings(self.settings)
        contents = self.published()
        recent = recent_comments(contents, settings.recent_count, settings=self.settings)
        if settings.recent_save_as:
            writer.write_file(
                settings.recent_save_as,
                self.get_template("recent_comments"),
                self.context,
                relative_urls=self.settings["RELATIVE_URLS"],
                url=settings.recent_url,
                recent_comments=recent,
                page_name="recent_comments",
            )
        if settings.feed_atom:
            store = KeyedStore(cache_folder(self.settings), FEEDS_STORE)
            for content in contents:
                write_article_feed(content, self.settings, self.output_path, settings.feed_atom, store)
            store.save()
            logger.debug("Archived comments: %d article comment feed(s) made, %d from the cache",
                         sum(1 for c in contents if getattr(c, "comment_section", None)) - store.hits, store.hits)
        if settings.feed_all_atom and recent:
            write_recent_feed(recent, self.settings, self.output_path, settings.feed_all_atom)
        # What a warm build should not do for an unchanged thread (section_cache keeps what is made of them).
        sections = [c.comment_section for c in contents if getattr(c, "comment_section", None)]
        logger.debug("Archived comments: %d comment view tree(s) made, %d visible-comment list(s) kept, "
                     "%d thread(s) read from the import cache", sum(s.trees_made for s in sections),
                     sum("roots" in s.__dict__ for s in sections),
                     getattr(self.context.get("archived_comments"), "threads_read", 0))


def get_generators(pelican):
    return CommentPagesGenerator
