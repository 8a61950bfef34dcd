"""Every comment of the real-world corpus, checked against truth read from each file's own markup.

``../shared/corpus/real-world/`` holds saved pages of five real blogs, a WordPress.com WXR export and a Disqus
export, byte for byte as found (see the corpus README).  For each file an oracle written here, for that file's
own structure, reads with lxml what a reader of the page sees (or what the export says): every comment's id,
parent, author, instant, text and kind (and, for the exports, status).  The importer's output is compared with
it comment by comment.  Nothing is copied from the importer: the oracles know only each file's markup, a German
month table, the zone each blog printed its times in and what double-encoded UTF-8 looks like.

What counts as a comment's text: what a reader sees of the commenter's words, without the byline, date,
"Reply"/"Antworten" link, badges and replies; images (avatars, smilies, a recipe's rating stars) are pictures,
not text.  Texts are compared as normalized plain text (entities read, whitespace collapsed, NFC).

These tests were written before the saved-page reader was rebuilt (parsers/html/) and failed on it then: day-first
numeric and German dates, bylines and badges in names.  They hold every comment of every file now.
"""

from __future__ import annotations

import copy
import functools
import html
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable
from zoneinfo import ZoneInfo

import lxml.etree
import lxml.html
import pytest

from archived_comments import parsers
from archived_comments.importer import ImportOptions, import_comments, parse_bytes
from helpers import BERLIN, require

LONDON = ZoneInfo("Europe/London")
UTC = timezone.utc

# The targets for saved pages, as shares of all comments the pages hold.
AUTHOR_TARGET = 0.99
DATE_TARGET = 0.98
TEXT_TARGET = 0.99
# Statuses through the whole pipeline (spam rules included) must agree with the archive this often.
STATUS_TARGET = 0.995
# "Overwhelming evidence" for hiding a comment the archive shows approved: this many rules agree.
OVERWHELMING_RULES = 3

GERMAN_MONTHS = {
    name: number
    for number, name in enumerate(
        ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
         "November", "Dezember"],
        start=1,
    )
}


# --- plain text, as a reader sees it ------------------------------------------------------------------------

# Elements that start a new line (or box) on screen: their text never runs into the neighbours'.
_BLOCKS = {
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure", "footer",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "ol", "p", "pre", "section", "table", "td", "th",
    "tr", "ul",
}
# Never text on screen: code, and pictures (their alt text is not what a reader sees).
_INVISIBLE = {"script", "style", "noscript", "template", "img", "svg", "video", "audio", "iframe", "object"}


def _pieces(element, out: list[str]) -> None:
    if not isinstance(element.tag, str):  # an HTML comment or processing instruction
        return
    tag = lxml.etree.QName(element).localname.lower()
    if tag in _INVISIBLE:
        return
    block = tag in _BLOCKS
    if block:
        out.append(" ")
    if element.text:
        out.append(element.text)
    for child in element:
        _pieces(child, out)
        if child.tail:
            out.append(child.tail)
    if block:
        out.append(" ")


