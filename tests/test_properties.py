"""Property tests: any comment tree survives every archive format, and no damage breaks a reader.

* Round trip: random comment trees (ids, parents, unicode names, texts, dates) are written as a
  classic saved page, an HTML5 saved page, a Wayback capture, a WXR export and a Disqus export
  (``tests/hostile/archives.py``), read back through the real parsers and ``import_comments``,
  and the same tree comes out.
* Fuzzing: a written archive is damaged (truncated, a byte changed, a span repeated); no
  exception escapes a parser or the import, the accounting balances, and every comment that
  lies wholly before the damage comes out as it went in.

Example counts are kept modest (the suite runs on two cores in CI).
"""

from __future__ import annotations

import html
import re
import unicodedata
from datetime import datetime, timedelta, timezone

from bs4 import BeautifulSoup
from hypothesis import HealthCheck, assume, event, example, given, settings
from hypothesis import strategies as st

from archived_comments import parsers
from archived_comments.importer import ImportOptions, import_comments, parse_bytes
from archived_comments.parsers import disqus, wxr
from archived_comments.parsers import html as html_page
from archived_comments.sanitize import MOJIBAKE_RE
from hostile import archives
from hostile.archives import Entry
from helpers import BERLIN

CONTEXT = parsers.ParseContext(tz=BERLIN)
FORMATS = ("classic", "html5", "wayback", "wxr", "disqus")
PARSER = {"classic": html_page, "html5": html_page, "wayback": html_page, "wxr": wxr, "disqus": disqus}
SLUG = "grading-night-exteriors"
URL = f"{archives.SITE}/{SLUG}/"
PROPERTY_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text a reader can type: no control, format, private-use or unassigned characters, no line
# separators (names are one line; paragraphs are split by the strategy).
_TEXT_CHARS = st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"))


def _one_line(min_size: int, max_size: int):
    # Text that reads exactly like UTF-8 taken for Windows-1252 ("Ã©") is repaired by design: left out.
    return st.text(_TEXT_CHARS, min_size=min_size, max_size=max_size).map(lambda s: " ".join(s.split())).filter(
        lambda s: bool(s) and not s.startswith(("Pingback", "Trackback", "pingback", "trackback"))
        and not MOJIBAKE_RE.search(s))


# A comma after a name's last letter is the theme's on a saved page only where the date follows the name's
# element ("<cite class=fn>Citizen, </cite><time>"); before "says:" it is the commenter's, so names may end so.
names = _one_line(1, 24).filter(lambda s: s.lower() not in ("anonymous",))
paragraphs = st.lists(_one_line(1, 60), min_size=1, max_size=3)
# Minutes in UTC; the wall-clock time in Berlin must not be ambiguous (a page prints it without zone).
instants = st.integers(0, (2025 - 2005) * 365 * 24 * 60).map(
    lambda m: (datetime(2005, 1, 1, tzinfo=timezone.utc) + timedelta(minutes=m)).astimezone(BERLIN))


@st.composite
def trees(draw, max_size: int = 7):
    """A list of comments, each reply after its parent: (id, parent, author, paragraphs, date)."""
    size = draw(st.integers(1, max_size))
    ids = draw(st.lists(st.integers(1, 10**7).map(str), min_size=size, max_size=size, unique=True))
    comments = []
    for index, cid in enumerate(ids):
        parent = draw(st.none() | st.sampled_from(ids[:index])) if index else None
        date = draw(instants)
        local = date.replace(tzinfo=None)
        assume(local.replace(tzinfo=BERLIN, fold=0).utcoffset() == local.replace(tzinfo=BERLIN, fold=1).utcoffset())
        comments.append((cid, parent, draw(names), draw(paragraphs), date))
    return comments


