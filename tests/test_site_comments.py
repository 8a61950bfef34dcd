"""The built site shows every visible archived comment, threaded, under its article."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from helpers import COMMENTS
from importing import run_import
from sitebuild import build, sample_build

pytestmark = pytest.mark.site


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return sample_build(tmp_path_factory, settings="publishconf.py")[0]


@pytest.fixture(scope="module")
def imported():
    return run_import([COMMENTS])


def rendered_tree(html: BeautifulSoup):
    """[(comment id, parent id or None)] in the order a reader sees them, from the nesting."""
    out = []

    def walk(ol, parent):
        for li in ol.find_all("li", recursive=False):
            article = li.find("article", recursive=False)
            cid = article["id"].removeprefix("comment-")
            out.append((cid, parent))
            # Replies: an ol.children in this li (possibly inside a collapsible <details>),
            # not one of a nested reply's.
            for child in li.find_all("ol", class_="children"):
                if child.find_parent("li") is li:
                    walk(child, cid)

    walk(html.select_one("section#comments ol.comment-list"), None)
    return out


def expected_tree(thread):
    """The visible comments in reading order: depth first, each level by date."""
    out = []

    def walk(nodes, parent):
        for node in nodes:
            if node.status == "visible" and node.type == "comment":
                out.append((node.id, parent))
                walk(node.replies, node.id)
            else:
                walk(node.replies, parent)

    walk(thread.roots, None)
    return out


def test_every_article_shows_its_thread_nested(site, imported):
    matched = [t for t in imported.threads if t.article]
    assert len(matched) >= 8
    for thread in matched:
        page = BeautifulSoup((site / thread.article / "index.html").read_text(encoding="utf-8"), "lxml")
        assert rendered_tree(page) == expected_tree(thread), thread.article
        heading = page.select_one("#comments-heading").get_text()
        assert heading.startswith(f"{len(expected_tree(thread))} comment")
        # Hidden and spam comments are not on the page at all.
        for comment in thread.comments:
            if comment.status != "visible":
                assert page.find(id=comment.anchor) is None


def test_permalinks_and_anchors_work(site):
    page = BeautifulSoup((site / "shooting-on-vintage-anamorphic-lenses" / "index.html").read_text(), "lxml")
    ids = {tag["id"] for tag in page.find_all(id=True)}
    permalinks = [a["href"] for a in page.select("a.comment-permalink")]
    assert permalinks and all(href.startswith("#comment-") and href[1:] in ids for href in permalinks)
    assert len(ids) == len(page.find_all(id=True))  # no duplicate ids
    comment = page.find(id="comment-101")
    assert comment.name == "article"
    assert comment.find("time")["datetime"] == "2019-03-15T09:12:00+01:00"
    author = comment.select_one(".comment-author a")
    assert author["href"] == "https://tomaszwren.example/" and set(author["rel"]) == {"nofollow", "ugc"}


def test_comment_counts_on_the_index(site):
    index = BeautifulSoup((site / "index.html").read_text(), "lxml")
    counts = [a.get_text() for a in index.select(".article-meta a[href$='#comments']")]
    assert counts and all(re.match(r"\d+ comments?$", c) for c in counts)


def test_no_email_or_ip_from_the_archives_reaches_the_site(site):
    raw = "".join(p.read_text(encoding="utf-8", errors="replace") for p in COMMENTS.rglob("*") if p.is_file())
    secrets = set(re.findall(r"[\w.+-]+@[\w-]+\.[\w.]+", raw)) | set(re.findall(r"\b(?:\d{1,3}\.){3}\d{1,3}\b", raw))
    assert secrets
    built = "".join(p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*")
                    if p.is_file() and p.suffix in (".html", ".xml", ".json", ".txt"))
    leaked = {s for s in secrets if s in built}
    assert not leaked


def test_archived_sources_are_not_published_as_pages(site):
    assert not list(site.rglob("*.wordpress.*")) and not (site / "comments" / "saved-pages").exists()


def test_a_warm_rebuild_with_both_caches_shows_the_same_comments(tmp_path):
    """CACHE_CONTENT (as `invoke livereload` uses) pickles content and settings: it must work, and a
    rebuild from the caches must give the same pages."""
    from sitebuild import copy_project, tree_digest

    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project")
    warm = ["-e", "CACHE_CONTENT=true", "LOAD_CONTENT_CACHE=true"]
    first = build(tmp_path / "one", cwd=project, extra=warm)
    assert first.returncode == 0, first.stdout + first.stderr
    assert list((project / "cache" / "archived_comments").glob("*.pickle"))
    second = build(tmp_path / "two", cwd=project, extra=warm)
    assert second.returncode == 0, second.stdout + second.stderr
    assert tree_digest(tmp_path / "one") == tree_digest(tmp_path / "two")
    page = (tmp_path / "two" / "shooting-on-vintage-anamorphic-lenses" / "index.html").read_text()
    assert 'id="comment-106"' in page
