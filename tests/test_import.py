"""The whole import: every source format merged, threaded, matched, reported."""

from __future__ import annotations

import re
import shutil
from collections import Counter

import pytest

from archived_comments.model import HIDDEN, SPAM, VISIBLE
from helpers import COMMENTS
from importing import invoke_comments, invoke_json, run_import

ANAMORPHIC = "shooting-on-vintage-anamorphic-lenses"
SAVED_PAGE = "content/comments/saved-pages/shooting-on-vintage-anamorphic-lenses.html"
WXR = "content/comments/exports/ines-calder.wordpress.2021-03-01.xml"
DISQUS = "content/comments/exports/ines-calder.disqus.xml"


@pytest.fixture(scope="module")
def sample():
    return run_import([COMMENTS])


def thread_for(result, article):
    (thread,) = [t for t in result.threads if t.article == article]
    return thread


def test_wxr_saved_page_and_disqus_merge_comment_by_comment(sample):
    thread = thread_for(sample, ANAMORPHIC)
    got = {c.id: (c.parent, c.author, c.date.isoformat(), c.status, c.sources) for c in thread.comments}
    mara = next(c.id for c in thread.comments if c.author == "Mara Okafor")
    assert got == {
        "101": (None, "Tomasz Wren", "2019-03-15T09:12:00+01:00", VISIBLE, [WXR, SAVED_PAGE]),
        "102": ("101", "Ines Calder", "2019-03-15T11:40:00+01:00", VISIBLE, [WXR, SAVED_PAGE]),
        "103": ("102", "Tomasz Wren", "2019-03-15T13:05:00+01:00", VISIBLE, [WXR, SAVED_PAGE]),
        "104": (None, "Priya Raman", "2019-03-17T20:30:00+01:00", VISIBLE, [DISQUS, WXR, SAVED_PAGE]),
        # The export knows it was spam; the saved page showed it (it slipped through).
        "105": (None, "Cheap Lens Deals", "2019-03-20T03:14:00+01:00", SPAM, [WXR, SAVED_PAGE]),
        "106": ("104", "Jonas Berg", "2019-04-02T17:45:00+02:00", VISIBLE, [WXR]),
        mara: ("104", "Mara Okafor", "2019-05-11T10:00:00+02:00", VISIBLE, [DISQUS]),
    }
    assert thread.url == "https://ines-calder.example/shooting-on-vintage-anamorphic-lenses/"
    assert [c.id for c in thread.comments] == ["101", "102", "103", "104", "105", "106", mara]  # date order
    by_id = {c.id: c for c in thread.comments}
    assert by_id["102"].by_post_author and not by_id["101"].by_post_author
    assert [r.id for r in thread.roots] == ["101", "104", "105"]
    assert [r.id for r in by_id["104"].replies] == ["106", mara]


def test_every_comment_in_every_source_is_accounted_for(sample):
    totals = sample.totals
    assert totals["balanced"], totals
    assert totals["unmatched"] == 0 and sample.problems == []
    # Per source, each comment is found again by id (or, for Disqus, under a merged comment).
    ids_in_result = {alias for c in sample.comments for alias in c.aliases}
    per_file = Counter(source for c in sample.comments for source in c.sources)
    assert set(per_file) == set(sample.files)
    assert len(ids_in_result) >= len(sample.comments)


def test_wayback_captures_and_comment_pages_merge_without_loss():
    result = run_import([COMMENTS / "wayback"])
    assert result.problems == []
    (thread,) = result.threads
    assert thread.article == "financing-a-micro-budget-feature"
    assert thread.url == "https://ines-calder.example/financing-a-micro-budget-feature/"
    ids = [c.id for c in thread.comments]
    assert len(ids) == len(set(ids))
    # Every id that appears in any capture appears once in the thread.
    in_files = set()
    for path in (COMMENTS / "wayback").iterdir():
        text = path.read_text(encoding="utf-8")
        in_files |= set(re.findall(r'<li[^>]*\bid="(?:li-)?comment-(\d+)"', text))
    assert set(ids) == in_files
    assert result.totals["duplicates"] == result.found - len(ids) > 0
    for comment in thread.comments:
        assert "web.archive.org" not in (comment.author_url or "") + comment.html


