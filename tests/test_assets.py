"""Content-named theme assets and the assets id in every page (plugin theme_assets, assets.py).

A page must only ever link a stylesheet or script whose name is the hash of
the bytes served under it, so that a page of one publish can never be styled
by another publish's CSS; and every page names the theme assets it was written with.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from helpers import ROOT
from sitebuild import build, copy_project, sample_build

from theme_assets import assets  # noqa: E402

HASHED = re.compile(r"\.([0-9a-f]{12})\.(css|js)$")


def test_hashed_name_and_what_a_deploy_carries():
    name = assets.hashed_name("css/style.css", b"body{color:red}\n")
    assert name == "css/style." + hashlib.sha256(b"body{color:red}\n").hexdigest()[:12] + ".css"
    assert assets.hashed_name("css/style.css", b"body{color:blue}\n") != name
    assert assets.carried("theme/" + name)
    assert assets.carried("pagefind/fragment/en_3a1b2c4.pf_fragment") and assets.carried("pagefind/pagefind-entry.json")
    for not_an_asset in ("theme/css/style.css", "index.html", "grading-night-exteriors/index.html",
                         "images/covers/x.1234567890ab.svg", "theme/favicon.svg"):
        assert not assets.carried(not_an_asset), not_an_asset


def links(page: Path) -> list[str]:
    html = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    found = [tag["href"] for tag in html.select("link[rel=stylesheet]")] + [tag["src"] for tag in html.select("script[src]")]
    return [url for url in found if "/pagefind/" not in url]  # Pagefind's own files: see the deploy tests


def assets_id(page: Path) -> str:
    return BeautifulSoup(page.read_text(encoding="utf-8"), "lxml").find("meta", attrs={"name": "assets-id"})["content"]


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    """The sample site, and the same with one article and the stylesheet changed."""
    first, _ = sample_build(tmp_path_factory, settings="publishconf.py")
    folder = tmp_path_factory.mktemp("assets")
    (folder / "project").mkdir()
    project = copy_project(folder / "project")
    article = project / "content" / "articles" / "grading-night-exteriors.md"
    article.write_text(article.read_text(encoding="utf-8") + "\n\nOne more line.\n", encoding="utf-8")
    css = project / "theme" / "static" / "css" / "style.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n.build-test { color: inherit; }\n", encoding="utf-8")
    second = folder / "second"
    result = build(second, settings="publishconf.py", cwd=project)
    assert result.returncode == 0, result.stderr
    return first, second


@pytest.mark.site
def test_every_page_links_assets_named_by_their_served_bytes(two_builds):
    output = two_builds[0]
    pages = sorted(output.rglob("*.html"))
    seen = set()
    for page in pages:
        if "http-equiv=\"refresh\"" in page.read_text(encoding="utf-8"):
            continue  # an old URL's redirect page (plugin old_urls): no theme
        for url in links(page):
            path = url.split("/", 3)[3]  # after https://host/
            match = HASHED.search(path)
            assert match, (page, url)
            data = (output / path).read_bytes()
            assert hashlib.sha256(data).hexdigest()[:12] == match.group(1), (page, url)
            seen.add(path)
    assert {re.sub(HASHED, r".\2", path) for path in seen} == {
        "theme/css/style.css", "theme/css/lists.css", "theme/css/video.css", "theme/js/search.js"}
    # The content-named copy is the minified stylesheet the plain name serves too.
    style = next(path for path in seen if path.startswith("theme/css/style."))
    assert (output / style).read_bytes() == (output / "theme/css/style.css").read_bytes()
    assert b"/*" not in (output / style).read_bytes()


@pytest.mark.site
def test_assets_id_changes_with_the_theme_assets_only(two_builds):
    first, second = two_builds
    themed = [page for page in first.rglob("*.html") if 'name="assets-id"' in page.read_text(encoding="utf-8")]
    ids = {assets_id(page) for page in themed}
    assert len(themed) > 40 and len(ids) == 1 and re.fullmatch(r"[0-9a-f]{12}", next(iter(ids)))
    # A changed stylesheet: another id, another stylesheet name; the script is the same file.
    assert assets_id(second / "index.html") != assets_id(first / "index.html")
    old, new = links(first / "search" / "index.html"), links(second / "search" / "index.html")
    assert old[0] != new[0] and old[0].endswith(".css") and old[-1] == new[-1] and old[-1].endswith(".js")
    # The id is not the time or the place of the build: the sources' own copy gives the same one.
    assert assets_id(first / "index.html") == assets_id(first / "search" / "index.html")
