"""Responsive images: srcset/sizes for raster images, width/height for every image, originals kept.

The sample's images are SVG; a project copy gets raster ones (made here with Pillow: a wide PNG in an
article's body, a JPEG cover, a small PNG), built with each settings file.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from PIL import Image as PIL  # Pillow: requirements.txt (the build makes the smaller copies with it)

from helpers import ROOT
from sitebuild import build, copy_project


from theme_assets import images  # noqa: E402
from sitetools import check  # noqa: E402

SLUG = "a-post-with-photos"
SITEURL = "https://ines-calder.example"  # publishconf.py's default


def make_image(path: Path, size: tuple[int, int], fmt: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    image = PIL.new("RGB", size)
    for x in range(0, size[0], 50):  # some detail, so sizes differ by width
        for y in range(0, size[1], 50):
            image.putpixel((x, y), ((x * 7) % 256, (y * 3) % 256, 120))
    image.save(path, fmt)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> SimpleNamespace:
    project = copy_project(tmp_path_factory.mktemp("images-project"))
    photos = project / "content" / "images" / "photos"
    make_image(photos / "wide shot.png", (2000, 1000), "PNG")
    make_image(photos / "cover.jpg", (1600, 840), "JPEG")
    make_image(photos / "small.png", (300, 200), "PNG")
    (project / "content" / "articles" / f"{SLUG}.md").write_text(
        "Title: A Post with Photos\nDate: 2024-03-01 10:00+01:00\nCategory: Gear\n"
        f"Slug: {SLUG}\nSummary: Photos.\nCover: images/photos/cover.jpg\n\n"
        "Some text first.\n\n![A wide shot of the set]({static}/images/photos/wide%20shot.png)\n\n"
        "![A small one]({static}/images/photos/small.png)\n", encoding="utf-8")
    originals = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in photos.iterdir()}
    outputs = {}
    for name, settings in (("local", "pelicanconf.py"), ("production", "publishconf.py")):
        output = project / f"out-{name}"
        result = build(output, settings=settings, cwd=project)
        assert result.returncode == 0, result.stdout + result.stderr
        outputs[name] = output
    return SimpleNamespace(project=project, originals=originals, **outputs)


def article(output: Path) -> tuple[Path, BeautifulSoup]:
    path = output / SLUG / "index.html"
    return path, BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def local_file(output: Path, page: Path, url: str) -> Path:
    """The output file a URL of a page points to (relative, or absolute under SITEURL)."""
    if url.startswith(SITEURL):
        return output / unquote(urlsplit(url).path).lstrip("/")
    page_url = "/" + page.relative_to(output).as_posix()
    return output / unquote(urlsplit(urljoin(page_url, url)).path).lstrip("/")


def srcset(img) -> list[tuple[str, int]]:
    out = []
    for candidate in img["srcset"].split(", "):
        url, descriptor = candidate.rsplit(" ", 1)
        assert descriptor.endswith("w")
        out.append((url, int(descriptor[:-1])))
    return out


@pytest.mark.site
@pytest.mark.parametrize("build_name", ["local", "production"])
def test_body_image_has_srcset_width_height_and_its_files_exist(site, build_name):
    output = getattr(site, build_name)
    path, page = article(output)
    img = page.select_one('.article-body img[alt="A wide shot of the set"]')
    assert (img["width"], img["height"]) == ("2000", "1000")
    assert img["loading"] == "lazy" and img["sizes"]
    candidates = srcset(img)
    assert [w for _, w in candidates] == [480, 800, 1200, 1600, 2000]
    assert unquote(candidates[-1][0]) == unquote(img["src"])  # the original is the largest candidate, src unchanged
    assert all(" " not in url and "," not in url for url, _ in candidates)  # "wide shot.png": encoded
    for url, width in candidates:
        file = local_file(output, path, url)
        assert file.is_file(), url
        with PIL.open(file) as image:
            assert image.size == (width, width // 2), url
    if build_name == "production":
        assert all(url.startswith(SITEURL + "/images/photos/") for url, _ in candidates)


@pytest.mark.site
@pytest.mark.parametrize("build_name", ["local", "production"])
def test_cover_gets_srcset_and_loads_at_once(site, build_name):
    output = getattr(site, build_name)
    path, page = article(output)
    cover = page.select_one("article.article img.cover")
    assert (cover["width"], cover["height"]) == ("1600", "840")
    assert "loading" not in cover.attrs and cover["fetchpriority"] == "high"
    for url, width in srcset(cover):
        assert local_file(output, path, url).is_file()
    assert [w for _, w in srcset(cover)] == [480, 800, 1200, 1600]


@pytest.mark.site
def test_small_image_and_svg_get_only_their_size(site):
    path, page = article(site.local)
    small = page.select_one('img[alt="A small one"]')
    assert (small["width"], small["height"]) == ("300", "200") and "srcset" not in small.attrs
    sample = BeautifulSoup((site.local / "grading-night-exteriors" / "index.html").read_text(encoding="utf-8"),
                           "html.parser")
    cover = sample.select_one("img.cover")
    assert (cover["width"], cover["height"]) == ("1200", "630") and "srcset" not in cover.attrs
    photo = sample.select_one("img.author-photo")
    assert (photo["width"], photo["height"]) == ("64", "64")  # as the template sets it


@pytest.mark.site
def test_originals_are_kept(site):
    photos = site.project / "content" / "images" / "photos"
    assert {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in photos.iterdir()} == site.originals
    for output in (site.local, site.production):
        built = output / "images" / "photos"
        for name, digest in site.originals.items():
            assert hashlib.sha256((built / name).read_bytes()).hexdigest() == digest


@pytest.mark.site
def test_the_check_passes_with_the_new_files(site):
    for output, settings in ((site.local, "pelicanconf.py"), (site.production, "publishconf.py")):
        report = check.check_site(output, root=site.project, settings_file=settings)
        assert [str(e) for e in report.errors] == []


@pytest.mark.site
def test_a_rebuild_reuses_the_smaller_copies(site, tmp_path):
    copies = sorted((site.local / "images" / "photos").glob("*-*w-*.*"))
    assert len(copies) == 4 + 3  # the wide shot (2000 px) and the cover (1600 px)
    before = {p: p.stat().st_mtime_ns for p in copies}
    result = build(site.local, cwd=site.project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert {p: p.stat().st_mtime_ns for p in copies} == before


def test_tag_editing_keeps_the_rest(tmp_path):
    (tmp_path / "img").mkdir()
    make_image(tmp_path / "img" / "a.png", (1000, 500), "PNG")
    (tmp_path / "img" / "v.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 32"/>')
    page = tmp_path / "p.html"
    page.write_text('<p>x</p><img src="img/a.png" alt="A &amp; B"><img src="img/v.svg" alt=""/>'
                    '<img src="https://elsewhere.example/x.png" alt=""><img src="img/missing.png" alt="">')
    processor = images.Processor(str(tmp_path), {"RESPONSIVE_IMAGE_WIDTHS": (480,)})
    assert processor.page(str(page))
    text = page.read_text()
    assert text.startswith('<p>x</p><img src="img/a.png" alt="A &amp; B" width="1000" height="500" '
                           'srcset="img/a-480w-')
    assert re.search(r'srcset="img/a-480w-[0-9a-f]{8}\.png 480w, img/a\.png 1000w" sizes="', text)
    assert '<img src="img/v.svg" alt="" width="64" height="32"/>' in text
    assert text.endswith('<img src="https://elsewhere.example/x.png" alt=""><img src="img/missing.png" alt="">')
    assert images.parse_attributes('<img src="a.png" alt="A &amp; B" data-x=1>') == {
        "src": "a.png", "alt": "A & B", "data-x": "1"}


def test_a_changed_image_gets_new_copies_and_the_old_ones_go(tmp_path):
    make_image(tmp_path / "a.jpg", (1000, 500), "JPEG")
    page = tmp_path / "p.html"
    page.write_text('<img src="a.jpg" alt="">')
    images.Processor(str(tmp_path), {"RESPONSIVE_IMAGE_WIDTHS": (480,)}).page(str(page))
    first = sorted(p.name for p in tmp_path.glob("a-480w-*.jpg"))
    make_image(tmp_path / "a.jpg", (1000, 400), "JPEG")
    page.write_text('<img src="a.jpg" alt="">')
    images.Processor(str(tmp_path), {"RESPONSIVE_IMAGE_WIDTHS": (480,)}).page(str(page))
    second = sorted(p.name for p in tmp_path.glob("a-480w-*.jpg"))
    assert len(first) == len(second) == 1 and first != second
    assert f'srcset="{second[0]} 480w, a.jpg 1000w"' in page.read_text() and 'height="400"' in page.read_text()


def test_the_pass_reads_again_only_the_unchanged_pages_that_may_hold_an_image(tmp_path, monkeypatch):
    """A page the writer leaves unchanged (siteconf.hooks.output_unchanged) with no <img> is not read;
    one with an image is, and gets the size of a file that appeared since the last build."""
    from siteconf.hooks import output_unchanged
    from unchanged_files.writer import UnchangedFilesWriter

    pages = {"plain.html": "<p>No picture here</p>", "photo.html": '<p>Set</p><img src="a.png" alt="">'}
    build = SimpleNamespace(output_path=str(tmp_path), settings={"RESPONSIVE_IMAGE_WIDTHS": (480,)})

    def write_all():
        writer = UnchangedFilesWriter(str(tmp_path), {})
        for name, text in pages.items():
            with writer._open_w(str(tmp_path / name), "utf-8") as handle:
                handle.write(text)

    output_unchanged.connect(images.note_unchanged)
    try:
        images.forget_unchanged()
        write_all()
        images.responsive_images(build)  # a.png missing: nothing to edit
        assert {name: (tmp_path / name).read_text() for name in pages} == pages
        make_image(tmp_path / "a.png", (300, 200), "PNG")
        write_all()  # the same bytes: both unchanged
        read = []
        real_open = open
        monkeypatch.setattr(images, "open", lambda path, *a, **k: read.append(os.path.basename(path)) or real_open(path, *a, **k),
                            raising=False)
        images.responsive_images(build)
    finally:
        output_unchanged.disconnect(images.note_unchanged)
    assert "plain.html" not in read and "photo.html" in read
    assert (tmp_path / "photo.html").read_text() == '<p>Set</p><img src="a.png" alt="" width="300" height="200">'
    assert not images._unchanged_without_images  # forgotten once used: the next build starts knowing none
