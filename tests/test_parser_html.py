"""The saved-page reader (browser saves and Wayback captures of the old WordPress blog)."""

from __future__ import annotations

import html as html_lib
import random
import re
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from archived_comments.model import (
    COMMENT,
    PINGBACK,
    PRECISION_DAY,
    PRECISION_MINUTE,
    PRECISION_SECOND,
    SCHEME_FINGERPRINT,
    SCHEME_WORDPRESS,
    fingerprint,
)
from archived_comments.parsers import ParseContext
from wparchive import wayback
from wparchive.oldurls import page_url
from archived_comments.parsers import html as html_page
from helpers import BERLIN, FIXTURES, ROOT

HTML_FIXTURES = FIXTURES / "html"
COMMENTS = ROOT / "content" / "comments"
SAVED = COMMENTS / "saved-pages"
WAYBACK = COMMENTS / "wayback"
CTX = ParseContext(tz=BERLIN)
SITE = "https://ines-calder.example/"


def parse_path(path: Path, context: ParseContext = CTX):
    source = str(path.relative_to(ROOT))
    return html_page.parse(path.read_bytes(), source, context), source


def parse_bytes(data: bytes, source: str = "page.html", context: ParseContext = CTX):
    return html_page.parse(data, source, context)


def only_thread(result):
    assert len(result.threads) == 1, result.problems
    return result.threads[0]


def text_of(fragment: str) -> str:
    """Visible text of an HTML fragment, whitespace collapsed."""
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def local(text: str, tz=BERLIN) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=tz)


def assert_line_points_at(path: Path, comment) -> None:
    lines = path.read_bytes().decode("utf-8", errors="replace").splitlines()
    assert comment.line is not None, comment.id
    assert f"comment-{comment.id}" in lines[comment.line - 1], (comment.id, comment.line)


# --------------------------------------------------------------------------- one tree, five markups

# The same small comment tree in every markup fixture: (id, parent, author, author URL,
# Berlin wall-clock time, by the post author, body text).
TREE = [
    ("201", None, "Ada Lindqvist", "https://ada-lindqvist.example/", "2019-03-15 09:12", False,
     "Which adapter did you use for the PL mount? Mine wobbles at the long end."),
    ("202", "201", "Ines Calder", "https://ines-calder.example/", "2019-03-15 11:40", True,
     "A cheap one from a rental house, plus a shim. It has held up fine so far."),
    ("203", "202", "Ada Lindqvist", "https://ada-lindqvist.example/", "2019-03-15 13:05", False,
     "Thanks & good luck with the edit!"),
    ("204", None, "Jonas Brandt", None, "2019-07-01 20:30", False,
     "I tried this on a short last year. The flares were lovely, the focus pulls less so."),
    ("205", "204", "Mei Tanaka", None, "2019-07-02 08:05", False,
     "I wrote up my own focus tests here: my notes ."),
    ("206", None, "Rafael Souza", "https://rafael-souza.example/", "2019-12-24 23:59", False,
     "Merry Christmas from Lisbon, and thanks for the lens chart."),
]

# markup -> precision of the dates it gives (visible text: minutes; ISO with seconds: seconds).
MARKUPS = {
    "classic": PRECISION_MINUTE,  # "March 15, 2019 at 9:12 am" only, read in the site's zone
    "html5": PRECISION_SECOND,  # <time datetime="2019-03-15T09:12:00+01:00">
    "block": PRECISION_SECOND,
    "microdata": PRECISION_SECOND,  # datePublished in UTC
    "custom": PRECISION_MINUTE,  # <time datetime="2019-03-15T09:12">, no zone: the site's
}


@pytest.mark.parametrize("markup", sorted(MARKUPS))
def test_every_markup_gives_the_same_tree(markup):
    path = HTML_FIXTURES / f"{markup}.html"
    result, source = parse_path(path)
    assert result.problems == []
    thread = only_thread(result)
    assert thread.url == "https://ines-calder.example/fixture-post/"
    assert thread.source == source
    assert thread.title.startswith("Test post for")

    got = thread.comments
    assert [c.id for c in got] == [row[0] for row in TREE]
    for comment, (cid, parent, author, url, when, by_author, body) in zip(got, TREE):
        assert comment.parent == parent, cid
        assert comment.author == author, cid
        assert comment.author_url == url, cid
        assert comment.date is not None and comment.date.tzinfo is not None, cid
        assert comment.date.astimezone(timezone.utc) == local(when).astimezone(timezone.utc), cid
        assert comment.date_precision == MARKUPS[markup], cid
        assert comment.by_post_author is by_author, cid
        assert text_of(comment.html) == body, cid
        assert comment.type == COMMENT
        assert comment.scheme == SCHEME_WORDPRESS
        assert comment.sources == [source]
        assert_line_points_at(path, comment)
        # the body only: no author block, date, reply link or avatar
        for noise in ("Reply", "Antworten", "says", author, "avatar", "2019"):
            assert noise not in comment.html, (cid, noise)

    by_id = {c.id: c for c in got}
    assert "&amp;" in by_id["203"].html
    assert 'href="https://mei-tanaka.example/notes"' in by_id["205"].html
    assert "<em>less</em>" in by_id["204"].html


@pytest.mark.parametrize("markup", sorted(MARKUPS))
def test_decoys_are_never_comments(markup):
    thread = only_thread(parse_path(HTML_FIXTURES / f"{markup}.html")[0])
    authors = {c.author for c in thread.comments}
    ids = {c.id for c in thread.comments}
    assert not authors & {"Widget Decoy", "Second Decoy", "Script Decoy"}
    assert not ids & {"7", "98", "99"}
    assert len(thread.comments) == len(TREE)


