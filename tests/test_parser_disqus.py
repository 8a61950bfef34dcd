"""The Disqus export parser: sample export, team fixtures, the real isso fixture, broken input."""

from __future__ import annotations

import random
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from pathlib import Path

import pytest

from archived_comments.model import (
    COMMENT,
    HIDDEN,
    PRECISION_SECOND,
    SCHEME_DISQUS,
    SPAM,
    VISIBLE,
    ParseResult,
    plain_text,
)
from archived_comments.parsers import HEAD_BYTES, ParseContext, disqus, wxr
from helpers import BERLIN, FIXTURES, ROOT

XML_FIXTURES = FIXTURES / "xml"
EXPORTS = ROOT / "content" / "comments" / "exports"
SAMPLE = EXPORTS / "ines-calder.disqus.xml"
SAMPLE_SOURCE = "comments/exports/ines-calder.disqus.xml"
CONTEXT = ParseContext(tz=BERLIN)
NS = {"d": "http://disqus.com", "dsq": "http://disqus.com/disqus-internals"}
DSQ_ID = "{http://disqus.com/disqus-internals}id"


def parse_file(path: Path, source: str | None = None) -> ParseResult:
    return disqus.parse(path.read_bytes(), source or path.name, CONTEXT)


def thread_for(result: ParseResult, url):
    matches = [thread for thread in result.threads if thread.url == url]
    assert len(matches) == 1, url
    return matches[0]


def by_id(thread):
    return {comment.id: comment for comment in thread.comments}


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


# --- the sample export -------------------------------------------------------------


@pytest.fixture(scope="module")
def sample() -> ParseResult:
    return parse_file(SAMPLE, SAMPLE_SOURCE)


def test_sample_has_no_problem(sample):
    # The shipped sample builds without warnings; orphans are covered by the fixtures below.
    assert sample.problems == []


def test_sample_threads(sample):
    urls = [thread.url for thread in sample.threads]
    assert urls == [
        "https://ines-calder.example/shooting-on-vintage-anamorphic-lenses/",
        "https://ines-calder.example/old-gear-list/",
        "https://ines-calder.example/building-a-film-emulation-look/",
        "https://ines-calder.example/ai-video-tools-in-a-documentary-edit/",
    ]  # the sound thread has no posts: no SourceThread
    for thread in sample.threads:
        assert thread.slug is None  # Disqus knows no slugs: the importer derives them from the URL
        assert thread.source == SAMPLE_SOURCE
        for comment in thread.comments:
            assert comment.scheme == SCHEME_DISQUS
            assert comment.author_url is None
            assert comment.type == COMMENT
            assert comment.sources == [SAMPLE_SOURCE]
            assert comment.date.tzinfo is not None and comment.date_precision == PRECISION_SECOND


def test_sample_anamorphic_thread_comment_by_comment(sample):
    thread = sample.threads[0]
    assert thread.identifier == "12 https://ines-calder.example/?p=12"
    assert thread.title == "Shooting on Vintage Anamorphic Lenses"
    priya, mara = thread.comments
    assert priya.id == "4389120071"
    assert priya.parent is None
    assert priya.author == "Priya Raman"
    assert priya.date == utc(2019, 3, 17, 19, 30)
    assert priya.html == (
        "<p>I rented a set for a music video and the breathing when pulling focus drove our editor mad."
        " How do you deal with it in the cut?</p>"
    )
    assert priya.status == VISIBLE and priya.by_post_author is False

    assert mara.id == "4458861302"
    assert mara.parent == priya.id
    assert mara.author == "Mara Okafor"
    assert mara.date == utc(2019, 5, 11, 8, 0)
    assert mara.html == "<p>Same problem here. A diopter in front made it less obvious for us.</p>"
    assert mara.status == VISIBLE


def test_sample_priya_is_the_same_comment_as_wxr_104(sample):
    """The Disqus copy of WXR comment 104 agrees on instant and text (the importer merges them)."""
    wordpress = wxr.parse((EXPORTS / "ines-calder.wordpress.2021-03-01.xml").read_bytes(), "w.xml", CONTEXT)
    (wp_104,) = [c for t in wordpress.threads for c in t.comments if c.id == "104"]
    priya = sample.threads[0].comments[0]
    assert priya.date == wp_104.date
    assert priya.author == wp_104.author
    assert plain_text(priya.html) == plain_text(wp_104.html)


