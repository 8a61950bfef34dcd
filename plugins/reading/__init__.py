"""How a reader moves through the posts: "N min read" and the word count, the previous / next post,
the date of each archive row."""

from pelican import signals

from .reading import articles_finalized, initialize, pages_finalized


def register():
    signals.initialized.connect(initialize)
    signals.article_generator_finalized.connect(articles_finalized)
    signals.page_generator_finalized.connect(pages_finalized)
