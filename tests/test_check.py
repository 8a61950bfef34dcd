"""`invoke check` on built sites: the sample passes; each kind of breakage is reported with file and line.

The sample is built once per module with each settings file; each failing case works on a copy of
that output (or of the project) with one thing broken, and checks what the author is told.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import ROOT
from sitebuild import build, copy_project, sample_build


from sitetools import check  # noqa: E402

ARTICLE = "shooting-on-vintage-anamorphic-lenses"  # nested comments, "in reply to" links


def copy_project_and_tools(dest: Path) -> Path:
    """copy_project, plus sitetools/ (the code behind `invoke new` and `invoke check`)."""
    project = copy_project(dest)
    shutil.copytree(ROOT / "sitetools", project / "sitetools", ignore=shutil.ignore_patterns("__pycache__"))
    return project


@pytest.fixture(scope="module")
def local(tmp_path_factory) -> Path:
    """The local build, with threads shown two deep: deeper replies get "In reply to" links."""
    return sample_build(tmp_path_factory, extra=["-e", "COMMENTS_DISPLAY_DEPTH=2"])[0]


@pytest.fixture(scope="module")
def production(tmp_path_factory) -> Path:
    return sample_build(tmp_path_factory, settings="publishconf.py")[0]


@pytest.fixture
def broken_copy(local, tmp_path) -> Path:
    """A copy of the local build to break."""
    return Path(shutil.copytree(local, tmp_path / "output"))


def run_check(output: Path, *args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sitetools.check", str(output), *args], cwd=cwd,
                          capture_output=True, text=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def insert_after_line(path: Path, line_no: int, html: str) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    lines.insert(line_no, html)
    path.write_text("\n".join(lines), encoding="utf-8")


# --- the sample site passes ------------------------------------------------------------------


@pytest.mark.site
def test_the_sample_site_passes(local, production):
    for output, settings in ((local, "pelicanconf.py"), (production, "publishconf.py")):
        report = check.check_site(output, root=ROOT, settings_file=settings)
        assert [str(f) for f in report.errors] == [], settings
        assert report.pages > 40 and report.links > 1000
        # Every comment permalink and "in reply to" link was among the links checked.
        assert report.heaviest and report.heaviest[1] <= check.DEFAULT_BUDGET
    assert check.check_site(production, root=ROOT, settings_file="publishconf.py").feeds > 5


@pytest.mark.site
def test_invoke_check_exits_zero_on_the_sample(local, production):
    for output in (local, production):
        result = subprocess.run([sys.executable, "-m", "invoke", "check", "--output", str(output)], cwd=ROOT,
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "0 error(s)" in result.stdout
    assert check.production_build(production) and not check.production_build(local)


@pytest.mark.site
def test_comment_permalinks_and_replies_are_checked(local):
    site = check.BuiltSite(local)
    rel = f"{ARTICLE}/index.html"
    page = check.parse_page(site, rel)
    anchors = [url for _, url, _ in page.refs if url.startswith("#comment-")]
    assert anchors and all(url[1:] in page.ids for url in anchors)
    replies = re.findall(r'class="comment-reply-to">In reply to <a href="(#comment-[^"]+)"',
                         (local / rel).read_text(encoding="utf-8"))
    assert replies and set(replies) <= set(anchors)


# --- each breakage, named with file and line ------------------------------------------------------


@pytest.mark.site
def test_a_broken_internal_link(broken_copy):
    page = broken_copy / "grading-night-exteriors" / "index.html"
    at = line_of(page, '<div class="article-body">')
    insert_after_line(page, at, '<p>See <a href="../no-such-post/">my other post</a>.</p>')
    result = run_check(broken_copy)
    assert result.returncode == 1
    expected = f"{broken_copy}/grading-night-exteriors/index.html:{at + 1}: error: broken link: <a href> '../no-such-post/'"
    assert expected in result.stdout, result.stdout
    assert "1 error(s)" in result.stdout


@pytest.mark.site
def test_a_missing_image(broken_copy):
    cover = broken_copy / "images" / "covers" / "sound-is-half-the-picture.svg"
    cover.unlink()
    page = broken_copy / "sound-is-half-the-picture" / "index.html"
    report = check.check_site(broken_copy, root=ROOT, settings_file="pelicanconf.py")
    errors = [str(e) for e in report.errors]
    line = line_of(page, 'class="cover"')
    assert (f"{broken_copy}/sound-is-half-the-picture/index.html:{line}: error: broken link: <img src> "
            "'../images/covers/sound-is-half-the-picture.svg': no such file") in errors
    assert all("sound-is-half-the-picture.svg" in e for e in errors)
    assert run_check(broken_copy).returncode == 1


@pytest.mark.site
def test_a_dangling_comment_permalink(broken_copy):
    page = broken_copy / ARTICLE / "index.html"
    text = page.read_text(encoding="utf-8")
    target = re.search(r'class="comment-reply-to">In reply to <a href="#(comment-[^"]+)"', text).group(1)
    # The comment a reply answers disappears from the page (its id no longer there).
    page.write_text(text.replace(f'<article id="{target}"', '<article id="gone"'), encoding="utf-8")
    report = check.check_site(broken_copy, root=ROOT, settings_file="pelicanconf.py")
    errors = [e for e in report.errors if e.path.endswith(f"{ARTICLE}/index.html")]
    messages = {e.message for e in errors}
    assert f"broken anchor: <a href> '#{target}': this page has no element with id '{target}'" in messages
    lines = {e.line for e in errors}
    assert line_of(page, f'class="comment-permalink" href="#{target}"') in lines  # its own permalink
    assert line_of(page, f'In reply to <a href="#{target}"') in lines  # and the reply's link to it
    # Links from another folder (the recent-comments page, when it lists that comment) are checked too.
    listed = f"{ARTICLE}/#{target}" in (broken_copy / "comments" / "recent" / "index.html").read_text(encoding="utf-8")
    from_recent = any(e.path.endswith("comments/recent/index.html") and target in e.message for e in report.errors)
    assert from_recent == listed


@pytest.mark.site
def test_a_feed_that_does_not_parse(production, tmp_path):
    output = Path(shutil.copytree(production, tmp_path / "output"))
    feed = output / "feeds" / "all.atom.xml"
    feed.write_bytes(feed.read_bytes()[:-200])
    report = check.check_site(output, root=ROOT, settings_file="publishconf.py")
    errors = [e for e in report.errors if e.path.endswith("feeds/all.atom.xml")]
    assert len(errors) == 1 and "not well-formed XML" in errors[0].message and errors[0].line


@pytest.mark.site
def test_pages_over_the_budget(local):
    report = check.check_site(local, root=ROOT, settings_file="pelicanconf.py", budget=10_000)
    over = [e for e in report.errors if "over the budget" in e.message]
    assert len(over) == len(list((ROOT / "content" / "articles").glob("*.md")))
    assert all("bytes of HTML + CSS" in e.message for e in over)


@pytest.mark.site
def test_comment_archive_problems_and_missing_summaries(tmp_path):
    project = copy_project_and_tools(tmp_path)
    # An article goes: its archived thread matches nothing (an error); another loses its summary (a warning).
    (project / "content" / "articles" / "grading-night-exteriors.md").unlink()
    lens = project / "content" / "articles" / "choosing-a-lens-for-interviews.md"
    lens.write_text(re.sub(r"^Summary: .*\n", "", lens.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")
    output = project / "output"
    built = subprocess.run([sys.executable, "-m", "invoke", "build"], cwd=project, capture_output=True, text=True)
    assert built.returncode == 0, built.stdout + built.stderr  # an unmatched thread is a warning to Pelican
    report = check.check_site(output, root=project, settings_file="pelicanconf.py")
    unmatched = [e for e in report.errors if "matched no article" in e.message]
    assert len(unmatched) == 1 and "grading-night-exteriors" in unmatched[0].message
    assert unmatched[0].path.startswith("content/comments/")
    warnings = [str(w) for w in report.warnings]
    assert ("content/articles/choosing-a-lens-for-interviews.md: warning: no summary (a `Summary:` line): "
            "the index and the feeds show its first words instead") in warnings

    # Warnings alone: exit 0.
    (project / "content" / "comments").rename(project / "old-comments")
    (project / "content" / "comments").mkdir()
    assert build(output, cwd=project).returncode == 0
    result = subprocess.run([sys.executable, "-m", "invoke", "check"], cwd=project, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "warning: no summary" in result.stdout and "0 error(s)" in result.stdout


def test_urls_resolve_like_a_web_server(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text("<p id=x>", encoding="utf-8")
    (tmp_path / "f.css").write_text("", encoding="utf-8")
    site = check.BuiltSite(tmp_path, "https://example.org/blog")
    assert site.resolve("a/index.html", "../f.css") == ("f.css", "", None)
    assert site.resolve("a/index.html", "/blog/a/#x") == ("a/index.html", "x", None)
    assert site.resolve("a/index.html", "https://example.org/blog/a") == ("a/index.html", "", None)
    assert site.resolve("a/index.html", "https://elsewhere.example/") == (None, "", None)
    assert site.resolve("a/index.html", "mailto:ines@example.org") == (None, "", None)
    assert site.resolve("a/index.html", "#x") == ("a/index.html", "x", None)
    assert site.resolve("a/index.html", "../../up") == (None, "", "points above the site's root folder")
    assert site.resolve("a/index.html", "b/")[2] == "no such page (no index.html in that folder)"
    assert check._srcset_urls("a-480w.png 480w, a.png 2000w") == ["a-480w.png", "a.png"]
    assert check._srcset_urls("a.png, b.png 2x") == ["a.png", "b.png"]


# --- invoke publish runs the check ------------------------------------------------------------


@pytest.fixture
def fake_publish(monkeypatch, production, tmp_path):
    """deploy.publish with everything around the build and the check stubbed: the build is a copy of
    the production sample with one broken link; rsync is recorded, never run, and the server is never asked."""
    from sitetools import deploy

    def build_site(root, settings_file, output):
        shutil.copytree(production, output)
        page = output / "grading-night-exteriors" / "index.html"
        insert_after_line(page, line_of(page, '<div class="article-body">'), '<a href="/gone/">gone</a>')

    sent = []
    monkeypatch.setattr(deploy, "check_target", lambda target: None)
    monkeypatch.setattr(deploy, "require_tools", lambda *names: None)
    monkeypatch.setattr(deploy, "read_settings", lambda root, s: {"SITEURL": "https://www.example.net"})
    monkeypatch.setattr(deploy, "server_state", lambda target: deploy.ServerState(layout="missing"))
    monkeypatch.setattr(deploy, "server_step", lambda target, command, *args, stdin="", what: [])
    monkeypatch.setattr(deploy, "build_site", build_site)
    monkeypatch.setattr(deploy, "check_comments", lambda root, s: 0)
    monkeypatch.setattr(deploy, "rsync_deploy",
                        lambda cmd, dry_run, echo, failed: sent.append(cmd) or deploy.DeployReport(
                            deploy.Changes(), {}, "", dry_run))
    target = deploy.Target(host="www.example.net", user="deploy", path="/var/www/site")
    return deploy, target, sent


@pytest.mark.site
def test_publish_refuses_a_build_with_check_errors(fake_publish):
    deploy, target, sent = fake_publish
    lines = []
    with pytest.raises(deploy.DeployError) as raised:
        deploy.publish(ROOT, "publishconf.py", target, echo=lines.append)
    message = str(raised.value)
    assert "`invoke check` found 1 error(s)" in message and "grading-night-exteriors/index.html:" in message
    assert "'/gone/'" in message and "--force" in message and "Nothing was deployed" in message
    assert sent == []


@pytest.mark.site
def test_publish_force_deploys_anyway_and_says_so(fake_publish):
    deploy, target, sent = fake_publish
    lines = []
    deploy.publish(ROOT, "publishconf.py", target, force=True, echo=lines.append)
    assert len(sent) == 1
    assert any("found 1 error(s)" in line and "publishing anyway (--force)" in line for line in lines)


@pytest.mark.site
def test_a_build_older_than_its_sources_is_said(tmp_path):
    project = copy_project_and_tools(tmp_path)
    built = subprocess.run([sys.executable, "-m", "invoke", "build"], cwd=project, capture_output=True, text=True)
    assert built.returncode == 0, built.stdout + built.stderr
    fresh = check.check_site(project / "output", root=project, settings_file="pelicanconf.py")
    assert fresh.stale is None and not [w for w in fresh.warnings if "older" in w.message]
    # The author edits a post after building: its file is newer than the build.
    post = project / "content" / "articles" / "sound-is-half-the-picture.md"
    os.utime(post)  # now: after the build
    assert post.stat().st_mtime > (project / "output" / "index.html").stat().st_mtime
    result = subprocess.run([sys.executable, "-m", "invoke", "check"], cwd=project, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr  # a warning: the check itself still ran
    stale = [line for line in result.stdout.splitlines() if "older than its sources" in line]
    assert len(stale) == 1 and "content/articles/sound-is-half-the-picture.md" in stale[0], result.stdout
    assert "build again" in stale[0] and "invoke build" in stale[0]
    assert "the build is older than content/articles/sound-is-half-the-picture.md" in result.stdout.splitlines()[-1]
    # Built again: nothing to say.
    assert subprocess.run([sys.executable, "-m", "invoke", "build"], cwd=project, capture_output=True).returncode == 0
    assert check.check_site(project / "output", root=project, settings_file="pelicanconf.py").stale is None