def test_human_dates_are_read_in_the_site_zone():
    path = HTML_FIXTURES / "classic.html"
    berlin = only_thread(parse_path(path, ParseContext(tz=BERLIN))[0]).comments
    new_york = only_thread(parse_path(path, ParseContext(tz=ZoneInfo("America/New_York")))[0]).comments
    utc = only_thread(parse_path(path, ParseContext())[0]).comments
    # 9:12 am on 15 March 2019: CET (+1) in Berlin, already EDT (-4) in New York.
    assert berlin[0].date.astimezone(timezone.utc) == datetime(2019, 3, 15, 8, 12, tzinfo=timezone.utc)
    assert new_york[0].date.astimezone(timezone.utc) == datetime(2019, 3, 15, 13, 12, tzinfo=timezone.utc)
    assert utc[0].date.astimezone(timezone.utc) == datetime(2019, 3, 15, 9, 12, tzinfo=timezone.utc)
    # Summer time in Berlin: 8:30 pm on 1 July is 18:30 UTC.
    assert berlin[3].date.astimezone(timezone.utc) == datetime(2019, 7, 1, 18, 30, tzinfo=timezone.utc)
    assert all(c.date_precision == PRECISION_MINUTE for c in berlin)


def test_iso_dates_without_zone_are_read_in_the_site_zone_and_with_zone_are_kept():
    custom = only_thread(parse_path(HTML_FIXTURES / "custom.html", ParseContext(tz=ZoneInfo("Asia/Tokyo")))[0])
    assert custom.comments[0].date.astimezone(timezone.utc) == datetime(2019, 3, 15, 0, 12, tzinfo=timezone.utc)
    html5 = only_thread(parse_path(HTML_FIXTURES / "html5.html", ParseContext(tz=ZoneInfo("Asia/Tokyo")))[0])
    assert html5.comments[0].date.astimezone(timezone.utc) == datetime(2019, 3, 15, 8, 12, tzinfo=timezone.utc)


def test_saved_from_comment_gives_the_url_and_legacy_encoding_is_decoded():
    path = HTML_FIXTURES / "saved-from.html"
    result, _ = parse_path(path)
    assert result.problems == []
    thread = only_thread(result)
    # no canonical or og:url: the browser's note, with comment-page-2/ and the fragment removed
    assert thread.url == "https://ines-calder.example/fixture-post/"
    (comment,) = thread.comments
    assert comment.author == "Jörg Schäfer"
    assert "Grüße aus München" in comment.html
    # 4:30 pm on the day summer time ended: CET again, so 15:30 UTC
    assert comment.date.astimezone(timezone.utc) == datetime(2019, 10, 27, 15, 30, tzinfo=timezone.utc)
    assert comment.line == 13


def test_utf16_saved_page_reads_like_utf8():
    data = (HTML_FIXTURES / "html5.html").read_text(encoding="utf-8")
    assert html_page.detect(data.encode("utf-16")[:8192])
    result = parse_bytes(data.encode("utf-16"))
    assert result.problems == []
    assert [c.author for c in only_thread(result).comments] == [row[2] for row in TREE]


def _one_comment_page(charset: str, name: str, text: str) -> str:
    return (f'<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
            '<title>t</title><link rel="canonical" href="https://blog.example/p/"></head><body>'
            '<ol class="commentlist"><li class="comment" id="comment-7"><div class="comment-author vcard">'
            f'<cite class="fn">{name}</cite></div><div class="comment-meta commentmetadata">'
            '<a href="#comment-7">12.03.2015 09:41</a></div><p>' + text + '</p></li></ol></body></html>')


_MIXED = ("Zoé Ärmel-Łukasik", "Danke — Ärger in Łódź")  # two "Ä" to send as one byte each


@pytest.mark.parametrize("charset, encode, words, strays", [
    # A page in the encoding it declares, one that is no Western one: read in it, nothing repaired.
    ("windows-1251", lambda page: page.encode("cp1251"), ("Зоя Белова", "Спасибо — всё"), []),
    # Valid UTF-8 that declares Latin-1 (a database set to Latin-1 that stored UTF-8): UTF-8.
    ("iso-8859-1", lambda page: page.encode("utf-8"), _MIXED, []),
    # UTF-8 but for two bytes, whatever it declares: UTF-8, the bytes read as Windows-1252, reported.
    ("windows-1252", lambda page: page.encode("utf-8").replace("Ä".encode(), b"\xc4"), _MIXED, ["2"]),
    ("UTF-8", lambda page: page.encode("utf-8").replace("Ä".encode(), b"\xc4"), _MIXED, ["2"]),
])
def test_a_page_is_read_in_the_encoding_its_bytes_are_in(charset, encode, words, strays):
    name, text = words
    result = parse_bytes(encode(_one_comment_page(charset, name, text)))
    (comment,) = only_thread(result).comments
    assert (comment.author, text_of(comment.html)) == (name, text)
    reported = [re.search(r"holds (\d+) byte\(s\) in Windows-1252", p.message) for p in result.problems]
    assert [m.group(1) for m in reported if m] == strays


# --------------------------------------------------------------------------- Wayback captures


def test_wayback_toolbar_is_stripped_and_urls_unwrapped():
    path = HTML_FIXTURES / "wayback-minimal.html"
    result, _ = parse_path(path)
    assert result.problems == []
    thread = only_thread(result)
    # no canonical or og:url: the archive's own record of the original (default port dropped)
    assert thread.url == "http://ines-calder.example/fixture-post/"
    assert [c.id for c in thread.comments] == ["31", "32"]  # the toolbar's decoy is gone
    first, second = thread.comments
    assert first.author == "Tomasz Wren"
    assert first.author_url == "http://tomaszwren.example/"  # site-relative /web/<ts>/ form, :80 dropped
    assert 'href="http://example.org/lens-chart"' in first.html  # protocol-relative form
    assert 'src="http://ines-calder.example/wp-includes/images/smilies/icon_smile.gif"' in first.html  # id_
    assert "http://ines-calder.example/shooting-on-vintage-anamorphic-lenses/#comment-101" in second.html
    assert first.date == datetime(2015, 7, 3, 22, 5, tzinfo=BERLIN)  # "July 3rd, 2015 at 10:05 pm"
    for comment in thread.comments:
        assert "web.archive.org" not in comment.html and "/web/2015" not in comment.html
        assert comment.html.startswith("<p>")  # no "Says:" or <br> from the Kubrick header
        assert_line_points_at(path, comment)


