"""What comment markup means: WordPress core's marks, then one row per markup family.

WordPress core puts the same marks in every theme's comment list (``comment-N`` ids, the
``comment``/``pingback``/``trackback``/``bypostauthor``/``depth-N`` classes, ``children`` lists,
``<time datetime>``); that is what makes a theme never seen before readable.  On top of it each
family of themes names the parts of a comment in its own words.  A family is one row of
``FAMILIES``: the classes it gives the body, the author's name, the author's box, the date, the
reply link, other theme parts, and widget blocks that are never the commenter's text.  Adding a
theme family means adding a row here, not a branch in the walker.

Candidates for the same part are ranked (lower wins): the ranks have names (``AuthorRank``,
``DateRank``) so a row says how sure its mark is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import IntEnum
from functools import lru_cache
from typing import NamedTuple

from bs4 import Tag
from bs4.element import NavigableString

# --------------------------------------------------------------------------- WordPress core

COMMENT_CLASSES = frozenset({"comment", "pingback", "trackback"})
COMMENT_TAGS = frozenset({"li", "article", "div", "section", "dd", "dt", "tr", "td"})
# core's comment-N (li-/div-/article- prefixed by themes); wpDiscuz wraps each comment and its
# replies in div#wc-comm-N_P (7.x: wpd-comm-N_P; P is the parent's id, 0 at the top), around its
# own div#comment-N.
ID_RE = re.compile(r"^(?:(?:li-|div-|article-)?comment-(\d+)|(?:wc|wpd)-comm-(\d+)_\d+)$", re.IGNORECASE)
# wpDiscuz names the parent in the thread element's id (wc-comm-N_P, P 0 at the top): where the plugin's
# nesting depth ran out, a reply stands beside its parent, not in it, and only P says whose it is.
STATED_PARENT_RE = re.compile(r"^(?:wc|wpd)-comm-\d+_(\d+)$", re.IGNORECASE)
ANCHOR_ID_RE = re.compile(r"^comment-(\d+)$", re.IGNORECASE)
DEPTH_RE = re.compile(r"^depth-(\d+)$")


class AuthorRank(IntEnum):
    """How sure a mark is that its element holds the commenter's name (lower is surer)."""

    FN = 0  # microformats' ``fn``: the name and nothing else
    ITEMPROP_NAME = 1  # ``itemprop="name"`` inside the author's microdata
    NAME = 2  # a family's own class for the name
    URL_LINK = 3  # ``a.url``: the name as a link
    BOX = 4  # the author's box (avatar, name, "says:"), read only when nothing surer is there
    CITE = 5  # a bare ``<cite>``: older themes put the name (or a whole byline) there
    GENERIC = 6  # a class that merely mentions "author" or "name"
    LEADING = 7  # a <strong>/<b> that opens a line of the header ("<strong>NAME</strong>, DATE — Reply")


class DateRank(IntEnum):
    """How sure a mark is that its element holds the comment's date (lower is surer)."""

    ATTRIBUTE = 0  # an ISO date in ``datetime``/``content``/``title``
    META = 1  # the meta line that holds the date (and often the permalink)
    LOOSE = 2  # a meta line that may hold more
    GENERIC = 3  # a class that merely says "date" or "time"
    TEXT = 4  # date-like text found in the comment's header, no mark at all


@dataclass(frozen=True)
class Family:
    """One markup family: the classes it gives each part of a comment."""

    name: str
    body: frozenset = frozenset()
    author: dict = field(default_factory=dict)  # class -> AuthorRank
    date: dict = field(default_factory=dict)  # class -> DateRank
    reply: frozenset = frozenset()
    parts: frozenset = frozenset()  # theme parts that are neither text nor author nor date
    widgets: frozenset = frozenset()  # blocks inside a body that are not the commenter's text
    widget_ids: tuple = ()  # ... and the id prefixes that mark such a block (a wrapper with no class)
    badges: frozenset = frozenset()  # labels inside the name element ("Author", "Autor")


def _set(*names: str) -> frozenset:
    return frozenset(names)