def normalize(text: str) -> str:
    """Whitespace collapsed (non-breaking spaces too), NFC."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def visible_text(*elements) -> str:
    out: list[str] = []
    for element in elements:
        _pieces(element, out)
        out.append(" ")
    return normalize("".join(out))


def text_without(element, *xpaths: str) -> str:
    """The visible text of ``element`` once the parts the xpaths find are taken out (their tails stay)."""
    element = copy.deepcopy(element)
    for xpath in xpaths:
        for part in element.xpath(xpath):
            part.drop_tree()
    return visible_text(element)


def fragment_text(html: str) -> str:
    """The visible text of an HTML fragment (an imported comment's body, an export's message)."""
    if not html or not html.strip():
        return ""
    return visible_text(lxml.html.fragment_fromstring(html, create_parent="div"))


# UTF-8 read as Windows-1252 (or Latin-1): a lead byte's character, then its continuation bytes' characters.
# The silkroad capture holds text that went through this twice ("scheiÃƒÅ¸" for "scheiß"); what the commenter
# wrote is what undoing it gives.  Correct text rarely has this shape (a lead letter such as "Ã" followed by
# exactly the right number of "€"…"¿" characters), and when it does ("ß»"), decoding it gives a character
# of another script, which ``_plausible`` refuses.
def _cp1252(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)  # the five bytes Windows-1252 leaves undefined read as Latin-1 C1 controls


_CONT = "".join(re.escape(_cp1252(b)) for b in range(0x80, 0xC0))
_MOJIBAKE = re.compile(
    "(?:"
    + "|".join(
        f"[{''.join(re.escape(_cp1252(b)) for b in range(low, high + 1))}][{_CONT}]{{{n}}}"
        for low, high, n in ((0xC2, 0xDF, 1), (0xE0, 0xEF, 2), (0xF0, 0xF4, 3))
    )
    + ")+"
)
_BYTE_OF = {_cp1252(b): b for b in range(0x80, 0x100)}


def _plausible(text: str) -> bool:
    """Latin letters, punctuation, symbols or emoji: what mis-decoded European text decodes to."""
    return all(ord(ch) < 0x250 or 0x2000 <= ord(ch) < 0x2C00 or ord(ch) >= 0x1F000 for ch in text)


def undo_mojibake(text: str) -> str:
    def decode(match: re.Match) -> str:
        raw = bytes(_BYTE_OF[ch] for ch in match.group())
        try:
            decoded = raw.decode("utf-8")
        except UnicodeDecodeError:
            return match.group()
        return decoded if _plausible(decoded) else match.group()

    for _ in range(4):  # nested: each round undoes one wrong decoding
        fixed = _MOJIBAKE.sub(decode, text)
        if fixed == text:
            break
        text = fixed
    return text


def one(element, xpath: str, what: str):
    found = element.xpath(xpath)
    assert len(found) == 1, f"oracle: {what}: {len(found)} matches of {xpath}"
    return found[0]


# --- the truth, per file ------------------------------------------------------------------------------------


@dataclass
class Truth:
    id: str
    parent: str | None
    author: str
    when: datetime | None  # aware; None when the file shows no date
    text: str
    type: str = "comment"
    status: str | None = None  # exports only


_ID = re.compile(r"comment-(\d+)")


def comment_items(doc) -> list:
    """Every ``li#comment-N`` of a page, in document order."""
    return [li for li in doc.iter("li") if _ID.fullmatch(li.get("id") or "")]


def page_comment(li, author: str, when: datetime | None, text: str) -> Truth:
    parent = None
    for ancestor in li.iterancestors("li"):  # WordPress nests a reply's li in its parent's ul/ol.children
        match = _ID.fullmatch(ancestor.get("id") or "")
        if match:
            parent = match.group(1)
            break
    classes = (li.get("class") or "").split()
    kind = "pingback" if "pingback" in classes else "trackback" if "trackback" in classes else "comment"
    return Truth(
        id=_ID.fullmatch(li.get("id")).group(1), parent=parent, author=undo_mojibake(author), when=when,
        text=undo_mojibake(text), type=kind,
    )


def local(tz, year, month, day, hour, minute) -> datetime:
    return datetime(int(year), int(month), int(day), int(hour), int(minute), tzinfo=tz)


def read_lemire(doc, tz) -> list[Truth]:
    """Twenty Fifteen: ``article.comment-body``; ``b.fn`` in ``div.comment-author``; ``<time datetime>`` with its
    offset (its printed text is the same instant); ``div.comment-content``."""
    found = []
    for li in comment_items(doc):
        body = one(li, "./article[contains(@class, 'comment-body')]", li.get("id"))
        author = visible_text(one(body, ".//div[contains(@class, 'comment-author')]//*[contains(concat(' ', "
                                        "@class, ' '), ' fn ')]", li.get("id")))
        time = one(body, ".//div[@class='comment-metadata']//time", li.get("id"))
        when = datetime.fromisoformat(time.get("datetime"))
        printed = datetime.strptime(visible_text(time), "%B %d, %Y at %I:%M %p")
        assert printed == when.replace(second=0, tzinfo=None), f"oracle: {li.get('id')} prints another time"
        text = visible_text(one(body, "./div[@class='comment-content']", li.get("id")))
        found.append(page_comment(li, author, when, text))
    return found


