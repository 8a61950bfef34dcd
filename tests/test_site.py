"""The whole sample site, built as `invoke build` builds it."""

from __future__ import annotations

import math
import re
import subprocess
import sys
from pathlib import Path

import pelicanconf
import pytest
from bs4 import BeautifulSoup

from helpers import ROOT
from sitebuild import build, copy_project, read_metadata, sample_build, tree_digest

ARTICLES = sorted((ROOT / "content" / "articles").glob("*.md"))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return sample_build(tmp_path_factory)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def test_sample_content_is_big_enough():
    assert len(ARTICLES) >= 8
    categories = {read_metadata(p)["category"] for p in ARTICLES}
    years = {read_metadata(p)["date"][:4] for p in ARTICLES}
    assert len(categories) >= 4 and len(years) >= 4


@pytest.mark.site
def test_build_has_no_warnings_or_errors(site):
    _, log = site
    assert "WARNING" not in log and "ERROR" not in log and "CRITICAL" not in log, log


@pytest.mark.site
@pytest.mark.parametrize("source", ARTICLES, ids=lambda p: p.stem)
def test_every_article_page(site, source):
    output, _ = site
    meta = read_metadata(source)
    page = output / meta["slug"] / "index.html"
    assert page.is_file(), f"{page} missing: old /{meta['slug']}/ links would break"
    html = soup(page)
    assert html.find("h1").get_text(strip=True) == meta["title"]
    published = html.select_one("article.article time.published")
    assert published["datetime"].startswith(meta["date"][:10])
    assert html.select_one("article.article a.category").get_text(strip=True) == meta["category"]
    tags = [a.get_text(strip=True) for a in html.select("article.article a[rel=tag]")]
    assert tags == [t.strip() for t in meta["tags"].split(",")]
    cover = html.select_one("img.cover")
    assert cover is not None and (output / meta["cover"]).is_file()
    # The author box, from content/authors/, under the article: it links the author's page, which has
    # the whole bio and the social links.
    box = html.select_one("aside.author-box")
    assert box is not None
    assert "Ines Calder" in box.get_text()
    assert box.select_one(".author-bio p").get_text(strip=True)
    author_page = (page.parent / box.select_one("a[rel=author]")["href"] / "index.html").resolve()
    links = {a.get_text(strip=True): a["href"] for a in soup(author_page).select(".profile .author-links a[rel=me]")}
    assert set(links) == {"Twitter", "Instagram", "Facebook"}
    photo = box.select_one("img.author-photo")["src"]
    assert (page.parent / photo).resolve().is_file()


def test_author_box_comes_from_content_not_templates():
    bio = read_metadata(ROOT / "content" / "authors" / "ines-calder.md")
    templates = " ".join(p.read_text() for p in (ROOT / "theme" / "templates").rglob("*.html"))
    assert bio["twitter"] not in templates and "Ines Calder" not in templates


@pytest.mark.site
def test_index_pagination(site):
    output, _ = site
    per_page = pelicanconf.DEFAULT_PAGINATION
    pages = math.ceil(len(ARTICLES) / per_page)
    seen = []
    page = output / "index.html"
    for number in range(1, pages + 1):
        html = soup(page)
        seen += [a["href"] for a in html.select("article.summary h2 a")]
        assert f"Page {number} of {pages}" in html.select_one("nav.pagination").get_text()
        nxt = html.select_one("nav.pagination a[rel=next]")
        if number < pages:
            page = (page.parent / nxt["href"] / "index.html").resolve()
            assert page.is_file()
        else:
            assert nxt is None
    # Every article exactly once, newest first.
    slugs = [h.strip("./").split("/")[-1] for h in seen]
    dates = {read_metadata(p)["slug"]: read_metadata(p)["date"] for p in ARTICLES}
    assert sorted(slugs) == sorted(dates)
    assert slugs == sorted(slugs, key=lambda s: dates[s], reverse=True)


@pytest.mark.site
def test_site_pages_exist(site):
    output, _ = site
    for name in ("archives", "categories", "tags", "about", "author/ines-calder", "category/gear", "tag/festivals"):
        assert (output / name / "index.html").is_file(), name
    about = soup(output / "about" / "index.html")
    assert about.find("h1").get_text(strip=True) == "About"
    author = soup(output / "author" / "ines-calder" / "index.html")
    assert author.select_one("header.profile .author-bio p")


@pytest.mark.site
def test_video_embed_makes_no_request_on_load(site):
    output, _ = site
    html = soup(output / "our-short-premieres-at-a-regional-festival" / "index.html")
    assert html.find("iframe") is None
    figure = html.select_one("figure.video-embed")
    assert figure.a["href"].startswith("https://www.youtube-nocookie.com/embed/")
    poster = figure.img["src"]
    assert not re.match(r"https?:", poster)
    assert (output / "our-short-premieres-at-a-regional-festival" / poster).resolve().is_file()


@pytest.mark.site
def test_build_is_deterministic(tmp_path_factory, tmp_path):
    first, _ = sample_build(tmp_path_factory, settings="publishconf.py")  # built by another module, or now
    second = tmp_path / "b"
    result = build(second, settings="publishconf.py")
    assert result.returncode == 0, result.stderr
    digest = tree_digest(first)
    assert len(digest) > 20
    assert digest == tree_digest(second)


def run_invoke(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "invoke", *args], cwd=cwd, capture_output=True, text=True)


@pytest.mark.slow
def test_invoke_list_explains_tasks():
    result = run_invoke(["--list"], ROOT)
    assert result.returncode == 0
    for name in ("clean", "build", "rebuild", "regenerate", "serve", "reserve", "livereload", "preview", "test"):
        line = next((l for l in result.stdout.splitlines() if l.strip().startswith(name + " ")), None)
        assert line and len(line.split()) > 1, f"task {name} missing or without a docstring"


@pytest.mark.site
def test_invoke_build_fails_on_a_broken_article(tmp_path):
    project = copy_project(tmp_path)
    broken = project / "content" / "articles" / "broken-metadata.md"
    broken.write_text("Title: Broken\nDate: the day after tomorrow-ish\n\nBody.\n", encoding="utf-8")
    result = run_invoke(["build"], project)
    assert result.returncode != 0
    assert "broken-metadata.md" in result.stdout + result.stderr


@pytest.mark.site
def test_invoke_build_writes_the_site(tmp_path):
    project = copy_project(tmp_path)
    result = run_invoke(["build"], project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (project / "output" / "index.html").is_file()