@pytest.mark.parametrize("marker", wayback._MARKERS)
def test_each_wayback_marker_alone_makes_a_page_a_capture(marker):
    # The markers are looked for only where one of a few shorter keys is in the page: each marker,
    # alone in an ordinary page, must still be found.
    page = f"<html><head><title>Notes</title></head><body><p>Text</p><script>/* {marker} */</script></body></html>"
    assert not wayback.is_capture(page.replace(marker, ""))
    assert wayback.is_capture(page)


def test_strip_archive_additions_keeps_line_numbers():
    text = (HTML_FIXTURES / "wayback-minimal.html").read_text(encoding="utf-8")
    assert wayback.is_capture(text)
    stripped = wayback.strip_archive_additions(text)
    assert stripped.count("\n") == text.count("\n")
    for marker in ("wm-ipp", "__wm.", "bundle-playback", "FILE ARCHIVED ON", "Toolbar Decoy", "archive_analytics"):
        assert marker not in stripped


@pytest.mark.parametrize(
    ("wrapped", "original"),
    [
        ("https://web.archive.org/web/20210315093000/https://ines-calder.example/a/",
         "https://ines-calder.example/a/"),
        ("http://web.archive.org/web/20210315093000im_/https://secure.gravatar.com/avatar/x?s=60",
         "https://secure.gravatar.com/avatar/x?s=60"),
        ("//web.archive.org/web/20210315093000cs_/https://ines-calder.example/style.css",
         "https://ines-calder.example/style.css"),
        ("/web/20210315093000js_/https://ines-calder.example/app.js", "https://ines-calder.example/app.js"),
        ("/web/20150704101500/http://ines-calder.example:80/old/", "http://ines-calder.example/old/"),
        ("https://web.archive.org/web/2015id_/http://x.example/p?q=1#c", "http://x.example/p?q=1#c"),
        ("https://web.archive.org/web/20210315093000*/https://ines-calder.example/a/",
         "https://ines-calder.example/a/"),
        ("https://ines-calder.example/web/2021/01/", "https://ines-calder.example/web/2021/01/"),
        ("https://example.org/page", "https://example.org/page"),
    ],
)
def test_unwrap_url(wrapped, original):
    assert wayback.unwrap_url(wrapped) == original


def test_a_link_to_an_archived_page_alone_does_not_make_a_capture():
    page = (HTML_FIXTURES / "classic.html").read_text(encoding="utf-8").replace(
        "I tried this on a short last year.",
        'I tried this, see <a href="https://web.archive.org/web/2012/http://old.example/">my old post</a>.',
    )
    result = parse_bytes(page.encode())
    by_id = {c.id: c for c in only_thread(result).comments}
    assert 'href="https://web.archive.org/web/2012/http://old.example/"' in by_id["204"].html


FINANCING = SITE + "financing-a-micro-budget-feature/"
CAPTURES = sorted(WAYBACK.glob("financing-a-micro-budget-feature*.html"))


def test_wayback_samples_are_three_captures():
    names = [p.name for p in CAPTURES]
    assert names == [
        "financing-a-micro-budget-feature.20210220114502.html",
        "financing-a-micro-budget-feature.20210315093000.html",
        "financing-a-micro-budget-feature.comment-page-2.20210611120000.html",
    ]


@pytest.mark.parametrize("path", CAPTURES, ids=lambda p: p.name)
def test_wayback_sample_unwrapped_everywhere(path):
    result, source = parse_path(path)
    assert result.problems == []
    thread = only_thread(result)
    assert thread.url == FINANCING  # page 1 and comment-page-2 alike
    assert thread.title == "Financing a Micro-Budget Feature"
    for comment in thread.comments:
        assert comment.sources == [source]
        for value in (comment.html, comment.author_url or ""):
            assert "web.archive.org" not in value and "/web/2021" not in value, comment.id
        assert comment.author not in ("", "Widget Decoy")
        assert comment.date.tzinfo is not None and comment.date_precision == PRECISION_SECOND
        assert_line_points_at(path, comment)


def test_wayback_samples_merge_into_one_consistent_thread():
    parsed = [only_thread(parse_path(p)[0]) for p in CAPTURES]
    early, late, page2 = ({c.id: c for c in t.comments} for t in parsed)
    # the later capture of page 1 has exactly one comment more, the others identical
    assert set(late) - set(early) == {"607"}
    for cid, comment in early.items():
        other = late[cid]
        assert (comment.parent, comment.author, comment.author_url, comment.date, comment.html) == (
            other.parent, other.author, other.author_url, other.date, other.html)
    # older comments on page 1, newer on page 2, replies on their parent's page
    assert max(c.date for c in late.values()) < min(c.date for c in page2.values())
    assert not set(page2) & set(late)
    everything = {**late, **page2}
    assert sorted(everything) == [str(n) for n in range(601, 613)]
    for comment in everything.values():
        if comment.parent is not None:
            page = page2 if comment.id in page2 else late
            assert comment.parent in page, comment.id
    assert {c.id: c.parent for c in everything.values() if c.parent} == {
        "603": "601", "604": "602", "609": "608", "611": "609"}
    # the commenter whose link the archive wrapped, in both the absolute and the // form
    assert everything["601"].author_url == "https://marta-okafor.example/"
    assert everything["610"].author_url == "https://piotrzielinski.example/"
    assert 'href="https://filmfunds-overview.example/germany/"' in everything["605"].html
    assert "best-film-loans.example/apply" in everything["607"].html  # the spam, kept for the filter
    assert {c.id for c in everything.values() if c.by_post_author} == {"603", "604", "609"}
    assert everything["612"].date.utcoffset().total_seconds() == 7200  # summer time, from the page


# --------------------------------------------------------------------------- the sample saved pages