def test_sample_film_emulation_thread(sample):
    thread = thread_for(sample, "https://ines-calder.example/building-a-film-emulation-look/")
    assert thread.identifier == "104 https://ines-calder.example/?p=104"
    comments = thread.comments
    assert 5 <= len(comments) <= 7
    ids = by_id(thread)
    # A reply chain: each reply's parent is in the thread.
    chain = [c for c in comments if c.parent]
    assert all(c.parent in ids for c in chain)
    deepest = max(comments, key=lambda c: _depth(c, ids))
    assert _depth(deepest, ids) >= 3
    statuses = [c.status for c in comments]
    assert statuses.count(SPAM) == 1 and statuses.count(HIDDEN) == 1
    anonymous = [c for c in comments if c.author == "Anonymous"]
    assert len(anonymous) == 1 and anonymous[0].status == VISIBLE
    # Ines replies as the thread's own Disqus account.
    assert [c.author for c in comments if c.by_post_author] == ["Ines Calder"]


def _depth(comment, ids) -> int:
    depth = 1
    while comment.parent in ids:
        comment = ids[comment.parent]
        depth += 1
    return depth


def test_sample_empty_identifier_and_vanished_page(sample):
    ai = thread_for(sample, "https://ines-calder.example/ai-video-tools-in-a-documentary-edit/")
    assert ai.identifier is None
    assert 3 <= len(ai.comments) <= 4
    gear = thread_for(sample, "https://ines-calder.example/old-gear-list/")
    assert len(gear.comments) == 2


def test_sample_lines_point_at_the_posts(sample):
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    for thread in sample.threads:
        for comment in thread.comments:
            assert lines[comment.line - 1].strip() == f'<post dsq:id="{comment.id}">'


def test_sample_detected_as_disqus_only():
    head = SAMPLE.read_bytes()[:HEAD_BYTES]
    assert disqus.detect(head)
    assert not wxr.detect(head)


# --- privacy ----------------------------------------------------------------------------


def private_values(text: str) -> set[str]:
    values = set(re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", text))
    for tag in ("email", "ipAddress"):
        values.update(v.strip() for v in re.findall(rf"<{tag}>(.*?)</{tag}>", text, re.S) if v.strip())
    return values


def assert_private(result: ParseResult, text: str) -> None:
    dump = repr(result)
    leaked = sorted(value for value in private_values(text) if value in dump)
    assert not leaked, f"private values in the parsed result: {leaked}"


def test_sample_never_exposes_emails_or_ips(sample):
    text = SAMPLE.read_text(encoding="utf-8")
    assert {"priya.raman@mail.example", "192.0.2.145"} <= private_values(text)
    assert_private(sample, text)


def test_fixture_never_exposes_emails_or_ips():
    path = XML_FIXTURES / "disqus-fields.xml"
    assert_private(parse_file(path), path.read_text(encoding="utf-8"))


# --- team fixtures -------------------------------------------------------------------------


def test_fixture_fields():
    result = parse_file(XML_FIXTURES / "disqus-fields.xml")
    live = thread_for(result, "https://fixture.example/live/")
    assert (live.identifier, live.title) == ("post-100", "A live thread")
    c = by_id(live)
    assert c["1001"].author == "Named Reader"
    assert c["1001"].html == '<p>Named author.</p><script>alert("kept as is")</script>'  # sanitized later
    assert c["1001"].date == utc(2018, 1, 2, 10, 11, 12)
    assert c["1002"].author == "onlyusername" and c["1002"].parent == "1001"
    assert c["1003"].author == "Anonymous"
    assert c["1004"].status == SPAM  # spam wins over deleted
    assert c["1005"].status == HIDDEN
    assert c["1006"].by_post_author is True and c["1006"].parent == "1003"
    assert [x.by_post_author for x in live.comments].count(True) == 1

    # No SourceThread for a thread without posts.
    assert "https://fixture.example/no-posts/" not in [t.url for t in result.threads]


def test_fixture_deleted_thread_keeps_posts_hidden():
    result = parse_file(XML_FIXTURES / "disqus-fields.xml", "comments/d.xml")
    removed = thread_for(result, "https://fixture.example/removed/")
    assert {c.id: c.status for c in removed.comments} == {"2001": HIDDEN, "2002": SPAM}
    (problem,) = [p for p in result.problems if "deleted" in p.message]
    assert "200" in problem.message and "2 post" in problem.message
    assert problem.source == "comments/d.xml"


def test_fixture_orphans_grouped_per_missing_thread():
    result = parse_file(XML_FIXTURES / "disqus-fields.xml", "comments/d.xml")
    orphans = [t for t in result.threads if t.url is None]
    assert [[c.id for c in t.comments] for t in orphans] == [["9001", "9002"], ["9501"]]
    assert all((t.identifier, t.title, t.slug) == (None, None, None) for t in orphans)
    assert by_id(orphans[0])["9002"].parent == "9001"
    orphan_problems = [p for p in result.problems if "orphan" in p.message]
    assert len(orphan_problems) == 2
    assert "900" in orphan_problems[0].message and "2 post" in orphan_problems[0].message
    assert "950" in orphan_problems[1].message and "1 post" in orphan_problems[1].message
    assert all("d.xml" in p.message and p.source == "comments/d.xml" for p in orphan_problems)
    assert len(result.problems) == 3  # 2 orphan threads + the deleted thread


def test_fixture_truncated_file():
    path = XML_FIXTURES / "disqus-truncated.xml"
    result = parse_file(path, "comments/t.xml")
    live = thread_for(result, "https://fixture.example/live/")
    assert [c.id for c in live.comments] == ["1001", "1002"]
    damaged = [p for p in result.problems if "damaged" in p.message]
    assert len(damaged) == 1 and "t.xml" in damaged[0].message
    assert damaged[0].line == len(path.read_text(encoding="utf-8").splitlines())


# --- detection -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, expected",
    [
        ("disqus-fields.xml", True),
        ("disqus-truncated.xml", True),
        ("wxr-1.0-fields.xml", False),
        ("wxr-1.1-https.xml", False),
        ("rss-feed.xml", False),
        ("sitemap.xml", False),
        ("page.html", False),
    ],
)
def test_detect_fixtures(name, expected):
    assert disqus.detect((XML_FIXTURES / name).read_bytes()[:HEAD_BYTES]) is expected