FAMILIES: tuple[Family, ...] = (
    Family(
        "core",  # what wp_list_comments() prints in every theme
        author={"fn": AuthorRank.FN, "comment-author": AuthorRank.BOX, "vcard": AuthorRank.BOX},
        date={"comment-meta": DateRank.LOOSE},
        reply=_set("reply", "comment-reply-link"),
        parts=_set("comment-awaiting-moderation", "comment-edit-link", "edit-link", "says", "avatar",
                   "children", "comment-meta"),
    ),
    Family("classic", date={"commentmetadata": DateRank.META}, parts=_set("commentmetadata")),
    Family(
        "html5",  # Twenty Eleven onwards
        body=_set("comment-content"),
        date={"comment-metadata": DateRank.META},
        parts=_set("comment-metadata"),
    ),
    Family(
        "block",  # block themes' comment template
        body=_set("wp-block-comment-content"),
        author={"wp-block-comment-author-name": AuthorRank.NAME},
        date={"wp-block-comment-date": DateRank.META},
        reply=_set("wp-block-comment-reply-link"),
        parts=_set("wp-block-comment-edit-link", "wp-block-avatar"),
    ),
    Family(
        "genesis",  # Genesis child themes (microdata is read from itemprop, not classes)
        author={"comment-author-name": AuthorRank.NAME},
        date={"comment-time": DateRank.META},
    ),
    Family(
        "thesis",  # Thesis and its kin: <dl> with <dt id="comment-N"> for the byline, <dd> for the text
        body=_set("format_text"),
        author={"comment_author": AuthorRank.NAME},
        date={"comment_time": DateRank.META},
        parts=_set("comment_num"),
    ),
    Family(
        "wordpress.com",
        widgets=_set("comment-likes", "comment-like", "cs-like", "comment-like-feedback", "likes-widget-placeholder"),
    ),
    Family("pipdig", date={"comment-date": DateRank.META}, badges=_set("p3_comment_author")),
    Family(
        "other themes",  # names seen across many hand-made and commercial themes
        body=_set("comment-text", "comment-entry", "comment_text", "commenttext", "comment-body-text",
                  "comment-excerpt"),
        author={"comment-author-link": AuthorRank.NAME, "comment_author_link": AuthorRank.NAME,
                "comment_author": AuthorRank.BOX, "comment-author-info": AuthorRank.BOX},
        date={"comment_meta": DateRank.LOOSE, "date": DateRank.GENERIC, "published": DateRank.GENERIC,
              "time": DateRank.GENERIC, "comment-datetime": DateRank.GENERIC},
        reply=_set("comment-reply", "comment-reply-button"),
        parts=_set("comment-number", "comment-count", "comment-num"),
        badges=_set("comment-author-label", "author-badge", "post-author-badge", "comment-author-badge",
                    "author-label", "badge", "bypostauthor-label", "comment-badge"),
    ),
    Family(
        "review lists",  # WooCommerce's review template, which review and recipe plugins on blogs copy
        author={"woocommerce-review__author": AuthorRank.NAME},
        date={"woocommerce-review__published-date": DateRank.META},
        parts=_set("woocommerce-review__dash"),
        badges=_set("woocommerce-review__verified"),
        widgets=_set("star-rating"),
    ),
    Family(
        "wpdiscuz",  # the wpDiscuz plugin: div#wc-comm-N_P (5.x) / div#wpd-comm-N_P (7.x) around each thread
        body=_set("wc-comment-text", "wpd-comment-text"),
        author={"wc-comment-author": AuthorRank.NAME, "wpd-comment-author": AuthorRank.NAME},
        date={"wc-comment-date": DateRank.META, "wpd-comment-date": DateRank.META},
        reply=_set("wc-reply-button", "wpd-reply-button"),
        parts=_set("wc-comment-label", "wpd-comment-label", "wc-comment-link", "wpd-comment-link",
                   "wc-comment-footer", "wpd-comment-footer", "wpdiscuz-comment-message", "wpd-comment-subheader",
                   "wpd-comment-share", "wpd-reply-to"),
        # A long text is shortened to its first words and "span#wpdiscuz-readmore-N_P" ("…", "Read more" in
        # the blog's language) is printed inside it: the widget, not the words, is left out.
        widgets=_set("wc-footer-left", "wpd-vote", "wc-vote-result", "wpd-vote-result", "wpdiscuz-readmore",
                     "wpdiscuz-hellip"),
        widget_ids=("wpdiscuz-readmore-",),
    ),
    Family(
        "rating, sharing and reporting plugins",
        widgets=_set("sharedaddy", "sd-sharing", "comment-rating", "comment-ratings", "comment-report",
                     "report-comment", "comment-flag", "comment-share", "comment-vote", "comment-votes",
                     "wpdiscuz-vote", "ckrating"),
    ),
)


