"""Signals one plugin sends and another may answer, so that neither imports the other.

``json_ld_parts``: the seo plugin builds an article's schema.org ``BlogPosting`` at render time and
sends this signal with the article; every receiver returns a dict of more properties (the
archived_comments plugin: ``commentCount`` and ``comment``), merged in the order the plugins
connected.  With no receiver (a build without archived_comments), the data has none of them.

Named blinker signals, as Pelican's own (``pelican.plugins.signals``) are.
"""

from blinker import signal

json_ld_parts = signal("json_ld_parts")
