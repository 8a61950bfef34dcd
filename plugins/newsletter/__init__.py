"""The newsletter box at the end of each article (``partials/newsletter.html``): its settings' defaults."""

from pelican import signals

from .settings import NewsletterSettings


def initialize(pelican) -> None:
    NewsletterSettings.apply_defaults(pelican.settings)


def register():
    signals.initialized.connect(initialize)
