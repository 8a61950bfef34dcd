"""The WXR (WordPress export) parser: sample export, team fixtures, real public exports, broken input."""

from __future__ import annotations

import random
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from pathlib import Path

import pytest

from wparchive import wpautop
from wparchive.dates import parse_wp_datetime
from wparchive.wpautop import autop
from archived_comments.model import (
    COMMENT,
    HIDDEN,
    PINGBACK,
    PRECISION_NONE,
    PRECISION_SECOND,
    SCHEME_WORDPRESS,
    SPAM,
    TRACKBACK,
    VISIBLE,
    ParseResult,
)
from archived_comments.parsers import HEAD_BYTES, ParseContext, disqus, wxr
from helpers import BERLIN, FIXTURES, ROOT

XML_FIXTURES = FIXTURES / "xml"
SAMPLE = ROOT / "content" / "comments" / "exports" / "ines-calder.wordpress.2021-03-01.xml"
SAMPLE_SOURCE = "comments/exports/ines-calder.wordpress.2021-03-01.xml"
CONTEXT = ParseContext(tz=BERLIN)


def parse_file(path: Path, source: str | None = None, context: ParseContext = CONTEXT) -> ParseResult:
    return wxr.parse(path.read_bytes(), source or path.name, context)


def by_id(thread):
    return {comment.id: comment for comment in thread.comments}


def berlin(*args) -> datetime:
    return datetime(*args, tzinfo=BERLIN)


# --- the sample export -----------------------------------------------------------


@pytest.fixture(scope="module")
def sample() -> ParseResult:
    return parse_file(SAMPLE, SAMPLE_SOURCE)


def test_sample_has_no_problems_and_only_posts_with_comments(sample):
    assert sample.problems == []
    # Post 58 and the draft have no comments; the attachment and the menu item are not posts.
    assert [thread.identifier for thread in sample.threads] == ["12", "27"]


def test_sample_anamorphic_thread(sample):
    thread = sample.threads[0]
    assert thread.url == "https://ines-calder.example/shooting-on-vintage-anamorphic-lenses/"
    assert thread.slug == "shooting-on-vintage-anamorphic-lenses"
    assert thread.identifier == "12"
    assert thread.title == "Shooting on Vintage Anamorphic Lenses"
    assert thread.source == SAMPLE_SOURCE

    expected = [
        ("101", None, "Tomasz Wren", "https://tomaszwren.example/", berlin(2019, 3, 15, 9, 12), VISIBLE, False,
         "<p>The flare you got from the Lomo at dusk is gorgeous. Did you have to shim the mount, or did it fit"
         " the adapter straight away?</p>"),
        ("102", "101", "Ines Calder", "https://ines-calder.example/", berlin(2019, 3, 15, 11, 40), VISIBLE, True,
         "<p>It needed a 0.2 mm shim on the PL side before infinity focus was right. Worth the afternoon it"
         " took.</p>"),
        ("103", "102", "Tomasz Wren", "https://tomaszwren.example/", berlin(2019, 3, 15, 13, 5), VISIBLE, False,
         "<p>Good to know, thanks! I will check mine before the shoot next month.</p>"),
        ("104", None, "Priya Raman", None, berlin(2019, 3, 17, 20, 30), VISIBLE, False,
         "<p>I rented a set for a music video and the breathing when pulling focus drove our editor mad. How do"
         " you deal with it in the cut?</p>"),
        ("105", None, "Cheap Lens Deals", "https://cheap-lens-deals.example/", berlin(2019, 3, 20, 3, 14), SPAM,
         False,
         '<p>Great post, very informative! Find <a href="https://cheap-lens-deals.example/anamorphic">cheap'
         " anamorphic lenses</a> here.</p>"),
        ("106", "104", "Jonas Berg", "https://jonasberg.example/portfolio", berlin(2019, 4, 2, 17, 45), VISIBLE,
         False, "<p>We leaned into it and cut on the breaths. It became part of the rhythm.</p>"),
    ]
    assert len(thread.comments) == len(expected)
    for comment, (cid, parent, author, url, date, status, by_author, html) in zip(thread.comments, expected):
        assert comment.id == cid
        assert comment.parent == parent, cid
        assert comment.author == author, cid
        assert comment.author_url == url, cid
        assert comment.date == date, cid
        assert comment.date.utcoffset() is not None
        assert comment.date_precision == PRECISION_SECOND
        assert comment.status == status, cid
        assert comment.type == COMMENT
        assert comment.scheme == SCHEME_WORDPRESS
        assert comment.by_post_author is by_author, cid
        assert comment.html == html, cid
        assert comment.sources == [SAMPLE_SOURCE]