ANAMORPHIC = [
    # id, parent, author, url, Berlin time, bypostauthor, exact body HTML
    ("101", None, "Tomasz Wren", "https://tomaszwren.example/", "2019-03-15 09:12", False,
     "<p>The flare you got from the Lomo at dusk is gorgeous. Did you have to shim the mount, or did it "
     "fit the adapter straight away?</p>"),
    ("102", "101", "Ines Calder", "https://ines-calder.example/", "2019-03-15 11:40", True,
     "<p>It needed a 0.2 mm shim on the PL side before infinity focus was right. Worth the afternoon it took.</p>"),
    ("103", "102", "Tomasz Wren", "https://tomaszwren.example/", "2019-03-15 13:05", False,
     "<p>Good to know, thanks! I will check mine before the shoot next month.</p>"),
    ("104", None, "Priya Raman", None, "2019-03-17 20:30", False,
     "<p>I rented a set for a music video and the breathing when pulling focus drove our editor mad. How do "
     "you deal with it in the cut?</p>"),
    ("105", None, "Cheap Lens Deals", "https://cheap-lens-deals.example/", "2019-03-20 03:14", False,
     '<p>Great post, very informative! Find <a href="https://cheap-lens-deals.example/anamorphic">cheap '
     "anamorphic lenses</a> here.</p>"),
]


def test_sample_classic_page_has_exactly_the_five_comments():
    path = SAVED / "shooting-on-vintage-anamorphic-lenses.html"
    assert "<!-- saved from url=" in path.read_text(encoding="utf-8")
    result, source = parse_path(path)
    assert result.problems == []
    thread = only_thread(result)
    assert thread.url == SITE + "shooting-on-vintage-anamorphic-lenses/"
    assert thread.title == "Shooting on Vintage Anamorphic Lenses"
    got = [(c.id, c.parent, c.author, c.author_url, c.date, c.by_post_author, c.html) for c in thread.comments]
    want = [(i, p, a, u, local(d), b, h) for i, p, a, u, d, b, h in ANAMORPHIC]
    assert got == want
    for comment in thread.comments:
        assert comment.date_precision == PRECISION_MINUTE
        assert comment.scheme == SCHEME_WORDPRESS and comment.sources == [source]
        assert_line_points_at(path, comment)


def _tree(thread):
    return {c.id: c.parent for c in thread.comments}


def _depth(tree, cid):
    depth = 1
    while tree[cid] is not None:
        cid = tree[cid]
        depth += 1
    return depth


def test_sample_html5_page():
    path = SAVED / "grading-night-exteriors.html"
    result, _ = parse_path(path)
    assert result.problems == []
    thread = only_thread(result)
    assert thread.url == SITE + "grading-night-exteriors/"
    tree = _tree(thread)
    assert tree == {"311": None, "312": "311", "314": "312", "313": None, "316": "313", "315": None, "317": None}
    assert max(_depth(tree, cid) for cid in tree) == 3
    assert {c.id for c in thread.comments if c.by_post_author} == {"312", "316"}
    assert all(c.author == "Ines Calder" for c in thread.comments if c.by_post_author)
    post_date = datetime(2020, 2, 8, 9, 15, tzinfo=BERLIN)
    for comment in thread.comments:
        assert comment.date_precision == PRECISION_SECOND and comment.date.utcoffset() is not None
        assert comment.date > post_date
        assert comment.author and comment.html.startswith("<p>")
        assert_line_points_at(path, comment)
    assert {c.id: c.author_url for c in thread.comments}["313"] is None


def test_sample_microdata_page():
    path = SAVED / "what-a-festival-rejection-taught-me.html"
    result, _ = parse_path(path)
    assert result.problems == []
    thread = only_thread(result)
    assert thread.url == SITE + "what-a-festival-rejection-taught-me/"
    assert _tree(thread) == {"421": None, "423": "421", "422": None, "425": None, "424": None}
    by_id = {c.id: c for c in thread.comments}
    assert [c.id for c in thread.comments if c.type == PINGBACK] == ["424"]
    assert by_id["424"].author_url == "https://shortfilmdigest.example/2020/06/rejection-letters/"
    assert by_id["423"].by_post_author and by_id["423"].author == "Ines Calder"
    assert by_id["422"].author_url is None
    assert all(c.date > datetime(2020, 6, 21, 20, 0, tzinfo=BERLIN) for c in thread.comments)


def test_sample_block_theme_page():
    path = SAVED / "our-short-premieres-at-a-regional-festival.html"
    result, _ = parse_path(path)
    assert result.problems == []
    thread = only_thread(result)
    assert thread.url == SITE + "our-short-premieres-at-a-regional-festival/"
    assert _tree(thread) == {"951": None, "953": "951", "952": None, "954": None}
    by_id = {c.id: c for c in thread.comments}
    assert by_id["953"].by_post_author
    assert by_id["952"].author == "Yusuf Demir" and by_id["952"].author_url is None
    assert "Q&amp;A" in by_id["951"].html
    assert "Clara Nguyen" not in by_id["954"].html  # not the latest-comments block in the footer


@pytest.mark.parametrize("path", sorted(SAVED.glob("*.html")) + CAPTURES, ids=lambda p: p.name)
def test_every_sample_archive_parses_cleanly(path):
    assert html_page.detect(path.read_bytes()[:8192])
    result, _ = parse_path(path)
    assert result.problems == []
    thread = only_thread(result)
    assert thread.url and thread.url.startswith(SITE) and "#" not in thread.url
    assert thread.comments
    ids = [c.id for c in thread.comments]
    assert len(ids) == len(set(ids))
    assert all(c.parent is None or c.parent in ids for c in thread.comments)


# --------------------------------------------------------------------------- core-markup rules


def _page(body: str, head: str = '<link rel="canonical" href="https://ines-calder.example/p/">') -> bytes:
    return f"<!DOCTYPE html><html><head>{head}<title>T</title></head><body>{body}</body></html>".encode()


def test_comment_without_id_gets_a_fingerprint():
    body = """<ol class="commentlist"><li class="comment depth-1"><div class="comment-author vcard">
    <cite class="fn">Anna</cite></div><div class="comment-meta"><a href="#">May 2, 2018 at 7:00 pm</a></div>
    <p>Hello there</p></li></ol>"""
    (comment,) = only_thread(parse_bytes(_page(body))).comments
    assert comment.scheme == SCHEME_FINGERPRINT
    assert comment.id == fingerprint("Anna", comment.date, comment.html, BERLIN)
    assert comment.html == "<p>Hello there</p>"
    assert comment.date == datetime(2018, 5, 2, 19, 0, tzinfo=BERLIN)


