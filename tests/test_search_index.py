"""The Pagefind index of a build: what Pagefind is given (the article and page files the build wrote)
and what the index holds (those pages, no listing page), read from the index's own fragments.

The browser tests (tests/browser/test_search.py) search it as a reader does.
"""

from __future__ import annotations

import os

import gzip
import json
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from search import search as site_search
from siteconf.background import BACKGROUND_NICENESS
from sitebuild import sample_build, tree_digest

FRAGMENT_PREFIX = b"pagefind_dcd"  # Pagefind's marker before the JSON of a gzipped fragment


def indexed_urls(output: Path) -> list[str]:
    """The URL of every page in the index (one fragment per page)."""
    urls = []
    for fragment in sorted((output / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes())
        assert data.startswith(FRAGMENT_PREFIX)
        urls.append(json.loads(data[len(FRAGMENT_PREFIX):])["url"])
    return urls


def fragment_content(path: Path) -> str:
    """The indexed text of a page, from its fragment."""
    data = gzip.decompress(path.read_bytes())
    return json.loads(data[len(FRAGMENT_PREFIX):])["content"]


def url_of(output: Path, path: Path) -> str:
    relative = path.relative_to(output).as_posix()
    return "/" + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)


def site_pages(output: Path) -> dict[str, bool]:
    """URL -> whether the page's main element is marked data-pagefind-body, for every HTML page written."""
    pages = {}
    for path in output.rglob("*.html"):
        if "pagefind" in path.relative_to(output).parts:
            continue
        main = re.search(r"<main\b[^>]*>", path.read_text(encoding="utf-8"))
        pages[url_of(output, path)] = bool(main and "data-pagefind-body" in main.group(0))
    return pages


@pytest.mark.site
def test_the_index_holds_the_articles_and_pages_and_no_listing_page(tmp_path_factory):
    output, _ = sample_build(tmp_path_factory)
    pages = site_pages(output)
    searchable = {url for url, body in pages.items() if body}
    listings = {url for url, body in pages.items() if not body}
    indexed = indexed_urls(output)
    assert len(indexed) == len(set(indexed))
    assert set(indexed) == searchable
    assert "/about/" in searchable and "/shooting-on-vintage-anamorphic-lenses/" in searchable
    assert {"/", "/archives/", "/tags/", "/categories/"} <= listings
    assert any(url.startswith("/tag/") for url in listings) and any(url.startswith("/category/") for url in listings)
    assert not listings & set(indexed)
    # The folder of links Pagefind read is gone, and was never in the output.
    assert not list(output.parent.glob(".pagefind-pages-*")) and not list(output.rglob(".pagefind-pages-*"))


@pytest.mark.site
def test_the_index_is_the_one_pagefind_makes_of_the_whole_output(tmp_path_factory, tmp_path):
    """Giving Pagefind only the article and page files changes nothing a reader can find."""
    output, _ = sample_build(tmp_path_factory)
    whole = tmp_path / "output"
    shutil.copytree(output, whole)
    run = site_search.run_pagefind(str(whole))  # the whole site, as Pagefind finds it
    assert run.files > run.pages
    assert tree_digest(whole / "pagefind") == tree_digest(output / "pagefind")


def written(output: Path, name: str, **context) -> None:
    path = output / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("<html></html>", encoding="utf-8")
    site_search.note_written(str(path), dict(context, OUTPUT_PATH=str(output)))


def test_only_files_written_for_an_article_or_a_page_are_given_to_pagefind(tmp_path):
    output = tmp_path / "output"
    pelican = SimpleNamespace(output_path=str(output))
    site_search.forget_written(pelican)
    post = SimpleNamespace(status="published")
    written(output, "a-post/index.html", article=post, articles=[post])
    written(output, "fr/a-post/index.html", article=post)  # a translation
    written(output, "about/index.html", page=SimpleNamespace(status="published"))
    written(output, "index.html", articles=[post], articles_page=1)  # the index, tags, categories...
    written(output, "tag/lenses/index.html", articles=[post], tag="lenses")
    written(output, "gone/index.html", article=post)
    (output / "gone" / "index.html").unlink()  # removed after it was written: nothing to index
    elsewhere = tmp_path / "elsewhere"
    written(elsewhere, "b-post/index.html", article=post)  # another build's output
    assert site_search.written_pages(str(output)) == ["a-post/index.html", "about/index.html", "fr/a-post/index.html"]
    site_search.forget_written(pelican)
    assert site_search.written_pages(str(output)) == []
    assert site_search.written_pages(str(elsewhere)) == ["b-post/index.html"]


