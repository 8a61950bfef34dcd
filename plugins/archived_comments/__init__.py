"""Archived reader comments from saved pages, Wayback captures, WXR and Disqus exports.

``register()`` only connects signals; the work lives in plain functions
(``importer.import_comments`` and the modules it calls) that tests and
``invoke comments`` use without a Pelican run.
"""

from pelican import signals

from .pelican_handlers import attach_comments, set_defaults, start_parsing


def register():
    signals.initialized.connect(set_defaults)
    signals.initialized.connect(start_parsing)
    signals.all_generators_finalized.connect(attach_comments)
