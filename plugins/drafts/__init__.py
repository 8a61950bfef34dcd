"""Drafts and scheduled posts in local builds: the "Draft" / "Scheduled for …" badge and the ``/drafts/`` list."""

from pelican import signals

from .output import articles_finalized, get_generators, initialize, pages_finalized


def register():
    signals.initialized.connect(initialize)
    signals.article_generator_finalized.connect(articles_finalized)
    signals.page_generator_finalized.connect(pages_finalized)
    signals.get_generators.connect(get_generators)