def test_the_files_are_linked_at_their_paths_in_the_site(tmp_path):
    site, staging = tmp_path / "site", tmp_path / "staging"
    (site / "a" / "b").mkdir(parents=True)
    (site / "a" / "b" / "index.html").write_bytes(b"<main data-pagefind-body>lens</main>")
    site_search.link_tree(str(site), ["a/b/index.html"], str(staging))
    assert (staging / "a" / "b" / "index.html").read_bytes() == b"<main data-pagefind-body>lens</main>"
    assert (staging / "a" / "b" / "index.html").stat().st_ino == (site / "a" / "b" / "index.html").stat().st_ino


SECTION = ('<section id="comments" class="comments" data-pagefind-ignore><h2>2 comments</h2>'
           '<article id="comment-1"><p>Anamorphic flares</p></article></section>')


def test_a_page_is_given_to_pagefind_without_its_comment_section(tmp_path):
    output = tmp_path / "output"
    pelican = SimpleNamespace(output_path=str(output))
    site_search.forget_written(pelican)
    post = SimpleNamespace(status="published", comment_section=SimpleNamespace(html=SECTION))
    quiet = SimpleNamespace(status="published", comment_section=None)
    for name, item in (("a-post/index.html", post), ("b-post/index.html", quiet)):
        (output / name).parent.mkdir(parents=True)
        (output / name).write_text(f"<main data-pagefind-body><p>Lens</p>{SECTION}</main>", encoding="utf-8")
        site_search.note_written(str(output / name), {"article": item, "OUTPUT_PATH": str(output)})
    left_out = site_search.left_out_of_index(str(output))
    assert left_out == {"a-post/index.html": SECTION}  # b-post has none of its own to leave out
    staging = tmp_path / "staging"
    site_search.link_tree(str(output), site_search.written_pages(str(output)), str(staging), left_out)
    assert (staging / "a-post/index.html").read_text(encoding="utf-8") == "<main data-pagefind-body><p>Lens</p></main>"
    assert (staging / "b-post/index.html").stat().st_ino == (output / "b-post/index.html").stat().st_ino
    # The output itself keeps its comments.
    assert SECTION in (output / "a-post/index.html").read_text(encoding="utf-8")
    site_search.forget_written(pelican)


def test_a_page_that_does_not_hold_its_section_as_rendered_is_given_whole(tmp_path):
    """Changed after it was written (by another plugin, say): nothing of it is cut, it is linked."""
    (tmp_path / "site" / "p").mkdir(parents=True)
    page = tmp_path / "site" / "p" / "index.html"
    page.write_text(f"<main data-pagefind-body>{SECTION.replace('flares', 'flare')}</main>", encoding="utf-8")
    site_search.link_tree(str(tmp_path / "site"), ["p/index.html"], str(tmp_path / "staging"), {"p/index.html": SECTION})
    assert (tmp_path / "staging" / "p" / "index.html").stat().st_ino == page.stat().st_ino


def test_a_kept_staging_folder_gets_only_what_changed_and_never_writes_through_a_link(tmp_path):
    output, staging = tmp_path / "output", tmp_path / "staging"
    pages = {name: f"<main data-pagefind-body><p>{name}</p>{SECTION}</main>"
             for name in ("cut/index.html", "linked/index.html", "gone/index.html", "gains/index.html")}
    for name, text in pages.items():
        (output / name).parent.mkdir(parents=True)
        (output / name).write_text(text, encoding="utf-8")
    site_search.link_tree(str(output), sorted(pages), str(staging), {"cut/index.html": SECTION})
    cut_copy = (staging / "cut/index.html").stat()
    # The next build: "gone" is no longer written, "linked" is written again as a new file, "gains"
    # (linked whole last time) now has a section to leave out, "new" is new; "cut" is unchanged.
    (output / "linked/index.html").unlink()
    (output / "linked/index.html").write_text("<main data-pagefind-body>rewritten</main>", encoding="utf-8")
    (output / "new").mkdir()
    (output / "new/index.html").write_text("<main data-pagefind-body>new</main>", encoding="utf-8")
    files = ["cut/index.html", "gains/index.html", "linked/index.html", "new/index.html"]
    site_search.link_tree(str(output), files, str(staging), {"cut/index.html": SECTION, "gains/index.html": SECTION})
    staged = sorted(str(path.relative_to(staging)) for path in staging.rglob("*") if path.is_file())
    assert staged == files
    assert (staging / "cut/index.html").stat().st_ino == cut_copy.st_ino  # the same bytes: not written again
    assert (staging / "cut/index.html").stat().st_mtime_ns == cut_copy.st_mtime_ns
    assert (staging / "linked/index.html").read_text(encoding="utf-8") == "<main data-pagefind-body>rewritten</main>"
    assert (staging / "gains/index.html").read_text(encoding="utf-8") == "<main data-pagefind-body><p>gains/index.html</p></main>"
    assert (output / "gains/index.html").read_text(encoding="utf-8") == pages["gains/index.html"]  # not through the link
    assert (staging / "new/index.html").stat().st_ino == (output / "new/index.html").stat().st_ino