def _merge_ranks(attribute: str) -> dict:
    merged: dict = {}
    for family in FAMILIES:
        for name, rank in getattr(family, attribute).items():
            merged[name] = min(rank, merged.get(name, rank))
    return merged


def _union(attribute: str) -> frozenset:
    return frozenset().union(*(getattr(family, attribute) for family in FAMILIES))


BODY_CLASSES = _union("body")
AUTHOR_CLASSES = _merge_ranks("author")
DATE_CLASSES = _merge_ranks("date")
REPLY_CLASSES = _union("reply")
WIDGET_CLASSES = _union("widgets")
WIDGET_ID_PREFIXES = tuple(prefix for family in FAMILIES for prefix in family.widget_ids)
BADGE_CLASSES = _union("badges")
PART_CLASSES = _union("parts") | REPLY_CLASSES | WIDGET_CLASSES
MODERATION_CLASSES = frozenset({"comment-awaiting-moderation"})
# Links that belong to a widget wherever they stand: WordPress.com's "Like" (with a nonce).
WIDGET_HREF_RE = re.compile(r"[?&](?:like_comment|_wpnonce|report_comment|flag_comment)=", re.IGNORECASE)
# The theme's parts that end up inside a body when its markup is broken (an unterminated tag eats
# the body's </div>), and widget blocks: never serialized as the commenter's text.
BODY_DROP_CLASSES = frozenset({"edit-link", "comment-edit-link", "comment-awaiting-moderation"}) | REPLY_CLASSES \
    | WIDGET_CLASSES
WEAK_AUTHOR_TAGS = frozenset({"strong", "b", "h3", "h4", "h5", "h6", "span"})
TEXT_SKIP_CLASSES = frozenset({"says", "screen-reader-text", "sr-only", "visually-hidden", "avatar",
                               "comment-edit-link", "edit-link"}) | BADGE_CLASSES
GENERIC_AUTHOR_RE = re.compile(r"author|name|commenter|poster", re.IGNORECASE)
# A class made of a date word ("comment-when", "entry-timestamp", "posted-on"): a date, for themes
# whose own names no row knows.
GENERIC_DATE_RE = re.compile(r"(?:^|[-_])(?:date|time|when|timestamp|datetime|posted|published|ago)(?:$|[-_])",
                             re.IGNORECASE)

# --------------------------------------------------------------------------- never read

SKIP_TAGS = frozenset(
    {"script", "style", "noscript", "template", "iframe", "svg", "form", "textarea", "select",
     "button", "nav", "object", "embed", "canvas", "head", "input", "link", "meta"}
)
SKIP_IDS = frozenset(
    {"respond", "recentcomments", "secondary", "sidebar", "wm-ipp-base", "wm-ipp", "wm-ipp-print",
     "colophon", "masthead", "site-navigation", "wpadminbar", "jp-relatedposts", "comments-pagination"}
)
SKIP_CLASSES = frozenset(
    {"widget", "widget-area", "sidebar", "widget_recent_comments", "wp-block-latest-comments",
     "recentcomments", "comment-respond", "site-footer", "site-header", "navigation",
     "comment-navigation", "comments-navigation", "nav-links", "pagination", "comments-pagination",
     "wp-block-comments-pagination", "wp-block-post-comments-form", "related-posts", "jp-relatedposts",
     "sharedaddy", "widget_recent_entries"}
)
# Lists some themes print the pingbacks in, apart from the comments and without core's classes (Divi:
# div#trackbacks > ol.pinglist > li#comment-N): what stands in them is a mention, never a reader's comment.
PING_LIST_CLASSES = frozenset({"pinglist", "pingbacklist", "trackbacklist", "ping-list", "pingback-list",
                               "trackback-list", "pings", "pingbacks", "trackbacks", "commentlist-pings"})
PING_LIST_IDS = frozenset({"pings", "pingbacks", "trackbacks", "pinglist", "trackback-list", "pingback-list"})
# WordPress writes a pingback's text itself: the linking post's words around the link, "[…] … […]".
PING_EXCERPT_RE = re.compile(r"\s*\[(?:…|\.\.\.|&#8230;)\]\s.*\s\[(?:…|\.\.\.|&#8230;)\]\s*", re.DOTALL)
# Containers that show the page has a comment section (for the "empty section" problem).
SECTION_IDS = frozenset({"comments", "thecomments", "commentlist", "comments-list", "comment-section",
                         "comment_list"})
