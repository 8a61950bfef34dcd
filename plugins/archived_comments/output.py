"""A Pelican generator writing the comment pages besides articles: the recent-comments page and the
comment feeds.

It runs after every generator has finished its context, when the archived
comments are attached to the articles (``all_generators_finalized``), like the
ones Pelican ships.
"""

from __future__ import annotations

from pelican.generators import Generator

from .feeds import write_article_feed, write_recent_feed
from .recent import recent_comments
from .settings import CommentsSettings


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
            for content in contents:
                write_article_feed(content, self.settings, self.output_path, settings.feed_atom)
        if settings.feed_all_atom and recent:
            write_recent_feed(recent, self.settings, self.output_path, settings.feed_all_atom)


def get_generators(pelican):
    return CommentPagesGenerator
