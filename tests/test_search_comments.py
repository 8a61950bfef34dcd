"""The two search bundles: the posts' (``<output>/pagefind/``, no comment in it) and the comments'
(``<output>/pagefind-comments/``, made from the comments the pages show, kept in the cache while they
do not change). Read from the bundles' own fragments; tests/browser/test_search.py searches them.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from html import unescape
from pathlib import Path
from types import SimpleNamespace

import pytest

from importing import sample_import_json
from search import comments as search_comments
from sitebuild import build, copy_project, sample_build, tree_digest

FRAGMENT_PREFIX = b"pagefind_dcd"
WORD = re.compile(r"[a-z]{4,}")


def fragments(bundle: Path) -> list[dict]:
    found = []
    for fragment in sorted((bundle / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes())
        assert data.startswith(FRAGMENT_PREFIX)
        found.append(json.loads(data[len(FRAGMENT_PREFIX):]))
    return found


def words(html: str) -> set[str]:
    return set(WORD.findall(unescape(re.sub(r"<[^>]+>", " ", html)).lower()))


def comment_ids(bundle: Path) -> dict[str, str]:
    """comment id -> the URL of the page it is on, for every comment in the comments bundle."""
    return {anchor["id"].removeprefix("comment-"): page["url"]
            for page in fragments(bundle) for anchor in page["anchors"] if anchor["id"].startswith("comment-")}


@pytest.mark.site
def test_the_comments_bundle_holds_every_shown_comment_and_no_other(tmp_path_factory):
    output, _ = sample_build(tmp_path_factory)
    imported = sample_import_json(tmp_path_factory)
    shown, not_shown = {}, set()
    for thread in imported["threads"]:
        for comment in thread["comments"]:
            if comment["status"] == "visible" and comment["type"] == "comment" and thread["article"]:
                shown[comment["id"]] = f"/{thread['article']}/"
            else:
                not_shown.add(comment["id"])
    assert not_shown and len(shown) > 20
    assert comment_ids(output / "pagefind-comments") == shown
    # Each page's words are its comments' bylines and texts, nothing else (no e-mail, no address).
    by_url = {page["url"]: page for page in fragments(output / "pagefind-comments")}
    for thread in imported["threads"]:
        page = by_url.get(f"/{thread['article']}/")
        for comment in thread["comments"]:
            if comment["id"] in shown:
                assert words(comment["html"]) <= words(page["content"]), comment["id"]
    assert "@" not in " ".join(page["content"] for page in by_url.values())
    # The titles search.js gives the results are the articles' (from titles.json, not indexed).
    titles = json.loads((output / "pagefind-comments" / "titles.json").read_text(encoding="utf-8"))
    assert titles.keys() == by_url.keys()
    assert titles["/shooting-on-vintage-anamorphic-lenses/"] == "Shooting on Vintage Anamorphic Lenses"
    assert all(page["meta"] == {} for page in by_url.values())
    # The search page merges it.
    search_page = (output / "search" / "index.html").read_text(encoding="utf-8")
    assert 'data-comments-bundle="../pagefind-comments/"' in search_page


@pytest.mark.site
def test_the_posts_bundle_has_no_comment_word(tmp_path_factory):
    output, _ = sample_build(tmp_path_factory)
    imported = sample_import_json(tmp_path_factory)
    posts = fragments(output / "pagefind")
    assert posts and not any(a["id"].startswith("comment-") for page in posts for a in page["anchors"])
    in_posts = set().union(*(words(page["content"]) for page in posts))
    sources = set().union(*(words(path.read_text(encoding="utf-8"))
                            for path in (Path(__file__).parent.parent / "content").rglob("*.md")))
    only_comments = set().union(*(words(c["html"]) for t in imported["threads"] for c in t["comments"])) - sources
    only_comments = {word for word in only_comments if len(word) >= 6}  # not "play" (a video's button)
    assert len(only_comments) > 50
    assert in_posts & only_comments == set()


@pytest.mark.site
def test_no_comments_bundle_when_comments_are_not_searchable(tmp_path_factory):
    output, _ = sample_build(tmp_path_factory, extra=["-e", "COMMENTS_SEARCHABLE=false"])
    assert not (output / "pagefind-comments").exists()
    assert "data-comments-bundle" not in (output / "search" / "index.html").read_text(encoding="utf-8")
    assert (output / "pagefind" / "pagefind-ui.js").is_file()


@pytest.mark.site
def test_the_comments_bundle_is_the_same_made_while_pelican_writes_or_after(tmp_path_factory):
    """The bundle is started once the comments are attached (archived_comments before search in
    PLUGINS), in a process beside Pelican's writing; with search listed first, nothing is attached
    yet then, and the search page makes the pages and ``finalized`` the bundle: the same files."""
    import pelicanconf

    plugins = [name for name in pelicanconf.PLUGINS if name != "search"]
    plugins.insert(plugins.index("archived_comments"), "search")
    early, _ = sample_build(tmp_path_factory)
    late, log = sample_build(tmp_path_factory, extra=["-e", "PLUGINS=" + json.dumps(plugins)])
    assert comment_ids(late / "pagefind-comments")
    assert tree_digest(late / "pagefind-comments") == tree_digest(early / "pagefind-comments")
    assert (late / "search" / "index.html").read_bytes() == (early / "search" / "index.html").read_bytes()


@pytest.mark.site
@pytest.mark.slow
def test_a_warm_build_reuses_the_bundle_and_a_moderated_comment_remakes_it(tmp_path):
    (tmp_path / "site").mkdir()
    project = copy_project(tmp_path / "site")
    kept = project / "cache" / "search"

    def built(name: str) -> Path:
        output = tmp_path / name
        result = build(output, cwd=project)
        assert result.returncode == 0, result.stdout + result.stderr
        return output

    def identity(output: Path) -> dict[str, tuple]:
        return {str(path.relative_to(output)): (path.stat().st_ino, path.stat().st_mtime_ns)
                for path in sorted((output / "pagefind-comments").rglob("*")) if path.is_file()}

    def bundles() -> list[Path]:
        return sorted(kept.glob("comments-*"))

    cold = built("cold")
    entries = bundles()
    assert len(entries) == 1 and (kept / "pages.pickle").is_file()
    # One post touched, comments unchanged: the same files (links to the kept bundle), not a new index.
    post = project / "content" / "articles" / "shooting-on-vintage-anamorphic-lenses.md"
    post.write_text(post.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    warm = built("warm")
    assert identity(warm) == identity(cold)
    assert bundles() == entries
    # One comment hidden in moderation.toml: a new bundle, without it.
    hidden = sorted(comment_ids(cold / "pagefind-comments"))[0]
    (project / "content" / "comments" / "moderation.toml").write_text(
        f'[[comment]]\nid = "{hidden}"\naction = "hide"\nreason = "a test"\n', encoding="utf-8")
    moderated = built("moderated")
    ids = comment_ids(moderated / "pagefind-comments")
    assert hidden not in ids and ids.keys() == comment_ids(cold / "pagefind-comments").keys() - {hidden}
    assert identity(moderated).keys() & identity(cold).keys()
    assert all(identity(moderated)[name][0] != inode for name, (inode, _) in identity(cold).items()
               if name in identity(moderated) and name.startswith("fragment/"))
    assert len(bundles()) == 2
    # The output does not depend on the cache: the same bytes built with an empty one.
    shutil.rmtree(kept)
    again = built("again")
    for path in sorted((moderated / "pagefind-comments").rglob("*")):
        if path.is_file():
            assert (again / path.relative_to(moderated)).read_bytes() == path.read_bytes(), path


def test_comment_pages_read_the_shown_comments_by_name(monkeypatch):
    """comments.py reads ``comment_section.comments()`` (archived_comments' contract) without importing
    that plugin; drafts and contents without a section give no page."""
    comment = SimpleNamespace(anchor="comment-7", author="Ada <Lovelace>", date=None, html="<p>A &amp; B</p>")
    section = SimpleNamespace(comments=lambda: [comment])
    post = SimpleNamespace(url="a-post/", title="A &amp; post", status="published", comment_section=section,
                           translations=[])
    draft = SimpleNamespace(url="draft/", title="Draft", status="draft", comment_section=section, translations=[])
    bare = SimpleNamespace(url="bare/", title="Bare", status="published", translations=[])
    contents = search_comments.searchable_contents({"articles": [post, draft], "pages": [bare]})
    pages = search_comments.comment_pages(contents, {"DEFAULT_LANG": "en"})
    assert [(p.url, p.title, p.comments) for p in pages] == [("/a-post/", "A & post", 1)]
    assert '<article id="comment-7"><header>Ada &lt;Lovelace&gt; Permalink</header><div><p>A &amp; B</p></div>' \
        in pages[0].html
    assert search_comments.bundle_key(pages, {}) == search_comments.bundle_key(list(pages), {})
    other = [SimpleNamespace(**{**vars(pages[0]), "html": pages[0].html.replace("B", "C")})]
    assert search_comments.bundle_key(other, {}) != search_comments.bundle_key(pages, {})


@pytest.mark.parametrize("emptied", ["pagefind-entry.json", "wasm.unknown.pagefind"])
def test_a_kept_bundle_whose_entry_file_is_broken_is_made_again(tmp_path, emptied):
    """A kept bundle with an empty pagefind-entry.json made every comment search hang: never reused;
    nor one with another empty file (a loaded whole-suite run once left Pagefind's wasm file empty)."""
    pages = [search_comments.CommentsPage(url="/a-post/", title="A post", comments=1,
                                          html='<html lang="en"><body><p id="comment-1">Tripods at dawn</p></body></html>')]
    cache, output = tmp_path / "cache", tmp_path / "output"
    output.mkdir()

    def bundle():  # in a thread of its own, as the build runs it (a test before may leave an event loop here)
        with ThreadPoolExecutor(1) as pool:
            return pool.submit(search_comments.build_comments_bundle, str(output), pages, str(cache), {}).result()

    first = bundle()
    assert not first.cached
    entry = output / "pagefind-comments" / "pagefind-entry.json"
    languages = json.loads(entry.read_text(encoding="utf-8"))["languages"]
    assert languages and all((entry.parent / f"pagefind.{lang['hash']}.pf_meta").is_file() for lang in languages.values())
    assert bundle().cached

    (kept,) = (cache / search_comments.CACHE_DIR).glob("comments-*")
    assert (kept / emptied).stat().st_size > 0
    (kept / emptied).write_bytes(b"")
    again = bundle()
    assert not again.cached
    assert json.loads(entry.read_text(encoding="utf-8"))["languages"] == languages
    assert (output / "pagefind-comments" / emptied).stat().st_size > 0
    assert bundle().cached


def test_pages_sent_a_batch_at_a_time_make_the_bundle_sent_at_once(tmp_path, monkeypatch):
    """The bundle's pages go to Pagefind in batches of SEND_BYTES of HTML (not all encoded at once in the
    pipe's buffer): in order, so the bundle is the same, file for file."""
    words = ["tripod", "dolly", "gimbal", "slider", "crane", "monopod", "jib"]
    pages = [search_comments.CommentsPage(
        url=f"/post-{n}/", title=f"Post {n}", comments=n + 1,
        html='<html lang="en"><body><main data-pagefind-body>' + "".join(
            f'<article id="comment-{n}-{k}"><header>Reader {k}</header><div><p>A {words[(n + k) % 7]} at dawn</p></div></article>'
            for k in range(n + 1)) + "</main></body></html>") for n in range(7)]
    batches = list(search_comments._batches(pages, 600))
    assert [page for batch in batches for page in batch] == pages and len(batches) > 2
    assert all(sum(len(p.html) for p in batch) <= 600 or len(batch) == 1 for batch in batches)

    def bundle(limit, folder):
        monkeypatch.setattr(search_comments, "SEND_BYTES", limit)
        with ThreadPoolExecutor(1) as pool:  # a thread of its own, as the build runs it
            pool.submit(search_comments.write_bundle, pages, str(folder), {}).result()
        return tree_digest(folder)

    assert bundle(600, tmp_path / "batches") == bundle(10**9, tmp_path / "at-once")


def test_an_output_that_holds_the_kept_bundle_already_is_left_as_it_is(tmp_path):
    """A warm build whose comments did not change finds its output's bundle linked to the kept one:
    nothing is removed and linked again; an output bundle that differs from it is linked anew."""
    pages = [search_comments.CommentsPage(url="/a-post/", title="A post", comments=1,
                                          html='<html lang="en"><body><p id="comment-1">Gaffer tape</p></body></html>')]
    cache, output = tmp_path / "cache", tmp_path / "output"
    output.mkdir()
    bundle = output / search_comments.COMMENTS_BUNDLE_DIR

    def built():
        with ThreadPoolExecutor(1) as pool:  # a thread of its own, as the build runs it
            return pool.submit(search_comments.build_comments_bundle, str(output), pages, str(cache), {}).result()

    first = built()
    files = tree_digest(bundle)
    os.utime(bundle, ns=(10**9, 10**9))  # a folder made again, or a file removed or linked in it, moves this
    again = built()
    assert again.cached and again.bytes == first.bytes
    assert bundle.stat().st_mtime_ns == 10**9
    assert tree_digest(bundle) == files
    (bundle / "stray.txt").write_text("left by hand", encoding="utf-8")
    assert built().cached and tree_digest(bundle) == files
    removed = next(bundle.rglob("*.pf_fragment"))
    removed.unlink()
    assert built().cached and tree_digest(bundle) == files
