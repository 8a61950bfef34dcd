"""The import cache and the rendered-section cache: a warm build equals an uncached one, byte for byte,
and each change redoes exactly what depends on it."""

from __future__ import annotations

import json
import re
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace

import pytest

from archived_comments import import_cache, pelican_handlers
from archived_comments.importer import ImportOptions
from archived_comments.model import Comment, ParseResult, SourceThread
from archived_comments.report import as_json
from archived_comments.settings import CommentsSettings
from archived_comments.stable_hash import thread_digest
from helpers import CONTENT
from importing import sample_articles
from siteconf.zone import site_timezone
from sitebuild import build, copy_project, tree_digest

ANAMORPHIC = "shooting-on-vintage-anamorphic-lenses"
GRADING = "grading-night-exteriors"


# ------------------------------------------------------------------ the import cache, in this process

def test_bare_import_options_are_the_settings_defaults():
    """One default in one place: ImportOptions() imports as a site with no COMMENTS_ setting does."""
    assert ImportOptions() == ImportOptions.from_settings(CommentsSettings(), site_timezone(None), None, None)
    assert ImportOptions().ignore == tuple(CommentsSettings().ignore)


@pytest.fixture
def project(tmp_path):
    """A content folder of the sample's archives, with Pelican-like settings and content objects."""
    shutil.copytree(CONTENT / "comments", tmp_path / "content" / "comments")
    settings = {"PATH": str(tmp_path / "content"), "CACHE_PATH": str(tmp_path / "cache"),
                "TIMEZONE": "Europe/Berlin", "COMMENTS_URL_MAP": {}}
    contents = [SimpleNamespace(slug=ref.slug, url=ref.url) for ref in sample_articles()]
    return SimpleNamespace(root=tmp_path, settings=settings, contents=contents,
                           archives=tmp_path / "content" / "comments")


@pytest.fixture
def counted(monkeypatch):
    """How many times the import itself ran (not taken from the cache)."""
    runs = []
    real = pelican_handlers.import_comments

    def import_comments(*args, **kwargs):
        runs.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(pelican_handlers, "import_comments", import_comments)
    return runs


def imported(project, **override):
    settings = dict(project.settings, **override)
    return pelican_handlers.cached_import(settings, project.contents, new_comments=False)


def uncached(project, **override):
    return imported(project, COMMENTS_CACHE=False, **override).result


def test_a_thread_digest_is_the_stable_digest_of_its_fields_comments_and_shape(project):
    """thread_digest skips stable_digest's walk over records it made canonical itself: the same digest
    (the caches' keys do not change), and a change in any comment's field changes it."""
    from archived_comments.stable_hash import _THREAD_FIELDS, _comment_record, stable_digest

    threads = uncached(project).threads
    assert sum(len(t.comments) for t in threads) > 50
    for thread in threads:
        assert thread_digest(thread) == stable_digest(tuple(getattr(thread, name) for name in _THREAD_FIELDS),
                                                      [_comment_record(c) for c in thread.comments],
                                                      [root.key for root in thread.roots])
    thread = next(t for t in threads if len(t.comments) > 1)
    before = thread_digest(thread)
    thread.comments[-1].author += "."
    assert thread_digest(thread) != before


def test_a_hit_parses_nothing_and_scores_nothing(project, counted, monkeypatch):
    first = imported(project)
    assert len(counted) == 1 and first.digests == [thread_digest(t) for t in first.result.threads]

    def refuse(*args, **kwargs):
        raise AssertionError("a cache hit must not parse or score")

    monkeypatch.setattr("archived_comments.importer.parse_file", refuse)
    monkeypatch.setattr("archived_comments.importer.score_comments", refuse)
    monkeypatch.setattr(pelican_handlers, "BackgroundParser", refuse)
    again = imported(project)
    assert len(counted) == 1
    assert as_json(again.result) == as_json(first.result)
    assert again.digests == first.digests
    assert again.result.totals["balanced"] and again.result.totals["found"] > 50


def _moderate(project, before):
    hidden = next(c for t in before.threads if t.article == ANAMORPHIC for c in t.comments
                  if c.status == "visible")
    (project.archives / "moderation.toml").write_text(
        f'[[comment]]\nid = "{hidden.id}"\naction = "hide"\nreason = "test"\n', encoding="utf-8")


def _archive_byte(project, before):
    """One letter of one comment's text, in one saved page."""
    page = project.archives / "saved-pages" / f"{GRADING}.html"
    data = page.read_bytes()
    comment = next(c for c in before.comments if any(source.endswith(page.name) for source in c.sources))
    word = next(w for w in re.findall(r"[a-z]{6,}", comment.html) if data.count(w.encode()) == 1).encode()
    page.write_bytes(data.replace(word, word[:1].upper() + word[1:]))


