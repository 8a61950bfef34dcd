"""Site search: the ``/search/`` page and the Pagefind index of the output, built after every build.

List it after ``theme_assets`` in ``PLUGINS``: Pagefind indexes the pages as that plugin's
``finalized`` step leaves them (image sizes and srcset written).
"""

from pelican import signals

from siteconf.hooks import output_unchanged

from .output import get_generators, initialize, start_comments_index
from .search import forget_written, index_site, note_unchanged, note_written


def register():
    signals.initialized.connect(initialize)
    signals.initialized.connect(forget_written)
    signals.content_written.connect(note_written)
    output_unchanged.connect(note_unchanged)
    signals.get_generators.connect(get_generators)
    signals.all_generators_finalized.connect(start_comments_index)
    signals.finalized.connect(index_site)