def test_flat_list_with_depth_classes_gets_parents():
    body = """<div id="comments"><div class="comment depth-1" id="comment-1"><b class="fn">A</b>
    <time datetime="2020-01-01T10:00:00+01:00">x</time><div class="comment-content"><p>one</p></div></div>
    <div class="comment depth-2" id="comment-2"><b class="fn">B</b>
    <time datetime="2020-01-01T11:00:00+01:00">x</time><div class="comment-content"><p>two</p></div></div>
    <div class="comment depth-3" id="comment-3"><b class="fn">C</b>
    <time datetime="2020-01-01T12:00:00+01:00">x</time><div class="comment-content"><p>three</p></div></div>
    <div class="comment depth-1" id="comment-4"><b class="fn">D</b>
    <time datetime="2020-01-01T13:00:00+01:00">x</time><div class="comment-content"><p>four</p></div></div></div>"""
    result = parse_bytes(_page(body))
    assert result.problems == []
    assert _tree(only_thread(result)) == {"1": None, "2": "1", "3": "2", "4": None}


def test_wordpress_div_style_nests_without_a_list():
    body = """<div class="commentlist"><div class="comment depth-1" id="comment-1"><div id="div-comment-1"
    class="comment-body"><div class="comment-author vcard"><cite class="fn">A</cite></div>
    <div class="comment-meta commentmetadata"><a href="#comment-1">June 1, 2020 at 10:00 am</a></div>
    <p>one</p></div><div class="comment depth-2" id="comment-2"><div id="div-comment-2" class="comment-body">
    <div class="comment-author vcard"><cite class="fn">B</cite></div><div class="comment-meta commentmetadata">
    <a href="#comment-2">June 1, 2020 at 11:00 am</a></div><p>two</p></div></div></div></div>"""
    thread = only_thread(parse_bytes(_page(body)))
    assert _tree(thread) == {"1": None, "2": "1"}
    assert [c.html for c in thread.comments] == ["<p>one</p>", "<p>two</p>"]


def test_twenty_twelve_content_section_with_class_comment_and_edit_links():
    # Twenty Twelve marks its content <section> "comment-content comment"; a page saved by the
    # logged-in author has "Edit" links in the body.
    body = """<ol class="commentlist"><li class="comment byuser bypostauthor depth-1" id="li-comment-5">
    <article id="comment-5" class="comment"><header class="comment-meta comment-author vcard">
    <img alt="" src="a.png" class="avatar avatar-44 photo"><cite><b class="fn"><a href="https://ines-calder.example/"
    class="url">Ines Calder</a></b> <span>Post author</span></cite><a href="#comment-5"><time
    datetime="2013-04-02T10:00:00+00:00">April 2, 2013 at 10:00 am</time></a></header>
    <section class="comment-content comment"><p>Body here.</p><p class="edit-link"><a class="comment-edit-link"
    href="/wp-admin/comment.php?action=editcomment&amp;c=5">Edit</a></p></section>
    <div class="reply"><a class="comment-reply-link" href="#">Reply</a></div></article>
    <ol class="children"><li class="comment depth-2" id="li-comment-6"><article id="comment-6" class="comment">
    <header class="comment-meta comment-author vcard"><cite><b class="fn">Reader</b></cite><a href="#comment-6"><time
    datetime="2013-04-02T11:00:00+00:00">x</time></a></header><section class="comment-content comment"><p>Reply
    body.</p></section></article></li></ol></li></ol>"""
    result = parse_bytes(_page(body))
    assert result.problems == []
    first, second = only_thread(result).comments
    assert (first.id, first.author, first.by_post_author, first.html) == ("5", "Ines Calder", True, "<p>Body here.</p>")
    assert (second.id, second.parent, second.author) == ("6", "5", "Reader")


def test_pingbacks_and_trackbacks_in_core_markup():
    body = """<ol class="commentlist"><li class="pingback even thread-even depth-1" id="comment-9">
    <div class="comment-body">Pingback: <a href="https://other.example/post/" rel="external nofollow ugc"
    class="url">A post elsewhere</a> <span class="edit-link"><a class="comment-edit-link" href="#">Edit</a></span>
    <div class="comment-metadata"><time datetime="2020-01-02T03:04:05+01:00">x</time></div></div></li>
    <li class="trackback odd depth-1" id="comment-10"><div class="comment-body">Trackback: <a
    href="https://third.example/" class="url">Third</a><div class="comment-metadata"><time
    datetime="2020-01-03">x</time></div></div></li></ol>"""
    result = parse_bytes(_page(body))
    assert result.problems == []
    ping, track = only_thread(result).comments
    assert (ping.type, ping.author, ping.author_url, ping.html) == (
        PINGBACK, "A post elsewhere", "https://other.example/post/", "")
    assert track.type == "trackback" and track.date_precision == PRECISION_DAY


def test_pingback_without_date_is_no_problem():
    # Themes print pingbacks as a bare link, with no date: that is how they look, not damage.
    body = """<ol class="commentlist"><li class="pingback" id="comment-9"><div class="comment-body">Pingback:
    <a href="https://other.example/post/" class="url">Elsewhere</a></div></li></ol>"""
    result = parse_bytes(_page(body), "pings.html")
    assert result.problems == []
    (ping,) = only_thread(result).comments
    assert (ping.id, ping.type, ping.author, ping.date) == ("9", "pingback", "Elsewhere", None)


def test_comment_awaiting_moderation_is_hidden():
    body = """<ol class="comment-list"><li id="comment-5" class="comment"><article class="comment-body">
    <b class="fn">Nina</b><em class="comment-awaiting-moderation">Your comment is awaiting moderation.</em>
    <time datetime="2021-05-05T10:00:00+02:00">x</time><div class="comment-content"><p>hi</p></div>
    </article></li></ol>"""
    (comment,) = only_thread(parse_bytes(_page(body))).comments
    assert comment.status == "hidden"


def test_duplicate_comment_ids_are_reported_once_kept():
    item = """<li id="comment-5" class="comment"><b class="fn">Nina</b>
    <time datetime="2021-05-05T10:00:00+02:00">x</time><div class="comment-content"><p>hi</p></div></li>"""
    result = parse_bytes(_page(f'<ol class="comment-list">{item}{item}</ol>'))
    assert [c.id for c in only_thread(result).comments] == ["5"]
    assert len(result.problems) == 1 and "twice" in result.problems[0].message


