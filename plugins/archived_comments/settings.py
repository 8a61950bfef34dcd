"""Every setting of the archived-comments plugin, with its default, in one place.

Settings are read from Pelican's settings (``pelicanconf.py``) with the prefix ``COMMENTS_``: the
field ``date_format`` is ``COMMENTS_DATE_FORMAT``; a missing one takes the default below.  The
README's settings table documents them.  ``CommentsSettings.from_settings(settings)`` is the
plugin's view of them; the build, ``invoke comments``, ``check``, ``new``, ``import-posts`` and
``publish`` all read them through it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from siteconf.archives import ArchiveSettings
from siteconf.plugin import mutable


@dataclass(frozen=True)
class CommentsSettings(ArchiveSettings):
    """The archive folder and its ignore rule (``ArchiveSettings``: ``path``, ``ignore``), and the rest."""

    PREFIX: ClassVar[str] = "COMMENTS_"

    # Old URL (full, or its path) -> slug of the article its thread belongs to.
    url_map: dict = mutable({})
    # Shown under the comment heading: the old comment form is gone.
    closed_notice: str = "These comments were archived from the original blog. Comments are closed."
    # strftime format of comment dates in the theme.
    date_format: str = "%-d %B %Y at %H:%M"
    # Levels of visible nesting (1 = no nesting); deeper replies are shown flat
    # at the last level, with "in reply to NAME" linking to their parent.
    display_depth: int = 4
    # A top-level comment with at least this many replies (all levels) shows
    # them collapsed in a <details>; 0 never collapses.
    collapse_replies: int = 3
    # Show pingbacks and trackbacks in a "Mentions" list under the comments.
    show_mentions: bool = True
    # Comment feeds (Atom, feeds.py). None = not written (local builds); publishconf.py sets them.
    feed_atom: Any = None  # per article, e.g. "feeds/comments/{slug}.atom.xml"
    feed_all_atom: Any = None  # recent comments of the whole site, e.g. "feeds/comments.atom.xml"
    # The "recent comments" page (recent.py; SAVE_AS empty: no page) and how many comments it (and the feed) lists.
    recent_url: str = "comments/recent/"
    recent_save_as: str = "comments/recent/index.html"
    recent_count: int = 20
    # The author's moderation decisions (relative to PATH); see moderation.py.
    moderation_file: str = "comments/moderation.toml"
    # Spam scoring: a comment scoring at least the threshold becomes spam; from the
    # review threshold up it is listed by `invoke comments --review`.
    spam_threshold: int = 3
    spam_review_threshold: int = 2
    # The higher bar for a comment the archive shows approved (every comment the old
    # blog showed): its moderation let it through, so only overwhelming evidence hides
    # it. Never lower than COMMENTS_SPAM_THRESHOLD; scoring between the two, it is kept
    # and listed by `invoke comments --review`.
    spam_approved_threshold: int = 5
    # Rule name -> weight; a rule with weight 0 is off. None = the defaults in spam.py.
    spam_weights: dict | None = None
    # Words that make an author name or link text commercial; None = defaults.
    spam_words: list | None = None
    # Phrases typical of spam comments; None = defaults.
    spam_phrases: list | None = None
    # This many near-identical comments (anywhere on the blog) are a spam campaign.
    spam_duplicates: int = 3
    # Keep parsed archives in Pelican's CACHE_PATH: an unchanged archive is never parsed again.
    cache: bool = True
    # Worker processes that parse archives beside Pelican; None = one per core
    # but one (a build) or one per core (`invoke comments`); 0 = parse inline.
    # As many render the comment sections a build does not find in its cache beside
    # Pelican's own process (None: one per core but one).
    workers: int | None = None
    # New comments through the author's own Isso server (README "New comments"): its public
    # URL, e.g. "https://comments.your-domain.net/". Empty: no form, no fetch, the site unchanged.
    isso_url: str = ""
    # Where the build reads Isso's approved comments from, when not COMMENTS_ISSO_URL (e.g. the
    # server's own http://127.0.0.1:8080/ when the site is built beside it). None: COMMENTS_ISSO_URL.
    isso_fetch_url: str | None = None
    # Seconds the build waits for Isso before it uses the last fetched copy (in CACHE_PATH).
    isso_timeout: float = 10
    # Archived comment <-> Isso comment ids, written by `invoke isso-export` (relative to PATH).
    isso_ids_file: str = "comments/isso-ids.toml"
    # The notice under the comment heading while new comments are taken (COMMENTS_CLOSED_NOTICE's place).
    isso_notice: str = "The first comments were archived from the original blog; new ones join them here."
    # data-isso-* options of Isso's client (https://isso-comments.de/docs/reference/client-config/).
    # Its list starts folded ("Show N more comments"): the page above already shows every comment.
    # No identicons: Isso draws them with style attributes, which the site's CSP forbids.
    isso_client_options: dict = mutable({"max-comments-top": "0", "vote": "false", "avatar": "false"})


# Pelican setting name -> default (read-only view for code that names a setting).
DEFAULTS: dict = CommentsSettings.defaults()
get = CommentsSettings.get
apply_defaults = CommentsSettings.apply_defaults