SECTION_CLASSES = frozenset(
    {"comments-area", "commentlist", "comment-list", "wp-block-comments", "wp-block-comment-template",
     "entry-comments", "comments", "comment-section", "comments-section", "entry-pings", "comment_list"}
)

# --------------------------------------------------------------------------- words, in every language

# Words a theme prints before the name in a byline ("Comment by NAME — DATE").
BYLINE_PREFIX_RE = re.compile(
    r"^\s*(?:comment(?:ed)?\s+by|posted\s+by|written\s+by|reply\s+by|kommentar\s+von|geschrieben\s+von"
    r"|antwort\s+von|commentaire\s+(?:de|par)|réponse\s+de|comentario\s+(?:de|por)|respuesta\s+de"
    r"|escrito\s+por|reactie\s+van|geplaatst\s+door|commento\s+di|scritto\s+da|comentário\s+(?:de|por)"
    r"|resposta\s+de|komentarz\s+(?:od|przez)|kommentar\s+av|комментарий\s+от|by)\s*:?\s+",
    re.IGNORECASE,
)
# Words that open the name where a theme prints it after the date ("Posted on DATE by NAME", "Geschrieben am
# DATE von NAME", "Publicado el DATE por NAME", "Geplaatst op DATE door NAME", "Опубликовано DATE от NAME").
AFTER_DATE_BY_RE = re.compile(r"^\s*(?:by|von|par|por|door|от)\s+", re.IGNORECASE)
# Words a theme prints after the name ("NAME says:", "NAME sagt:", "NAME dit :", "NAME 说：").
SAYS_WORDS = (
    r"says|said|wrote|writes|replied|sagt|sagte|schreibt|schrieb|meint|antwortete|dit|a\s+dit|écrit|a\s+écrit"
    r"|dice|dijo|escribió|escribe|zegt|zei|schreef|schrijft|ha\s+detto|scrive|ha\s+scritto|disse|diz|escreveu"
    r"|pisze|napisał(?:a)?|skriver|skrev|säger|sier|siger|sanoo|kirjoitti|пишет|написал(?:а)?|говорит|сказал(?:а)?"
)
_SAYS_CJK = r"より|のコメント|说|說|님의\s*말"
SAYS_SUFFIX_RE = re.compile(rf"(?:\s+(?:{SAYS_WORDS})|\s*(?:{_SAYS_CJK}))\s*[:：]?\s*$", re.IGNORECASE)
# The same words where they open what is left of a byline ("dit : il y a 1 an").
SAYS_PREFIX_RE = re.compile(rf"^\s*(?:(?:{SAYS_WORDS})(?![\w])|{_SAYS_CJK})\s*[:：]?\s*", re.IGNORECASE)
# Labels themes put beside the post author's name (a badge without a class of its own).
BADGE_WORDS = frozenset(
    {"author", "post author", "autor", "autorin", "auteur", "autore", "autora", "auteur de l'article",
     "admin", "administrator", "moderator", "site owner", "blog author", "beitragsautor", "beitragsautorin",
     "verfasser", "verfasserin", "autor do post", "autor del post", "autore dell'articolo", "автор",
     "投稿者", "作者", "owner"}
)
# Link texts in a comment's header that are no name ("Profile", "Reply").
NOT_A_NAME = frozenset(
    {"profile", "profil", "perfil", "profilo", "profiel", "профиль", "reply", "antworten", "répondre",
     "responder", "rispondi", "reageer", "beantwoorden", "responder", "odpowiedz", "svara", "ответить",
     "返信", "permalink", "link", "edit", "bearbeiten", "modifier", "editar", "modifica", "bewerken",
     "report", "melden", "signaler", "denunciar", "segnala", "like", "gefällt mir", "j'aime", "me gusta",
     "mi piace", "vind ik leuk", "curtir", "anonymous"}
)