def test_deep_threads_do_not_break_the_walk():
    depth = 120
    parts = []
    for n in range(1, depth + 1):
        parts.append(f'<li id="comment-{n}" class="comment depth-{n}"><b class="fn">P{n}</b>'
                     f'<time datetime="2020-01-01T00:00:00Z">x</time><div class="comment-content"><p>{n}</p></div>'
                     '<ol class="children">')
    parts.append("</ol></li>" * depth)
    result = parse_bytes(_page('<ol class="comment-list">' + "".join(parts) + "</ol>"))
    comments = only_thread(result).comments
    assert len(comments) == depth
    assert all(c.parent == (str(int(c.id) - 1) if c.id != "1" else None) for c in comments)


def test_big_generated_page_reads_every_comment():
    count = 1500
    items = "".join(
        f'<li class="comment depth-1" id="li-comment-{n}"><div id="comment-{n}"><div class="comment-author vcard">'
        f'<cite class="fn"><a class="url" href="https://r{n}.example/">Reader {n}</a></cite></div>'
        f'<div class="comment-meta commentmetadata"><a href="#comment-{n}">March 15, 2019 at 9:12 am</a></div>'
        f'<p>Comment {n}</p><div class="reply"><a class="comment-reply-link" href="#">Reply</a></div></div></li>\n'
        for n in range(1, count + 1)
    )
    result = parse_bytes(_page(f'<div id="comments"><ol class="commentlist">{items}</ol></div>'))
    assert result.problems == []
    comments = only_thread(result).comments
    assert len(comments) == count
    assert comments[-1].author == f"Reader {count}" and comments[-1].line == count


# --------------------------------------------------------------------------- problems, never exceptions


def test_page_without_comment_section_is_reported():
    result = parse_bytes(_page("<article><p>Just a post.</p></article>"), "saved-pages/no-comments.html")
    (problem,) = result.problems
    assert problem.source == "saved-pages/no-comments.html"
    assert "no comment section found" in problem.message and "not supported yet" in problem.message
    assert only_thread(result).comments == []


def test_decoys_only_page_is_reported_as_without_comments():
    body = """<nav><a href="/p/#comment-5">latest</a></nav>
    <aside class="widget-area"><section class="widget widget_recent_comments"><ul id="recentcomments">
    <li class="recentcomments"><a href="/p/#comment-7">x</a></li></ul></section>
    <section class="widget"><ul><li class="comment" id="comment-77"><cite class="fn">W</cite>
    <time datetime="2019-01-01">x</time></li></ul></section></aside>
    <div id="respond"><form><ol class="commentlist"><li class="comment" id="comment-78">form</li></ol></form></div>
    <script>var x = '<li class="comment" id="comment-79"><cite class="fn">S</cite></li>';</script>"""
    result = parse_bytes(_page(body))
    assert only_thread(result).comments == []
    (problem,) = result.problems
    assert "no comment section found" in problem.message


def test_empty_comment_section_is_reported():
    body = '<div id="comments" class="comments-area"><p class="no-comments">Comments are closed.</p></div>'
    result = parse_bytes(_page(body), "empty.html")
    (problem,) = result.problems
    assert problem.source == "empty.html" and "no comments" in problem.message


def test_comment_without_readable_date_is_reported_with_its_line():
    body = """<ol class="commentlist">
<li class="comment" id="comment-3"><cite class="fn">Olga</cite>
<div class="comment-meta commentmetadata"><a href="#comment-3">a while ago</a></div><p>Text</p></li>
</ol>"""
    result = parse_bytes(_page(body), "nodate.html")
    (comment,) = only_thread(result).comments
    assert comment.date is None and comment.date_precision == 0
    (problem,) = result.problems
    assert problem.source == "nodate.html" and problem.line == 2 and "date" in problem.message


def test_page_without_url_is_reported():
    body = """<ol class="comment-list"><li id="comment-5" class="comment"><b class="fn">Nina</b>
    <time datetime="2021-05-05T10:00:00+02:00">x</time><div class="comment-content"><p>hi</p></div></li></ol>"""
    result = parse_bytes(_page(body, head=""))
    assert only_thread(result).url is None
    assert any("URL" in p.message for p in result.problems)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"   \n ",
        b"just some words, no markup at all",
        b'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel></channel></rss>',
        b'<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com"></disqus>',
        bytes(range(256)) * 20,
        b"\x89PNG\r\n\x1a\n" + bytes(200),
    ],
    ids=["empty", "blank", "text", "rss", "disqus", "binary", "png"],
)
def test_non_html_is_a_problem(data):
    result = parse_bytes(data, "odd.html")
    assert result.threads == []
    (problem,) = result.problems
    assert problem.source == "odd.html"


def test_broken_inputs_never_raise():
    page = (HTML_FIXTURES / "classic.html").read_bytes()
    rng = random.Random(20190315)
    inputs = [page[:cut] for cut in range(0, len(page), 613)]
    inputs += [b"<", b"<html", b"<html><body><li class='comment' id='comment-1'>", b"\xff\xfe<\x00h\x00",
               b"<!DOCTYPE html><div>" * 3000, b"<html>" + b"<div>" * 5000,
               b"<!DOCTYPE html>" + bytes(rng.randrange(256) for _ in range(5000)),
               page.replace(b"</li>", b""), page.replace(b"<ul class=\"children\">", b""),
               (WAYBACK / "financing-a-micro-budget-feature.20210315093000.html").read_bytes()[:20000]]
    for data in inputs:
        result = html_page.parse(data, "broken.html", CTX)
        assert result.problems or result.threads
        for thread in result.threads:
            for comment in thread.comments:
                assert comment.date is None or comment.date.tzinfo is not None


def test_truncated_page_keeps_the_comments_before_the_cut():
    page = (HTML_FIXTURES / "html5.html").read_bytes()
    cut = page.index(b'id="comment-204"')
    result = parse_bytes(page[:cut])
    ids = [c.id for c in only_thread(result).comments]
    assert ids[:3] == ["201", "202", "203"]


