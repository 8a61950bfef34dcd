"""Every setting of the archived-comments plugin, with its default, in one place.

Settings are read from Pelican's settings (``pelicanconf.py``); a missing one
takes the default below.  The README's settings table documents them.
"""

from __future__ import annotations

DEFAULTS: dict = {
    # Folder (under PATH) holding the archived sources; any sub-folders.
    "COMMENTS_PATH": "comments",
    # Old URL (full, or its path) -> slug of the article its thread belongs to.
    "COMMENTS_URL_MAP": {},
    # Shown under the comment heading: the old comment form is gone.
    "COMMENTS_CLOSED_NOTICE": "These comments were archived from the original blog. Comments are closed.",
    # strftime format of comment dates in the theme.
    "COMMENTS_DATE_FORMAT": "%-d %B %Y at %H:%M",
    # Levels of visible nesting (1 = no nesting); deeper replies are shown flat
    # at the last level, with "in reply to NAME" linking to their parent.
    "COMMENTS_DISPLAY_DEPTH": 4,
    # A top-level comment with at least this many replies (all levels) shows
    # them collapsed in a <details>; 0 never collapses.
    "COMMENTS_COLLAPSE_REPLIES": 3,
    # Show pingbacks and trackbacks in a "Mentions" list under the comments.
    "COMMENTS_SHOW_MENTIONS": True,
    # The author's moderation decisions (relative to PATH); see moderation.py.
    "COMMENTS_MODERATION_FILE": "comments/moderation.toml",
    # Spam scoring: a comment scoring at least the threshold becomes spam; from the
    # review threshold up it is listed by `invoke comments --review`.
    "COMMENTS_SPAM_THRESHOLD": 3,
    "COMMENTS_SPAM_REVIEW_THRESHOLD": 2,
    # The higher bar for a comment the archive shows approved (every comment the old
    # blog showed): its moderation let it through, so only overwhelming evidence hides
    # it. Never lower than COMMENTS_SPAM_THRESHOLD; scoring between the two, it is kept
    # and listed by `invoke comments --review`.
    "COMMENTS_SPAM_APPROVED_THRESHOLD": 5,
    # Rule name -> weight; a rule with weight 0 is off. None = the defaults in spam.py.
    "COMMENTS_SPAM_WEIGHTS": None,
    # Words that make an author name or link text commercial; None = defaults.
    "COMMENTS_SPAM_WORDS": None,
    # Phrases typical of spam comments; None = defaults.
    "COMMENTS_SPAM_PHRASES": None,
    # This many near-identical comments (anywhere on the blog) are a spam campaign.
    "COMMENTS_SPAM_DUPLICATES": 3,
    # Keep parsed archives in Pelican's CACHE_PATH: an unchanged archive is never parsed again.
    "COMMENTS_CACHE": True,
    # Worker processes that parse archives beside Pelican; None = one per core
    # but one (a build) or one per core (`invoke comments`); 0 = parse inline.
    "COMMENTS_WORKERS": None,
    # File names (fnmatch patterns) under COMMENTS_PATH that are not sources.
    # They apply to folder names too: "*_files" is the folder of images, styles and
    # scripts a browser's "Save page, complete" writes beside the page.
    "COMMENTS_IGNORE": [
        "README*", "*.md", "*.toml", "*.txt", ".*", "*_files", "uploads",
        "*.css", "*.js", "*.png", "*.jpg", "*.jpeg", "*.gif", "*.webp", "*.svg", "*.ico", "*.avif",
        "*.woff", "*.woff2", "*.ttf", "*.mp4", "*.webm", "*.mp3", "*.pdf",
    ],
    # New comments through the author's own Isso server (README "New comments"): its public
    # URL, e.g. "https://comments.your-domain.net/". Empty: no form, no fetch, the site unchanged.
    "COMMENTS_ISSO_URL": "",
    # Where the build reads Isso's approved comments from, when not COMMENTS_ISSO_URL (e.g. the
    # server's own http://127.0.0.1:8080/ when the site is built beside it). None: COMMENTS_ISSO_URL.
    "COMMENTS_ISSO_FETCH_URL": None,
    # Seconds the build waits for Isso before it uses the last fetched copy (in CACHE_PATH).
    "COMMENTS_ISSO_TIMEOUT": 10,
    # Archived comment <-> Isso comment ids, written by `invoke isso-export` (relative to PATH).
    "COMMENTS_ISSO_IDS_FILE": "comments/isso-ids.toml",
    # The notice under the comment heading while new comments are taken (COMMENTS_CLOSED_NOTICE's place).
    "COMMENTS_ISSO_NOTICE": "The first comments were archived from the original blog; new ones join them here.",
    # data-isso-* options of Isso's client (https://isso-comments.de/docs/reference/client-config/).
    # Its list starts folded ("Show N more comments"): the page above already shows every comment.
    # No identicons: Isso draws them with style attributes, which the site's CSP forbids.
    "COMMENTS_ISSO_CLIENT_OPTIONS": {"max-comments-top": "0", "vote": "false", "avatar": "false"},
}


def get(settings: dict, name: str):
    """A plugin setting: the author's value, else the default."""
    if name in settings:
        return settings[name]
    return DEFAULTS[name]


def apply_defaults(settings: dict) -> None:
    """Fill in every missing plugin setting (templates read them too)."""
    for name, value in DEFAULTS.items():
        settings.setdefault(name, value)