def test_sample_dates_are_utc_and_one_hour_behind_berlin_in_march(sample):
    comments = by_id(sample.threads[0])
    assert comments["101"].date == datetime(2019, 3, 15, 8, 12, tzinfo=timezone.utc)
    assert comments["104"].date == datetime(2019, 3, 17, 19, 30, tzinfo=timezone.utc)
    # 2 April is summer time in Berlin: two hours.
    assert comments["106"].date == datetime(2019, 4, 2, 15, 45, tzinfo=timezone.utc)


def test_sample_sound_thread(sample):
    thread = sample.threads[1]
    assert thread.url == "https://ines-calder.example/sound-is-half-the-picture/"
    assert thread.slug == "sound-is-half-the-picture"
    comments = by_id(thread)
    assert 6 <= len(comments) <= 8

    multi = comments["201"]
    assert multi.html.count("<p>") == 3 and "<br" not in multi.html
    assert multi.html.startswith("<p>This is the post I wish I had read before my first short.</p>\n<p>We spent")

    # A reply two deep: 203 -> 202 -> 201.
    assert comments["203"].parent == "202" and comments["202"].parent == "201" and comments["201"].parent is None
    assert comments["202"].by_post_author is True

    held = comments["204"]
    assert held.status == HIDDEN
    assert held.author_url is None  # "http://" means no website
    assert held.html == (
        "<p>Do you have a favourite lavalier for interviews outdoors? Wind is always my problem.<br />\n"
        "I tried two furry covers already.</p>"
    )
    assert comments["205"].status == HIDDEN  # trash

    ping = comments["206"]
    assert ping.type == PINGBACK and ping.status == VISIBLE
    assert ping.author == "Links of the week: location sound \u00ab Field Notes"
    assert ping.html.startswith("<p>[&#8230;] Ines Calder") and ping.html.endswith("[&#8230;]</p>")

    track = comments["207"]
    assert track.type == TRACKBACK
    assert track.html.startswith("<p><strong>Issue 12: sound first</strong></p>\n<p>This week:")

    # A parent that is not in the export is kept as written (the importer reports it).
    assert comments["208"].parent == "299"
    assert "299" not in comments


def test_sample_dates_match_the_local_dates_in_the_file(sample):
    """Every comment_date_gmt in the sample is the Berlin comment_date in UTC (the data is consistent)."""
    text = SAMPLE.read_text(encoding="utf-8")
    local = dict(
        re.findall(
            r"<wp:comment_id>(\d+)</wp:comment_id>.*?<wp:comment_date><!\[CDATA\[([^\]]+)\]\]>",
            text,
            re.S,
        )
    )
    comments = [c for thread in sample.threads for c in thread.comments]
    assert len(comments) == len(local) == text.count("<wp:comment>")
    for comment in comments:
        expected = datetime.strptime(local[comment.id], "%Y-%m-%d %H:%M:%S").replace(tzinfo=BERLIN)
        assert comment.date == expected, comment.id


def test_sample_lines_point_at_the_comments(sample):
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    for thread in sample.threads:
        for comment in thread.comments:
            assert lines[comment.line - 1].strip() == "<wp:comment>"
            assert lines[comment.line].strip() == f"<wp:comment_id>{comment.id}</wp:comment_id>"


def test_sample_detected_as_wxr_only():
    head = SAMPLE.read_bytes()[:HEAD_BYTES]
    assert wxr.detect(head)
    assert not disqus.detect(head)