# WordPress's own strings in each language, as themes print them beside every comment: a page
# that names no language still says it in its reply links and "says:" labels.
THEME_STRINGS = {
    "de": ("Antworten", "sagt:", "schreibt:", "Kommentar von"),
    "fr": ("Répondre", "dit :", "dit&nbsp;:"),
    "es": ("Responder", "dice:"),
    "pt": ("Responder", "disse:", "diz:"),
    "it": ("Rispondi", "ha detto:", "dice:"),
    "nl": ("Beantwoorden", "Reageer", "zegt:"),
    "pl": ("Odpowiedz", "pisze:", "napisał:"),
    "sv": ("Svara", "skriver:", "säger:"),
    "da": ("Svar", "siger:"),
    "ru": ("Ответить", "пишет:", "говорит:"),
    "ja": ("返信", "より:", "のコメント:"),
    "en": ("Reply", "says:"),
}


# --------------------------------------------------------------------------- reading the marks


def classes_of(el: Tag):
    value = el.attrs.get("class")
    if not value:
        return ()
    return _split_classes(value) if type(value) is str else value


# A page repeats a few class attributes on every comment ("comment byuser even thread-even depth-1"):
# each is split once, not once an element (a tuple: the callers only read it).
@lru_cache(maxsize=8192)
def _split_classes(value: str) -> tuple[str, ...]:
    return tuple(value.split())


def number(el: Tag) -> str | None:
    """The WordPress comment id an element carries in its ``id`` attribute."""
    value = el.attrs.get("id")
    if value:
        match = ID_RE.match(value.strip())
        if match:
            return match.group(match.lastindex)
    return None


def stated_parent(el: Tag) -> str | None:
    """The parent id an element's own id states (wpDiscuz's ``wc-comm-N_P``: ``"0"`` is the top), or None."""
    value = el.attrs.get("id")
    if value and value.startswith(("wc-", "wpd-")):
        match = STATED_PARENT_RE.match(value.strip())
        if match:
            return match.group(1)
    return None


def _is_count_link(el: Tag) -> bool:
    """``<li class="comment"><a href="#comments"><i></i> 2</a></li>``: a post's comment count in its
    share bar, no comment (it has no id, and its one link goes to the comment section)."""
    link = el.find("a")
    if link is None:
        return False
    href = link.get("href") or ""
    return href.endswith(("#comments", "#respond")) and len(el.get_text(strip=True)) <= 12


def is_comment_start(el: Tag, classes) -> bool:
    if el.name not in COMMENT_TAGS:
        return False
    attrs = el.attrs
    if el.name == "dt":  # Thesis: only the <dt> with the comment's id starts a comment
        value = attrs.get("id")
        return bool(value and ID_RE.match(value.strip()))
    if el.name == "dd":  # ... and the <dd> after it is that comment's text, not a comment of its own
        term = el.find_previous_sibling(True)
        if term is not None and term.name == "dt":
            value = term.attrs.get("id")
            if value and ID_RE.match(value.strip()):
                return False
    if classes and not COMMENT_CLASSES.isdisjoint(classes):
        return "id" in attrs or not _is_count_link(el)
    value = attrs.get("id")
    if value and ID_RE.match(value.strip()):
        return True
    itemtype = attrs.get("itemtype")
    if itemtype and itemtype.rstrip("/").lower().endswith(("schema.org/comment", "schema.org/usercomments")):
        return True
    return False


def skip(el: Tag, classes, roles: "Roles | None" = None) -> bool:
    if el.name in SKIP_TAGS:
        return True
    value = el.attrs.get("id")
    if value and value in SKIP_IDS:
        return True
    if classes and (roles.skipped if roles is not None else not SKIP_CLASSES.isdisjoint(classes)):
        return True
    if el.name == "aside":  # a sidebar, unless it is the comment section itself
        marker = (value or "") + " " + " ".join(classes)
        return "comment" not in marker.lower()
    return False


def is_widget(el: Tag, classes) -> bool:
    """A like/share/rating/report block or link: never the commenter's text.

    Besides the families' own class names, any class made of a widget word ("comment-rating-widget",
    "report-comment", "wpdiscuz-vote-up") marks one: plugins name their blocks that way.
    """
    if classes and class_roles(tuple(classes)).widget:
        return True
    value = el.attrs.get("id")
    if value and value.startswith(WIDGET_ID_PREFIXES):
        return True
    return widget_link(el)


def widget_link(el: Tag) -> bool:
    if el.name == "a":
        href = el.attrs.get("href")
        return bool(href and WIDGET_HREF_RE.search(href))
    return False