def _slug(project, before):
    project.contents = [SimpleNamespace(slug="anamorphic", url="anamorphic/") if c.slug == ANAMORPHIC else c
                        for c in project.contents]


CHANGES = {
    "moderation": (_moderate, {}),
    "archive byte": (_archive_byte, {}),
    "article slug": (_slug, {}),
    "spam setting": (None, {"COMMENTS_SPAM_THRESHOLD": 1, "COMMENTS_SPAM_APPROVED_THRESHOLD": 1}),
    "url map": (None, {"COMMENTS_URL_MAP": {"/grading-night-exteriors/": ANAMORPHIC}}),
    "zone": (None, {"TIMEZONE": "America/New_York"}),
    "ignore": (None, {"COMMENTS_IGNORE": [*CommentsSettings().ignore, "wayback"]}),
    "mentions": (None, {"COMMENTS_SHOW_MENTIONS": False}),
}


@pytest.mark.parametrize("change", CHANGES)
def test_each_input_of_the_import_is_in_its_key(project, counted, change):
    edit, override = CHANGES[change]
    before = imported(project)
    assert len(counted) == 1
    if edit:
        edit(project, before.result)
    after = imported(project, **override)
    assert len(counted) == 2, f"{change}: the cached import was used"
    assert as_json(after.result) != as_json(before.result)
    assert as_json(after.result) == as_json(uncached(project, **override))
    assert after.result.totals["balanced"]
    # ... and once kept, the changed inputs are a hit of their own.
    assert as_json(imported(project, **override).result) == as_json(after.result)
    assert len(counted) == 3  # the uncached import above ran, this one did not


def test_isso_comments_and_the_code_are_in_the_key(monkeypatch):
    refs = sample_articles()
    inputs = import_cache.ImportInputs.read([], ImportOptions())

    def isso(html):
        comment = Comment(id="isso-1", html=html, scheme="isso")
        return ParseResult(threads=[SourceThread(url="https://old.example/a/", comments=[comment])])

    keys = [inputs.key(refs, new).full for new in (None, isso("<p>Hi</p>"), isso("<p>Hi!</p>"))]
    assert len(set(keys)) == 3 and inputs.key(refs, isso("<p>Hi</p>")).full == keys[1]
    monkeypatch.setattr(import_cache, "CODE_VERSION", "another-version")
    assert import_cache.ImportInputs.read([], ImportOptions()).digest != inputs.digest


def test_archive_digests_are_read_again_only_for_files_that_changed(tmp_path, monkeypatch):
    """KnownDigests: a file unchanged since its digest was taken is not read again; one rewritten (even
    to the same size, its modification time put back) is; so is one taken just after it was written."""
    import hashlib
    import os
    import time

    monkeypatch.setattr(import_cache.KnownDigests, "TICK_NS", 100_000_000)  # a file system with a fine clock
    reads = []
    real = hashlib.file_digest
    monkeypatch.setattr(hashlib, "file_digest", lambda handle, name: reads.append(handle.name) or real(handle, name))
    kept, old, fresh = tmp_path / "digests.pickle", tmp_path / "old.html", tmp_path / "fresh.html"
    old.write_bytes(b"<p>first</p>")
    time.sleep(2 * import_cache.KnownDigests.TICK_NS / 1e9)

    def digests(*paths):
        known = import_cache.KnownDigests(kept)
        found = [known.sha256(str(path)) for path in paths]
        known.save()
        return found

    assert digests(old) == [hashlib.sha256(b"<p>first</p>").hexdigest()] and reads == [str(old)]
    assert digests(old) == [hashlib.sha256(b"<p>first</p>").hexdigest()] and reads == [str(old)]  # not read
    stamp = os.stat(old).st_mtime_ns
    old.write_bytes(b"<p>other</p>")  # the same size,
    os.utime(old, ns=(stamp, stamp))  # and the same modification time
    assert digests(old) == [hashlib.sha256(b"<p>other</p>").hexdigest()] and len(reads) == 2
    fresh.write_bytes(b"<p>new</p>")
    digests(fresh)
    digests(fresh)  # taken within a tick of the write: not trusted
    assert reads.count(str(fresh)) == 2
    kept.write_bytes(b"not a pickle")  # a torn file: no entries, every file read
    assert digests(old, fresh) == [hashlib.sha256(b"<p>other</p>").hexdigest(), hashlib.sha256(b"<p>new</p>").hexdigest()]
    # Another set of files asked for (invoke comments --source) keeps the first set's digests.
    time.sleep(2 * import_cache.KnownDigests.TICK_NS / 1e9)
    digests(old, fresh)
    before = len(reads)
    digests(fresh)
    digests(old)
    assert len(reads) == before