_INTERNET_LAW_BYLINE = re.compile(
    r"Comment by (?P<name>.+?) \u2014 (?P<day>\d{1,2})\.(?P<month>\d{1,2}), (?P<year>\d{4}) @ "
    r"(?P<hour>\d{1,2}):(?P<minute>\d{2})"
)


def read_internet_law(doc, tz) -> list[Truth]:
    """A bare ``li#comment-N``: the text in ``<p>``s, then a last ``<p><cite>`` "Comment by NAME — DD.MM, YYYY @
    <a>HH:MM</a>" (the name linked when the commenter gave a site); flat, no replies nested."""
    found = []
    for li in comment_items(doc):
        byline = li.xpath("./p[cite]")[-1]
        match = _INTERNET_LAW_BYLINE.fullmatch(visible_text(one(byline, "./cite", li.get("id"))))
        assert match, f"oracle: {li.get('id')}: byline {visible_text(byline)!r}"
        link = byline.xpath("./cite/a[contains(@class, 'url')]")
        assert not link or visible_text(link[0]) == match["name"], f"oracle: {li.get('id')}: name"
        when = local(tz, match["year"], match["month"], match["day"], match["hour"], match["minute"])
        text = text_without(li, "./p[cite][last()]")
        found.append(page_comment(li, match["name"], when, text))
    return found


_GERMAN_DATE = r"(?P<day>\d{1,2})\. (?P<month>[^\W\d_]+) (?P<year>\d{4})"


def german(match: re.Match, tz) -> datetime:
    return local(tz, match["year"], GERMAN_MONTHS[match["month"]], match["day"], match["hour"], match["minute"])


_LADY_DATE = re.compile(_GERMAN_DATE + r" / (?P<hour>\d{1,2}):(?P<minute>\d{2})")


def read_lady50plus(doc, tz) -> list[Truth]:
    """pipdig: ``cite.fn`` in ``div.comment-author``, the post author's with a ``<br>`` and a
    ``span.p3_comment_author`` "Autor" badge (not part of the name); ``span.comment-date`` "19. Juni 2019 / 6:16";
    ``div.comment-content``; replies in ``ul.children``."""
    found = []
    for li in comment_items(doc):
        body = one(li, "./article[contains(@class, 'comment-body')]", li.get("id"))
        name = one(body, ".//div[@class='comment-author']/cite[contains(@class, 'fn')]", li.get("id"))
        author = text_without(name, ".//span[contains(@class, 'p3_comment_author')]")
        match = _LADY_DATE.fullmatch(visible_text(one(body, ".//span[@class='comment-date']", li.get("id"))))
        assert match, f"oracle: {li.get('id')}: date"
        text = visible_text(one(body, "./div[@class='comment-content']", li.get("id")))
        found.append(page_comment(li, author, german(match, tz), text))
    return found


_SILKROAD_DATE = re.compile(_GERMAN_DATE + r" um (?P<hour>\d{1,2}):(?P<minute>\d{2})")


def read_silkroad(doc, tz) -> list[Truth]:
    """A 2013 Wayback capture, WordPress's classic comment markup: ``div.comment-body`` holds
    ``div.comment-author`` (``cite.fn``, a pingback's being the linking post's title), ``div.commentmetadata``
    "26. Mai 2008 um 21:07", the text as bare ``<p>``s, then ``div.reply``; flat."""
    found = []
    for li in comment_items(doc):
        body = one(li, "./div[contains(@class, 'comment-body')]", li.get("id"))
        author = visible_text(one(body, "./div[contains(@class, 'comment-author')]/cite[contains(@class, 'fn')]",
                                  li.get("id")))
        meta = one(body, "./div[contains(@class, 'commentmetadata')]", li.get("id"))
        match = _SILKROAD_DATE.fullmatch(visible_text(meta))
        assert match, f"oracle: {li.get('id')}: date {visible_text(meta)!r}"
        text = text_without(
            body, "./div[contains(@class, 'comment-author')]", "./div[contains(@class, 'commentmetadata')]",
            "./div[@class='reply']",
        )
        found.append(page_comment(li, author, german(match, tz), text))
    return found


