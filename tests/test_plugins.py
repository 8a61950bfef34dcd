"""Each plugin builds on its own: no plugin imports another, and the sample builds without each one.

The theme needs ``seo`` (filters ``site_url``, ``json_ld``) and ``theme_assets`` (``asset_url``); every
other plugin can be left out of ``PLUGINS``, and then what it writes is gone and nothing else is.
The builds are production builds (``publishconf.py``: comment feeds, sitemap), so what each plugin adds
is all there in the full build the others are compared with.
"""

from __future__ import annotations

import ast
import json

import publishconf
import pytest
from bs4 import BeautifulSoup

from helpers import ROOT
from sitebuild import sample_build

PLUGINS_DIR = ROOT / "plugins"
# The Pelican plugins: the packages under plugins/ with a register() (post_import is the library behind
# `invoke import-posts`, no plugin).
PLUGIN_NAMES = sorted(p.parent.name for p in PLUGINS_DIR.glob("*/__init__.py") if "def register(" in p.read_text())
THEME_NEEDS = ("seo", "theme_assets")


def imported_packages(path) -> set[str]:
    """The top-level names a module imports (absolute imports only; relative ones stay in the package)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("plugin", PLUGIN_NAMES)
def test_no_plugin_imports_another(plugin):
    others = set(PLUGIN_NAMES) - {plugin}
    assert others
    for module in sorted((PLUGINS_DIR / plugin).rglob("*.py")):
        wrong = imported_packages(module) & others
        assert not wrong, f"{module.relative_to(ROOT)} imports the plugin(s) {sorted(wrong)}"



@pytest.mark.parametrize("package, other", [("post_import", "archived_comments"), ("archived_comments", "post_import")])
def test_the_post_import_and_the_comment_import_never_import_each_other(package, other):
    # Both read the archives through the wparchive library and their settings through siteconf.
    for module in sorted((PLUGINS_DIR / package).rglob("*.py")):
        assert other not in imported_packages(module), f"{module.relative_to(ROOT)} imports {other}"


def test_the_sample_lists_every_plugin():
    assert sorted(publishconf.PLUGINS) == PLUGIN_NAMES


def build_without(tmp_path_factory, plugin: str | None):
    plugins = [name for name in publishconf.PLUGINS if name != plugin]
    output, log = sample_build(tmp_path_factory, settings="publishconf.py", extra=["-e", f"PLUGINS={json.dumps(plugins)}"])
    return output


def page(output, path: str) -> BeautifulSoup:
    return BeautifulSoup((output / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def json_ld(soup: BeautifulSoup) -> dict:
    return json.loads(soup.select_one('script[type="application/ld+json"]').string)


def commented_slug(output) -> str:
    """An article of the full build with comments under it."""
    for index in sorted(output.glob("*/index.html")):
        soup = BeautifulSoup(index.read_text(encoding="utf-8"), "html.parser")
        if soup.select(".comment-body"):
            return index.parent.name
    raise AssertionError("the sample has no article with comments")


@pytest.fixture(scope="module")
def full(tmp_path_factory):
    return build_without(tmp_path_factory, None)


@pytest.mark.site
def test_without_archived_comments_the_site_builds_with_no_comment_output(tmp_path_factory, full):
    slug = commented_slug(full)
    # What the plugin writes, in the full build: the section, the count, the JSON-LD, a page and feeds.
    assert json_ld(page(full, slug))["commentCount"] > 0
    assert (full / "comments" / "recent" / "index.html").is_file()
    assert (full / "feeds" / "comments.atom.xml").is_file() and (full / "feeds" / "comments").is_dir()

    output = build_without(tmp_path_factory, "archived_comments")
    for index in sorted(output.rglob("*.html")):
        soup = BeautifulSoup(index.read_text(encoding="utf-8"), "html.parser")
        where = index.relative_to(output)
        assert not soup.select("#comments, .comments, .comment-body, .comment-count"), where
        assert "Recent comments" not in soup.get_text(), where
        assert not soup.select('link[type="application/atom+xml"][href*="comments"]'), where
        data = soup.select_one('script[type="application/ld+json"]')
        if data is not None:
            assert not {"commentCount", "comment"} & set(json.loads(data.string)), where
    assert not (output / "comments").exists()
    assert not (output / "feeds" / "comments.atom.xml").exists() and not (output / "feeds" / "comments").exists()
    # The rest of the article is there: the same headline and body as in the full build.
    assert json_ld(page(output, slug))["headline"] == json_ld(page(full, slug))["headline"]
    assert page(output, slug).select_one(".article-body").get_text() == page(full, slug).select_one(".article-body").get_text()


# plugin -> (a CSS selector of what it adds to an article page, or None; a file of the output it writes, or None)
ADDS = {
    "newsletter": ("aside.newsletter", None),  # the box's words (content/newsletter.md) come through the plugin
    "reading": (".reading-time", None),
    "csp": ('meta[http-equiv="Content-Security-Policy"]', None),
    "search": ('a[href$="/search/"]', "pagefind/pagefind.js"),
    "author_profiles": (".author-box", None),
    "drafts": (None, None),  # production builds write no drafts: it must only build without them
    "old_urls": (None, None),  # the sample has no redirect table: it must only build without it
    "video_embeds": (None, None),
    "unchanged_files": (None, None),  # writes the same bytes as Pelican's own writer: it must only build without it
}


def test_every_optional_plugin_is_checked():
    assert set(ADDS) == set(PLUGIN_NAMES) - set(THEME_NEEDS) - {"archived_comments"}


@pytest.mark.site
@pytest.mark.parametrize("plugin", sorted(ADDS))
def test_the_site_builds_without(plugin, tmp_path_factory, full):
    output = build_without(tmp_path_factory, plugin)
    slug = commented_slug(full)
    selector, written = ADDS[plugin]
    if selector:
        assert page(full, slug).select(selector)
        assert not page(output, slug).select(selector)
    if written:
        assert (full / written).is_file() and not (output / written).exists()
    # Everything else is still there: the comments and the article body.
    assert len(page(output, slug).select(".comment-body")) == len(page(full, slug).select(".comment-body"))
    assert page(output, slug).select_one(".article-body").get_text(" ", strip=True)


@pytest.mark.site
def test_unchanged_files_writes_what_pelicans_own_writer_writes(tmp_path_factory, full, tmp_path):
    """The same files with the same bytes as Pelican's own writer."""
    def tree(folder):
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}

    without = build_without(tmp_path_factory, "unchanged_files")
    assert tree(full) == tree(without)
