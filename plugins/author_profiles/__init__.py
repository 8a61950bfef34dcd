"""Author profiles kept as content: ``content/authors/<slug>.md``.

The bio box under each article and the author page read the author's name,
photo, tagline, bio and social links from a Markdown file, so an author edits
a content file, never a template.  ``register()`` only connects signals; the
work is in :mod:`author_profiles.profiles`.
"""

from pelican import signals

from .profiles import attach_profiles, load_profiles_into_context


def register():
    signals.generator_init.connect(load_profiles_into_context)
    signals.article_generator_finalized.connect(attach_profiles)
    signals.page_generator_finalized.connect(attach_profiles)
