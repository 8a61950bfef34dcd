"""Pelican settings for local builds (``invoke build``, ``invoke livereload``).

Production overrides live in ``publishconf.py``.  Settings of our own plugins
use a prefix (``COMMENTS_…``, ``AUTHOR_PROFILES_…``); their defaults and
documentation are in each plugin's ``settings.py`` and README.
"""

AUTHOR = "Ines Calder"
SITENAME = "Ines Calder — Notes from the cutting room"
SITESUBTITLE = "Independent filmmaking: lenses, light, sound, festivals and the money behind it"
SITEURL = ""

PATH = "content"
# Only these folders hold articles and pages: the archived comment sources
# under content/comments/ include saved .html pages, which Pelican's HTML
# reader would otherwise publish as pages.
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]

TIMEZONE = "Europe/Berlin"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%-d %B %Y"

THEME = "theme"
PLUGIN_PATHS = ["plugins"]
# theme_assets before search: Pagefind indexes the pages as theme_assets' finalized step leaves them.
PLUGINS = ["author_profiles", "video_embeds", "archived_comments", "seo", "newsletter", "reading", "drafts", "csp",
           "theme_assets", "search", "unchanged_files"]

# WordPress-style pretty URLs: the old blog used /%postname%/, so old links and
# the URLs in archived comment pages keep working.
ARTICLE_URL = "{slug}/"
ARTICLE_SAVE_AS = "{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
CATEGORY_URL = "category/{slug}/"
CATEGORY_SAVE_AS = "category/{slug}/index.html"
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = "tag/{slug}/index.html"
AUTHOR_URL = "author/{slug}/"
AUTHOR_SAVE_AS = "author/{slug}/index.html"
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = "archives/index.html"
CATEGORIES_URL = "categories/"
CATEGORIES_SAVE_AS = "categories/index.html"
TAGS_URL = "tags/"
TAGS_SAVE_AS = "tags/index.html"
AUTHORS_URL = "authors/"
AUTHORS_SAVE_AS = "authors/index.html"
YEAR_ARCHIVE_URL = "{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = "{date:%Y}/index.html"
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = "drafts/{slug}/index.html"
DRAFT_PAGE_URL = "drafts/pages/{slug}/"
DRAFT_PAGE_SAVE_AS = "drafts/pages/{slug}/index.html"

# Drafts and scheduled posts (`invoke new` starts every post as a draft). A post
# dated in the future is turned into a draft by Pelican while this is False, so
# a local build shows it like production will until its date (absent from the
# index and feeds) yet previewable at /drafts/{slug}/ with a "Scheduled for …"
# badge, listed on /drafts/ (plugin drafts). publishconf.py writes no drafts.
WITH_FUTURE_DATES = False

DEFAULT_PAGINATION = 6
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

SUMMARY_MAX_LENGTH = 50

# Local builds: relative links, so output/ can be opened from disk; no feeds.
RELATIVE_URLS = True
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# Top navigation, in the order readers see it.
DISPLAY_PAGES_ON_MENU = True
DISPLAY_CATEGORIES_ON_MENU = False
MENUITEMS = (("Archives", "archives/"), ("Categories", "categories/"), ("Tags", "tags/"))

# Archived comments (plugins/archived_comments/README.md has every setting).
# The old "gear list" page is gone; its comments belong with the lens article.
COMMENTS_URL_MAP = {
    "https://ines-calder.example/old-gear-list/": "choosing-a-lens-for-interviews",
}

# Pelican's own content cache makes warm rebuilds fast; the comments plugin
# keeps its parse cache in the same folder.
CACHE_PATH = "cache"
LOAD_CONTENT_CACHE = False

# The reader's theme (plugins newsletter, reading and seo; their READMEs and theme/README.md document these).
# Newsletter call to action at the end of each article: a plain form that posts to the provider
# (replace the action with your list's; NEWSLETTER_ACTION = None hides it). Its words are the author's,
# in content/newsletter.md (heading, text, button, note). The field names follow the provider's form
# (NEWSLETTER_EMAIL_FIELD, NEWSLETTER_HIDDEN_FIELDS).
NEWSLETTER_ACTION = "https://newsletter.ines-calder.example/subscribe"

# Site search (Pagefind, run on the output after every build; plugin search):
# the search page is /search/; archived comments are searchable too.
COMMENTS_SEARCHABLE = True

# `invoke check`: the most an article page may weigh, HTML plus the CSS it links.
CHECK_PAGE_BUDGET = 30_000

# Old URLs of the WordPress blog (plugin old_urls, README "Moving from WordPress"): the redirect
# table content/redirects.toml that `invoke import-posts` writes becomes redirect pages and
# nginx/Apache/_redirects rules in every build.
PLUGINS += ["old_urls"]
OLD_URLS_TABLE = "redirects.toml"
