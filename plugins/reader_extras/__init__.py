"""What the reader's theme needs computed in Python.

Reading time, previous/next article, lazy body images, canonical URLs and
JSON-LD (Jinja filters ``site_url`` and ``json_ld``), and the files the theme
links to besides articles: the recent-comments page, comment feeds, the 404
page and sitemap.xml; the drafts list, the search page and its Pagefind index,
responsive images and the Content-Security-Policy.  List it after ``archived_comments`` in ``PLUGINS``.
"""

from pelican import signals

from .handlers import (
    articles_finalized,
    finish_output,
    get_generators,
    initialize,
    lazy_images,
    minify_stylesheets,
    pages_finalized,
    write_hashed_assets,
)


def register():
    signals.initialized.connect(initialize)
    signals.content_object_init.connect(lazy_images)
    signals.article_generator_finalized.connect(articles_finalized)
    signals.page_generator_finalized.connect(pages_finalized)
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(minify_stylesheets)
    signals.finalized.connect(write_hashed_assets)
    signals.finalized.connect(finish_output)
