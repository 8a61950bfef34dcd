"""invoke import-posts on a real WXR export: the WordPress theme unit test data (shared corpus).

Every expectation is computed from the XML here (with lxml, not with the importer's reader);
the written files are read back with Pelican's own reader, and the site is built.
"""

from __future__ import annotations

import time
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup
from lxml import etree
from pelican.contents import Article, Page
from pelican.readers import Readers
from pelican.settings import read_settings

from post_import.pipeline import import_posts
from helpers import BERLIN
from sitebuild import build, copy_project, tree_digest

WXR = "wordpress-theme-test-data/themeunittestdata.wordpress.xml"


def _ns(root):
    wp = next(v for v in root.nsmap.values() if v and "/export/1." in v and "excerpt" not in v)
    return {"wp": wp, "dc": "http://purl.org/dc/elements/1.1/"}


def expected_items(path: Path) -> list[dict]:
    """Posts and pages of the export as the issue defines the import, straight from the XML."""
    root = etree.parse(str(path)).getroot()
    ns = _ns(root)
    out = []
    for item in root.iter("item"):
        kind = item.findtext("wp:post_type", namespaces=ns)
        if kind not in ("post", "page"):
            continue
        status = item.findtext("wp:status", namespaces=ns)
        gmt = item.findtext("wp:post_date_gmt", namespaces=ns)
        categories = [c.text for c in item.findall("category") if c.get("domain") == "category"]
        tags = [c.text for c in item.findall("category") if c.get("domain") == "post_tag"]
        out.append({
            "kind": kind,
            "status": status,
            "password": bool(item.findtext("wp:post_password", namespaces=ns)),
            "slug": unquote(item.findtext("wp:post_name", namespaces=ns) or ""),
            "title": item.findtext("title") or "",
            "date": None if gmt.startswith("0000") else datetime.fromisoformat(gmt).replace(tzinfo=timezone.utc),
            "category": categories[0] if categories else None,
            "tags": tags + categories[1:],
        })
    return out


@pytest.fixture(scope="module")
def corpus_wxr(corpus_dir) -> Path:
    return corpus_dir / WXR


@pytest.fixture(scope="module")
def imported(tmp_path_factory, corpus_wxr):
    """The project copied, the export imported into it (sample articles kept: slugs may clash)."""
    project = copy_project(tmp_path_factory.mktemp("wxr-site"))
    settings = read_settings(str(project / "pelicanconf.py"))
    before = tree_digest(project / "content")
    started = time.perf_counter()
    report = import_posts([str(corpus_wxr)], project / "content", settings=settings)
    elapsed = time.perf_counter() - started
    return project, settings, report, before, elapsed


def read_back(project: Path, settings: dict, relative: str):
    readers = Readers(settings)
    kind = Page if relative.startswith("pages/") else Article
    return readers.read_file(base_path=str(project / "content"), path=relative, content_class=kind)


def test_every_published_post_and_page_is_written_with_its_metadata(imported, corpus_wxr):
    project, settings, report, _, _ = imported
    outcomes = {o.slug: o for o in report.outcomes}
    existing = {p.stem for p in (project / "content" / "pages").glob("*.md")} | {
        p.stem for p in (project / "content" / "articles").glob("*.md")}
    checked = 0
    for item in expected_items(corpus_wxr):
        if item["status"] != "publish" or item["password"]:
            continue
        outcome = outcomes[item["slug"]]
        if outcome.action == "skipped":
            # Only a slug the sample site already has (its About page) may be skipped.
            assert "already" in outcome.reason and item["slug"] in existing, (item["slug"], outcome.reason)
            continue
        assert outcome.action == "written", item["slug"]
        folder = "pages" if item["kind"] == "page" else "articles"
        assert outcome.path == f"{folder}/{item['slug']}.md"
        content = read_back(project, settings, outcome.path)
        assert content.slug == item["slug"]
        assert content.status == "published"
        assert content.date == item["date"], item["slug"]
        assert content.date.utcoffset() == item["date"].astimezone(BERLIN).utcoffset()  # the site's zone
        assert content.title.strip()
        if item["kind"] == "post":
            assert str(content.category) == (item["category"] or "Uncategorized")
            seen, expected_tags = set(), []
            for tag in item["tags"]:  # one tag per name, whatever its case (Pelican's tag slug)
                if tag.casefold() not in seen:
                    seen.add(tag.casefold())
                    expected_tags.append(tag)
            assert [str(t) for t in getattr(content, "tags", [])] == expected_tags, item["slug"]
        checked += 1
    assert checked >= 70


