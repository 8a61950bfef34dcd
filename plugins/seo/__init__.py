"""What search engines and link previews read: canonical and absolute URLs (Jinja filter ``site_url``),
JSON-LD (``json_ld``), sitemap.xml and the 404 page.  The theme needs its two filters."""

from pelican import signals

from .output import get_generators, initialize


def register():
    signals.initialized.connect(initialize)
    signals.get_generators.connect(get_generators)
