"""Explainable spam scoring of archived comments.

Each rule is a small function that either fires (with its weight) or not; a
comment's score is the sum, and every rule that fired is named in the report,
so the author can see *why* a comment was hidden and overrule it in the
moderation file.  Rules, weights and thresholds are settings
(``COMMENTS_SPAM_…``).

What the archive shows is evidence too.  Only comments the old blog showed are
scored, and every reader marks a comment visible only where the old blog
approved it (a saved page or capture shows approved comments only, and the
reader hides one with a moderation note; a WXR ``comment_approved`` of 1; a
Disqus post neither ``isSpam`` nor ``isDeleted``).  Its own moderation — a
person, or Akismet — already let these through, so our rules overrule it only
on overwhelming evidence: an approved comment becomes spam at
``approved_threshold`` (``COMMENTS_SPAM_APPROVED_THRESHOLD``), a higher bar
than ``threshold``; one that scores ``threshold`` but stays under the higher
bar is listed by ``invoke comments --review`` as kept on the archive's word.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from html import unescape
from urllib.parse import urlsplit

from .model import COMMENT, SPAM, VISIBLE, Comment, _normalize_text
from .sanitize import PLAIN_HTTP_URL_RE
from .settings import CommentsSettings

_DEFAULT = CommentsSettings()

DEFAULT_COMMERCIAL_WORDS = [
    "buy", "cheap", "deal", "deals", "discount", "sale", "price", "prices", "casino", "poker", "bet", "betting",
    "loan", "loans", "credit", "crypto", "bitcoin", "forex", "seo", "backlink", "backlinks", "viagra", "cialis",
    "replica", "outlet", "essay", "shop", "store", "online", "pills", "coupon", "escort", "followers",
]
DEFAULT_PHRASES = [
    "great post", "nice post", "very informative", "informative article", "thanks for sharing",
    "keep up the good work", "i will bookmark", "bookmarked your", "visit my website", "check out my",
    "click here", "buy now", "best price", "you made some good points", "this is really interesting, you",
    "i like the valuable information", "nice blog", "awesome article", "good article",
]
# Words of praise and filler that say nothing about the post: a comment made only of them (outside its
# links) is generic praise, the text a spammer can post under any article.
GENERIC_WORDS = frozenset("""
    a an the this that it its is was are i i'm im you your yours we our me my so very really truly such much
    many just quite and or but too also of for on in to at with about here there from all
    thanks thank thx ty cheers great nice good cool awesome amazing excellent wonderful fantastic brilliant
    superb perfect lovely fine interesting informative helpful useful valuable impressive well done written
    post posts article articles blog site website page content info information piece share sharing shared
    keep up work job love like liked enjoyed enjoy appreciate appreciated wow indeed definitely bookmark
    bookmarked read reading agree