def test_drafts_future_and_protected_posts_stay_drafts(imported, corpus_wxr):
    project, settings, report, _, _ = imported
    outcomes = {o.slug: o for o in report.outcomes}
    drafts = [i for i in expected_items(corpus_wxr) if i["status"] != "publish" or i["password"]]
    assert drafts
    for item in drafts:
        slug = item["slug"] or None
        outcome = outcomes.get(slug) if slug else next(o for o in report.outcomes if o.status == "draft"
                                                           and o.slug not in {i["slug"] for i in drafts})
        assert outcome.action == "written"
        content = read_back(project, settings, outcome.path)
        assert content.status == "draft", outcome.path


def test_old_urls_are_kept(imported, corpus_wxr):
    """A post's URL is /{slug}/; a child page keeps its parents in its URL; non-ASCII names are decoded."""
    project, settings, report, _, _ = imported
    level3 = read_back(project, settings, "pages/level-3.md")
    assert level3.url == "level-1/level-2/level-3/"
    assert level3.save_as == "level-1/level-2/level-3/index.html"
    greek = read_back(project, settings, "pages/επίπεδο-2.md")
    assert greek.slug == "επίπεδο-2"


def test_remote_images_are_reported_not_loaded(imported):
    project, _, report, _, _ = imported
    assert report.images_missing, "the corpus images are remote only"
    for path in (project / "content" / "articles").glob("*.md"):
        text = path.read_text(encoding="utf-8")
        assert "![" not in text or "{static}" in text.split("![", 1)[1].split(")", 1)[0], path
        assert "<img" not in text or "{static}" in text, path


def test_speed(imported, corpus_wxr):
    _, _, report, _, elapsed = imported
    written = sum(1 for o in report.outcomes if o.action == "written")
    print(f"\n{written} posts and pages from the corpus WXR in {elapsed:.2f}s = {written / elapsed:.0f} posts/s")
    assert elapsed < 30


@pytest.fixture(scope="module")
def built(imported, tmp_path_factory):
    project, _, _, _, _ = imported
    output = tmp_path_factory.mktemp("wxr-out")
    result = build(output, cwd=project)  # --fatal warnings: the imported posts make Pelican warn about nothing
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return output


def page(output: Path, slug: str) -> BeautifulSoup:
    return BeautifulSoup((output / slug / "index.html").read_text(encoding="utf-8"), "lxml")


def body(output: Path, slug: str):
    html = page(output, slug)
    return html.select_one("article .entry-content, article .content, main article") or html


@pytest.mark.site
def test_the_site_builds_with_every_imported_post(built, imported):
    _, _, report, _, _ = imported
    for outcome in report.outcomes:
        if outcome.action == "written" and outcome.status == "published":
            target = built / outcome.new_url.strip("/") / "index.html"
            assert target.is_file(), outcome.new_url


@pytest.mark.site
def test_formatting_survives(built):
    html = page(built, "markup-html-tags-and-formatting")
    for level in range(1, 7):
        assert html.find(f"h{level}", string=lambda s: s and "Header" in s), level
    assert html.find("blockquote", string=None) is not None
    assert "Stay hungry. Stay foolish." in html.find("blockquote").get_text()
    table = html.find("table")
    assert table is not None and "Jane Bloggs" in table.get_text()
    assert html.find("dl") is not None and html.find("dt", string="Startup") is not None
    assert html.find("pre") is not None and "Two roads diverged" in html.find("pre").get_text()
    assert "word-wrap: break-word;" in " ".join(c.get_text() for c in html.find_all("code"))
    assert html.find("del") is not None and html.find("abbr", title="Seriously") is not None

    lists = page(built, "edge-case-nested-and-mixed-lists")
    nested = [ul for ul in lists.find_all(["ul", "ol"]) if ul.find_parent(["ul", "ol"]) is not None]
    assert len(nested) >= 6, "nested lists stay nested"

    blocks = page(built, "blocks-formatting")
    assert blocks.find("pre") is not None and blocks.find("table") is not None
    quotes = page(built, "block-quotes")
    assert len(quotes.find_all("blockquote")) >= 3


@pytest.mark.site
def test_videos_become_click_to_load_and_nothing_loads_from_another_host(built):
    html = page(built, "post-format-video-youtube")
    figure = html.select_one("figure.video-embed a.video-embed__link")
    assert figure is not None and "youtube-nocookie.com/embed/SQEQr7c0-dw" in figure["href"]
    assert html.find("iframe") is None
    for path in built.rglob("index.html"):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        for el in soup.find_all(["img", "iframe", "script", "audio", "video", "source"]):
            src = el.get("src") or ""
            assert not src.startswith(("http://", "https://", "//")), (path, src)