def test_an_unchanged_page_whose_copy_has_its_former_time_is_not_read_again(tmp_path):
    """A page the writer left unchanged (siteconf.hooks.output_unchanged: its time before and after,
    its size) is not cut again where its copy has the time the page had before; the copy gets the
    page's new time. Where the page was written again since, or the copy is of another time, it is cut."""
    output, staging = tmp_path / "output", tmp_path / "staging"
    page = output / "p" / "index.html"
    page.parent.mkdir(parents=True)
    text = f"<main data-pagefind-body><p>Dawn</p>{SECTION}</main>"
    page.write_text(text, encoding="utf-8")
    left_out = {"p/index.html": SECTION}
    site_search.link_tree(str(output), ["p/index.html"], str(staging), left_out)
    copy = staging / "p" / "index.html"
    assert copy.read_text(encoding="utf-8") == "<main data-pagefind-body><p>Dawn</p></main>"
    assert copy.stat().st_mtime_ns == page.stat().st_mtime_ns

    def unchanged_build(copy_text: str) -> dict:
        """The writer finds the page unchanged and moves its time; the copy is marked by ``copy_text``
        (kept at its time), so a copy cut again shows."""
        before = page.stat().st_mtime_ns
        os.utime(page, ns=(before + 10**9, before + 10**9))
        copy_time = copy.stat().st_mtime_ns
        copy.write_text(copy_text, encoding="utf-8")
        os.utime(copy, ns=(copy_time, copy_time))
        return {str(page.resolve()): (before, page.stat().st_mtime_ns, page.stat().st_size)}

    unchanged = unchanged_build("kept")
    site_search.link_tree(str(output), ["p/index.html"], str(staging), left_out, unchanged)
    assert copy.read_text(encoding="utf-8") == "kept"  # not read, not cut again
    assert copy.stat().st_mtime_ns == page.stat().st_mtime_ns
    # Written again after the writer's pass (another step of the build: the size differs): cut again.
    unchanged = unchanged_build("kept")
    page.write_text(text.replace("Dawn", "Dusk, later"), encoding="utf-8")
    os.utime(page, ns=(unchanged[str(page.resolve())][1],) * 2)
    site_search.link_tree(str(output), ["p/index.html"], str(staging), left_out, unchanged)
    assert copy.read_text(encoding="utf-8") == "<main data-pagefind-body><p>Dusk, later</p></main>"
    # A copy of another time than the page's before (a build stopped between the two): cut again.
    unchanged = unchanged_build("stale")
    os.utime(copy, ns=(1, 1))
    site_search.link_tree(str(output), ["p/index.html"], str(staging), left_out, unchanged)
    assert copy.read_text(encoding="utf-8") == "<main data-pagefind-body><p>Dusk, later</p></main>"


def test_pagefind_reads_the_pages_from_a_folder_kept_in_the_cache(tmp_path):
    output, cache = tmp_path / "output", tmp_path / "cache"
    (output / "a-post").mkdir(parents=True)
    (output / "a-post/index.html").write_text(
        f"<html lang='en'><head><title>A</title></head><body><main data-pagefind-body><p>Lenses</p>{SECTION}"
        "</main></body></html>", encoding="utf-8")
    first = site_search.run_pagefind(str(output), ["a-post/index.html"], {"a-post/index.html": SECTION}, str(cache))
    kept = list((cache / "search").glob("pages-*/a-post/index.html"))
    assert len(kept) == 1 and "Anamorphic" not in kept[0].read_text(encoding="utf-8")
    digest = tree_digest(output / "pagefind")
    again = site_search.run_pagefind(str(output), ["a-post/index.html"], {"a-post/index.html": SECTION}, str(cache))
    assert (first.pages, again.pages) == (1, 1) and tree_digest(output / "pagefind") == digest
    assert not list(tmp_path.glob(".pagefind-pages-*"))  # nothing left beside the output


