"""Broken archives: the build completes, the intact archives import fully, every problem is explained.

The broken archives are ``tests/fixtures/broken/`` (written by ``tests/hostile/make_broken.py``,
which also says what each must give); the 20 MB page is made in a temporary folder.  Also here:
the same sources in any file order, under any names and with any mtime, build the same site.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from archived_comments.model import plain_text
from hostile import archives
from hostile.generate import write_corpus
from hostile.make_broken import FOLDER as BROKEN, build as broken_archives
from helpers import COMMENTS
from importing import invoke_json, run_import
from sitebuild import copy_project, tree_digest

BROKEN_FILES = broken_archives()
EVERY = {item.name: item for item in BROKEN_FILES}


def source_name(item) -> str:
    return f"tests/fixtures/broken/{item.name}"


@pytest.fixture(scope="module")
def clean():
    return run_import([COMMENTS])


@pytest.fixture(scope="module")
def mixed():
    """The sample archives and every broken one, imported together."""
    return run_import([COMMENTS, BROKEN])


def test_the_fixtures_are_what_make_broken_writes():
    """The committed files are the generator's output (run tests/hostile/make_broken.py after changing it)."""
    on_disk = {p.name: p.read_bytes() for p in BROKEN.iterdir()}
    assert on_disk == {item.name: item.data for item in BROKEN_FILES}


@pytest.mark.parametrize("item", BROKEN_FILES, ids=lambda item: item.name)
def test_each_broken_archive_is_explained(mixed, item):
    name = source_name(item)
    problems = [p for p in mixed.problems if p.source == name]
    for line, pattern in item.problems:
        assert any(re.search(pattern, p.message) and (line is None or p.line == line) for p in problems), (
            f"expected at line {line}: {pattern}\ngot: " + "\n".join(f"{p.line}: {p.message}" for p in problems))
    for problem in problems:  # and nothing the fixture does not expect
        assert any(re.search(pattern, problem.message) for _, pattern in item.problems), problem
    imported: dict = {}
    for thread in mixed.threads:
        for comment in thread.comments:
            if name in comment.sources:
                imported.setdefault(thread.article, set()).add(comment.id)
    assert imported == item.comments
    by_id = {c.id: c for c in mixed.comments}
    for cid, text in item.texts.items():
        assert text in plain_text(by_id[cid].html).replace("&amp;", "&"), by_id[cid].html


def test_the_intact_archives_import_fully(clean, mixed):
    def key(result, sources):
        return {(t.article, c.id, c.status, c.parent, c.author, c.author_url, c.html, c.date)
                for t in result.threads for c in t.comments if set(c.sources) & sources}

    sample = {name for c in clean.comments for name in c.sources}
    assert key(clean, sample) <= key(mixed, sample)
    sample_problems = [p for p in mixed.problems if p.source in sample]
    assert sample_problems == clean.problems == []


def test_the_balance_holds(clean, mixed):
    assert mixed.totals["balanced"], mixed.totals
    assert mixed.found > clean.found
    assert mixed.totals["unmatched"] == sum(len(item.comments.get(None, ())) for item in BROKEN_FILES)


@pytest.mark.slow
def test_the_report_names_every_broken_file():
    data = invoke_json("--source", str(BROKEN))
    named = {p["source"] for p in data["problems"]}
    assert {source_name(item) for item in BROKEN_FILES if item.problems} <= named
    assert data["totals"]["balanced"] is True
    assert all(p["line"] is None or isinstance(p["line"], int) for p in data["problems"])


# ------------------------------------------------------------------ a 20 MB page