# --- privacy ------------------------------------------------------------------------


def private_values(text: str) -> set[str]:
    """Every email address and IP address in an export, found in its raw text."""
    values = set(re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", text))
    for tag in ("comment_author_email", "comment_author_IP", "author_email"):
        for raw in re.findall(rf"<wp:{tag}>(.*?)</wp:{tag}>", text, re.S):
            value = raw.replace("<![CDATA[", "").replace("]]>", "").strip()
            if value:
                values.add(value)
    return values


def assert_private(result: ParseResult, text: str) -> None:
    values = private_values(text)
    dump = repr(result)
    leaked = sorted(value for value in values if value in dump)
    assert not leaked, f"private values in the parsed result: {leaked}"


def test_sample_never_exposes_emails_or_ips(sample):
    text = SAMPLE.read_text(encoding="utf-8")
    values = private_values(text)
    assert "tomasz@tomaszwren.example" in values and "192.0.2.41" in values  # the test sees them
    assert_private(sample, text)


def test_fixture_never_exposes_emails_or_ips():
    path = XML_FIXTURES / "wxr-1.0-fields.xml"
    assert_private(parse_file(path), path.read_text(encoding="utf-8"))


# --- team fixtures ------------------------------------------------------------------


def test_fixture_fields_statuses_and_types():
    result = parse_file(XML_FIXTURES / "wxr-1.0-fields.xml")
    by_identifier = {thread.identifier: thread for thread in result.threads}
    thread = result.threads[0]
    assert thread.url == "https://fixture.example/statuses-and-types/"
    comments = by_id(thread)

    assert comments["1"].status == VISIBLE and comments["1"].type == COMMENT
    assert comments["1"].html == "<p>First paragraph.</p>\n<p>Second paragraph,<br />\nwith a second line.</p>"
    assert comments["1"].date == datetime(2020, 1, 10, 12, 0, tzinfo=timezone.utc)

    # comment_date_gmt missing: comment_date in the site's zone (summer time in July).
    assert comments["2"].date == berlin(2020, 7, 10, 14, 30)
    assert comments["2"].date == datetime(2020, 7, 10, 12, 30, tzinfo=timezone.utc)
    assert comments["2"].status == HIDDEN and comments["2"].parent == "1"
    assert comments["2"].author_url is None

    # comment_date_gmt all zeros: comment_date in the site's zone (winter time).
    assert comments["3"].date == datetime(2020, 1, 11, 9, 0, tzinfo=timezone.utc)
    assert comments["3"].status == SPAM
    assert comments["3"].parent is None  # empty comment_parent
    assert comments["3"].html == (
        '<p>Buy <a href="https://spam.example/">cheap things</a> <script>alert(1)</script></p>'
    )  # HTML kept as is: the importer sanitizes

    assert comments["4"].status == HIDDEN  # trash
    assert comments["4"].date is None and comments["4"].date_precision == PRECISION_NONE

    assert comments["5"].status == HIDDEN  # unknown value "2"
    assert comments["5"].type == COMMENT  # unknown type "webmention"

    assert comments["6"].type == PINGBACK
    assert comments["6"].author == "Other Blog \u00bb A post"
    assert comments["7"].type == TRACKBACK

    # An item without wp:post_type but with comments counts as a post; a page counts too.
    assert by_identifier[None].url == "https://fixture.example/?p=9"
    assert [c.id for c in by_identifier[None].comments] == ["1"]
    page = by_identifier["2"]
    assert page.slug is None  # empty wp:post_name
    assert [c.id for c in page.comments] == ["20"]

    # The attachment's comment is not imported, but not silently; menu items and posts without comments give nothing.
    assert set(by_identifier) == {"5", None, "2"}
    messages = [problem.message for problem in result.problems]
    assert len(messages) == 3, messages
    assert any("'2'" in m and "comment_approved" in m for m in messages)
    assert any("webmention" in m for m in messages)
    assert any("attachment" in m and "1 comment" in m for m in messages)
    # The same comment_id in two posts is fine: nothing about it is reported.
    assert not any("twice" in m for m in messages)
    assert all(problem.line for problem in result.problems)


def test_fixture_wxr_1_1_https_namespace():
    path = XML_FIXTURES / "wxr-1.1-https.xml"
    assert wxr.detect(path.read_bytes()[:HEAD_BYTES])
    result = parse_file(path)
    assert result.problems == []
    (thread,) = result.threads
    (comment,) = thread.comments
    assert (thread.identifier, thread.slug, comment.id) == ("77", "one-comment", "700")
    assert comment.by_post_author is True  # no author ids in the export: the display name decides
    assert comment.html == (
        "<blockquote><p>A quote</p></blockquote>\n<p>And an answer, with an entity: caf&eacute;.</p>"
    )


def test_fixture_truncated_file_gives_what_it_can_and_says_so():
    path = XML_FIXTURES / "wxr-1.2-truncated.xml"
    result = parse_file(path, "comments/exports/cut.xml")
    assert [[c.id for c in thread.comments] for thread in result.threads] == [["11"], ["21", "22"]]
    assert by_id(result.threads[1])["22"].parent == "21"
    (problem,) = result.problems
    assert problem.source == "comments/exports/cut.xml"
    assert "cut.xml" in problem.message and "damaged" in problem.message
    assert "3 comment(s)" in problem.message
    last_line = len(path.read_text(encoding="utf-8").splitlines())
    assert problem.line == last_line


def test_leading_blank_lines_are_tolerated_and_lines_stay_right():
    data = SAMPLE.read_bytes()
    result = wxr.parse(b"\n\n\n" + data, "x.xml", CONTEXT)
    assert result.problems == []
    plain = parse_file(SAMPLE)
    assert [c.line for c in result.threads[0].comments] == [c.line + 3 for c in plain.threads[0].comments]


def test_control_characters_are_dropped_and_reported():
    data = SAMPLE.read_bytes().replace(b"gorgeous.", b"gorgeous\x0c\x1b.")
    result = wxr.parse(data, "x.xml", CONTEXT)
    assert by_id(result.threads[0])["101"].html.startswith("<p>The flare you got from the Lomo at dusk is gorgeous.")
    assert len(result.problems) == 1 and "character" in result.problems[0].message
    assert sum(len(t.comments) for t in result.threads) == data.count(b"<wp:comment>")


def test_bom_is_accepted():
    data = b"\xef\xbb\xbf" + SAMPLE.read_bytes()
    assert wxr.detect(data[:HEAD_BYTES])
    result = wxr.parse(data, "x.xml", CONTEXT)
    assert result.problems == [] and len(result.threads) == 2


# --- detection ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, expected",
    [
        ("wxr-1.0-fields.xml", True),
        ("wxr-1.1-https.xml", True),
        ("wxr-1.2-truncated.xml", True),
        ("disqus-fields.xml", False),
        ("disqus-truncated.xml", False),
        ("rss-feed.xml", False),
        ("sitemap.xml", False),
        ("page.html", False),
    ],
)
def test_detect_fixtures(name, expected):
    assert wxr.detect((XML_FIXTURES / name).read_bytes()[:HEAD_BYTES]) is expected