def render(fmt: str, comments) -> bytes:
    if fmt in ("classic", "html5", "wayback"):
        date = archives.classic_date if fmt == "classic" else archives.iso_date
        entries = [Entry(cid, html.escape(author), "".join(f"<p>{html.escape(p)}</p>" for p in paras), date(when),
                         f"https://reader{cid}.example/", parent) for cid, parent, author, paras, when in comments]
        if fmt == "classic":
            return archives.classic_page(URL, entries).encode()
        if fmt == "html5":
            return archives.html5_page(URL, entries).encode()
        return archives.wayback_capture(URL, entries).encode()
    if fmt == "wxr":
        # As WordPress stores them: names and texts HTML-escaped, paragraphs as blank lines.
        entries = [Entry(cid, html.escape(author, quote=False), "\n\n".join(html.escape(p, quote=False) for p in paras),
                         archives.wp_date(when), f"https://reader{cid}.example/", parent)
                   for cid, parent, author, paras, when in comments]
        return archives.wxr([(SLUG, URL, entries)]).encode()
    entries = [Entry(cid, author, "".join(f"<p>{html.escape(p)}</p>" for p in paras), archives.disqus_date(when), "",
                     parent) for cid, parent, author, paras, when in comments]
    return archives.disqus([("4242", URL, entries)]).encode()


def text_of(markup: str) -> str:
    """The text a reader sees in sanitized HTML (entities decoded once)."""
    return " ".join(BeautifulSoup(markup, "html.parser").get_text(" ").split())


def expected_tree(comments) -> dict:
    # Names are stored NFC-normalized (one spelling for the same name from every source).
    return {cid: (parent, unicodedata.normalize("NFC", author), " ".join(" ".join(paras).split()), when)
            for cid, parent, author, paras, when in comments}


def imported_tree(path) -> tuple[dict, object]:
    result = import_comments([str(path)], ImportOptions(tz=BERLIN))
    tree = {c.id: (c.parent, c.author, text_of(c.html), c.date) for c in result.comments}
    return tree, result


_COMMA_NAMES = [("11", None, "Ann,", ["First."], datetime(2015, 3, 3, 9, 41, tzinfo=BERLIN)),
                ("12", "11", "Heinowski, Wolfgang", ["Second."], datetime(2015, 7, 5, 17, 7, tzinfo=BERLIN))]


@PROPERTY_SETTINGS
@given(fmt=st.sampled_from(FORMATS), comments=trees())
@example(fmt="classic", comments=_COMMA_NAMES)
@example(fmt="html5", comments=_COMMA_NAMES)
def test_a_tree_survives_every_format(tmp_path_factory, fmt, comments):
    data = render(fmt, comments)
    parsed = parse_bytes(data, "archive", CONTEXT)
    (thread,) = parsed.threads
    assert thread.url == URL
    raw = {c.id: c.parent for c in thread.comments}
    assert raw == {cid: parent for cid, parent, *_ in comments}

    path = tmp_path_factory.mktemp(fmt) / "archive"
    path.write_bytes(data)
    tree, result = imported_tree(path)
    assert tree == expected_tree(comments)
    assert result.problems == [] and result.totals["balanced"]


# ------------------------------------------------------------------ fuzzing

FUZZ_IDS = ("111", "222", "333", "444", "555")  # pairwise different in every digit: one changed byte never merges two
_plain = st.text(st.characters(whitelist_categories=("Lu", "Ll", "Nd"), max_codepoint=0x7E), min_size=1, max_size=12)


@st.composite
def flat_archives(draw):
    """(format, bytes, [(id, author, text, end offset of its markup)]) for a flat list of comments."""
    fmt = draw(st.sampled_from(FORMATS))
    count = draw(st.integers(3, 5))
    base = datetime(2019, 3, 15, 9, 0, tzinfo=BERLIN)
    comments = [(cid, f"Reader {draw(_plain)}", [f"Text {draw(_plain)} of comment {cid}"], base + timedelta(hours=n))
                for n, cid in enumerate(FUZZ_IDS[:count])]
    data = render(fmt, [(cid, None, author, paras, when) for cid, author, paras, when in comments])
    starts = [data.index(_start_marker(fmt, cid)) for cid, *_ in comments]
    ends = starts[1:] + [data.index(_end_marker(fmt), starts[-1])]
    return fmt, data, [(cid, author, paras[0], end) for (cid, author, paras, _), end in zip(comments, ends)]