_FLAWLESS_DATE = re.compile(
    r"(?P<a>\d{2})/(?P<b>\d{2})/(?P<year>\d{4}) at (?P<hour>\d{1,2}):(?P<minute>\d{2}) (?P<half>am|pm)"
)


def read_flawlessfood(doc, tz) -> list[Truth]:
    """Genesis: ``span.comment-author-name``; ``time.comment-time`` with no ``datetime``, "14/04/2020 at 3:00 pm"
    (day first: some first fields exceed 12, no second one does); ``div.comment-content``, whose recipe rating
    ``<img alt="5 stars">`` is a picture, not text; replies in ``ul.children``."""
    stamps = []
    for li in comment_items(doc):
        time = one(li, "./article//time[contains(@class, 'comment-time')]", li.get("id"))
        match = _FLAWLESS_DATE.fullmatch(visible_text(time))
        assert match, f"oracle: {li.get('id')}: date {visible_text(time)!r}"
        stamps.append(match)
    assert any(int(m["a"]) > 12 for m in stamps) and not any(int(m["b"]) > 12 for m in stamps), \
        "oracle: the page's dates do not show which field is the day"
    found = []
    for li, match in zip(comment_items(doc), stamps):
        article = one(li, "./article", li.get("id"))
        author = visible_text(one(article, ".//span[@class='comment-author-name']", li.get("id")))
        hour = int(match["hour"]) % 12 + (12 if match["half"] == "pm" else 0)
        when = local(tz, match["year"], match["b"], match["a"], hour, match["minute"])
        text = visible_text(one(article, "./div[@class='comment-content']", li.get("id")))
        found.append(page_comment(li, author, when, text))
    return found


@dataclass(frozen=True)
class Page:
    key: str
    file: str
    tz: ZoneInfo  # the zone the blog printed its times in (and the one the importer is given)
    read: Callable
    count: tuple[str, str]  # where the page prints its number of comments (xpath), and how (regex)

    def __str__(self) -> str:
        return self.key


PAGES = [
    Page("lemire", "lemire.me.json.html", BERLIN, read_lemire,
         ("//h2[@class='comments-title']", r"(\d+) thoughts? on .*")),
    Page("internet-law", "internet-law.de.pseudonymen.html", BERLIN, read_internet_law,
         ("//h2[@id='comments']", r"(\d+) Comments »")),
    Page("lady50plus", "lady50plus.de.sekre.html", BERLIN, read_lady50plus,
         ("//h3[@class='comments-title']", r"(\d+) Kommentare")),
    Page("silkroad", "archive.org.the-pain.net.silkroad.html", BERLIN, read_silkroad,
         ("//h3[@id='comments']", r"Kommentare \((\d+)\)")),
    Page("flawlessfood", "flawlessfood.co.uk.olive.html", LONDON, read_flawlessfood,
         ("//span[@class='entry-comments-link']", r"(\d+) Comments")),
]


def printed_count(page: Page, doc) -> int:
    xpath, pattern = page.count
    match = re.fullmatch(pattern, visible_text(one(doc, xpath, f"{page.file}: the comment count")))
    assert match, f"oracle: {page.file}: {visible_text(doc.xpath(xpath)[0])!r}"
    return int(match.group(1))


# --- exports ------------------------------------------------------------------------------------------------

WP = "{http://wordpress.org/export/1.2/}"
DSQ = "{http://disqus.com}"
DSQ_ID = "{http://disqus.com/disqus-internals}id"
WXR_FILE = "wxr-chrisjrob.wordpress.xml"
DISQUS_FILE = "disqus-benbalter.comments.xml"
WXR_STATUSES = {"1": "visible", "0": "hidden", "spam": "spam", "trash": "hidden"}


