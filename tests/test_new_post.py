"""`invoke new "Title"`: a draft post with Pelican metadata, at an address nothing else uses.

Every test works on a copy of the project (tests/sitebuild.copy_project) and runs the real task in a
child process, as an author would; builds are Pelican's own (sitebuild.build).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from helpers import BERLIN, ROOT
from sitebuild import build, copy_project, tree_digest


from sitetools import new_post  # noqa: E402



def copy_project_and_tools(dest: Path) -> Path:
    """copy_project, plus sitetools/ (the code behind `invoke new` and `invoke check`)."""
    project = copy_project(dest)
    shutil.copytree(ROOT / "sitetools", project / "sitetools", ignore=shutil.ignore_patterns("__pycache__"))
    return project


def invoke(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "invoke", *args], cwd=project, capture_output=True, text=True)


def read_with_pelican(project: Path, relative: str):
    """The article as Pelican reads it (metadata parsed, slug as the build makes it)."""
    from pelican.contents import Article
    from pelican.readers import Readers

    settings = new_post.load_settings(project, "pelicanconf.py")
    settings["PATH"] = str(project / "content")
    return Readers(settings).read_file(base_path=settings["PATH"], path=relative, content_class=Article)


@pytest.fixture
def project(tmp_path) -> Path:
    (tmp_path / "project").mkdir()
    return copy_project_and_tools(tmp_path / "project")


@pytest.mark.slow
def test_new_writes_a_draft_with_pelican_metadata(project):
    before = datetime.now(BERLIN).replace(second=0, microsecond=0)
    result = invoke(project, "new", "Shooting at the Blue Hour", "--category", "Production", "--tags", "light,  location")
    after = datetime.now(BERLIN)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "content/articles/shooting-at-the-blue-hour.md"
    text = (project / result.stdout.strip()).read_text(encoding="utf-8")
    header = text.split("\n\n", 1)[0].splitlines()
    assert [line.split(":", 1)[0] for line in header] == ["Title", "Date", "Slug", "Category", "Tags", "Status", "Summary"]
    assert "Summary:" in header and "Status: draft" in header

    article = read_with_pelican(project, "articles/shooting-at-the-blue-hour.md")
    assert article.title == "Shooting at the Blue Hour"
    assert article.slug == "shooting-at-the-blue-hour"
    assert str(article.category) == "Production"
    assert [str(t) for t in article.tags] == ["light", "location"]
    assert article.status == "draft"
    assert article.date.utcoffset() == datetime.now(BERLIN).utcoffset()  # the site's zone, with its offset
    assert before <= article.date <= after


@pytest.mark.slow
def test_the_slug_is_the_one_pelican_derives(project):
    title = "Ça tourne: 35mm, f/1.4 & the «golden» hour!"
    result = invoke(project, "new", title)
    assert result.returncode == 0, result.stderr
    written = result.stdout.strip()
    derived = read_with_pelican(project, written.removeprefix("content/"))
    # The same title in a file without Slug: Pelican derives the same slug.
    (project / "content/articles/no-slug.md").write_text(f"Title: {title}\nDate: 2020-01-01 10:00+01:00\n\nText.\n")
    assert read_with_pelican(project, "articles/no-slug.md").slug == derived.slug == Path(written).stem


@pytest.mark.slow
def test_date_option_and_time_zone(project):
    result = invoke(project, "new", "Winter Festival Diary", "--date", "2031-01-15 09:30")
    assert result.returncode == 0, result.stderr
    text = (project / result.stdout.strip()).read_text(encoding="utf-8")
    assert "Date: 2031-01-15 09:30+01:00" in text
    result = invoke(project, "new", "Summer Festival Diary", "--date", "2031-07-15")
    assert "Date: 2031-07-15 00:00+02:00" in (project / result.stdout.strip()).read_text(encoding="utf-8")
    bad = invoke(project, "new", "Another Diary", "--date", "next tuesday-ish")
    assert bad.returncode != 0 and "--date" in bad.stderr
    assert not (project / "content/articles/another-diary.md").exists()


@pytest.mark.site
def test_new_draft_builds_locally_and_is_absent_from_production(project, tmp_path):
    result = invoke(project, "new", "Notes on a Night Shoot", "--tags", "light")
    assert result.returncode == 0, result.stderr
    slug = "notes-on-a-night-shoot"
    # The task says where the draft previews; the local build writes it at that address.
    preview = re.search(r"http://127\.0\.0\.1:8000(/\S+/)", result.stderr)
    assert preview and "invoke livereload" in result.stderr, result.stderr
    assert preview.group(1) == f"/drafts/{slug}/"

    local = tmp_path / "local"
    built = build(local, cwd=project)
    assert built.returncode == 0, built.stdout + built.stderr
    assert (local / preview.group(1).strip("/") / "index.html").is_file()
    page = (local / "drafts" / slug / "index.html").read_text(encoding="utf-8")
    assert "Notes on a Night Shoot" in page and 'class="badge draft-badge">Draft<' in page
    assert f"{slug}/" in (local / "drafts" / "index.html").read_text(encoding="utf-8")
    assert slug not in (local / "index.html").read_text(encoding="utf-8")
    assert "data-pagefind-body" not in page  # drafts stay out of the search index

    production = tmp_path / "production"
    built = build(production, settings="publishconf.py", cwd=project)
    assert built.returncode == 0, built.stdout + built.stderr
    assert not (production / "drafts").exists()
    leaks = [p for p in production.rglob("*") if p.is_file() and slug.encode() in p.read_bytes()]
    assert leaks == []


@pytest.mark.slow
def test_refuses_to_overwrite(project):
    path = project / "content/articles/shooting-on-vintage-anamorphic-lenses.md"
    before = path.read_bytes()
    result = invoke(project, "new", "Shooting on Vintage Anamorphic Lenses")
    assert result.returncode != 0
    assert "already exists" in result.stderr and "never overwritten" in result.stderr
    assert path.read_bytes() == before


@pytest.mark.slow
def test_refuses_the_slug_of_an_existing_article_under_another_file_name(project):
    # Given (Slug:) in a file of another name ...
    (project / "content/articles/blue-hour-notes.md").write_text(
        "Title: Blue hour notes\nDate: 2024-01-01 10:00+01:00\nSlug: magic-hour\n\nText.\n", encoding="utf-8")
    result = invoke(project, "new", "Magic Hour")
    assert result.returncode != 0
    assert "magic-hour" in result.stderr and "content/articles/blue-hour-notes.md" in result.stderr
    assert not (project / "content/articles/magic-hour.md").exists()
    # ... or derived by Pelican from the title of a page.
    (project / "content/pages/contact-me.md").write_text("Title: Press Kit\n\nText.\n", encoding="utf-8")
    result = invoke(project, "new", "Press kit")
    assert result.returncode != 0 and "content/pages/contact-me.md" in result.stderr
    assert not (project / "content/articles/press-kit.md").exists()


@pytest.mark.slow
def test_refuses_the_slug_of_an_archived_thread_whose_post_is_not_imported(project):
    # Take a thread the sample's archives match to an article, and remove that article:
    # its comments are then a thread of a post the author has not imported (yet).
    site = new_post.Site(project, "pelicanconf.py")
    contents = site.contents
    threads = new_post.comment_threads(site)
    thread = next(t for t in threads if t.article and t.article == t.slug)
    article = next(c for c in contents if c.slug == thread.slug)
    Path(article.source_path).unlink()

    result = invoke(project, "new", article.title)
    assert result.returncode != 0
    assert f"'{thread.slug}'" in result.stderr
    assert "no article yet" in result.stderr and "import-posts" in result.stderr
    assert not (project / "content/articles" / f"{thread.slug}.md").exists()


@pytest.mark.slow
def test_refuses_an_old_address_mapped_elsewhere_and_the_sites_own_folders(project):
    mapped = invoke(project, "new", "Old Gear List")  # COMMENTS_URL_MAP sends its comments to the lens article
    assert mapped.returncode != 0 and "COMMENTS_URL_MAP" in mapped.stderr
    for title in ("Archives", "Search", "2019", "Tags"):
        result = invoke(project, "new", title)
        assert result.returncode != 0, title
    assert sorted(p.name for p in (project / "content/articles").iterdir()) == sorted(
        p.name for p in (ROOT / "content/articles").iterdir())


def test_a_slug_of_ones_own():
    from pelican.settings import DEFAULT_CONFIG

    settings = dict(DEFAULT_CONFIG, TIMEZONE="Europe/Berlin")
    assert new_post.make_slug("Hello, World!", settings) == "hello-world"
    moment = new_post.post_date(settings, "2026-03-29 12:00")  # the day summer time starts
    assert new_post.format_date(moment) == "2026-03-29 12:00+02:00"
    now = datetime(2026, 1, 5, 10, 7, 33, tzinfo=BERLIN)
    assert new_post.format_date(new_post.post_date(settings, None, now)) == "2026-01-05 10:07+01:00"
    assert new_post.post_date(settings, "2026-01-05T10:00:00Z").utcoffset() == timedelta(hours=1)


@pytest.mark.slow
def test_slug_option(project):
    result = invoke(project, "new", "Grading Night Exteriors", "--slug", "grading-night-exteriors-revisited")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "content/articles/grading-night-exteriors-revisited.md"
    bad = invoke(project, "new", "Whatever", "--slug", "Not A Slug")
    assert bad.returncode != 0 and "--slug" in bad.stderr


@pytest.mark.site
def test_a_post_dated_next_year_is_scheduled_locally_and_absent_from_production(project, tmp_path):
    next_year = datetime.now(BERLIN).year + 1
    result = invoke(project, "new", "Festival Season Plans", "--date", f"{next_year}-03-01 08:00")
    assert result.returncode == 0, result.stderr
    path = project / result.stdout.strip()
    # The author finishes the post and removes the draft status: the date alone now holds it back.
    path.write_text(path.read_text(encoding="utf-8").replace("Status: draft\n", "").replace(
        "Summary:\n", "Summary: Where we will be.\n"), encoding="utf-8")
    slug = "festival-season-plans"

    local = tmp_path / "local"
    assert build(local, cwd=project).returncode == 0
    badge = (local / "drafts" / slug / "index.html").read_text(encoding="utf-8")
    assert f'class="badge draft-badge">Scheduled for 1 March {next_year}<' in badge
    assert slug not in (local / "index.html").read_text(encoding="utf-8")

    production = tmp_path / "production"
    assert build(production, settings="publishconf.py", cwd=project).returncode == 0
    assert [p for p in production.rglob("*") if p.is_file() and slug.encode() in p.read_bytes()] == []


@pytest.mark.parametrize("task", ["new", "import-posts"])
@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_flags_print_the_tasks_help_and_write_nothing(project, task, flag):
    """invoke takes the word after a task with a required argument as its value: `invoke new --help` once
    started a post titled "--help", and `invoke import-posts --help` looked for a file named so."""
    def sources():
        return {path: digest for path, digest in tree_digest(project).items() if "__pycache__" not in path}

    before = sources()
    result = invoke(project, task, flag)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith(f"Usage: inv[oke] [--core-opts] {task} "), result.stdout
    assert "--dry-run" in result.stdout if task == "import-posts" else "--category" in result.stdout
    assert "no such file" not in result.stderr
    assert sources() == before  # no post, no import, no cache
