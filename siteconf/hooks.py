"""Signals one plugin sends and another may answer, so that neither imports the other.

``json_ld_parts``: the seo plugin builds an article's schema.org ``BlogPosting`` at render time and
sends this signal with the article; every receiver returns a dict of more properties (the
archived_comments plugin: ``commentCount`` and ``comment``), merged in the order the plugins
connected.  With no receiver (a build without archived_comments), the data has none of them.
A property's value may come as ``JSONText``, JSON written already: it is placed as it is.

``output_unchanged``: the unchanged_files writer found that an output file's new bytes are the ones
it holds, and only set its modification time: sent with the path, ``data`` (those bytes),
``before_ns`` and ``after_ns`` (its modification time before and after, as ``os.stat`` gives it).  A
``finalized`` step that reads every page back (responsive images, the search's staging copies) skips
what it knows from that: a warm rebuild leaves nearly every page so.

Named blinker signals, as Pelican's own (``pelican.plugins.signals``) are.
"""

import json

from blinker import signal

json_ld_parts = signal("json_ld_parts")
output_unchanged = signal("output_unchanged")


def compact_json(value) -> str:
    """The one form the JSON-LD is written in: no spaces, characters as they are."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class JSONText(str):
    """A value written as JSON already, as ``compact_json`` writes it: a ``json_ld_parts`` receiver that
    keeps its part as text (archived_comments keeps each section's comments so, in its cache) gives it
    this way, and the seo plugin places it as it is instead of reading it back and writing it again
    (20,000 comments: 0.1 s a build)."""
