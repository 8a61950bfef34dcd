"""Pelican settings for the production build (``invoke publish``).

Everything from ``pelicanconf.py``, plus absolute URLs, feeds and a clean
output folder.  ``SITEURL`` can be set from the environment.
"""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("SITEURL", "https://ines-calder.example").rstrip("/")
RELATIVE_URLS = False

FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
CATEGORY_FEED_ATOM = "feeds/category/{slug}.atom.xml"
TAG_FEED_ATOM = "feeds/tag/{slug}.atom.xml"

DELETE_OUTPUT_DIRECTORY = True

# Drafts and scheduled posts never reach the published site: Pelican treats a
# post dated in the future as a draft, and no draft (nor the /drafts/ list) is written.
WITH_FUTURE_DATES = False
DRAFT_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_LANG_SAVE_AS = ""
DRAFTS_SAVE_AS = ""

# Comment feeds (plugin archived_comments): one per article with comments, and the
# newest comments of the whole site.
COMMENTS_FEED_ATOM = "feeds/comments/{slug}.atom.xml"
COMMENTS_FEED_ALL_ATOM = "feeds/comments.atom.xml"