def read_wxr(path: Path) -> list[Truth]:
    """WXR 1.2: every ``wp:comment`` of an item: ``comment_id``, ``comment_parent`` (0: none), ``comment_author``
    (stored HTML-escaped), ``comment_date_gmt`` (UTC), ``comment_content`` (HTML), ``comment_approved``
    (1 shown, 0 awaiting moderation, spam) and ``comment_type`` (empty for a comment)."""
    found = []
    for item in lxml.etree.parse(str(path)).getroot().iter("item"):
        for element in item.findall(f"{WP}comment"):
            def value(name: str) -> str:
                return (element.findtext(f"{WP}{name}") or "").strip()

            stamp = value("comment_date_gmt")
            when = None if stamp.strip("0-: ") == "" else datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S").replace(
                tzinfo=UTC)
            parent = value("comment_parent")
            found.append(Truth(
                id=value("comment_id"), parent=None if parent in ("", "0") else parent,
                author=undo_mojibake(normalize(html.unescape(value("comment_author")))), when=when,
                text=undo_mojibake(fragment_text(element.findtext(f"{WP}comment_content") or "")),
                type=value("comment_type") or "comment", status=WXR_STATUSES[value("comment_approved")],
            ))
    return found


def read_disqus(path: Path) -> list[Truth]:
    """Disqus: every ``post`` (``dsq:id``, ``parent dsq:id``, ``author/name`` — empty for some anonymous posts,
    where the username or else "Anonymous" stands —, ``createdAt`` in UTC, ``message`` HTML); status from
    ``isSpam``, then ``isDeleted`` (of the post, or of its whole thread)."""
    root = lxml.etree.parse(str(path)).getroot()
    deleted_threads = {
        thread.get(DSQ_ID) for thread in root.findall(f"{DSQ}thread") if thread.findtext(f"{DSQ}isDeleted") == "true"
    }
    found = []
    for post in root.findall(f"{DSQ}post"):
        parent = post.find(f"{DSQ}parent")
        name = normalize(post.findtext(f"{DSQ}author/{DSQ}name") or "")
        username = normalize(post.findtext(f"{DSQ}author/{DSQ}username") or "")
        if post.findtext(f"{DSQ}isSpam") == "true":
            status = "spam"
        elif (post.findtext(f"{DSQ}isDeleted") == "true"
              or post.find(f"{DSQ}thread").get(DSQ_ID) in deleted_threads):
            status = "hidden"
        else:
            status = "visible"
        found.append(Truth(
            id=post.get(DSQ_ID), parent=parent.get(DSQ_ID) if parent is not None else None,
            author=name or username or "Anonymous",
            when=datetime.fromisoformat(post.findtext(f"{DSQ}createdAt").replace("Z", "+00:00")),
            text=undo_mojibake(fragment_text(post.findtext(f"{DSQ}message") or "")), status=status,
        ))
    return found


# --- running the importer, once per file --------------------------------------------------------------------


@functools.lru_cache(maxsize=None)
def imported(path: str, tz_key: str) -> tuple:
    """The comments the importer reads from one file (parsed and sanitized as ``import_comments`` does)."""
    data = Path(path).read_bytes()
    assert parsers.detect(data[: parsers.HEAD_BYTES]) is not None, f"{path}: no parser claims it"
    result = parse_bytes(data, Path(path).name, parsers.ParseContext(tz=ZoneInfo(tz_key)))
    return tuple(c for t in result.threads for c in t.comments)


@functools.lru_cache(maxsize=None)
def page_truth(path: str, key: str) -> tuple:
    page = next(p for p in PAGES if p.key == key)
    doc = lxml.html.fromstring(Path(path).read_bytes())
    return tuple(page.read(doc, page.tz))


@pytest.fixture(scope="module")
def real_world(corpus_dir) -> Path:
    folder = corpus_dir / "real-world"
    require(folder.is_dir(), f"the real-world corpus at {folder}")
    return folder


def corpus_file(folder: Path, name: str) -> Path:
    path = folder / name
    require(path.is_file(), f"{path}")
    return path


# --- comparing ----------------------------------------------------------------------------------------------


def _minute(when: datetime) -> datetime:
    return when.astimezone(UTC).replace(second=0, microsecond=0)


def _show(text: str, other: str) -> str:
    """A text cut around its first difference from the other."""
    at = next((i for i, (a, b) in enumerate(zip(text, other)) if a != b), min(len(text), len(other)))
    start = max(at - 25, 0)
    return ("…" if start else "") + text[start:at + 35] + ("…" if at + 35 < len(text) else "")


