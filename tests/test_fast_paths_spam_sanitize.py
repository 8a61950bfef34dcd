"""The shortcuts of spam scoring and sanitizing give what the plain form of each rule gives.

``comment_facts`` and ``clean_comment`` run once per comment of every cold import, so they skip work
where it cannot change the answer (no link rule on a body without links, no urlsplit for a plain
http URL, no control-character pattern on ASCII text …).  Here each is checked against the rule
written out simply, on the fixtures' comments, hand-written tricky strings and random mixes of them.
"""

from __future__ import annotations

import copy
import random
import re
import sys
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest

from archived_comments import parsers, sanitize, spam
from archived_comments.importer import clean_comment
from archived_comments.model import Comment, _normalize_text
from archived_comments.sanitize import ESCAPE_SEQUENCE_RE, UNSAFE_RE

FIXTURES = Path(__file__).parent / "fixtures"

# --- the rules, written out simply --------------------------------------------------------------------------

WORD = r"[^\W_]+(?:'[^\W_]+)?"


def words(text):
    return set(re.findall(r"[a-z0-9]+", text.casefold()))


def word_count(text):
    return len(re.findall(WORD, text.casefold()))


def url_parts(url):
    """(registered domain, words of host and path) as urlsplit reads the URL."""
    if not url:
        return "", set()
    try:
        parts = urlsplit(url)
        host, path = parts.hostname or "", parts.path
    except ValueError:
        return "", set()
    labels = host.removeprefix("www.").split(".")
    return (".".join(labels[-2:]) if len(labels) >= 2 else host), words(f"{host} {path}")


def generic_praise(own_text, phrases):
    own = own_text.casefold()
    if not 0 < word_count(own) <= spam.GENERIC_MAX_WORDS:
        return False
    own = " ".join(own.split())
    for phrase in phrases:
        own = own.replace(phrase, " ")
    return all(word in spam.GENERIC_WORDS for word in re.findall(WORD, own))


def own_rules(comment, body, phrases, commercial):
    fired = []
    commercial = set(commercial)
    anchors = [text for _, text in body.links if text]
    if words(comment.author) & commercial:
        fired.append("author-is-commercial")
    if url_parts(comment.author_url)[1] & commercial:
        fired.append("author-site-is-commercial")
    if comment.author and any(_normalize_text(text) == _normalize_text(comment.author) for text in anchors):
        fired.append("author-matches-link-text")
    if body.links and (len(body.links) >= 3 or sum(map(len, anchors)) > 0.5 * max(len(body.text), 1)):
        fired.append("mostly-links")
    author_domain = url_parts(comment.author_url)[0]
    body_domains = {url_parts(href)[0] for href, _ in body.links if href.startswith("http")}
    if len(body_domains) == 1 and author_domain and author_domain not in body_domains:
        fired.append("link-unrelated-to-author")
    if any(words(text) & commercial for text in anchors):
        fired.append("commercial-link-text")
    lowered = " ".join(body.text.casefold().split())
    if any(phrase in lowered for phrase in phrases):
        fired.append("spam-phrase")
    if generic_praise(body.own_text, phrases):
        fired.append("generic-praise")
    return fired


def facts(comment, settings):
    body = spam._parse_body(comment.html)  # reading the body is not what changed: the rules are
    phrases = settings.phrases or spam.DEFAULT_PHRASES
    commercial = settings.commercial_words or spam.DEFAULT_COMMERCIAL_WORDS
    has_link = bool(comment.author_url) or any(href.startswith("http") for href, _ in body.links)
    campaign = has_link and word_count(body.text) >= spam.CAMPAIGN_MIN_WORDS
    return tuple(own_rules(comment, body, phrases, commercial)), _normalize_text(body.text)[:200], campaign


def without_sequences(text):
    return ESCAPE_SEQUENCE_RE.sub("", text) if text else text


def clean_text(text):
    if not text:
        return ""
    text = " ".join(ESCAPE_SEQUENCE_RE.sub("", text).split())
    text = UNSAFE_RE.sub("", ESCAPE_SEQUENCE_RE.sub("", text))
    return " ".join(unicodedata.normalize("NFC", text).split())


def clean_name(text):
    return " ".join(sanitize._visible_name(clean_text(text)).split())