def _start_marker(fmt: str, cid: str) -> bytes:
    return {"classic": f'<li class="comment even depth-1" id="li-comment-{cid}"',
            "html5": f'<li id="comment-{cid}"', "wayback": f'<li id="comment-{cid}"',
            "wxr": f"<wp:comment>\n<wp:comment_id>{cid}<", "disqus": f'<post dsq:id="{cid}"'}[fmt].encode()


def _end_marker(fmt: str) -> bytes:
    return {"classic": b"</ol>", "html5": b"</ol>", "wayback": b"</ol>", "wxr": b"</item>", "disqus": b"</disqus>"}[fmt]


@st.composite
def damaged(draw):
    """A flat archive, damaged: (format, damaged bytes, comments, offset before which nothing changed)."""
    fmt, data, comments = draw(flat_archives())
    kind = draw(st.sampled_from(["truncate", "flip", "repeat"]))
    # Mostly inside one of the comments (damage before them leaves nothing intact to check).
    starts = [data.index(_start_marker(fmt, cid)) for cid, *_ in comments]
    target = draw(st.integers(-1, len(comments) - 1))
    if target < 0:
        at = draw(st.integers(0, len(data) - 1))
    else:
        at = starts[target] + draw(st.integers(0, comments[target][3] - starts[target] - 1))
    if kind == "truncate":
        return fmt, data[:at], comments, at
    if kind == "flip":
        byte = draw(st.integers(0, 255))
        return fmt, data[:at] + bytes([byte]) + data[at + 1:], comments, at
    end = draw(st.integers(at, min(len(data), at + 400)))
    return fmt, data[:end] + data[at:end] + data[end:], comments, at


@PROPERTY_SETTINGS
@given(case=damaged())
def test_damage_never_breaks_a_reader_nor_loses_intact_comments(tmp_path_factory, case):
    fmt, data, comments, intact_before = case
    # The format's own reader, whatever the damage did to its detection: it never raises.
    direct = PARSER[fmt].parse(data, "archive", CONTEXT)
    assert direct is not None
    path = tmp_path_factory.mktemp("fuzz") / "archive"
    path.write_bytes(data)
    result = import_comments([str(path)], ImportOptions(tz=BERLIN))
    assert result.totals["balanced"], result.totals
    by_id = {c.id: c for c in result.comments}
    event(f"{fmt}: {sum(end <= intact_before for *_, end in comments)} of {len(comments)} comments intact")
    for cid, author, text, end in comments:
        if end > intact_before:
            continue
        assert cid in by_id, (fmt, cid, [p.message for p in result.problems])
        assert by_id[cid].author == author
        assert text_of(by_id[cid].html) == text
    for problem in result.problems:
        assert problem.source and problem.message and "\n" not in problem.message


@PROPERTY_SETTINGS
@given(data=st.binary(max_size=3000), head=st.sampled_from([b"", b"<!DOCTYPE html><html>", b'<?xml version="1.0"?>'
                                                            b'<rss xmlns:wp="http://wordpress.org/export/1.2/">',
                                                            b'<?xml version="1.0"?><disqus>']))
def test_random_bytes_never_break_the_import(tmp_path_factory, data, head):
    for parser in (html_page, wxr, disqus):
        assert parser.parse(head + data, "junk", CONTEXT) is not None
    path = tmp_path_factory.mktemp("junk") / "junk"
    path.write_bytes(head + data)
    result = import_comments([str(path)], ImportOptions(tz=BERLIN))
    assert result.totals["balanced"]
    assert result.problems or result.found == 0 or re.search(rb"comment", data, re.I)