def check(field: str, truth: Truth, comment) -> str | None:
    """None when the imported comment has the field right, else what is wrong."""
    if field == "parent":
        if comment.parent != truth.parent:
            return f"parent {comment.parent!r} expected {truth.parent!r}"
    elif field == "author":
        if normalize(comment.author or "") != truth.author:
            return f"author {comment.author!r} expected {truth.author!r}"
    elif field == "date":
        if truth.when is None:
            return None  # the file shows no date: nothing to hold the importer to
        if comment.date is None:
            return f"date None expected {truth.when.isoformat()}"
        if _minute(comment.date) != _minute(truth.when):
            return f"date {comment.date.isoformat()} expected {truth.when.isoformat()}"
    elif field == "text":
        text = normalize(fragment_text(comment.html))
        if text != truth.text:
            return f"text {_show(text, truth.text)!r} expected {_show(truth.text, text)!r}"
    elif field == "type":
        if comment.type != truth.type:
            return f"type {comment.type!r} expected {truth.type!r}"
    elif field == "status":
        if comment.status != truth.status:
            return f"status {comment.status!r} expected {truth.status!r}"
    else:
        raise AssertionError(field)
    return None


def compare(truths, comments, field: str) -> list[str]:
    """Every wrong comment, as "ID: what is wrong"; ``ids`` checks that each comment is found once and none
    invented."""
    by_id: dict[str, list] = {}
    for comment in comments:
        by_id.setdefault(comment.id, []).append(comment)
    wanted = {t.id for t in truths}
    if field == "ids":
        problems = [f"{t.id}: not imported" for t in truths if t.id not in by_id]
        problems += [f"{i}: imported {len(cs)} times" for i, cs in by_id.items() if len(cs) > 1]
        problems += [f"{i}: invented (the file has no such comment)" for i in by_id if i not in wanted]
        return problems
    problems = []
    for truth in truths:
        if truth.id not in by_id:
            problems.append(f"{truth.id}: not imported")
            continue
        wrong = check(field, truth, by_id[truth.id][0])
        if wrong:
            problems.append(f"{truth.id}: {wrong}")
    return problems


def report(what: str, problems: list[str], total: int, limit: int = 40) -> str:
    shown = "\n  ".join(problems[:limit])
    more = f"\n  … and {len(problems) - limit} more" if len(problems) > limit else ""
    return f"{what}: {len(problems)} of {total} comments wrong\n  {shown}{more}"


# --- saved pages --------------------------------------------------------------------------------------------

PAGE_FIELDS = ["ids", "parent", "author", "date", "text", "type"]


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_oracle_reads_every_comment_the_page_counts(real_world, page):
    """The oracle itself: as many comments as the page says it has, each with a name, date and text."""
    path = corpus_file(real_world, page.file)
    truths = page_truth(str(path), page.key)
    assert len(truths) == printed_count(page, lxml.html.fromstring(path.read_bytes()))
    assert len({t.id for t in truths}) == len(truths)
    assert all(t.author and t.text and t.when is not None for t in truths), [t for t in truths if not t.text]


@pytest.mark.parametrize("field", PAGE_FIELDS)
@pytest.mark.parametrize("page", PAGES, ids=str)
def test_saved_page_comments(real_world, page, field):
    path = corpus_file(real_world, page.file)
    truths = page_truth(str(path), page.key)
    problems = compare(truths, imported(str(path), page.tz.key), field)
    assert not problems, report(f"{page.file} {field}", problems, len(truths))