def test_a_comment_dated_in_the_future_expires_the_entry(project, monkeypatch):
    first = imported(project).result
    latest = max(c.date for c in first.comments if c.date)

    class Clock(datetime):
        moment = latest - timedelta(days=1)

        @classmethod
        def now(cls, tz=None):
            return cls.moment

    # Kept while its newest comment was in the future (the import named it a problem), the entry
    # holds until that date, then the import runs again.
    monkeypatch.setattr(import_cache, "datetime", Clock)
    cache = pelican_handlers.import_cache(project.settings, None, new_comments=False)
    key = pelican_handlers.import_inputs(project.settings).key(sample_articles(), None)
    cache.store(key, first)
    assert cache.load(key) is not None
    Clock.moment = latest + timedelta(seconds=1)
    assert cache.load(key) is None


# ------------------------------------------------------------------ whole builds

PREVIS = "first-notes-on-generative-previsualisation"  # the one sample post without comments


def build_logged(project: Path, output: Path, *extra: str) -> dict:
    """Build ``project`` into ``output`` (Pelican's debug log on); what the caches did."""
    result = build(output, cwd=project, extra=["-D", *extra])
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    log = " ".join((result.stdout + result.stderr).split())
    imported = re.search(r"imported (\d+) archive file\(s\), (\d+) of them from the parse cache", log)
    sections = re.search(r"(\d+) comment section\(s\) rendered, (\d+) from the cache", log)
    feeds = re.search(r"(\d+) article comment feed\(s\) made, (\d+) from the cache", log)
    trees = re.search(r"(\d+) comment view tree\(s\) made", log)
    read = re.search(r"(\d+) thread\(s\) read from the import cache", log)
    return {
        "import": "cached" if "the import is the cached one" in log else "ran" if imported else None,
        "parsed": int(imported.group(1)) - int(imported.group(2)) if imported else 0,
        "rendered": int(sections.group(1)) if sections else None,
        "reused": int(sections.group(2)) if sections else None,
        "feeds made": int(feeds.group(1)) if feeds else None,
        "feeds reused": int(feeds.group(2)) if feeds else None,
        "trees": int(trees.group(1)) if trees else None,
        "threads read": int(read.group(1)) if read else None,
    }


def caches(stats: dict) -> dict:
    """The import's and the sections' part of ``build_logged``'s figures."""
    return {name: stats[name] for name in ("import", "parsed", "rendered", "reused")}


# The sample site's local settings write no comment feed; these builds do (publishconf.py's).
FEEDS = ('COMMENTS_FEED_ATOM="feeds/comments/{slug}.atom.xml"', 'COMMENTS_FEED_ALL_ATOM="feeds/comments.atom.xml"')


def json_ld_comments(page: Path) -> list:
    """The JSON-LD ``comment`` list of an article page."""
    data = re.search(r'<script type="application/ld\+json">(.*?)</script>', page.read_text(encoding="utf-8"), re.S)
    return json.loads(data.group(1)).get("comment", [])