@pytest.mark.parametrize("head", [b"", b"   ", b"\x00\xff\xfe garbage", b"<", b"<?xml version='1.0'?>"])
def test_detect_odd_heads(head):
    assert wxr.detect(head) is False


def test_detect_the_sample_disqus_export_is_not_wxr():
    path = ROOT / "content" / "comments" / "exports" / "ines-calder.disqus.xml"
    assert not wxr.detect(path.read_bytes()[:HEAD_BYTES])


# --- broken input never raises ----------------------------------------------------------


def _bomb() -> bytes:
    entities = '<!ENTITY a0 "lol">' + "".join(
        f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    )
    return (
        f'<?xml version="1.0"?><!DOCTYPE rss [{entities}]>'
        '<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><wp:post_type>post</wp:post_type>'
        "<wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_content>&a9;</wp:comment_content>"
        "</wp:comment></item></channel></rss>"
    ).encode()


BROKEN = {
    "empty": b"",
    "whitespace": b"  \n\t ",
    "garbage": random.Random(7).randbytes(5000),
    "nul bytes": b"\x00" * 100,
    "not xml": b"just some text, no markup",
    "html": (XML_FIXTURES / "page.html").read_bytes(),
    "deeply nested": b'<rss xmlns:wp="http://wordpress.org/export/1.2/">' + b"<item>" * 50000 + b"</item>" * 50000
    + b"</rss>",
    "entity bomb": _bomb(),
    "external entity": (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b'<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><wp:comment>'
        b"<wp:comment_id>1</wp:comment_id><wp:comment_content>&xxe;</wp:comment_content>"
        b"</wp:comment></item></channel></rss>"
    ),
    "utf-16 declared, utf-8 given": b'<?xml version="1.0" encoding="UTF-16"?><rss></rss>',
    "unknown encoding": b'<?xml version="1.0" encoding="x-nonsense"?><rss></rss>',
    "undeclared prefix": b"<rss><channel><item><wp:comment><wp:comment_id>4</wp:comment_id></wp:comment></item>"
    b"</channel></rss>",
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_input_never_raises(name):
    result = wxr.parse(BROKEN[name], f"{name}.xml", CONTEXT)
    assert isinstance(result, ParseResult)
    if name not in ("entity bomb", "undeclared prefix", "external entity"):
        assert result.problems, name
    dump = repr(result)
    assert "root:" not in dump  # /etc/passwd never read
    assert len(dump) < 100_000  # no entity expansion


def test_entity_bomb_is_not_expanded():
    result = wxr.parse(_bomb(), "bomb.xml", CONTEXT)
    comments = [c for t in result.threads for c in t.comments]
    assert [c.id for c in comments] == ["1"]
    assert "lol" not in comments[0].html


def test_every_truncation_of_the_sample_is_survived():
    data = SAMPLE.read_bytes()
    total = data.count(b"<wp:comment>")
    for cut in range(0, len(data), 811):
        result = wxr.parse(data[:cut], "cut.xml", CONTEXT)
        count = sum(len(t.comments) for t in result.threads)
        assert count <= total
        assert result.problems, cut  # a cut file is always reported


# --- wpautop -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, html",
    [
        ("Hello", "<p>Hello</p>"),
        ("  \n ", ""),
        ("one\ntwo", "<p>one<br />\ntwo</p>"),
        ("one\r\n\r\ntwo\r\nthree", "<p>one</p>\n<p>two<br />\nthree</p>"),
        ("a\n\n\n\nb", "<p>a</p>\n<p>b</p>"),
        ("<p>Already</p>\n<p>HTML</p>", "<p>Already</p>\n<p>HTML</p>"),
        ("<ul>\n<li>one</li>\n<li>two</li>\n</ul>", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"),
        ("see:\n<pre>a\n\n  b</pre>\nend", "<p>see:</p>\n<pre>a\n\n  b</pre>\n<p>end</p>"),
        ('a <a href="x"\ntitle="y">link</a>', '<p>a <a href="x"\ntitle="y">link</a></p>'),
        ("a<br><br>b", "<p>a</p>\n<p>b</p>"),
        ("x < y & z", "<p>x < y & z</p>"),
    ],
)
def test_autop(text, html):
    assert autop(text) == html


@pytest.mark.parametrize(
    "hostile",
    [
        "a" + " " * 200_000 + "b" + "\n" * 1000 + "<!--" * 5000,
        "<p>" + "<li" * 20_000 + "\n",
        "<pre>" * 13_000 + "x",
        "</script>" + "<script>a\n" * 8_000,
        "<div" * 20_000,
        "<p><li" * 10_000,
    ],
)
def test_autop_stays_fast_on_hostile_comments(hostile):
    """WordPress allows 64 KB comments: no pattern may go quadratic on one."""
    import time

    start = time.perf_counter()
    autop(hostile)
    assert time.perf_counter() - start < 1


# --- the real public exports in ../shared/corpus ---------------------------------------------

WP_TAG = re.compile(r"^\{https?://wordpress\.org/export/1\.\d+/?\}")


def _wp_children(element) -> dict[str, ET.Element]:
    out = {}
    for child in element:
        if WP_TAG.match(child.tag):
            out.setdefault(WP_TAG.sub("", child.tag), child)
    return out


def expected_from_file(path: Path, tz) -> list[dict]:
    """What a WXR holds, read with the standard library's ElementTree (independent of the parser)."""
    tree = ET.parse(path)
    threads = []
    for item in tree.getroot().iter("item"):
        fields = _wp_children(item)
        comments = [child for child in item if WP_TAG.sub("", child.tag) == "comment" and WP_TAG.match(child.tag)]
        post_type = (fields["post_type"].text or "").strip() if "post_type" in fields else ""
        if not comments or post_type not in ("", "post", "page"):
            continue
        expected = []
        for element in comments:
            f = {name: (child.text or "").strip() for name, child in _wp_children(element).items()}
            date, _ = parse_wp_datetime(f.get("comment_date_gmt"), timezone.utc)
            if date is None:
                date, _ = parse_wp_datetime(f.get("comment_date"), tz)
            expected.append(
                {
                    "id": f["comment_id"],
                    "parent": None if f.get("comment_parent", "0") in ("", "0") else f["comment_parent"],
                    "approved": f.get("comment_approved", ""),
                    "type": f.get("comment_type", ""),
                    "date": date,
                    "has_local": bool(f.get("comment_date")),
                }
            )
        threads.append(
            {
                "url": (item.findtext("link") or "").strip(),
                "id": (fields["post_id"].text or "").strip() if "post_id" in fields else None,
                "comments": expected,
            }
        )
    return threads


def depth_of(comments: list[dict]) -> int:
    parents = {c["id"]: c["parent"] for c in comments}
    deepest = 0
    for cid in parents:
        depth, seen = 1, {cid}
        while parents.get(cid) and parents[cid] in parents and parents[cid] not in seen:
            cid = parents[cid]
            seen.add(cid)
            depth += 1
        deepest = max(deepest, depth)
    return deepest


STATUS_OF = {"1": VISIBLE, "0": HIDDEN, "spam": SPAM, "trash": HIDDEN}
TYPE_OF = {"": COMMENT, "comment": COMMENT, "pingback": PINGBACK, "trackback": TRACKBACK}


def check_against_file(path: Path, result: ParseResult, tz) -> list[dict]:
    expected = expected_from_file(path, tz)
    raw_count = path.read_text(encoding="utf-8").count("<wp:comment>")
    assert sum(len(t["comments"]) for t in expected) <= raw_count
    assert len(result.threads) == len(expected)
    for thread, want in zip(result.threads, expected):
        assert thread.url == want["url"]
        assert thread.identifier == (want["id"] or None)
        assert [c.id for c in thread.comments] == [c["id"] for c in want["comments"]]
        for comment, c in zip(thread.comments, want["comments"]):
            assert comment.parent == c["parent"], comment.id
            assert comment.status == STATUS_OF[c["approved"]], comment.id
            assert comment.type == TYPE_OF[c["type"]], comment.id
            assert comment.date == c["date"], comment.id
            assert comment.line is not None
    return expected


def test_corpus_theme_unit_test_data(corpus_dir):
    path = corpus_dir / "wordpress-theme-test-data" / "themeunittestdata.wordpress.xml"
    text = path.read_text(encoding="utf-8")
    assert wxr.detect(path.read_bytes()[:HEAD_BYTES]) and not disqus.detect(path.read_bytes()[:HEAD_BYTES])
    result = parse_file(path)
    assert result.problems == []
    expected = check_against_file(path, result, BERLIN)

    # Every comment in the file is recovered (all of them are on posts or pages).
    assert sum(len(t.comments) for t in result.threads) == text.count("<wp:comment>")
    # The deepest thread is as deep in the parse as in the file.
    deepest = max(expected, key=lambda t: depth_of(t["comments"]))
    parsed = next(t for t in result.threads if t.url == deepest["url"])
    as_parsed = [{"id": c.id, "parent": c.parent} for c in parsed.comments]
    assert depth_of(as_parsed) == depth_of(deepest["comments"])
    # Pingbacks, trackbacks and unapproved comments are all there.
    kinds = {c.type for t in result.threads for c in t.comments}
    assert {PINGBACK, TRACKBACK, COMMENT} <= kinds
    unapproved = sum(1 for t in expected for c in t["comments"] if c["approved"] == "0")
    assert sum(1 for t in result.threads for c in t.comments if c.status == HIDDEN) == unapproved
    assert_private(result, text)


def test_corpus_isso_wordpress(corpus_dir):
    path = corpus_dir / "isso-import-fixtures" / "wordpress.xml"
    text = path.read_text(encoding="utf-8")
    assert wxr.detect(path.read_bytes()[:HEAD_BYTES])
    result = parse_file(path)
    assert result.problems == []  # the same comment_id in two posts is not a problem
    expected = check_against_file(path, result, BERLIN)
    assert sum(len(t.comments) for t in result.threads) == text.count("<wp:comment>")

    # Same comment_id in two threads: two comments, each in its own thread.
    ids = [(t.url, c.id) for t in result.threads for c in t.comments]
    repeated = {cid for _, cid in ids if sum(1 for _, other in ids if other == cid) > 1}
    assert repeated, "the file has a comment_id used in two posts"
    for cid in repeated:
        assert len({url for url, other in ids if other == cid}) > 1

    # A comment with comment_date_gmt and no comment_date still has its date (checked equal above).
    gmt_only = {c["id"] for t in expected for c in t["comments"] if not c["has_local"]}
    assert gmt_only, "the file has a comment without comment_date"
    assert all(c.date is not None for t in result.threads for c in t.comments if c.id in gmt_only)
    # Multi-line text keeps its line break.
    multiline = re.findall(r"<!\[CDATA\[([^\]]*\n[^\]]*)\]\]></wp:comment_content>", text)
    assert multiline
    htmls = [c.html for t in result.threads for c in t.comments]
    for body in multiline:
        first, _, rest = body.strip().partition("\n")
        assert any(first in h and "<br />" in h and rest.strip() in h for h in htmls)
    assert_private(result, text)


# --- property tests ---------------------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_SAMPLE_BYTES = SAMPLE.read_bytes()
_SAMPLE_PRIVATE = private_values(_SAMPLE_BYTES.decode("utf-8"))


@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(st.lists(st.tuples(st.integers(0, len(_SAMPLE_BYTES) - 1), st.binary(min_size=0, max_size=4)), max_size=6))
def test_random_damage_never_raises(edits):
    data = bytearray(_SAMPLE_BYTES)
    for position, replacement in edits:
        data[position:position + len(replacement) or position + 1] = replacement
    result = wxr.parse(bytes(data), "damaged.xml", CONTEXT)
    assert isinstance(result, ParseResult)
    dump = repr(result)
    assert not [value for value in _SAMPLE_PRIVATE if value in dump]


def test_unclosed_content_does_not_swallow_the_next_fields():
    """In a damaged file the fields after an unclosed element nest inside it: they are not its text."""
    data = _SAMPLE_BYTES.replace(b"</wp:comment_content>", b"<wp:comment_content>", 1)
    result = wxr.parse(data, "damaged.xml", CONTEXT)
    first = result.threads[0].comments[0]
    assert first.html == (
        "<p>The flare you got from the Lomo at dusk is gorgeous. Did you have to shim the mount, or did it fit"
        " the adapter straight away?</p>"
    )
    assert result.problems and "damaged" in result.problems[0].message
    dump = repr(result)
    assert not [value for value in _SAMPLE_PRIVATE if value in dump]


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.text(alphabet=st.sampled_from(["a", "b", " ", "\t", "\n", "\r", "&", ">", ".", "é"]), max_size=40))
def test_plain_text_fast_path_matches_the_full_wpautop(text):
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if text:
        assert wpautop._autop_plain(text) == wpautop._autop_html(text)
