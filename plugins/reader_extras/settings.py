"""Every setting of the reader_extras plugin, with its default, in one place.

Each field is the setting of its name in upper case (``reading_time_wpm`` is ``READING_TIME_WPM``:
the plugin's settings have several prefixes). Missing settings take these defaults on Pelican's
``initialized`` signal (so templates can read them too); the README's table documents them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from siteconf.plugin import PluginSettings, mutable


@dataclass(frozen=True)
class ExtrasSettings(PluginSettings):
    PREFIX: ClassVar[str] = ""

    # Reading speed used for "N min read" (words per minute).
    reading_time_wpm: int = 220
    # Newsletter call to action under each article: a plain HTML form that
    # POSTs to the author's provider. Nothing is shown while the action is unset.
    newsletter_action: Any = None
    newsletter_method: str = "post"
    newsletter_email_field: str = "email"
    newsletter_name_field: Any = None  # set (e.g. "name") to ask for a name too
    newsletter_hidden_fields: dict = mutable({})  # extra fields the provider wants (list id …)
    newsletter_title: str = "New posts by email"
    newsletter_text: str = "Get an email when a new post is published."
    newsletter_button: str = "Subscribe"
    newsletter_note: Any = None  # small print under the form (privacy, unsubscribe)
    # Archives (archives.html, period_archives.html): each row's date; the year is the heading above it.
    archive_date_format: str = "%-d %b"
    # Comment feeds (Atom). None = not written (local builds); publishconf.py sets them.
    comments_feed_atom: Any = None  # per article, e.g. "feeds/comments/{slug}.atom.xml"
    comments_feed_all_atom: Any = None  # recent comments of the whole site, e.g. "feeds/comments.atom.xml"
    # The "recent comments" page and how many comments it (and the feed) lists.
    comments_recent_url: str = "comments/recent/"
    comments_recent_save_as: str = "comments/recent/index.html"
    comments_recent_count: int = 20
    # The page a server shows for a missing URL (links in it are root-relative).
    not_found_save_as: str = "404.html"
    # sitemap.xml, written only when SITEURL is absolute (a sitemap needs full URLs).
    sitemap_save_as: str = "sitemap.xml"
    # Minify the theme's CSS in the output (comments and layout whitespace only).
    theme_css_minify: bool = True
    # Twitter/X account of the site for the card tags ("@name"), or None.
    twitter_username: Any = None
    # Site search (search.py): the search page, and Pagefind run on the output
    # after every build (its index goes to <output>/pagefind/).
    search_url: str = "search/"
    search_save_as: str = "search/index.html"  # empty: no search page, no index, no nav link
    search_index: bool = True  # False: write the page but do not run Pagefind (the search then finds nothing)
    comments_searchable: bool = True  # index the archived comments under each article too
    # What the search page shows before anything is typed: the newest posts and the most used tags.
    search_recent_count: int = 5
    search_topic_count: int = 8
    # Drafts (drafts.py): the list of drafts and scheduled posts; written only
    # when drafts themselves are (DRAFT_SAVE_AS not empty) and there are some.
    drafts_url: str = "drafts/"
    drafts_save_as: str = "drafts/index.html"
    # <meta http-equiv="Content-Security-Policy"> on every page (csp.py): None
    # computes it (plus NEWSLETTER_ACTION's origin in form-action); "" leaves it out.
    content_security_policy: Any = None
    # Responsive images (images.py): raster images in the output get smaller
    # copies beside them, srcset/sizes, width/height; originals are kept.
    responsive_images: bool = True
    responsive_image_widths: tuple = (480, 800, 1200, 1600)
    # The body column: 40rem wide (44rem from 60rem up), the page minus 2rem below that.
    responsive_image_sizes: str = "(min-width: 60rem) 44rem, (min-width: 42rem) 40rem, calc(100vw - 2rem)"
    responsive_image_quality: int = 82


DEFAULTS: dict = ExtrasSettings.defaults()
get = ExtrasSettings.get
apply_defaults = ExtrasSettings.apply_defaults
