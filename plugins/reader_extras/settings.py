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
    # Archives (archives.html, period_archives.html): each row's date; the year is the heading above it.
    "ARCHIVE_DATE_FORMAT": "%-d %b",
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
    # Site search (search.py): the search page, and Pagefind run on the output
    # after every build (its index goes to <output>/pagefind/).
    "SEARCH_URL": "search/",
    "SEARCH_SAVE_AS": "search/index.html",  # empty: no search page, no index, no nav link
    "SEARCH_INDEX": True,  # False: write the page but do not run Pagefind (the search then finds nothing)
    "COMMENTS_SEARCHABLE": True,  # index the archived comments under each article too
    # What the search page shows before anything is typed: the newest posts and the most used tags.
    "SEARCH_RECENT_COUNT": 5,
    "SEARCH_TOPIC_COUNT": 8,
    # Drafts (drafts.py): the list of drafts and scheduled posts; written only
    # when drafts themselves are (DRAFT_SAVE_AS not empty) and there are some.
    "DRAFTS_URL": "drafts/",
    "DRAFTS_SAVE_AS": "drafts/index.html",
    # <meta http-equiv="Content-Security-Policy"> on every page (csp.py): None
    # computes it (plus NEWSLETTER_ACTION's origin in form-action); "" leaves it out.
    "CONTENT_SECURITY_POLICY": None,
    # Responsive images (images.py): raster images in the output get smaller
    # copies beside them, srcset/sizes, width/height; originals are kept.
    "RESPONSIVE_IMAGES": True,
    "RESPONSIVE_IMAGE_WIDTHS": (480, 800, 1200, 1600),
    # The body column: 40rem wide (44rem from 60rem up), the page minus 2rem below that.
    "RESPONSIVE_IMAGE_SIZES": "(min-width: 60rem) 44rem, (min-width: 42rem) 40rem, calc(100vw - 2rem)",
    "RESPONSIVE_IMAGE_QUALITY": 82,
}


def get(settings: dict, name: str):
    if name in settings:
        return settings[name]
    return DEFAULTS[name]


def apply_defaults(settings: dict) -> None:
    for name, value in DEFAULTS.items():
        settings.setdefault(name, value)