def test_hidden_trash_pingbacks_and_missing_parents(sample):
    thread = thread_for(sample, "sound-is-half-the-picture")
    statuses = Counter((c.type, c.status) for c in thread.comments)
    assert statuses[("pingback", VISIBLE)] == 1 and statuses[("trackback", VISIBLE)] == 1
    assert statuses[("comment", HIDDEN)] == 2  # approved 0, and trash
    orphans = [c for c in thread.comments if c.removed_parent]
    assert len(orphans) == 1 and orphans[0].parent is None
    assert orphans[0] in thread.roots


@pytest.mark.slow
def test_json_report_is_the_documented_contract():
    data = invoke_json()
    assert set(data) >= {"threads", "problems", "totals"}
    for thread in data["threads"]:
        assert set(thread) >= {"url", "slug", "article", "comments"}
        for comment in thread["comments"]:
            assert set(comment) >= {"id", "parent", "author", "author_url", "date", "html", "status", "sources"}
            assert comment["status"] in ("visible", "spam", "hidden")
            assert comment["date"] is None or re.search(r"[+-]\d\d:\d\d$", comment["date"])
            assert not comment["id"].startswith("comment-")
    assert data["totals"]["balanced"] is True


@pytest.mark.slow
def test_source_option_reads_only_that_archive():
    data = invoke_json("--source", SAVED_PAGE)
    (thread,) = data["threads"]
    assert thread["article"] == ANAMORPHIC
    assert [c["id"] for c in thread["comments"]] == ["101", "102", "103", "104", "105"]
    # Alone, the saved page shows 105 as visible, but the spam rules catch it.
    spam = thread["comments"][4]
    assert spam["status"] == "spam" and "author-is-commercial" in spam["spam_rules"]


@pytest.mark.slow
def test_text_report_and_strict(tmp_path):
    result = invoke_comments()
    assert result.returncode == 0
    assert "shooting-on-vintage-anamorphic-lenses: 6 comment(s)" in result.stdout
    assert "balances" in result.stdout
    junk = tmp_path / "notes.xml"
    junk.write_text('<?xml version="1.0"?><playlist><track>1</track></playlist>')
    lax = invoke_comments("--source", str(junk))
    assert lax.returncode == 0 and "notes.xml" in lax.stdout and "not a comment archive" in lax.stdout
    strict = invoke_comments("--strict", "--source", str(junk))
    assert strict.returncode == 1