# --------------------------------------------------------------------------- detection


@pytest.mark.parametrize(
    "head",
    [
        b"<!DOCTYPE html><html><head>",
        b"\xef\xbb\xbf<!doctype html>\n<html lang=en>",
        b"\n\n  <!-- saved from url=(0030)https://ines-calder.example/ -->\n<html>",
        b"<!DOCTYPE html>\r\n<!-- saved from url=(0030)https://ines-calder.example/ -->\r\n<HTML><HEAD>",
        b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
        b'"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml">',
        b"<html>",
        b"<head><title>x</title></head><body>",
        b"<body>",
        b'<meta charset="utf-8"><title>x</title><body>',
        b"<!-- a very long comment that the first 8 KiB cut off... <html><body>",
        "<!DOCTYPE html><html>".encode("utf-16"),
    ],
)
def test_detect_html(head):
    assert html_page.detect(head) is True


@pytest.mark.parametrize(
    "head",
    [
        b'<?xml version="1.0" encoding="UTF-8" ?>\n<!-- This is a WordPress eXtended RSS file -->\n'
        b'<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel><description><![CDATA[<html><body>',
        b'<?xml version="1.0" encoding="utf-8"?><disqus xmlns="http://disqus.com" '
        b'xmlns:dsq="http://disqus.com/disqus-internals"><thread dsq:id="1">',
        b'<disqus xmlns="http://disqus.com">',
        b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">',
        b'{"comments": []}',
        b"just text <b>bold</b>",
        b"",
        bytes(range(256)),
    ],
)
def test_detect_not_html(head):
    assert html_page.detect(head) is False


def test_page_url_normalisation():
    assert page_url(SITE + "p/comment-page-3/#comments") == SITE + "p/"
    assert page_url(SITE + "p/comment-page-3") == SITE + "p"
    assert page_url(SITE + "p/?replytocom=12#respond") == SITE + "p/"
    assert page_url(SITE + "?p=412&replytocom=3") == SITE + "?p=412"
    assert page_url("https://web.archive.org/web/20210315093000/" + SITE + "p/comment-page-2/") == SITE + "p/"
    assert page_url(None) is None


def test_real_xml_exports_are_not_claimed(corpus_dir):
    files = sorted(corpus_dir.rglob("*.xml"))
    assert files
    for path in files:
        data = path.read_bytes()
        assert html_page.detect(data[:8192]) is False, path.name
        result = html_page.parse(data, path.name, CTX)
        assert result.threads == [] and len(result.problems) == 1, path.name
        assert "not an HTML page" in result.problems[0].message


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = st.sampled_from([
    "<li class='comment' id='comment-1'>", "<li id='comment-2' class='comment depth-2'>", "</li>",
    "<ol class='children'>",
    "</ol>", "<div class='comment-content'>", "</div>", "<b class='fn'>", "</b>", "<a class='url' href='/web/1/x'>",
    "</a>", "<time datetime='2020-01-01T00:00:00Z'>", "</time>", "<p>", "</p>", "March 15, 2019 at 9:12 am",
    "<!-- BEGIN WAYBACK TOOLBAR INSERT -->", "<!-- END WAYBACK TOOLBAR INSERT -->", "<script>", "</script>",
    "<div id='respond'>", "<form>", "&amp;", "&#", "<", ">", "\n", "\x00", "\u00e9", "<![CDATA[", "]]>",
])


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, max_size=60), st.binary(max_size=40))
def test_arbitrary_markup_never_raises(pieces, noise):
    data = b"<!DOCTYPE html><html><body>" + "".join(pieces).encode("utf-8", "surrogatepass") + noise
    result = html_page.parse(data, "fuzz.html", CTX)
    assert result.problems or result.threads
    assert not any(p.message.startswith("could not read the page") for p in result.problems)
    for thread in result.threads:
        ids = [c.id for c in thread.comments]
        assert len(ids) == len(set(ids))
        assert all(c.parent is None or c.parent in ids for c in thread.comments)


# --------------------------------------------------------------------------- page context

from archived_comments.parsers.html import context as page_context  # noqa: E402


@pytest.mark.parametrize("head, expected", [
    ('<html lang="de-DE"><head>', ("de-DE",)),
    ('<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="fr"><head>', ("fr",)),
    ('<html><head><meta property="og:locale" content="pt_BR" />', ("pt-BR",)),
    ('<html lang="en-GB"><head><meta property="og:locale" content="en_GB"/>', ("en-GB",)),
    ('<html><head></head><body class="post-template-default single locale-nl-nl logged-out">', ("nl-NL",)),
    ('<html lang="it"><head></head><body class="locale-it-it">', ("it", "it-IT")),
    ('<html><head><title>x</title></head><body>', ()),
])
def test_the_page_language_comes_from_lang_og_locale_and_body_classes(head, expected):
    assert page_context.page_languages(head + "</head><body></body></html>") == expected


def test_the_post_date_is_read_from_the_article_not_the_comments():
    text = ('<html><head><meta property="article:published_time" content="2014-03-02T08:00:00+00:00" />'
            '</head><body><ol class="commentlist"><li id="comment-1" class="comment">'
            '<time class="published" datetime="2020-01-01T00:00:00+00:00">x</time></li></ol></body></html>')
    assert page_context.post_date(text, BERLIN) == datetime(2014, 3, 2, 8, 0, tzinfo=timezone.utc)
    article = ('<html><body><article><time class="entry-date published" datetime="2011-07-16T22:10:00+02:00">'
               '16. Juli 2011</time></article><ol><li id="comment-3" class="comment"></li></ol></body></html>')
    assert page_context.post_date(article, BERLIN) == datetime(2011, 7, 16, 20, 10, tzinfo=timezone.utc)
    assert page_context.post_date('<ol><li id="comment-1" class="comment"><time class="published" '
                                  'datetime="2020-01-01">x</time></li></ol>', BERLIN) is None


