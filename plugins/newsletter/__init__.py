"""The newsletter box at the end of each article (``partials/newsletter.html``): its settings' defaults,
and its words (``words.py``: the author's, from ``content/newsletter.md``) as the template's ``newsletter``."""

from pelican import signals

from .settings import NewsletterSettings
from .words import read_words


def initialize(pelican) -> None:
    NewsletterSettings.apply_defaults(pelican.settings)


def words_into_context(generator) -> None:
    # Every generator shares one context: the file is read for the first.
    if "newsletter" not in generator.context:
        generator.context["newsletter"] = read_words(generator.settings)


def register():
    signals.initialized.connect(initialize)
    signals.generator_init.connect(words_into_context)