""".split())
DEFAULT_WEIGHTS = {
    "author-is-commercial": 2,
    "author-site-is-commercial": 2,
    "author-matches-link-text": 2,
    "mostly-links": 2,
    "link-unrelated-to-author": 1,
    "commercial-link-text": 1,
    "spam-phrase": 1,
    "generic-praise": 1,
    "near-duplicate": 5,
}
# A repeated text is a campaign only when it is long enough not to repeat by chance ("Thanks!", "+1",
# "Great post!" from several readers of a busy thread are chatter) and carries a link (in the body or as
# the author's website): a campaign's point is the link.
CAMPAIGN_MIN_WORDS = 10
# Generic praise is short: a longer comment made of praise words still says something.
GENERIC_MAX_WORDS = 12


@dataclass
class SpamSettings:
    threshold: int = _DEFAULT.spam_threshold
    review_threshold: int = _DEFAULT.spam_review_threshold
    weights: dict | None = None
    commercial_words: list[str] | None = None
    phrases: list[str] | None = None
    duplicate_count: int = _DEFAULT.spam_duplicates  # this many near-identical comments is a campaign
    # The bar for a comment the archive shows approved (never lower than ``threshold``).
    approved_threshold: int = _DEFAULT.spam_approved_threshold

    def weight(self, rule: str) -> int:
        return (self.weights or DEFAULT_WEIGHTS).get(rule, DEFAULT_WEIGHTS.get(rule, 0))

    def bar(self, approved: bool) -> int:
        """The score at which a comment becomes spam."""
        return max(self.threshold, self.approved_threshold) if approved else self.threshold

    @classmethod
    def from_settings(cls, settings: "dict | CommentsSettings") -> "SpamSettings":
        """From the plugin's settings (``COMMENTS_SPAM_…``; Pelican's dict or ``CommentsSettings``)."""
        comments = settings if isinstance(settings, CommentsSettings) else CommentsSettings.from_settings(settings)
        return cls(
            threshold=comments.spam_threshold,
            review_threshold=comments.spam_review_threshold,
            weights=comments.spam_weights,
            commercial_words=comments.spam_words,
            phrases=comments.spam_phrases,
            duplicate_count=comments.spam_duplicates,
            approved_threshold=comments.spam_approved_threshold,
        )


@dataclass
class _Body:
    text: str
    links: list[tuple[str, str]]  # (href, anchor text)
    own_text: str = ""  # the text outside links


_LINK_RE = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.IGNORECASE | re.DOTALL)
_HREF_RE = re.compile(r'\bhref="([^"]*)"', re.IGNORECASE)
_TAG_RE = re.compile(r"<[^>]*>")


def _text_of(fragment: str) -> str:
    return " ".join(unescape(_TAG_RE.sub(" ", fragment)).split())


def _parse_body(html: str) -> _Body:
    """Text and links of a body.  Bodies are already sanitized by nh3 (a small
    allowlist, attributes quoted), so a regex reads them reliably and far faster
    than building a tree for each of thousands of comments."""
    text = _text_of(html)
    if "<a" not in html and "<A" not in html:
        return _Body(text=text, links=[], own_text=text)  # most comments have no link
    links = []
    for match in _LINK_RE.finditer(html):
        href = _HREF_RE.search(match.group(1))
        links.append((unescape(href.group(1)) if href else "", _text_of(match.group(2))))
    return _Body(text=text, links=links, own_text=_text_of(_LINK_RE.sub(" ", html)))


_ASCII_WORD_RE = re.compile(r"[a-z0-9]+")


def _words(text: str) -> set[str]:
    return set(_ASCII_WORD_RE.findall(text.casefold()))


def _has_word_of(text: str, words: frozenset[str]) -> bool:
    """``bool(_words(text) & words)``, without making the set (the author's name of every comment)."""
    return not words.isdisjoint(_ASCII_WORD_RE.findall(text.casefold()))


_WORD_RE = re.compile(r"[^\W_]+(?:'[^\W_]+)?")


@lru_cache(maxsize=16)
def _words_at_least(count: int, ascii: bool = False) -> re.Pattern:
    """Matches a text that holds at least ``count`` of _WORD_RE's words, found without listing them all:
    the possessive quantifiers keep every word whole, as _WORD_RE.findall reads it.

    ``ascii``: only for ASCII text, where a letter or digit is A-Z, a-z or 0-9: range tests per
    character, not a Unicode category's, at half the cost (8,000 comments: 2.2 -> 1.0 us each)."""
    word, other = ("[A-Za-z0-9]", "[^A-Za-z0-9]") if ascii else (r"[^\W_]", r"[\W_]")
    return re.compile(rf"(?:{other}*+{word}++(?:'{word}++)?+){{{count}}}")


def _holds_words(folded: str, count: int) -> bool:
    """``has_words`` of a text casefolded already."""
    return _words_at_least(count, folded.isascii()).match(folded) is not None


def has_words(text: str, count: int) -> bool:
    """``len(_word_list(text)) >= count``, without making the list (most comments are long)."""
    return _holds_words(text.casefold(), count)


def _word_list(text: str) -> list[str]:
    return _WORD_RE.findall(text.casefold())


def _host_and_path(url: str) -> tuple[str, str]:
    """``urlsplit(url)``'s hostname (or "") and path; raises ValueError where urlsplit does."""
    if url.isascii() and url.isprintable() and " " not in url:
        plain = PLAIN_HTTP_URL_RE.match(url)
        if plain:  # urlsplit's answer, at a fifth of its cost (the link of every comment)
            return plain.group(1).lower(), plain.group(2)
    parts = urlsplit(url)
    return parts.hostname or "", parts.path


@lru_cache(maxsize=4096)  # one commenter's website recurs under every comment they left
def _url_parts(url: str) -> tuple[str, frozenset[str]]:
    """A URL's registered domain ("shop.example.com" -> "example.com") and the words of its host and path."""
    try:
        host, path = _host_and_path(url)
    except ValueError:
        return "", frozenset()
    labels = host.removeprefix("www.").split(".")
    domain = ".".join(labels[-2:]) if len(labels) >= 2 else host
    return domain, frozenset(_words(f"{host} {path}"))


def _domain(url: str | None) -> str:
    return _url_parts(url)[0] if url else ""


def _url_words(url: str | None) -> frozenset[str]:
    """The words of a URL's host and path ("cheap-lens-deals.example/shop/" -> cheap, lens, deals, shop…)."""
    return _url_parts(url)[1] if url else frozenset()


def is_generic_praise(body: _Body, phrases: list[str]) -> bool:
    """A short text, outside its links, that says nothing beyond praise ("Great post, thanks for sharing!")."""
    # Decided before the phrases are taken out: most comments are longer.
    own = body.own_text.casefold()
    if not _WORD_RE.search(own) or _holds_words(own, GENERIC_MAX_WORDS + 1):
        return False
    own = " ".join(own.split())
    for phrase in phrases:
        own = own.replace(phrase, " ")
    return all(word in GENERIC_WORDS for word in _word_list(own))


def is_campaign_text(comment: Comment, body: _Body) -> bool:
    """Whether a repeat of this text would be a campaign: long enough, and carrying a link."""
    has_link = bool(comment.author_url) or any(href.startswith("http") for href, _ in body.links)
    return has_link and has_words(body.text, CAMPAIGN_MIN_WORDS)


@lru_cache(maxsize=8)
def _vocabulary(commercial_words: tuple[str, ...]) -> frozenset[str]:
    """The commercial words as a set, made once per list, not per comment."""
    return frozenset(commercial_words)


def _holds_any(text: str, phrases: list[str]) -> bool:
    # A substring test per phrase is faster than one pattern of them all (sre tries every
    # alternative at each letter a phrase starts with): 19 phrases, 6 -> 3.5 us a comment.
    for phrase in phrases:
        if phrase in text:
            return True
    return False


def own_rules(comment: Comment, body: _Body, settings: SpamSettings) -> list[str]:
    """The rules that fire on a comment's own text, name and site: all but "near-duplicate", which
    counts the comment's copies across the import."""
    fired: list[str] = []
    phrases = settings.phrases or DEFAULT_PHRASES
    commercial = _vocabulary(tuple(settings.commercial_words or DEFAULT_COMMERCIAL_WORDS))
    if _has_word_of(comment.author, commercial):
        fired.append("author-is-commercial")
    if comment.author_url and not commercial.isdisjoint(_url_words(comment.author_url)):
        fired.append("author-site-is-commercial")
    if body.links:  # most comments have no link: none of the link rules can fire
        fired.extend(_link_rules(comment, body, commercial))
    # body.text has one space between words, and casefolding makes no whitespace: no need to join again.
    if _holds_any(body.text.casefold(), phrases):
        fired.append("spam-phrase")
    if is_generic_praise(body, phrases):
        fired.append("generic-praise")
    return fired


def _link_rules(comment: Comment, body: _Body, commercial: frozenset[str]) -> list[str]:
    """The rules of ``own_rules`` about a body's links, in its order."""
    fired = []
    anchors = [text for _, text in body.links if text]
    if comment.author and anchors:
        author_key = _normalize_text(comment.author)
        if any(_normalize_text(text) == author_key for text in anchors):
            fired.append("author-matches-link-text")
    link_chars = sum(len(text) for text in anchors)
    if len(body.links) >= 3 or link_chars > 0.5 * max(len(body.text), 1):
        fired.append("mostly-links")
    author_domain = _domain(comment.author_url)
    body_domains = {_domain(href) for href, _ in body.links if href.startswith("http")}
    if len(body_domains) == 1 and author_domain and author_domain not in body_domains:
        fired.append("link-unrelated-to-author")
    if any(_has_word_of(text, commercial) for text in anchors):
        fired.append("commercial-link-text")
    return fired


def approved_by_archive(comment: Comment) -> bool:
    """Whether the old blog approved the comment, as far as its archives show (see the module's doc)."""
    return comment.status == VISIBLE


DUPLICATE_KEY_CHARS = 200  # near-duplicates share the first this many letters and digits


def _duplicate_key(text: str) -> str:
    """The first letters and digits of a text, by which near-duplicates are counted."""
    if text.isascii() and len(text) > 2 * DUPLICATE_KEY_CHARS:
        # An ASCII text normalizes character by character, so a long enough start gives the same key.
        key = _normalize_text(text[: 2 * DUPLICATE_KEY_CHARS])
        if len(key) >= DUPLICATE_KEY_CHARS:
            return key[:DUPLICATE_KEY_CHARS]
    return _normalize_text(text)[:DUPLICATE_KEY_CHARS]


# What scoring needs of one comment beyond its status: (the rules it fires on its own, its
# near-duplicate key, whether a repeat of it would be a campaign).  A pure function of the comment's
# html, author and author_url (and the settings), so it can be worked out where the comment is parsed,
# on another core, and looked up by those three here.
Facts = tuple[tuple[str, ...], str, bool]


def comment_facts(comment: Comment, settings: SpamSettings) -> Facts:
    body = _parse_body(comment.html)
    return tuple(own_rules(comment, body, settings)), _duplicate_key(body.text), is_campaign_text(comment, body)


def facts_key(comment: Comment) -> tuple:
    """What a comment's ``Facts`` depend on (besides the settings)."""
    return comment.html, comment.author, comment.author_url


def score_comments(comments: list[Comment], settings: SpamSettings, known: dict[tuple, Facts] | None = None) -> None:
    """Score every visible comment; at or above its bar it becomes spam.

    Only comments the old blog showed are scored (its own spam and hidden
    verdicts stand), and never the post author's own replies.  A comment the
    archive shows approved needs the higher bar (``SpamSettings.bar``).
    ``known``: facts already worked out with these settings, by ``facts_key``.
    """
    facts = {}
    for c in comments:
        found = known.get(facts_key(c)) if known else None
        facts[id(c)] = found if found is not None else comment_facts(c, settings)
    texts = Counter(key for _, key, _ in facts.values())
    for comment in comments:
        if comment.status != VISIBLE or comment.type != COMMENT or comment.by_post_author:
            continue
        own, key, campaign = facts[id(comment)]
        duplicates = texts[key] if len(key) >= 20 else 0
        fired = list(own)
        if duplicates >= settings.duplicate_count and campaign:
            fired.append("near-duplicate")
        # A rule weighted 0 is off: not named either.
        fired = [rule for rule in fired if settings.weight(rule)]
        comment.spam_rules = fired
        comment.spam_score = sum(settings.weight(rule) for rule in fired)
        if comment.spam_score >= settings.bar(approved_by_archive(comment)):
            comment.status = SPAM
