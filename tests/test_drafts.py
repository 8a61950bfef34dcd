"""Drafts and scheduled posts: shown (marked) in local builds, never in the production build.

One project copy with three extra posts (a draft, a post dated next year, an old article of the sample
turned into a draft, which keeps its archived comments), built once with each settings file.
"""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup

from helpers import ROOT
from sitebuild import build, copy_project


from drafts.drafts import draft_label  # noqa: E402
from sitetools import check  # noqa: E402

NEXT_YEAR = datetime.now(timezone.utc).year + 1
DRAFT, FUTURE = "a-draft-about-sound", "a-post-for-next-year"


def comment_ids(page: BeautifulSoup) -> set[str]:
    return {a["id"] for a in page.select("section#comments article[id^=comment-]")}


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> SimpleNamespace:
    root = copy_project(tmp_path_factory.mktemp("drafts-project"))
    articles = root / "content" / "articles"
    (articles / f"{DRAFT}.md").write_text(
        f"Title: A Draft About Sound\nDate: 2024-02-01 10:00+01:00\nSlug: {DRAFT}\nCategory: Sound\n"
        "Status: draft\nSummary: Not ready.\n\nSound, again.\n", encoding="utf-8")
    (articles / f"{FUTURE}.md").write_text(
        f"Title: A Post for Next Year\nDate: {NEXT_YEAR}-06-01 09:00+02:00\nSlug: {FUTURE}\nCategory: Gear\n"
        "Tags: schedule-only-tag\nSummary: Waits for its date.\n\nLater.\n", encoding="utf-8")
    # An article of the sample with archived comments, turned into a draft: which one comes from
    # the comments import (the thread with the most visible comments).
    result = subprocess.run([sys.executable, "-m", "invoke", "comments", "--json"], cwd=root,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    import json

    threads = [t for t in json.loads(result.stdout)["threads"] if t["article"]]
    thread = max(threads, key=lambda t: sum(c["status"] == "visible" and c["type"] == "comment" for c in t["comments"]))
    slug = thread["article"]
    source = next(p for p in articles.glob("*.md") if re.search(rf"^Slug: {re.escape(slug)}$", p.read_text(), re.M))
    source.write_text(source.read_text(encoding="utf-8").replace("\n\n", "\nStatus: draft\n\n", 1), encoding="utf-8")
    visible = {f"comment-{c['id']}" for c in thread["comments"] if c["status"] == "visible" and c["type"] == "comment"}

    local, production = root / "out-local", root / "out-production"
    for output, settings in ((local, "pelicanconf.py"), (production, "publishconf.py")):
        built = build(output, settings=settings, cwd=root)
        assert built.returncode == 0, built.stdout + built.stderr
    return SimpleNamespace(root=root, local=local, production=production, commented=slug, visible=visible)


def page(output: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((output / path).read_text(encoding="utf-8"), "html.parser")


@pytest.mark.site
def test_drafts_show_locally_marked_and_listed(project):
    draft = page(project.local, f"drafts/{DRAFT}/index.html")
    assert draft.select_one(".draft-badge").get_text() == "Draft"
    future = page(project.local, f"drafts/{FUTURE}/index.html")
    assert future.select_one(".draft-badge").get_text().startswith("Scheduled for ")
    assert str(NEXT_YEAR) in future.select_one(".draft-badge").get_text()
    listing = page(project.local, "drafts/index.html")
    links = [a["href"] for a in listing.select(".drafts-list a")]
    assert sorted(links) == sorted(f"../drafts/{s}/" for s in (DRAFT, FUTURE, project.commented))
    footer = page(project.local, "index.html").select_one(".site-footer a[href$='drafts/']")
    assert footer is not None and footer.get_text() == "Drafts (3)"


@pytest.mark.site
def test_drafts_are_nowhere_else_in_the_local_build(project):
    for path in ("index.html", "archives/index.html", "category/gear/index.html", "sitemap.xml"):
        if (project.local / path).exists():
            text = (project.local / path).read_text(encoding="utf-8")
            assert DRAFT not in text and FUTURE not in text, path
    assert not (project.local / "tag" / "schedule-only-tag").exists()
    # A draft's category and tags are text, not links to pages that may not exist.
    future = page(project.local, f"drafts/{FUTURE}/index.html")
    assert future.select_one(".tags").get_text(strip=True) == "schedule-only-tag"
    assert future.select_one(".tags a") is None


@pytest.mark.site
def test_production_has_no_draft_and_no_scheduled_post(project):
    assert not (project.production / "drafts").exists()
    for path in project.production.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json"):
            text = path.read_text(encoding="utf-8", errors="replace")
            for slug in (DRAFT, FUTURE, project.commented):
                assert f"/{slug}/" not in text, (path, slug)
    assert "Drafts (" not in (project.production / "index.html").read_text(encoding="utf-8")


@pytest.mark.site
def test_a_draft_keeps_its_archived_comments(project):
    shown = comment_ids(page(project.local, f"drafts/{project.commented}/index.html"))
    assert shown == project.visible and shown
    # The production import still matches the thread to the (unpublished) draft: nothing unmatched,
    # so publishing is not blocked, and the comments come back when the post does.
    report = check.check_site(project.production, root=project.root, settings_file="publishconf.py")
    assert [str(f) for f in report.errors] == []
    # The recent-comments page never links to an unpublished post.
    recent = (project.local / "comments" / "recent" / "index.html").read_text(encoding="utf-8")
    assert f"/{project.commented}/" not in recent


@pytest.mark.site
def test_the_local_build_passes_the_check_with_drafts(project):
    report = check.check_site(project.local, root=project.root, settings_file="pelicanconf.py")
    assert [str(f) for f in report.errors] == []


def test_draft_label():
    now = datetime(2026, 6, 1, tzinfo=timezone.utc)
    later = SimpleNamespace(metadata={}, date=now + timedelta(days=3), locale_date="4 June 2026")
    assert draft_label(later, now) == "Scheduled for 4 June 2026"
    assert draft_label(SimpleNamespace(metadata={"status": "draft"}, date=later.date), now) == "Draft"
    assert draft_label(SimpleNamespace(metadata={}, date=now - timedelta(days=1)), now) == "Draft"
