"""old_urls: the old blog's URLs keep working — redirect pages and nginx/Apache/Netlify rules, at every build,
from the redirect table ``content/redirects.toml`` that ``invoke import-posts`` writes (README "Moving
from WordPress").  ``register()`` only connects the signal; the work is in ``build.write_redirects``."""

from pelican import signals

from .build import finalized


def register():
    signals.finalized.connect(finalized)