def test_saved_pages_meet_the_targets(real_world):
    """Over all five pages: authors >= 99 %, dates >= 98 %, text >= 99 %, every comment found, none invented."""
    totals = {"comments": 0, "author": 0, "date": 0, "text": 0, "missing": 0, "invented": 0}
    lines = []
    for page in PAGES:
        path = corpus_file(real_world, page.file)
        truths = page_truth(str(path), page.key)
        comments = imported(str(path), page.tz.key)
        by_id = {c.id: c for c in comments}
        right = {
            field: sum(1 for t in truths if t.id in by_id and check(field, t, by_id[t.id]) is None)
            for field in ("author", "date", "text")
        }
        missing = sum(1 for t in truths if t.id not in by_id)
        invented = len({c.id for c in comments} - {t.id for t in truths})
        totals["comments"] += len(truths)
        for field, count in right.items():
            totals[field] += count
        totals["missing"] += missing
        totals["invented"] += invented
        lines.append(
            f"{page.file}: {len(truths)} comments; authors {right['author']}/{len(truths)}, dates "
            f"{right['date']}/{len(truths)}, text {right['text']}/{len(truths)}; {missing} missing, "
            f"{invented} invented"
        )
    n = totals["comments"]
    shares = {field: totals[field] / n for field in ("author", "date", "text")}
    summary = (
        f"authors {shares['author']:.1%} (target {AUTHOR_TARGET:.0%}), dates {shares['date']:.1%} "
        f"(target {DATE_TARGET:.0%}), text {shares['text']:.1%} (target {TEXT_TARGET:.0%}), "
        f"{totals['missing']} missing, {totals['invented']} invented, of {n} comments\n  " + "\n  ".join(lines)
    )
    assert (
        shares["author"] >= AUTHOR_TARGET and shares["date"] >= DATE_TARGET and shares["text"] >= TEXT_TARGET
        and totals["missing"] == 0 and totals["invented"] == 0
    ), summary


# --- exports ------------------------------------------------------------------------------------------------

EXPORTS = {"wxr": (WXR_FILE, read_wxr), "disqus": (DISQUS_FILE, read_disqus)}
EXPORT_FIELDS = {
    "wxr": ["ids", "parent", "author", "date", "text", "type", "status"],
    "disqus": ["ids", "parent", "author", "date", "text", "status"],
}


@functools.lru_cache(maxsize=None)
def export_truth(path: str, key: str) -> tuple:
    truths = tuple(EXPORTS[key][1](Path(path)))
    assert len({t.id for t in truths}) == len(truths), f"oracle: {path} repeats comment ids"
    return truths


@pytest.mark.parametrize(
    "key,field", [(key, field) for key, fields in EXPORT_FIELDS.items() for field in fields]
)
def test_export_comments(real_world, key, field):
    path = corpus_file(real_world, EXPORTS[key][0])
    truths = export_truth(str(path), key)
    problems = compare(truths, imported(str(path), BERLIN.key), field)
    assert not problems, report(f"{path.name} {field}", problems, len(truths))


@pytest.mark.parametrize("key", EXPORTS)
def test_export_statuses_survive_the_pipeline(real_world, key):
    """Through ``import_comments`` (merging, spam rules): statuses agree with the archive for >= 99.5 % of
    comments, and a comment the archive shows approved is hidden as spam only when several rules agree."""
    path = corpus_file(real_world, EXPORTS[key][0])
    truths = export_truth(str(path), key)
    result = import_comments([str(path)], ImportOptions(tz=BERLIN))
    by_id = {c.id: c for c in result.comments}
    disagree = [t for t in truths if t.id not in by_id or by_id[t.id].status != t.status]
    share = 1 - len(disagree) / len(truths)
    lines = [
        f"{t.id}: {by_id[t.id].status if t.id in by_id else 'not imported'} expected {t.status}"
        + (f" (rules {by_id[t.id].spam_rules}, score {by_id[t.id].spam_score})" if t.id in by_id else "")
        for t in disagree
    ]
    assert share >= STATUS_TARGET, (
        f"{path.name}: statuses agree with the archive for {share:.2%} of {len(truths)} comments "
        f"(target {STATUS_TARGET:.1%})\n  " + "\n  ".join(lines[:40])
    )
    overruled = [
        t for t in disagree
        if t.status == "visible" and t.id in by_id and by_id[t.id].status == "spam"
        and len(set(by_id[t.id].spam_rules)) < OVERWHELMING_RULES
    ]
    assert not overruled, (
        f"{path.name}: statuses agree for {share:.2%}, but {len(overruled)} comment(s) the archive shows approved "
        f"are hidden as spam on fewer than {OVERWHELMING_RULES} rules:\n  "
        + "\n  ".join(f"{t.id} by {by_id[t.id].author!r}: rules {by_id[t.id].spam_rules}" for t in overruled)
    )
