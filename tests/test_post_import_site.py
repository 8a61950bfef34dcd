"""End to end: an empty site, the old blog's archive under content/comments/, `invoke import-posts`,
`invoke build` — every imported article shows its archived comments with no COMMENTS_URL_MAP entry,
and a second import changes no file."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from helpers import ROOT
from sitebuild import build, copy_project, tree_digest

pytestmark = pytest.mark.slow

ARCHIVE = ROOT / "tests" / "fixtures" / "posts" / "archive"

# COMMENTS_IGNORE is left at its default: it leaves out the archive's images, a saved page's `_files/`
# folder and the `uploads/` mirror, for the comment import and the post import alike.
NO_URL_MAP = "\nCOMMENTS_URL_MAP = {}\n"


def invoke(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "invoke", *args], cwd=project, capture_output=True, text=True)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("e2e"))
    shutil.rmtree(project / "content" / "articles")
    (project / "content" / "articles").mkdir()
    shutil.rmtree(project / "content" / "comments")
    shutil.copytree(ARCHIVE, project / "content" / "comments")
    with open(project / "pelicanconf.py", "a", encoding="utf-8") as handle:
        handle.write(NO_URL_MAP)
    first = invoke(project, "import-posts", "content/comments")
    assert first.returncode == 0, first.stdout + first.stderr
    digest = tree_digest(project / "content")
    return project, first, digest


def test_the_report(site):
    _, first, _ = site
    text = first.stdout
    assert "articles/lighting-a-kitchen-interview.md" in text
    assert "old-camera-checklist__trashed" in text and "in the trash" in text
    assert "https://cdn.sound.example/blankets-on-stands.jpg" in text  # remote only: listed, not fetched
    assert "Conversion warnings" in text and "<sub>" in text


def test_the_import_reads_what_the_comment_import_reads_and_counts_the_rest(site):
    """One ignore rule: the post import reads the files the build's comment import reads, and counts every
    other file of the archive (the images, the `_files` folder, `uploads/`) as not read."""
    project, first, _ = site
    archive = project / "content" / "comments"
    every_file = sorted(p.relative_to(project).as_posix() for p in archive.rglob("*") if p.is_file())
    assets = [name for name in every_file if name.endswith((".png", ".css"))]
    assert len(assets) == 7 and any("_files/" in name for name in assets) and any("/uploads/" in name for name in assets)

    data = json.loads(invoke(project, "import-posts", "content/comments", "--dry-run", "--json").stdout)
    assert data["ignored"] == assets
    assert sorted(data["sources"] + data["ignored"]) == every_file
    assert not [p for p in data["problems"] if p["source"] in assets]
    assert f"{len(data['sources'])} source file(s)" in first.stdout
    assert f"{len(assets)} file(s) not read, as COMMENTS_IGNORE says" in first.stdout

    comments = invoke(project, "comments", "--json")
    assert comments.returncode in (0, 1), comments.stderr
    build = json.loads(comments.stdout)
    read_by_build = {source for thread in build["threads"] for comment in thread["comments"]
                     for source in comment["sources"]}
    read_by_build |= {problem["source"] for problem in build["problems"]}
    assert read_by_build and read_by_build <= set(data["sources"]) and not read_by_build & set(assets)
    text = invoke(project, "comments")
    assert f"Archived comments: {len(data['sources'])} source file(s)" in text.stdout


@pytest.mark.site
def test_build_shows_every_archived_comment_under_its_imported_article(site, tmp_path):
    project, _, _ = site
    output = tmp_path / "out"
    result = build(output, cwd=project)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]

    # The comment ids every archive of the fixture holds, per old post name.
    expected = {
        "lighting-a-kitchen-interview": {"501", "502"},
        "sound-blankets-on-a-budget": {"510"},
        "a-week-of-pickup-shots": {"601", "602"},
        "colour-charts-on-set": {"611"},
        "storyboards-from-a-phone": {"621"},
        "renting-a-dolly": {"631", "632"},
        "grip-truck-diaries": {"641"},
    }
    articles = sorted(p.stem for p in (project / "content" / "articles").glob("*.md"))
    published = [s for s in articles if (output / s / "index.html").is_file()]
    assert set(published) == set(expected)
    for slug, ids in expected.items():
        html = BeautifulSoup((output / slug / "index.html").read_text(encoding="utf-8"), "lxml")
        section = html.select_one("section#comments")
        assert section is not None, slug
        shown = {a["id"].removeprefix("comment-") for a in section.select("article[id^=comment-]")}
        assert shown == ids, slug
    text = (output / "lighting-a-kitchen-interview" / "index.html").read_text(encoding="utf-8")
    assert "images/imported/2019/05/kitchen-key-light.png" in text
    assert (output / "images/imported/2019/05/kitchen-key-light.png").is_file()
    assert 'class="video-embed"' in text and "<iframe" not in text
    assert (output / "films" / "the-quiet-reservoir" / "index.html").is_file()  # the child page's old URL
    author = BeautifulSoup((output / "grip-truck-diaries" / "index.html").read_text(encoding="utf-8"), "lxml")
    assert author.select_one(".author-box") is not None  # the kept sample profile, not overwritten


def test_second_run_changes_nothing(site):
    project, _, digest = site
    again = invoke(project, "import-posts", "content/comments")
    assert again.returncode == 0, again.stderr
    assert tree_digest(project / "content") == digest
    assert re.search(r"Posts and pages written \(0 post\(s\), 0 page\(s\)\)", again.stdout)
    assert "already imported" in again.stdout


def test_dry_run_and_force(site):
    project, _, digest = site
    dry = invoke(project, "import-posts", "content/comments", "--dry-run", "--force")
    assert dry.returncode == 0 and "dry run" in dry.stdout
    assert tree_digest(project / "content") == digest
    forced = invoke(project, "import-posts", "content/comments", "--force")
    assert forced.returncode == 0
    assert tree_digest(project / "content") == digest  # same sources, same bytes
    assert "Unchanged" in forced.stdout


def test_other_content_folder_and_json(site, tmp_path):
    project, _, _ = site
    other = tmp_path / "content"
    other.mkdir()
    result = invoke(project, "import-posts", "content/comments/wayback", "--content", str(other), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [p["slug"] for p in data["posts"]] == ["renting-a-dolly"]
    assert (other / "articles" / "renting-a-dolly.md").is_file()
    missing = invoke(project, "import-posts", "no/such/folder")
    assert missing.returncode == 2 and "no such file" in missing.stderr