def test_a_cache_on_another_file_system_than_the_output_is_not_used_for_the_pages(tmp_path, monkeypatch):
    output, cache = tmp_path / "output", tmp_path / "cache"
    output.mkdir()
    real_stat = os.stat

    def stat(path, *args, **kwargs):  # the cache's folder on a device of its own
        found = real_stat(path, *args, **kwargs)
        if str(path).startswith(str(cache)):
            return os.stat_result((found.st_mode, found.st_ino, found.st_dev + 1, *tuple(found)[3:]))
        return found

    monkeypatch.setattr(site_search.os, "stat", stat)
    with site_search.staging_folder(str(output), str(cache)) as folder:
        assert os.path.dirname(folder) == str(tmp_path) and os.path.basename(folder).startswith(".pagefind-pages-")
    assert not list(tmp_path.glob(".pagefind-pages-*"))  # the temporary one is removed
    monkeypatch.setattr(site_search.os, "stat", real_stat)
    with site_search.staging_folder(str(output), str(cache)) as folder:
        assert folder.startswith(str(cache / "search" / "pages-"))


def test_an_index_without_the_comment_sections_is_the_index_with_them(tmp_path):
    """The section is data-pagefind-ignore: leaving it out of Pagefind's copies changes no byte of the index."""
    whole, cut = tmp_path / "whole", tmp_path / "cut"
    for output in (whole, cut):
        for name in ("a-post/index.html", "b-post/index.html"):
            (output / name).parent.mkdir(parents=True, exist_ok=True)
            (output / name).write_text(
                f"<html lang='en'><head><title>{name}</title></head><body><main data-pagefind-body>"
                f"<h1>{name}</h1><p>Shooting on vintage lenses</p>{SECTION}</main></body></html>", encoding="utf-8")
    files = ["a-post/index.html", "b-post/index.html"]
    site_search.run_pagefind(str(whole), files)
    site_search.run_pagefind(str(cut), files, {name: SECTION for name in files})
    assert tree_digest(cut / "pagefind") == tree_digest(whole / "pagefind")
    contents = [fragment_content(path) for path in sorted((whole / "pagefind" / "fragment").glob("*.pf_fragment"))]
    assert len(contents) == 2 and all("vintage" in text and "Anamorphic" not in text for text in contents)


def test_a_site_without_articles_or_pages_still_gets_an_index(tmp_path):
    """Nothing written for an article or a page: Pagefind reads the whole output, as it always did,
    so the search page still finds its bundle (Pagefind fails on a folder without HTML)."""
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("<html lang='en'><body><main><h1>Lenses</h1><p>anamorphic</p></main></body></html>",
                                       encoding="utf-8")
    run = site_search.run_pagefind(str(output), [])
    assert run.pages == 1 and (output / "pagefind" / "pagefind-ui.js").is_file()
    assert indexed_urls(output) == ["/"]


def test_a_section_is_found_in_its_page_as_bytes_find_finds_it():
    """link_tree finds a section by its first bytes, then compares: the same place as ``bytes.find``,
    repeated starts and a needle longer than the page included."""
    import random

    rng = random.Random(5)
    for _ in range(5000):
        data = bytes(rng.choice(b"ab<") for _ in range(rng.randrange(0, 300)))
        size = rng.randrange(0, 120)
        if data and rng.random() < 0.5:
            start = rng.randrange(len(data))
            part = data[start:start + size]
        else:
            part = bytes(rng.choice(b"ab<") for _ in range(size))
        assert site_search._find(data, part) == data.find(part), (data, part)


def test_the_comments_index_is_made_in_a_process_that_gives_way_to_the_build(monkeypatch, tmp_path):
    """The comments' bundle is made while Pelican writes the site, which is what the build waits for:
    its forked process runs BACKGROUND_NICENESS lower than the build's, and the build keeps its own."""
    monkeypatch.setattr(site_search, "build_comments_bundle", lambda *args: os.nice(0))
    before = os.nice(0)
    future = site_search._comments_bundle_in_background(str(tmp_path), [], None, None)
    assert future.result(timeout=60) == before + BACKGROUND_NICENESS
    assert os.nice(0) == before