def big_page(folder: Path, size: int = 20_000_000) -> tuple[Path, set[str]]:
    """A 20 MB saved page: 'Save page as… complete' inlined its scripts, styles and images, and
    the post has thousands of comments, some replies."""
    rng = random.Random(20)
    entries = []
    number = 0
    while len(entries) < 4000:
        number += 1
        parent = str(700_000 + rng.randrange(number - 1)) if number > 1 and rng.random() < 0.3 else None
        entries.append(archives.Entry(str(700_000 + number - 1), f"Reader {number}",
                                      f"<p>Comment {number}: " + "frame rates and lenses " * 30 + "</p>",
                                      f"2020-01-01T10:{number % 60:02d}:00+01:00", f"https://r{number}.example/",
                                      parent))
    page = archives.html5_page(f"{archives.SITE}/grading-night-exteriors/", entries)
    junk = size - len(page)
    inline = (
        "<style>" + ".x{color:red}\n" * (junk // 3 // 14) + "</style>\n"
        + "<script>var bundle = '" + "A" * (junk // 3) + "';</script>\n"
    )
    image = '<img alt="" src="data:image/png;base64,' + "iVBORw0KGgo" * ((size - len(page) - len(inline)) // 11) + '">'
    page = page.replace("</head>", inline + "</head>", 1).replace('<div class="entry-content">',
                                                                   '<div class="entry-content">' + image, 1)
    path = folder / "grading-night-exteriors.big.html"
    path.write_text(page, encoding="utf-8")
    return path, {e.id for e in entries}


@pytest.mark.slow
def test_a_20_mb_page_imports_in_reasonable_time(tmp_path):
    path, ids = big_page(tmp_path)
    assert path.stat().st_size >= 20_000_000
    start = time.perf_counter()
    result = run_import([path], base=str(tmp_path))
    seconds = time.perf_counter() - start
    print(f"\n20 MB page ({path.stat().st_size / 1e6:.1f} MB, {len(ids)} comments) imported in {seconds:.1f} s")
    (thread,) = result.threads
    assert {c.id for c in thread.comments} == ids
    assert result.problems == [] and result.totals["balanced"]
    assert seconds < 120, f"{seconds:.1f} s"


def test_an_unclosed_script_in_every_comment_hides_none_of_them(tmp_path):
    """Each body ends in an unterminated <script src=…: the parser makes the rest of the page its
    text, again and again. Every comment is still read, each with its problem, in linear time."""
    entries = [archives.Entry(str(5000 + i), f"Reader {i}", f"<p>Comment {i}</p><script src=x", archives.iso_date(
        archives.datetime(2020, 1, 1, 12, 0, tzinfo=archives.timezone.utc)), "") for i in range(300)]
    path = tmp_path / "chain.html"
    path.write_text(archives.html5_page(f"{archives.SITE}/grading-night-exteriors/", entries), encoding="utf-8")
    start = time.perf_counter()
    result = run_import([path], base=str(tmp_path))
    assert time.perf_counter() - start < 30
    assert {c.id for c in result.comments} == {e.id for e in entries}
    assert {c.id: plain_text(c.html).strip() for c in result.comments} == {e.id: f"Comment {int(e.id) - 5000}"
                                                                          for e in entries}
    assert any("hidden by an unclosed <script>" in p.message for p in result.problems)
    assert result.totals["balanced"]


# ------------------------------------------------------------------ order, names, mtimes


def disagreeing_captures(folder: Path) -> None:
    """Two captures of one comment that disagree where neither is more complete."""
    url = f"{archives.SITE}/grading-night-exteriors/"
    for name, site, text, date in (("first", "https://tom-a.example/", "Lovely grade, abcd.", "09:12"),
                                   ("second", "https://tom-b.example/", "Lovely grade, wxyz.", "10:40")):
        entry = archives.Entry("9777", "Tom Wren", f"<p>{text}</p>", f"2019-03-15T{date}:00+01:00", site)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.html").write_text(archives.html5_page(url, [entry]), encoding="utf-8")


def test_which_copy_wins_does_not_depend_on_file_names(tmp_path):
    disagreeing_captures(tmp_path / "a")
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "first.html").rename(tmp_path / "b" / "second.html")
    (tmp_path / "a" / "second.html").rename(tmp_path / "b" / "first.html")
    disagreeing_captures(tmp_path / "a")
    shown = []
    for folder in ("a", "b"):
        result = run_import([tmp_path / folder], base=str(tmp_path / folder))
        (comment,) = result.comments
        shown.append((comment.author_url, comment.html, comment.date))
        assert any("differs between" in p.message for p in result.problems)
    assert shown[0] == shown[1]


# ------------------------------------------------------------------ whole builds


def build(project: Path, output: Path) -> subprocess.CompletedProcess:
    """Pelican as `invoke build` runs it; problems in archives are warnings, so only errors are fatal."""
    cmd = [sys.executable, "-m", "pelican", "content", "-o", str(output), "-s", "pelicanconf.py", "--fatal", "errors"]
    return subprocess.run(cmd, cwd=project, capture_output=True, text=True, env=dict(os.environ, COLUMNS="200"))


@pytest.mark.site
def test_the_site_builds_with_every_broken_archive(tmp_path, mixed):
    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project")
    shutil.copytree(BROKEN, project / "content" / "comments" / "broken")
    result = build(project, tmp_path / "site")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "problem(s)" in result.stdout + result.stderr
    for thread in mixed.threads:
        if thread.article is None:
            continue
        page = BeautifulSoup((tmp_path / "site" / thread.article / "index.html").read_text(encoding="utf-8"), "lxml")
        shown = {a["id"].removeprefix("comment-") for a in page.select("section#comments article[id^=comment-]")}
        visible = {c.id for c in thread.comments if c.status == "visible" and c.type == "comment"}
        assert visible <= shown, (thread.article, visible - shown)


@pytest.mark.site
def test_same_sources_in_any_order_name_and_mtime_build_the_same_site(tmp_path):
    """Archives renamed, moved to other folders, listed in another order and touched with other
    mtimes: the built pages are byte for byte the same."""
    corpus = tmp_path / "corpus"
    shutil.copytree(COMMENTS, corpus / "sample", ignore=shutil.ignore_patterns("*.toml", "*.md"))
    shutil.copytree(BROKEN, corpus / "broken")
    write_corpus(corpus / "hostile")
    disagreeing_captures(corpus / "disagreeing")
    files = sorted(p for p in corpus.rglob("*") if p.is_file())

    digests = []
    for run, order in enumerate((files, list(reversed(files)))):
        (tmp_path / f"project{run}").mkdir()
        project = copy_project(tmp_path / f"project{run}")
        target = project / "content" / "comments"
        for child in target.iterdir():  # the archives go; the moderation file and notes stay
            if child.is_dir():
                shutil.rmtree(child)
            elif child.suffix not in (".toml", ".md"):
                child.unlink()
        for index, path in enumerate(order):
            # Other names, other folders, other order on disk, other mtimes.
            name = f"{index:03d}-{path.name}" if run else f"z{len(order) - index:03d}_{path.stem}{path.suffix}"
            folder = target / (f"set{index % 3}" if run else "all")
            folder.mkdir(exist_ok=True)
            copy = folder / name
            shutil.copyfile(path, copy)
            stamp = 1_000_000_000 + (index * 7919 if run else (len(order) - index) * 104_729)
            os.utime(copy, (stamp, stamp))
        output = tmp_path / f"site{run}"
        result = build(project, output)
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        digests.append(tree_digest(output))
    assert len(digests[0]) > 20
    differing = sorted(k for k in digests[0].keys() | digests[1].keys() if digests[0].get(k) != digests[1].get(k))
    assert not differing, differing[:20]