def test_the_capture_time_is_the_archive_timestamp_in_utc():
    page = ('<html><head><script>__wm.wombat("https://b.example/p/","20130307194448","https://web.archive.org/",'
            '"web","/_static/");</script></head><body></body></html>')
    assert wayback.capture_time(page) == datetime(2013, 3, 7, 19, 44, 48, tzinfo=timezone.utc)
    trailer = "<html><body></body></html><!--\n     FILE ARCHIVED ON 09:05:01 Dec 24, 2016 AND RETRIEVED FROM THE -->"
    assert wayback.capture_time(trailer) == datetime(2016, 12, 24, 9, 5, 1, tzinfo=timezone.utc)
    links = "".join(f'<a href="https://web.archive.org/web/2015010203040{i % 2}/https://b.example/{i}">x</a>'
                    for i in range(5))
    assert wayback.capture_time(links) == datetime(2015, 1, 2, 3, 4, 0, tzinfo=timezone.utc)
    assert wayback.capture_time("<html><body>no capture</body></html>") is None


@pytest.mark.parametrize("dates_on_page, expected", [
    (["14/04/2020 at 3:00 pm", "09/06/2020 at 1:53 pm"], True),   # 14 can only be a day
    (["04/14/2020 at 3:00 pm", "09/06/2020 at 1:53 pm"], False),  # 14 in second place: month first
    (["09/06/2020 at 1:53 pm", "10/06/2020 at 8:15 pm"], None),   # nothing decides
])
def test_one_unambiguous_numeric_date_fixes_the_order_for_the_page(dates_on_page, expected):
    items = "".join(f'<li id="comment-{i}" class="comment"><span class="comment-date">{d}</span></li>'
                    for i, d in enumerate(dates_on_page, 1))
    assert page_context.day_first_evidence(f"<html><body><ol>{items}</ol></body></html>") is expected


# --------------------------------------------------------------------------- more kinds seen on real blogs
# Team-written, one comment each, after what other real blogs' saved pages showed: the body sharing a
# wrapper with the byline, a date whose "um" was read as the name's end, a commenter called "admin",
# a pingback title holding a date-like number, the theme's comment number.

MORE_KINDS = [
    ("shared-wrapper-en", "en-US", """<li class="comment depth-1" id="li-comment-102"><article id="comment-102">
     <aside></aside><div class="content"><header><span class="author">Max Probe</span>
     <a href="#comment-102"><time datetime="2017-02-23T12:33:18+05:30">February 23, 2017 at 12:33 pm</time></a>
     <span class="reply"><a class="comment-reply-link" href="#comment-102">Reply</a></span></header>
     <p>Very useful article, thanks.</p></div></article></li>""",
     ("102", "Max Probe", "2017-02-23T12:33", "Very useful article, thanks.")),
    ("shared-wrapper-de", "de-DE", """<li class="comment depth-1" id="li-comment-106"><div id="comment-106" class="comment-body">
     <div class="wrapper"><div class="comment-author vcard"><img class="avatar" src="a.png"></div>
     <div class="extra-wrap"><span class="author">Erika</span><br /> 7. März 2018
     <p>Liebe Claudia, tolles Shampoo.</p></div></div>
     <div class="wrapper"><div class="reply"><a class="comment-reply-link" href="#comment-106">Antworten</a></div></div>
     </div></li>""",
     ("106", "Erika", "2018-03-07", "Liebe Claudia, tolles Shampoo.")),
    ("um-after-date-de", "de-DE", """<li class="comment depth-1" id="comment-104"><div class="the-comment"><div class="comment-box">
     <div class="comment-author meta"><strong>Max</strong> 19. Juni 2018 um 15:28 Uhr
     <a class="comment-reply-link" href="/post/?replytocom=104#respond">Antworten</a></div>
     <div class="comment-text"><p>Gute Frage.</p></div></div></div></li>""",
     ("104", "Max", "2018-06-19T15:28", "Gute Frage.")),
    ("admin-de", "de-DE", """<li class="comment byuser bypostauthor depth-1" id="comment-105"><div id="div-comment-105" class="comment-body">
     <div class="comment-author vcard"><cite class="fn">admin</cite> <span class="says">sagt:</span></div>
     <div class="comment-meta commentmetadata"><a href="#comment-105"> 30. Juli 2013 um 17:53</a></div>
     <p>Danke für den Hinweis!</p></div></li>""",
     ("105", "admin", "2013-07-30T17:53", "Danke für den Hinweis!")),
    ("comment-number-en", "en-GB", """<li class="comment depth-1" id="li-comment-101"><article id="comment-101" class="comment-article">
     <span class="comment-number">1</span><div class="media__body"><header class="comment__meta comment-author">
     <span class="comment__author-name">Erika Muster</span>
     <time class="comment__time" datetime="2020-08-11T09:52:46+02:00"><a href="#comment-101">on 11/08/2020 at 9:52</a></time>
     </header><section class="comment__content comment"><p>What a lovely text.</p></section></div></article></li>""",
     ("101", "Erika Muster", "2020-08-11T09:52", "What a lovely text.")),
    ("pingback-title-fr", "fr-FR", """<li class="post pingback" id="comment-9"><p>Pingback&nbsp;: <a href="https://other.example/2016/07/16/nwo/"
     rel="external nofollow ugc" class="url">Nouveau monde – radio-marathon – 9.7.16 | Un blog</a></p></li>""",
     ("9", "Nouveau monde – radio-marathon – 9.7.16 | Un blog", None, "")),
]


@pytest.mark.parametrize("name, lang, item, truth", MORE_KINDS, ids=[k[0] for k in MORE_KINDS])
def test_more_kinds_of_real_markup(name, lang, item, truth):
    page = (f'<!DOCTYPE html><html lang="{lang}"><head><title>T</title><link rel="canonical" '
            f'href="https://b.example/p/"></head><body><ol class="commentlist">{item}</ol></body></html>')
    (comment,) = only_thread(parse_bytes(page.encode())).comments
    number, author, when, text = truth
    assert (comment.id, comment.author) == (number, author)
    if when is None:
        assert comment.date is None
    else:  # a <time datetime> keeps its own offset; a printed date is read in the site's zone
        assert comment.date.isoformat().startswith(when), comment.date
    assert text_of(comment.html) == text
