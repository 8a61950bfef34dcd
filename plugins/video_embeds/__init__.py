"""Video embeds that load nothing from another host until the reader clicks.

An author (or the post import) writes the usual YouTube/Vimeo embed iframe;
this plugin replaces it with a poster image stored with the site and a link
that plays the video, so opening a page makes no third-party request.
"""

from pelican import signals

from .facade import replace_embeds_in_content


def register():
    signals.content_object_init.connect(replace_embeds_in_content)
