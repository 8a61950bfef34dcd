"""Every setting of the reader_extras plugin, with its default, in one place.

Missing settings take these defaults on Pelican's ``initialized`` signal (so
templates can read them too); the README's table documents them.
"""

from __future__ import annotations

DEFAULTS: dict = {
    # Reading speed used for "N min read" (words per minute).
    "READING_TIME_WPM": 220,
    # Newsletter call to action under each article: a plain HTML form that
    # POSTs to the author's provider. Nothing is shown while the action is unset.
    "NEWSLETTER_ACTION": None,
    "NEWSLETTER_METHOD": "post",
    "NEWSLETTER_EMAIL_FIELD": "email",
    "NEWSLETTER_NAME_FIELD": None,  # set (e.g. "name") to ask for a name too
    "NEWSLETTER_HIDDEN_FIELDS": {},  # extra fields the provider wants (list id …)
    "NEWSLETTER_TITLE": "New posts by email",
    "NEWSLETTER_TEXT": "Get an email when a new post is published.",
    "NEWSLETTER_BUTTON": "Subscribe",
    "NEWSLETTER_NOTE": None,  # small print under the form (privacy, unsubscribe)
    # Comment feeds (Atom). None = not written (local builds); publishconf.py sets them.
    "COMMENTS_FEED_ATOM": None,  # per article, e.g. "feeds/comments/{slug}.atom.xml"
    "COMMENTS_FEED_ALL_ATOM": None,  # recent comments of the whole site, e.g. "feeds/comments.atom.xml"
    # The "recent comments" page and how many comments it (and the feed) lists.
    "COMMENTS_RECENT_URL": "comments/recent/",
    "COMMENTS_RECENT_SAVE_AS": "comments/recent/index.html",
    "COMMENTS_RECENT_COUNT": 20,
    # The page a server shows for a missing URL (links in it are root-relative).
    "NOT_FOUND_SAVE_AS": "404.html",
    # sitemap.xml, written only when SITEURL is absolute (a sitemap needs full URLs).
    "SITEMAP_SAVE_AS": "sitemap.xml",
    # Minify the theme's CSS in the output (comments and layout whitespace only).
    "THEME_CSS_MINIFY": True,
    # Twitter/X account of the site for the card tags ("@name"), or None.
    "TWITTER_USERNAME": None,
}


def get(settings: dict, name: str):
    if name in settings:
        return settings[name]
    return DEFAULTS[name]


def apply_defaults(settings: dict) -> None:
    for name, value in DEFAULTS.items():
        settings.setdefault(name, value)