@pytest.mark.parametrize("head", [b"", b"  ", b"\xff\xd8\xff\xe0 jpeg", b"<disqusx/>", b"<html><disqus/></html>"])
def test_detect_odd_heads(head):
    assert disqus.detect(head) is False


def test_detect_with_prolog_and_bom():
    head = b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- exported -->\n<disqus xmlns="http://disqus.com">'
    assert disqus.detect(head)


# --- broken input never raises ---------------------------------------------------------------

BROKEN = {
    "empty": b"",
    "garbage": random.Random(11).randbytes(5000),
    "deeply nested": b'<disqus xmlns="http://disqus.com">' + b"<post>" * 50000 + b"</post>" * 50000 + b"</disqus>",
    "entity bomb": (
        b'<?xml version="1.0"?><!DOCTYPE disqus [<!ENTITY a "aaaaaaaaaa">'
        + b"".join(b'<!ENTITY a%d "%s">' % (i, (b"&a%d;" % (i - 1) if i > 1 else b"&a;") * 10) for i in range(1, 10))
        + b']><disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">'
        b'<post dsq:id="1"><message>&a9;</message><thread dsq:id="5"/></post></disqus>'
    ),
    "external entity": (
        b'<?xml version="1.0"?><!DOCTYPE disqus [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b'<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">'
        b'<post dsq:id="1"><message>&xxe;</message><thread dsq:id="5"/></post></disqus>'
    ),
    "no namespaces": b'<disqus><thread id="1"><link>https://x.example/</link></thread>'
    b'<post id="2"><message>hi</message><thread id="1"/></post></disqus>',
    "wxr": (XML_FIXTURES / "wxr-1.0-fields.xml").read_bytes(),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_input_never_raises(name):
    result = disqus.parse(BROKEN[name], f"{name}.xml", CONTEXT)
    assert isinstance(result, ParseResult)
    assert result.problems or name == "no namespaces"
    dump = repr(result)
    assert "root:" not in dump
    assert len(dump) < 100_000


def test_without_namespaces_ids_are_still_read():
    result = disqus.parse(BROKEN["no namespaces"], "n.xml", CONTEXT)
    (thread,) = result.threads
    assert thread.url == "https://x.example/" and [c.id for c in thread.comments] == ["2"]


def test_every_truncation_of_the_sample_is_survived():
    data = SAMPLE.read_bytes()
    for cut in range(0, len(data), 733):
        result = disqus.parse(data[:cut], "cut.xml", CONTEXT)
        assert result.problems, cut
        assert sum(len(t.comments) for t in result.threads) <= data.count(b"<post ")


# --- the real isso fixture -----------------------------------------------------------------------


def test_corpus_isso_disqus(corpus_dir):
    path = corpus_dir / "isso-import-fixtures" / "disqus.xml"
    text = path.read_text(encoding="utf-8")
    assert disqus.detect(path.read_bytes()[:HEAD_BYTES]) and not wxr.detect(path.read_bytes()[:HEAD_BYTES])

    # What the file holds, read with ElementTree.
    root = ET.parse(path).getroot()
    threads = {t.get(DSQ_ID): t for t in root.findall("d:thread", NS)}
    posts = root.findall("d:post", NS)
    expected_thread = {}
    expected_parent = {}
    expected_status = {}
    for post in posts:
        ref = post.find("d:thread", NS).get(DSQ_ID)
        parent = post.find("d:parent", NS)
        expected_thread[post.get(DSQ_ID)] = ref
        expected_parent[post.get(DSQ_ID)] = parent.get(DSQ_ID) if parent is not None else None
        spam = (post.findtext("d:isSpam", "", NS) or "").strip() == "true"
        deleted = (post.findtext("d:isDeleted", "", NS) or "").strip() == "true"
        expected_status[post.get(DSQ_ID)] = SPAM if spam else HIDDEN if deleted else VISIBLE
    orphan_refs = {ref for ref in expected_thread.values() if ref not in threads}
    assert orphan_refs, "the file has an orphan post"

    result = parse_file(path)
    parsed = {c.id: (t, c) for t in result.threads for c in t.comments}
    assert set(parsed) == set(expected_thread)  # every post is recovered
    assert len(result.threads) == len(set(expected_thread.values()))
    for pid, (thread, comment) in parsed.items():
        assert comment.parent == expected_parent[pid], pid
        assert comment.status == expected_status[pid], pid
        ref = expected_thread[pid]
        if ref in threads:
            element = threads[ref]
            assert thread.url == (element.findtext("d:link", "", NS).strip() or None)
            assert thread.identifier == (element.findtext("d:id", "", NS).strip() or None)
        else:
            assert thread.url is None and thread.identifier is None

    # Orphans: one problem per missing thread id.
    assert len(result.problems) == len(orphan_refs)
    for ref in orphan_refs:
        assert any(ref in p.message for p in result.problems)

    # The thread with an empty <id> keeps its posts; an anonymous author keeps the name given.
    empty_id = [t for t in result.threads if t.url and t.identifier is None]
    assert empty_id and all(t.comments for t in empty_id)
    for post in posts:
        author = post.find("d:author", NS)
        if (author.findtext("d:isAnonymous", "", NS) or "").strip() == "true":
            name = (author.findtext("d:name", "", NS) or "").strip()
            assert parsed[post.get(DSQ_ID)][1].author == (name or "Anonymous")
    assert_private(result, text)


def test_unclosed_message_does_not_swallow_the_next_fields():
    """In a damaged file the fields after an unclosed element nest inside it: they are not its text."""
    data = SAMPLE.read_bytes().replace(b"</message>", b"<message>", 1)
    result = disqus.parse(data, "damaged.xml", CONTEXT)
    priya = result.threads[0].comments[0]
    assert priya.author == "Priya Raman"
    assert priya.html.startswith("<p>I rented a set") and priya.html.endswith("in the cut?</p>")
    assert "damaged" in result.problems[0].message
    assert_private(result, SAMPLE.read_text(encoding="utf-8"))


def test_raw_html_message_without_cdata_is_kept_as_markup():
    data = (
        b'<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">'
        b'<thread dsq:id="1"><link>https://x.example/</link></thread>'
        b'<post dsq:id="2"><message><p>Raw <b>bold</b> &amp; more</p></message>'
        b'<author><name>Raw</name><email>raw@mail.example</email></author><thread dsq:id="1"/></post></disqus>'
    )
    result = disqus.parse(data, "raw.xml", CONTEXT)
    (comment,) = result.threads[0].comments
    assert comment.html == "<p>Raw <b>bold</b> &amp; more</p>"
    assert "raw@mail.example" not in repr(result)


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_SAMPLE_BYTES = SAMPLE.read_bytes()
_SAMPLE_PRIVATE = private_values(_SAMPLE_BYTES.decode("utf-8"))


@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(st.lists(st.tuples(st.integers(0, len(_SAMPLE_BYTES) - 1), st.binary(min_size=0, max_size=4)), max_size=6))
def test_random_damage_never_raises_nor_leaks(edits):
    data = bytearray(_SAMPLE_BYTES)
    for position, replacement in edits:
        data[position:position + len(replacement) or position + 1] = replacement
    result = disqus.parse(bytes(data), "damaged.xml", CONTEXT)
    assert isinstance(result, ParseResult)
    dump = repr(result)
    assert not [value for value in _SAMPLE_PRIVATE if value in dump]
