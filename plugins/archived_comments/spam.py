"""Explainable spam scoring of archived comments.

Each rule is a small function that either fires (with its weight) or not; a
comment's score is the sum, and every rule that fired is named in the report,
so the author can see *why* a comment was hidden and overrule it in the
moderation file.  Rules, weights and thresholds are settings
(``COMMENTS_SPAM_…``).
"""

from __future__ import annotations

import re
from collections import Counter
from html import unescape
from dataclasses import dataclass
from urllib.parse import urlsplit

from .model import COMMENT, SPAM, VISIBLE, Comment, _normalize_text

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
DEFAULT_WEIGHTS = {
    "author-is-commercial": 2,
    "author-matches-link-text": 2,
    "mostly-links": 2,
    "link-unrelated-to-author": 1,
    "commercial-link-text": 1,
    "spam-phrase": 1,
    "near-duplicate": 3,
}


@dataclass
class SpamSettings:
    threshold: int = 3
    review_threshold: int = 2
    weights: dict | None = None
    commercial_words: list[str] | None = None
    phrases: list[str] | None = None
    duplicate_count: int = 3  # this many near-identical comments is a campaign

    def weight(self, rule: str) -> int:
        return (self.weights or DEFAULT_WEIGHTS).get(rule, DEFAULT_WEIGHTS.get(rule, 0))


@dataclass
class _Body:
    text: str
    links: list[tuple[str, str]]  # (href, anchor text)


_LINK_RE = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.IGNORECASE | re.DOTALL)
_HREF_RE = re.compile(r'\bhref="([^"]*)"', re.IGNORECASE)
_TAG_RE = re.compile(r"<[^>]*>")


def _text_of(fragment: str) -> str:
    return " ".join(unescape(_TAG_RE.sub(" ", fragment)).split())


def _parse_body(html: str) -> _Body:
    """Text and links of a body.  Bodies are already sanitized by nh3 (a small
    allowlist, attributes quoted), so a regex reads them reliably and far faster
    than building a tree for each of thousands of comments."""
    links = []
    for match in _LINK_RE.finditer(html):
        href = _HREF_RE.search(match.group(1))
        links.append((unescape(href.group(1)) if href else "", _text_of(match.group(2))))
    return _Body(text=_text_of(html), links=links)


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.casefold()))


def _domain(url: str | None) -> str:
    if not url:
        return ""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    parts = host.removeprefix("www.").split(".")
    return ".".join(parts[-2:]) if len(parts) >= 2 else host


def score_comment(comment: Comment, body: _Body, settings: SpamSettings, duplicates: int) -> list[str]:
    """The names of the rules that fire for one comment."""
    fired: list[str] = []
    commercial = set(settings.commercial_words or DEFAULT_COMMERCIAL_WORDS)
    author_words = _words(comment.author)
    if author_words & commercial:
        fired.append("author-is-commercial")
    anchors = [text for _, text in body.links if text]
    if comment.author and any(_normalize_text(text) == _normalize_text(comment.author) for text in anchors):
        fired.append("author-matches-link-text")
    link_chars = sum(len(text) for text in anchors)
    if body.links and (len(body.links) >= 3 or link_chars > 0.5 * max(len(body.text), 1)):
        fired.append("mostly-links")
    author_domain = _domain(comment.author_url)
    body_domains = {_domain(href) for href, _ in body.links if href.startswith("http")}
    if len(body_domains) == 1 and author_domain and author_domain not in body_domains:
        fired.append("link-unrelated-to-author")
    if any(_words(text) & commercial for text in anchors):
        fired.append("commercial-link-text")
    lowered = " ".join(body.text.casefold().split())
    if any(phrase in lowered for phrase in (settings.phrases or DEFAULT_PHRASES)):
        fired.append("spam-phrase")
    if duplicates >= settings.duplicate_count:
        fired.append("near-duplicate")
    return fired


def score_comments(comments: list[Comment], settings: SpamSettings) -> None:
    """Score every visible comment; at or above the threshold it becomes spam.

    Only comments the old blog showed are scored (its own spam and hidden
    verdicts stand), and never the post author's own replies.
    """
    bodies = {id(c): _parse_body(c.html) for c in comments}
    keys = {id(c): _normalize_text(bodies[id(c)].text)[:200] for c in comments}
    texts = Counter(keys.values())
    for comment in comments:
        if comment.status != VISIBLE or comment.type != COMMENT or comment.by_post_author:
            continue
        body = bodies[id(comment)]
        key = keys[id(comment)]
        duplicates = texts[key] if len(key) >= 20 else 0
        fired = score_comment(comment, body, settings, duplicates)
        comment.spam_rules = fired
        comment.spam_score = sum(settings.weight(rule) for rule in fired)
        if comment.spam_score >= settings.threshold:
            comment.status = SPAM
