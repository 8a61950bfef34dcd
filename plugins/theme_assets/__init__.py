"""The theme's files as the output serves them: content-named CSS and scripts (Jinja filter ``asset_url``,
``ASSETS_ID``), the CSS minified, width/height and srcset on every local image, lazy body images.
The theme needs its filter."""

from pelican import signals

from siteconf.hooks import output_unchanged

from .images import forget_unchanged, note_unchanged
from .output import initialize, lazy_images, minify_stylesheets, responsive_images, write_hashed_assets


def register():
    signals.initialized.connect(initialize)
    signals.initialized.connect(forget_unchanged)
    output_unchanged.connect(note_unchanged)
    signals.content_object_init.connect(lazy_images)
    signals.finalized.connect(minify_stylesheets)
    signals.finalized.connect(write_hashed_assets)
    signals.finalized.connect(responsive_images)