def test_a_broken_archive_does_not_stop_the_others(tmp_path):
    shutil.copytree(COMMENTS, tmp_path / "comments")
    (tmp_path / "comments" / "empty.html").write_bytes(b"")
    (tmp_path / "comments" / "binary.bin").write_bytes(bytes(range(256)) * 4)
    full = (COMMENTS / "exports" / "ines-calder.wordpress.2021-03-01.xml").read_bytes()
    (tmp_path / "comments" / "cut.xml").write_bytes(full[: len(full) // 2])
    result = run_import([tmp_path / "comments"], base=str(tmp_path))
    named = {p.source for p in result.problems}
    assert {"comments/empty.html", "comments/binary.bin", "comments/cut.xml"} <= named
    assert result.totals["balanced"]
    clean = run_import([COMMENTS])
    # Everything the intact archives hold is still there, with the same status.
    broken_ids = {(t.article, c.id, c.status) for t in result.threads for c in t.comments}
    assert {(t.article, c.id, c.status) for t in clean.threads for c in t.comments} <= broken_ids


def test_unmatched_threads_are_reported_not_dropped():
    result = run_import([COMMENTS / "exports" / "ines-calder.disqus.xml"], url_map={})
    (gear,) = result.unmatched
    assert gear.url == "https://ines-calder.example/old-gear-list/" and len(gear.comments) == 2
    assert result.totals["unmatched"] == 2 and result.totals["balanced"]
    mapped = run_import([COMMENTS / "exports" / "ines-calder.disqus.xml"],
                        url_map={"/old-gear-list/": "choosing-a-lens-for-interviews"})
    assert mapped.unmatched == []


@pytest.mark.slow
def test_no_email_or_ip_reaches_the_report():
    raw = "".join(p.read_text(encoding="utf-8", errors="replace") for p in COMMENTS.rglob("*") if p.is_file())
    emails = set(re.findall(r"[\w.+-]+@[\w-]+\.[\w.]+", raw))
    ips = set(re.findall(r"\b(?:\d{1,3}\.){3}\d{1,3}\b", raw))
    assert emails and ips
    report = invoke_comments("--json").stdout + invoke_comments().stdout + invoke_comments("--review").stdout
    for secret in emails | ips:
        assert secret not in report


@pytest.mark.slow
def test_same_sources_in_any_order_give_the_same_report(tmp_path):
    first = invoke_json()
    reversed_copy = tmp_path / "comments"
    files = sorted(p for p in COMMENTS.rglob("*") if p.is_file())
    for index, path in enumerate(reversed(files)):
        target = reversed_copy / f"{index:02d}-{path.name}"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target)
    a = run_import([COMMENTS])
    b = run_import([reversed_copy], base=str(tmp_path))
    def strip(result):
        return sorted(repr((t.article, c.id, c.parent, c.author, c.html, c.status)) for t in result.threads
                      for c in t.comments)

    assert strip(a) == strip(b)
    assert first["totals"] == invoke_json()["totals"]


def test_assets_of_a_saved_page_are_not_archives(tmp_path):
    folder = tmp_path / "comments"
    (folder / "my-post_files").mkdir(parents=True)
    shutil.copy(COMMENTS / "saved-pages" / "grading-night-exteriors.html", folder / "my-post.html")
    (folder / "my-post_files" / "style.css").write_text("body{}")
    (folder / "my-post_files" / "frame.html").write_text("<html><body>ad frame</body></html>")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    import pelicanconf
    from archived_comments import settings as plugin_settings

    settings = {}
    plugin_settings.apply_defaults(settings)
    result = run_import([folder], base=str(tmp_path), ignore=settings["COMMENTS_IGNORE"])
    assert result.files == ["comments/my-post.html"] and result.problems == []


def test_ignored_names_are_those_fnmatch_matches(tmp_path):
    """The ignore patterns go as one expression: it leaves out exactly the names that
    ``fnmatch.fnmatch`` matches with any one of them (classes, negated classes, ? and *, case)."""
    import fnmatch
    import os
    import random
    import string

    from wparchive.sources import DEFAULT_IGNORE, find_sources

    rng = random.Random(4)
    names = ["README.md", "readme", "notes.TXT", "page.html", "page_files", "x.CSS", "a[1].html", "]x", "uploads",
             "photo.JPG", "clip.mp4.html", "é.css", "Ünïcode.html"]
    names += ["".join(rng.choice(string.ascii_letters + ".-_[]") for _ in range(rng.randrange(1, 9))) for _ in range(300)]
    names = sorted({name for name in names if name not in (".", "..")})
    for name in names:
        (tmp_path / name).write_text("x")
    for patterns in (list(DEFAULT_IGNORE), ["*[a-c]*", "?"], ["[!x]*"], [], ["a?c", "*.h[t]ml", "[]]*"]):
        expected = [name for name in names if not any(fnmatch.fnmatch(name, p) for p in patterns)]
        assert [os.path.basename(path) for path in find_sources([str(tmp_path)], patterns)] == sorted(expected), patterns


def test_percent_encoded_wxr_slugs_match_their_pages():
    from archived_comments.merge import thread_key
    from archived_comments.model import SourceThread

    wxr = SourceThread(url="https://o.example/?p=9", slug="%ce%b5%cf%80%ce%b9%cf%83%ce%ba%ce%b5%cf%88%ce%b7", source="x")
    page = SourceThread(url="https://o.example/%CE%B5%CF%80%CE%B9%CF%83%CE%BA%CE%B5%CF%88%CE%B7/", source="y")
    assert thread_key(wxr) == thread_key(page) == "slug:επισκεψη"
