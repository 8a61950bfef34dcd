"""Archived reader comments from saved pages, Wayback captures, WXR and Disqus exports.

``register()`` only connects signals; the work lives in plain functions
(``importer.import_comments`` and the modules it calls) that tests and
``invoke comments`` use without a Pelican run.  All comment output is this
plugin's: the section under each article (``display``), the recent-comments
page (``recent``), the comment feeds (``feeds``) and the comments in the
article's JSON-LD (``structured``, through ``siteconf.hooks``).
"""

from pelican import signals

from siteconf import hooks

from .output import get_generators
from .pelican_handlers import attach_comments, finish_sections, set_defaults, start_parsing
from .structured import json_ld_parts


def register():
    signals.initialized.connect(set_defaults)
    signals.initialized.connect(start_parsing)
    signals.all_generators_finalized.connect(attach_comments)
    signals.finalized.connect(finish_sections)
    signals.get_generators.connect(get_generators)
    hooks.json_ld_parts.connect(json_ld_parts)