_WS_RE = re.compile(r"\s+")
_WIDGET_WORD_RE = re.compile(
    r"(?:^|[-_])(?:rating|ratings|rate|stars|like|likes|liked|share|sharing|sharedaddy|report|vote|votes|voting"
    r"|flag|reactions|upvote|downvote)(?:$|[-_])",
    re.IGNORECASE,
)


@lru_cache(maxsize=4096)
def widget_word(cls: str) -> bool:
    """Whether a class is made of a widget word (cached: pages repeat their classes thousands of times)."""
    return bool(_WIDGET_WORD_RE.search(cls))


@lru_cache(maxsize=4096)
def date_word(cls: str) -> bool:
    return bool(GENERIC_DATE_RE.search(cls))


@lru_cache(maxsize=4096)
def author_word(cls: str) -> bool:
    return bool(GENERIC_AUTHOR_RE.search(cls))


class Roles(NamedTuple):
    """What an element's classes say it is, looked up once per distinct class list."""

    body: bool
    author: int | None  # the best AuthorRank its classes give, or None
    date: int | None  # the best DateRank, or None
    part: bool
    moderation: bool
    children: bool
    url: bool
    date_word: bool  # a class made of a date word (a date where no row knows the theme)
    author_word: bool  # a class that mentions author/name, and is not WordPress's comment-author-USER
    widget: bool  # a like/share/rating/report block (``is_widget`` by classes alone)
    skipped: bool  # a form, navigation, sidebar widget... (``skip`` by classes alone)


@lru_cache(maxsize=8192)
def class_roles(classes: tuple[str, ...]) -> Roles:
    return Roles(
        widget=not WIDGET_CLASSES.isdisjoint(classes) or any(widget_word(c) for c in classes),
        skipped=not SKIP_CLASSES.isdisjoint(classes),
        body=not BODY_CLASSES.isdisjoint(classes),
        author=min((AUTHOR_CLASSES[c] for c in classes if c in AUTHOR_CLASSES), default=None),
        date=min((DATE_CLASSES[c] for c in classes if c in DATE_CLASSES), default=None),
        part=not PART_CLASSES.isdisjoint(classes),
        moderation=not MODERATION_CLASSES.isdisjoint(classes),
        children="children" in classes,
        url="url" in classes,
        date_word=any(date_word(c) for c in classes),
        author_word=any(author_word(c) for c in classes)
        and not any(c.startswith(("comment-author-", "bypostauthor")) for c in classes),
    )


def classes_and_roles(el: Tag) -> tuple[tuple[str, ...], "Roles | None"]:
    """``classes_of(el)`` and, where it has any, their ``class_roles`` (looked up by the attribute as
    the page wrote it: the split and the tuple's hash were most of the lookup)."""
    value = el.attrs.get("class")
    if not value:
        return (), None
    if type(value) is str:
        return _classes_and_roles(value)
    return value, class_roles(tuple(value))


@lru_cache(maxsize=8192)
def _classes_and_roles(value: str) -> tuple[tuple[str, ...], Roles]:
    classes = _split_classes(value)
    return classes, class_roles(classes)


def text_of(el: Tag) -> str:
    """``el.get_text()``.  Where ``el`` holds nothing but plain strings (a permalink's date, a name's
    link: most elements asked), they are joined without BeautifulSoup's walk of its descendants."""
    contents = el.contents
    types = el.interesting_string_types
    if (types is None or types is NavigableString or (not isinstance(types, type) and NavigableString in types)) \
            and all(type(child) is NavigableString for child in contents):
        return "".join(contents)
    return el.get_text()


def visible_text(el: Tag, is_badge=None) -> str:
    """Visible text of a small element, without screen-reader labels, badges and avatars.

    ``is_badge(text)``, when given, also leaves out a child element (not a link) whose whole text
    it says is a badge ("Autor" after a ``<br>``, in a ``<span>`` of its own).
    """
    parts: list[str] = []

    def collect(node):
        for child in node.contents:
            if isinstance(child, Tag):
                if child.name in ("img", "script", "style", "svg"):
                    continue
                if not TEXT_SKIP_CLASSES.isdisjoint(classes_of(child)):
                    continue
                if child.name == "br":
                    parts.append(" ")
                    continue
                if is_badge is not None and child.name != "a" and is_badge(child.get_text()):
                    continue
                collect(child)
            elif type(child) is NavigableString:
                parts.append(child)

    collect(el)
    return _WS_RE.sub(" ", "".join(parts)).strip()
