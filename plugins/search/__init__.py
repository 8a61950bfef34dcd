"""Site search: the ``/search/`` page and the Pagefind index of the output, built after every build.

List it after ``theme_assets`` in ``PLUGINS``: Pagefind indexes the pages as that plugin's
``finalized`` step leaves them (image sizes and srcset written).
"""

from pelican import signals

from .output import get_generators, initialize
from .search import index_site


def register():
    signals.initialized.connect(initialize)
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(index_site)
