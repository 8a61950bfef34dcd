"""Signals one plugin sends and another may answer, so that neither imports the other.

``json_ld_parts``: the seo plugin builds an article's schema.org ``BlogPosting`` at render time and
sends this signal with the article; every receiver returns a dict of more properties (the
archived_comments plugin: ``commentCount`` and ``comment``), merged in the order the plugins
connected.  With no receiver (a build without archived_comments), the data has none of them.
A property's value may come as ``JSONText``, JSON written already: it is placed as it is.

Named blinker signals, as Pelican's own (``pelican.plugins.signals``) are.
"""

import json

from blinker import signal

json_ld_parts = signal("json_ld_parts")


def compact_json(value) -> str:
    """The one form the JSON-LD is written in: no spaces, characters as they are."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class JSONText(str):
    """A value written as JSON already, as ``compact_json`` writes it: a ``json_ld_parts`` receiver that
    keeps its part as text (archived_comments keeps each section's comments so, in its cache) gives it
    this way, and the seo plugin places it as it is instead of reading it back and writing it again
    (20,000 comments: 0.1 s a build)."""