def sanitize_body(html):
    cleaned = sanitize._BODY_CLEANER.clean(re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", "", html or ""))
    return re.sub(r"<p>\s*</p>", "", cleaned).strip()


def safe_url(url):
    if not url:
        return None
    url = "".join(ch for ch in without_sequences(url.strip())
                  if ch.isprintable() and not ch.isspace() and ch != "\ufffd")
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host or not sanitize._HOST_RE.fullmatch(host):
        return None
    return "".join(f"%{ord(ch):02X}" if ch in "\"'<>`\\{}|^" else ch for ch in url)


def cleaned(comment):
    """What clean_comment makes of a copy of ``comment``: its fields and its answer."""
    raw_html, raw_author = without_sequences(comment.html or ""), without_sequences(comment.author or "")
    html, author = sanitize.repair_text(raw_html), sanitize.repair_text(raw_author)
    return (sanitize_body(html), clean_name(author) or "Anonymous", safe_url(comment.author_url),
            clean_text(comment.id), clean_text(comment.parent) or None, html != raw_html or author != raw_author)


def clean_copy(comment):
    comment = copy.copy(comment)
    repaired = clean_comment(comment)
    return comment.html, comment.author, comment.author_url, comment.id, comment.parent, repaired


# --- the inputs ---------------------------------------------------------------------------------------------

BODIES = [
    "", "<p>plain</p>", "<p>Great post, thanks for sharing!</p>", "<p>GREAT POST</p>", "<p>great\tpost</p>",
    "<p>Venice posters</p>", "<p>Nice blog</p>\n<p> </p>\n<p>Keep up the good work</p>",
    '<p>Buy <a href="https://cheap-deals.example/shop">cheap pills</a> now</p>',
    '<A HREF="http://x.example/a">Ines Calder</A>', '<a href="https://shop.example.org/">Ines Calder</a> said',
    '<p><a href="https://a.example/">one</a> <a href="https://b.example/">two</a> <a href="/x">three</a></p>',
    '<a href="#comment-12">@Ines</a> I agree', '<a href="javascript:alert(1)">click here</a>',
    '<a href="jav&#x09;ascript:x">x</a>', "<a>no href</a>", '<a href="">empty</a>', "<p>a < b and c > d</p>",
    "<p>&amp; &lt;b&gt;bold&lt;/b&gt; &#x2028; &nbsp; &eacute;</p>",
    "<p>Straße ÉCLAIRAGE кино 映画 l'image</p>",
    "<p>İstanbul, \u212aelvin and ﬁlm</p>", "<p>\x00\x07\x1b[2Jcleared\x9b31mred\x85\x9e</p>", "\t\n\r\x0b\x0c",
    "<p>â€™ mojibake Ã©tÃ©</p>", "<p>\u2028line\u2029para\u202eevil</p>", "<p>zero\u200bwidth\ufeff</p>",
    "<script>alert(1)</script><p>after</p>", "<!-- a comment --><p>x</p>", "<p>" + "word " * 5000 + "</p>",
    "<p>" + "a_b " * 30 + "</p>", "<p>" + "it's o' 'q' " * 6 + "</p>", "<p>— … , .</p>", "<p></p>",
    "<p>Wow, great post! I'm reading it, thanks for sharing it here</p>", "<blockquote>quote</blockquote>",
    '<p>See <a href="https://www.example.org/12">my site</a>, a great post with lots of words in it indeed</p>',
    '<p><a href="https://[::1/broken">v6</a><a href="https://example.org:abc/">port</a></p>',
]
AUTHORS = [
    "", "Ines Calder", "  Ines\tCalder \n", "\u200bInes Calder", "Cheap Loans", "ESC\x1b[31mred", "\x9b31mX",
    "\x9b\x1b[m31m", "Ο Γιάννης", "👩\u200d💻 dev", "İnes", "a\x00b\x7f", "casino-bonus",
    "\x1b]0;title\x07Bob",
    "Bj\u00f6rn", "Bjo\u0308rn", "\u202eevil", "Ã©lodie", "x" * 300, None, "\x1c\x1d\x1e\x1f", "\u3164",
]
URLS = [
    None, "", "https://example.org/5", "HTTP://Example.ORG:8080/a", "https://cheap-loans.example/shop",
    "https://user:pw@example.org/", "https://[::1]/", "https://[::1/broken", "javascript:alert(1)",
    " https://example.org/lead", "https://exa mple.org", "https://пример.рф/путь",
    'https://example.org/"onmouseover=',
    "https://example.org/<script>", "http://:80/", "https://example.org:abc/", "https://", "ftp://example.org",
    "https://exa_mple.org/", "http\t://x.org", "https://x.example\x1b[2J/", "https:/\x00/x.org",
    "https://example.org/{a}|b^`'", "https://example.org?q=1#f", "hTtPs://example.org", "https://example.org:",
    "https://a..b/c", "//example.org/x", "example.org", "https://example.org\\evil", "https://ex\u00e4mple.org/",
    "https://example.org/\x7f", "mailto:ines@example.org", "https://www.shop.example.co.uk/deals",
]
IDS = ["1", "", None, " 12 ", "c\x1b[2J3", "\u202e7", "𝟙", "ﬁ"]


def raw_fixture_comments():
    """The fixtures' comments as their readers made them, before clean_comment."""
    context = parsers.ParseContext(tz=ZoneInfo("Europe/Berlin"))
    found = []
    folders = ("html", "broken", "xml", "wild", "wild-meta")
    for path in sorted(path for folder in folders for path in (FIXTURES / folder).iterdir()):
        data = path.read_bytes()
        parser = parsers.detect(data[: parsers.HEAD_BYTES]) if data.strip() else None
        if parser is None:
            continue
        try:
            result = parser.parse(data, path.name, context)
        except Exception:  # a reader's failure is another test's business
            continue
        found.extend(comment for thread in result.threads for comment in thread.comments)
    return found


def made_comments():
    rng = random.Random(11)
    made = [Comment(id=IDS[i % len(IDS)], parent=IDS[(i + 3) % len(IDS)], html=body,
                    author=AUTHORS[i % len(AUTHORS)], author_url=URLS[i % len(URLS)])
            for i, body in enumerate(BODIES * 3)]
    made += [Comment(id="1", author=author, author_url=url, html=BODIES[i % len(BODIES)])
             for i, (author, url) in enumerate((a, u) for a in AUTHORS for u in URLS)]
    pieces = BODIES + [a or "" for a in AUTHORS] + [u or "" for u in URLS] + ["<a href=\"", "\">", "</a>", " ", "&amp;"]

    def mix(most):
        return "".join(rng.choice(pieces)[: rng.randrange(1, 80)] for _ in range(rng.randrange(most)))

    for _ in range(400):
        made.append(Comment(id=mix(3), parent=mix(2) or None, html=mix(8), author=mix(3), author_url=mix(3) or None))
    return made


@pytest.fixture(scope="module")
def raw_comments():
    comments = raw_fixture_comments()
    assert len(comments) > 100  # the fixtures were read
    return comments + made_comments()


@pytest.fixture(scope="module")
def scored_comments(raw_comments):
    """Comments as scoring sees them (sanitized), and the raw strings too: the rules hold for any text."""
    scored = []
    for raw in raw_comments:
        sanitized, raw = copy.copy(raw), copy.copy(raw)
        clean_comment(sanitized)
        raw.author, raw.html = raw.author or "", raw.html or ""
        scored += [sanitized, raw]
    return scored


# --- the checks ---------------------------------------------------------------------------------------------


def test_clean_comment_is_the_plain_rules(raw_comments):
    for comment in raw_comments:
        assert clean_copy(comment) == cleaned(comment), comment


def test_the_sanitizers_are_the_plain_rules(raw_comments):
    texts = [t for c in raw_comments for t in (c.html, c.author, c.author_url, c.id)] + BODIES + AUTHORS + URLS
    for text in texts:
        assert sanitize.without_sequences(text) == without_sequences(text), repr(text)
        assert sanitize.clean_text(text) == clean_text(text), repr(text)
        assert sanitize.clean_name(text) == clean_name(text), repr(text)
        assert sanitize.safe_url(text) == safe_url(text), repr(text)
        assert sanitize.sanitize_body(text) == sanitize_body(text), repr(text)


@pytest.mark.parametrize("settings", [
    spam.SpamSettings(),
    spam.SpamSettings(phrases=["", "x"], commercial_words=["ines", "example"]),
    spam.SpamSettings(phrases=["great post", "Great Post", "kino", "straße"], commercial_words=["org", "shop", "a"]),
], ids=["default", "empty-phrase", "custom"])
def test_comment_facts_are_the_plain_rules(scored_comments, settings):
    for comment in scored_comments:
        assert spam.comment_facts(comment, settings) == facts(comment, settings), comment


def test_counting_words_agrees_with_the_list_in_ascii_and_beyond():
    rng = random.Random(5)
    pieces = ["film", "FILM", "l'image", "Straße", "İ", "\u212a", "кино", "don't", "'", "_", "a_b", "42", " ",
              ",", "\t", "x'", "'y", "—", "é", "e\u0301"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 40)))
        count = word_count(text)
        for wanted in (1, count, count + 1, spam.CAMPAIGN_MIN_WORDS, spam.GENERIC_MAX_WORDS + 1):
            assert spam.has_words(text, wanted) == (count >= wanted), (text, wanted)


def test_casefolding_makes_no_whitespace_and_drops_no_character():
    # own_rules reads body.text (words joined by one space) casefolded without joining it again.
    folded = [chr(c).casefold() for c in range(sys.maxunicode + 1) if not chr(c).isspace()]
    assert all(folded)
    assert len("".join(folded).split()) == 1