@pytest.mark.site
@pytest.mark.slow
def test_warm_builds_equal_uncached_ones_and_redo_only_what_changed(tmp_path):
    (tmp_path / "site").mkdir()
    project = copy_project(tmp_path / "site")
    cache = project / "cache" / "archived_comments"
    builds = iter(range(100))

    def cached(*settings):
        output = tmp_path / f"out-{next(builds)}"
        stats = build_logged(project, output, "-e", *FEEDS, *settings)
        return output, caches(stats), stats

    def same_as_uncached(output, *settings):
        """The output equals a build with COMMENTS_CACHE off, file for file, byte for byte; that build
        touches no cache file."""
        before = tree_digest(cache)
        reference = tmp_path / f"out-{next(builds)}"
        stats = build_logged(project, reference, "-e", "COMMENTS_CACHE=false", *FEEDS, *settings)
        assert stats["import"] == "ran" and stats["reused"] == 0
        assert tree_digest(cache) == before
        built, expected = tree_digest(output), tree_digest(reference)
        assert built.keys() == expected.keys()
        assert [name for name in built if built[name] != expected[name]] == []

    output, cold, more = cached()
    assert cold == {"import": "ran", "parsed": 9, "rendered": 9, "reused": 0}
    assert more["feeds made"] == 9 and more["feeds reused"] == 0
    output, warm, more = cached()
    assert warm == {"import": "cached", "parsed": 0, "rendered": 0, "reused": 9}
    # Nothing is made of an unchanged thread: no feed, no JSON-LD, no view tree.
    assert (more["feeds made"], more["feeds reused"], more["trees"]) == (0, 9, 0)
    # Nor read: of the import's cached threads, only those of the recent comments listed (one here).
    _, _, recent_one = cached("COMMENTS_RECENT_COUNT=1")
    assert recent_one["import"] == "cached" and recent_one["rendered"] == 0 and recent_one["threads read"] == 1
    # What is compared below holds comment feeds and JSON-LD with comments.
    feed = output / "feeds" / "comments" / f"{GRADING}.atom.xml"
    assert feed.read_text(encoding="utf-8").count("<entry>") >= 2
    assert (output / "feeds" / "comments.atom.xml").is_file()
    assert len(json_ld_comments(output / GRADING / "index.html")) >= 2
    same_as_uncached(output)

    # One comment hidden in moderation.toml: the import runs again (no file parsed), one section is redone.
    page = (output / ANAMORPHIC / "index.html").read_text(encoding="utf-8")
    first_id = re.search(r'<article id="comment-([^"]+)" class="comment-body">', page).group(1)
    (project / "content" / "comments" / "moderation.toml").write_text(
        f'[[comment]]\nid = "{first_id}"\naction = "hide"\nreason = "a test"\n', encoding="utf-8")
    anamorphic_ld = json_ld_comments(output / ANAMORPHIC / "index.html")
    output, stats, more = cached()
    assert stats == {"import": "ran", "parsed": 0, "rendered": 1, "reused": 8}
    assert (more["feeds made"], more["feeds reused"], more["trees"]) == (1, 8, 1)
    assert f'id="comment-{first_id}"' not in (output / ANAMORPHIC / "index.html").read_text(encoding="utf-8")
    assert len(json_ld_comments(output / ANAMORPHIC / "index.html")) == len(anamorphic_ld) - 1
    assert f"#comment-{first_id}" not in (output / "feeds" / "comments" / f"{ANAMORPHIC}.atom.xml").read_text(
        encoding="utf-8")
    same_as_uncached(output)

    # The site's name and address: every feed is made again (they show both).
    for setting in ('SITENAME="Another name"', 'SITEURL="https://elsewhere.example"'):
        output, stats, more = cached(setting)
        assert stats["import"] == "cached" and (more["feeds made"], more["feeds reused"]) == (9, 0), setting
        assert more["trees"] == 0, setting  # the feeds are made of the visible comments, not of the views
        same_as_uncached(output, setting)

    # The comment partial changes: every section is redone, the import is not; another template: neither.
    partial = project / "theme" / "templates" / "partials" / "comment_section.html"
    partial.write_text(partial.read_text(encoding="utf-8").replace(
        '<h2 id="comments-heading">', '<h2 id="comments-heading" class="comments-heading">'), encoding="utf-8")
    output, stats, _ = cached()
    assert stats == {"import": "cached", "parsed": 0, "rendered": 9, "reused": 0}
    assert 'class="comments-heading"' in (output / GRADING / "index.html").read_text(encoding="utf-8")
    same_as_uncached(output)
    footer = project / "theme" / "templates" / "partials" / "footer.html"
    footer.write_text(footer.read_text(encoding="utf-8") + "<!-- a footer note -->\n", encoding="utf-8")
    output, stats, _ = cached()
    assert stats == {"import": "cached", "parsed": 0, "rendered": 0, "reused": 9}
    same_as_uncached(output)

    # A setting the sections read: every one is redone, the import is not.
    date_format = ['COMMENTS_DATE_FORMAT="%Y-%m-%d"']
    output, stats, _ = cached(*date_format)
    assert stats == {"import": "cached", "parsed": 0, "rendered": 9, "reused": 0}
    same_as_uncached(output, *date_format)

    # One letter of one comment in one archive: that file is parsed again, its article's section redone.
    saved = project / "content" / "comments" / "saved-pages" / f"{GRADING}.html"
    data = saved.read_bytes()
    text = re.search(rb'<div class="comment-(?:content|body)[^"]*"[^>]*>.*?<p>([^<]*?\b([a-z]{6,})\b)', data, re.S)
    word = text.group(2)
    assert data.count(word) == 1, word
    saved.write_bytes(data.replace(word, word[:1].upper() + word[1:]))
    output, stats, _ = cached()
    assert stats == {"import": "ran", "parsed": 1, "rendered": 1, "reused": 8}
    assert (word[:1].upper() + word[1:]).decode() in (output / GRADING / "index.html").read_text(encoding="utf-8")
    same_as_uncached(output)

    # An article's slug: matching runs again (from the parse cache); no thread changed, no section is redone.
    post = project / "content" / "articles" / f"{PREVIS}.md"
    post.write_text(post.read_text(encoding="utf-8").replace(f"Slug: {PREVIS}", "Slug: previsualisation-notes"),
                    encoding="utf-8")
    output, stats, _ = cached()
    assert stats == {"import": "ran", "parsed": 0, "rendered": 0, "reused": 9}
    assert (output / "previsualisation-notes" / "index.html").is_file()
    same_as_uncached(output)
