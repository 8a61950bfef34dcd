"""`invoke publish` (releases over SSH) and `invoke gh-pages`, against real targets on this machine.

The deploy tests run a real OpenSSH server (tests/publish/sshd.py) on
127.0.0.1 and Debian's rsync; `invoke publish` runs as a child process in a
copy of the project, configured only through INVOKE_DEPLOY_* and SITEURL, as an
author would.  What the live release (`<path>/current`) holds is compared file
by file with a local `pelican -s publishconf.py` build of the same sources.
tests/test_releases.py serves the releases with nginx while publishing, and
covers rollback, keep and hard links.  gh-pages publishes into a local bare
repository.  Under CI=true a missing sshd, rsync or git fails these tests
instead of skipping them.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup

from helpers import ROOT, require
from publish.sshd import SshServer, missing_tools
from sitebuild import copy_project, tree_digest
from sitetools import deploy

SITEURL = "https://films.publish-test.net"
NO_COMMENTS_ARTICLE = "first-notes-on-generative-previsualisation"  # no archived comment points at it
COMMENTED_ARTICLE = "grading-night-exteriors"  # has archived comments


# --- helpers ------------------------------------------------------------------------------------


def make_project(folder: Path) -> Path:
    """A copy of the site's sources plus the publishing code, to change without touching the repository."""
    folder.mkdir(parents=True, exist_ok=True)
    project = copy_project(folder)
    shutil.copytree(ROOT / "sitetools", project / "sitetools", ignore=shutil.ignore_patterns("__pycache__"))
    return project


def clean_env(**extra: str) -> dict[str, str]:
    """The environment without any deploy settings or SITEURL of the person running the tests."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("INVOKE_DEPLOY_", "INVOKE_GH_PAGES_"))}
    env.pop("SITEURL", None)
    env["COLUMNS"] = "200"
    env.update(extra)
    return env


def run_invoke(project: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args], cwd=project, capture_output=True, text=True, env=env, timeout=300
    )


def local_build(project: Path, output: Path, siteurl: str = SITEURL) -> dict[str, str]:
    """`pelican -s publishconf.py` of the project's sources, as file -> SHA-256."""
    cmd = [sys.executable, "-m", "pelican", "content", "-o", str(output), "-s", "publishconf.py", "--fatal", "errors"]
    result = subprocess.run(cmd, cwd=project, capture_output=True, text=True, env=clean_env(SITEURL=siteurl))
    assert result.returncode == 0, result.stdout + result.stderr
    return tree_digest(output)


def itemized(stdout: str) -> deploy.Changes:
    """The changes `invoke publish` printed (rsync's --itemize-changes lines, indented)."""
    return deploy.parse_itemized(line[2:] for line in stdout.splitlines() if line.startswith("  "))


def bytes_sent(stdout: str) -> int:
    return int(re.search(r"(\d+) bytes over the wire", stdout).group(1))


def changed_files(before: dict[str, str], after: dict[str, str]) -> set[str]:
    return {name for name, digest in after.items() if before.get(name) != digest}


def edit_article(project: Path, slug: str, text: str) -> None:
    path = project / "content" / "articles" / f"{slug}.md"
    path.write_text(path.read_text(encoding="utf-8") + f"\n\n{text}\n", encoding="utf-8")


def live_tree(target: Path) -> dict[str, str]:
    """What the web server serves: the release `<path>/current` points at, file by file."""
    current = target / "current"
    assert current.is_symlink(), f"{current} is not the releases' symlink"
    return tree_digest(current.resolve())


def release_dirs(target: Path) -> list[Path]:
    """The complete releases, oldest first (not the .partial uploads, not the .files lists)."""
    return sorted(p for p in (target / "releases").iterdir() if p.is_dir() and not p.name.endswith(".partial"))


@pytest.fixture(scope="module")
def sshd(tmp_path_factory):
    missing = missing_tools()
    require(not missing, "an OpenSSH server and rsync (" + ", ".join(missing) + ")")
    server = SshServer(tmp_path_factory.mktemp("sshd")).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def project(tmp_path) -> Path:
    return make_project(tmp_path / "project")


@pytest.fixture(scope="module")
def live(sshd, tmp_path_factory):
    """One real first publish of the unchanged sample site, and the local build it must equal.

    Tests that need "a site already live" start from a copy of what this
    publish left on its target (times and permissions kept), which is what a
    publish of their unchanged project copy would leave, at a fraction of the time.
    """
    folder = tmp_path_factory.mktemp("live")
    project = make_project(folder / "project")
    target = folder / "www"
    result = publish(project, sshd, target)
    assert result.returncode == 0, result.stdout + result.stderr
    return SimpleNamespace(target=target, result=result, expected=local_build(project, folder / "expected"))


def live_copy(live, tmp_path: Path) -> Path:
    target = tmp_path / "www"
    shutil.copytree(live.target, target, symlinks=True)
    assert live_tree(target) == live.expected
    return target


def publish(project: Path, sshd: SshServer, target: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    return run_invoke(project, "publish", *args, env=clean_env(**{"SITEURL": SITEURL, **sshd.deploy_env(target), **env}))


# --- the pieces, without a server ---------------------------------------------------------------


def test_flags_override_config():
    config = {"host": "www.films.net", "port": 22, "user": "ines", "path": "/var/www/site", "identity": ""}
    target = deploy.target_from_config(config, port="2222", path="/srv/films", host=None)
    assert (target.host, target.port, target.user, target.path) == ("www.films.net", 2222, "ines", "/srv/films")
    assert target.keep == 5  # deploy.keep's default
    assert deploy.target_from_config({**config, "keep": "3"}).keep == 3
    with pytest.raises(deploy.DeployError, match="INVOKE_DEPLOY_KEEP"):
        deploy.check_target(deploy.target_from_config({**config, "keep": 0}))


@pytest.mark.parametrize("key", ["host", "user", "path"])
def test_missing_target_setting_is_named_with_its_env_var(key):
    config = {"host": "www.films.net", "user": "ines", "path": "/var/www/site", key: ""}
    with pytest.raises(deploy.DeployError) as error:
        deploy.check_target(deploy.target_from_config(config))
    assert f"`deploy: {key}:` in invoke.yaml" in str(error.value)
    assert f"INVOKE_DEPLOY_{key.upper()}" in str(error.value)


@pytest.mark.parametrize("host", ["your-server", "<host>", "www.ines-calder.example", "CHANGE-ME"])
def test_placeholder_host_is_refused(host):
    with pytest.raises(deploy.DeployError, match="placeholder.*INVOKE_DEPLOY_HOST"):
        deploy.check_target(deploy.Target(host=host, user="ines", path="/var/www/site"))


@pytest.mark.parametrize("path", ["/", "~", "~/", ".", "/home", "/var/", "~ines"])
def test_deploy_path_that_delete_would_wipe_is_refused(path):
    with pytest.raises(deploy.DeployError, match="moves everything.*INVOKE_DEPLOY_PATH"):
        deploy.check_target(deploy.Target(host="www.films.net", user="ines", path=path))


def test_bad_port_and_missing_key_file_are_named(tmp_path):
    with pytest.raises(deploy.DeployError, match="INVOKE_DEPLOY_PORT"):
        deploy.target_from_config({"host": "h.net", "user": "u", "path": "/srv/x", "port": "ssh"})
    with pytest.raises(deploy.DeployError, match="INVOKE_DEPLOY_IDENTITY"):
        deploy.check_target(deploy.Target("h.net", "u", "/srv/x", identity=str(tmp_path / "no-such-key")))


@pytest.mark.parametrize(
    "siteurl",
    ["", None, "http://localhost:8000", "http://127.0.0.1:8000/", "https://ines-calder.example", "https://ines-calder.example/", "films.net"],
)
def test_local_or_sample_siteurl_is_refused(siteurl):
    with pytest.raises(deploy.DeployError) as error:
        deploy.check_siteurl(siteurl)
    assert "SITEURL" in str(error.value) and "SITEURL=https://" in str(error.value)


def test_public_siteurl_passes():
    deploy.check_siteurl(SITEURL)
    deploy.check_siteurl("http://films.example.org/blog/")


def test_the_verdict_says_which():
    from archived_comments.importer import Verdict

    clean = Verdict(problems=[], unmatched=[], balanced=True)
    assert clean.clean and clean.reasons() == [] and clean.exit_code(strict=True) == 0
    broken = Verdict(
        problems=[SimpleNamespace(source="wxr/export.xml", line=12, message="not well-formed")],
        unmatched=[SimpleNamespace(url="https://old.blog/gone/", identifier=None)],
        balanced=False,
    )
    problems, unmatched, balance = broken.reasons()
    assert "1 problem(s)" in problems and "wxr/export.xml:12: not well-formed" in problems
    assert "matched no article" in unmatched and "https://old.blog/gone/" in unmatched
    assert "do not balance" in balance
    assert not broken.clean and broken.exit_code(strict=False) == 3
    unmatched_only = Verdict(problems=[], unmatched=broken.unmatched, balanced=True)
    assert unmatched_only.exit_code(strict=False) == 0 and unmatched_only.exit_code(strict=True) == 1


def test_size_check(tmp_path):
    with pytest.raises(deploy.DeployError, match="--force"):
        deploy.check_size(tmp_path, live_files=100)  # empty
    for i in range(10):
        (tmp_path / f"{i}.html").write_text("x")
    (tmp_path / "index.html").write_text("x")
    assert deploy.check_size(tmp_path, live_files=0) == 11  # first deploy
    assert deploy.check_size(tmp_path, live_files=22) == 11  # exactly half is fine
    with pytest.raises(deploy.DeployError, match="11 files, the live site 23.*--force"):
        deploy.check_size(tmp_path, live_files=23)
    assert deploy.check_size(tmp_path, live_files=1000, force=True) == 11


def test_rsync_command():
    target = deploy.Target("h.net", "ines", "/srv/films/", port=2222, identity="/k", ssh_options="-o BatchMode=yes")
    cmd = deploy.rsync_command(target, Path("/tmp/site"), "releases/20261202T010203Z-0123456789ab.partial",
                               link_dest="../20261201T000000Z-ba9876543210")
    assert cmd[:2] == ["rsync", "-rlpzc"]  # no -t: --link-dest links only files whose times match too
    assert "--itemize-changes" in cmd and "--dry-run" not in cmd and "--delete" not in cmd
    assert "--link-dest=../20261201T000000Z-ba9876543210" in cmd
    assert cmd[cmd.index("-e") + 1] == "ssh -p 2222 -i /k -o IdentitiesOnly=yes -o BatchMode=yes"
    assert cmd[-2:] == ["/tmp/site/", "ines@h.net:/srv/films/releases/20261202T010203Z-0123456789ab.partial/"]
    dry = deploy.rsync_command(target, Path("/tmp/site"), "current", dry_run=True)
    assert "--dry-run" in dry and "--delete" in dry and dry[-1] == "ines@h.net:/srv/films/current/"


RSYNC_OUTPUT = """\
<fc........ changed.html
cL+++++++++ link.html -> same.html
.f..t...... touched.html
.d..t...... ./
<f+++++++++ a/new.html
cd+++++++++ newdir/
<f+++++++++ newdir/f.html
*deleting   gone.html

Number of files: 9 (reg: 5, dir: 3, link: 1)
Number of deleted files: 1 (reg: 1)
Number of regular files transferred: 3
Total file size: 22 bytes
Total transferred file size: 9 bytes
Total bytes sent: 458
Total bytes received: 81

sent 458 bytes  received 81 bytes  1078.00 bytes/sec
"""


def test_parse_rsync_itemized_output_and_stats():
    changes = deploy.parse_itemized(RSYNC_OUTPUT.splitlines())
    assert changes.sent == ["changed.html", "a/new.html", "newdir/f.html"]
    assert changes.created == ["a/new.html", "newdir/f.html"]
    assert changes.deleted == ["gone.html"]
    assert changes.directories == ["newdir/"]
    assert changes.attributes_only == ["touched.html", "./"]
    assert changes.other == ["link.html -> same.html"]
    stats = deploy.parse_stats(RSYNC_OUTPUT)
    assert stats["total bytes sent"] == 458 and stats["total transferred file size"] == 9
    assert stats["number of regular files transferred"] == 3


@pytest.mark.slow
def test_invoke_yaml_keys_map_to_invoke_env_vars():
    """Every documented INVOKE_DEPLOY_* / INVOKE_GH_PAGES_* variable reaches the right key (ssh_options included)."""
    code = (
        "from invoke.config import Config\n"
        "c = Config(project_location='.'); c.load_project(); c.load_shell_env()\n"
        "print(repr(dict(c.deploy)), repr(dict(c.gh_pages)))\n"
    )
    env = clean_env(
        INVOKE_DEPLOY_HOST="www.films.net", INVOKE_DEPLOY_PORT="2200", INVOKE_DEPLOY_USER="ines",
        INVOKE_DEPLOY_PATH="/srv/films", INVOKE_DEPLOY_IDENTITY="~/.ssh/films",
        INVOKE_DEPLOY_SSH_OPTIONS="-o BatchMode=yes", INVOKE_DEPLOY_RSYNC_OPTIONS="--exclude=/.well-known/",
        INVOKE_DEPLOY_KEEP="3",
        INVOKE_GH_PAGES_REMOTE="/srv/pages.git", INVOKE_GH_PAGES_BRANCH="pages", INVOKE_GH_PAGES_CNAME="films.net",
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    deploy_cfg, pages_cfg = (eval(part) for part in re.findall(r"\{.*?\}", result.stdout))  # noqa: S307
    assert deploy_cfg == {
        "host": "www.films.net", "port": 2200, "user": "ines", "path": "/srv/films", "identity": "~/.ssh/films",
        "ssh_options": "-o BatchMode=yes", "rsync_options": "--exclude=/.well-known/", "keep": 3,
    }
    assert pages_cfg == {"remote": "/srv/pages.git", "branch": "pages", "cname": "films.net"}


@pytest.mark.slow
def test_publish_without_a_target_says_what_to_fill_in(project):
    result = run_invoke(project, "publish", env=clean_env(SITEURL=SITEURL))
    assert result.returncode != 0
    assert "deploy.host is not set" in result.stderr
    assert "`deploy: host:` in invoke.yaml" in result.stderr and "INVOKE_DEPLOY_HOST" in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("siteurl", [None, "http://localhost:8000", "https://ines-calder.example"])
def test_publish_refuses_a_local_siteurl(project, tmp_path, siteurl):
    target = tmp_path / "www"
    env = clean_env(INVOKE_DEPLOY_HOST="127.0.0.1", INVOKE_DEPLOY_USER="nobody", INVOKE_DEPLOY_PATH=str(target))
    if siteurl is not None:
        env["SITEURL"] = siteurl
    result = run_invoke(project, "publish", env=env)
    assert result.returncode != 0
    assert "SITEURL" in result.stderr and "SITEURL=https://" in result.stderr, result.stderr
    assert not target.exists()


# --- rsync over SSH, against a real sshd on 127.0.0.1 ---------------------------------------------


SITE = pytest.mark.site  # whole-site builds (slower)


@pytest.mark.server
@SITE
def test_publish_lands_the_production_build(live):
    target, result, expected = live.target, live.result, live.expected
    assert live_tree(target) == expected  # file by file: the exact production tree, nothing else
    assert len(expected) > 50
    (release,) = release_dirs(target)
    assert (target / "current").readlink() == Path("releases") / release.name  # relative: the folder may move
    assert re.fullmatch(r"\d{8}T\d{6}Z-[0-9a-f]{12}", release.name)
    index_html = (release / "index.html").read_text(encoding="utf-8")
    # Its name ends with the build's hash: SHA-256 over every file's path and SHA-256, sorted by path.
    listing = "".join(f"{name}\0{digest}\n" for name, digest in sorted(expected.items()))
    assert release.name.split("-")[1] == hashlib.sha256(listing.encode()).hexdigest()[:12]
    assert sorted((target / "releases" / f"{release.name}.files").read_text().split("\n")[:-1]) == sorted(expected)
    changes = itemized(result.stdout)
    assert sorted(changes.sent) == sorted(expected)  # a first deploy sends every file, and says so
    assert f"{target} does not exist yet" in result.stdout
    assert f"release {release.name} is live" in result.stdout
    # The web server must be able to read the release (not a private temporary folder's 0700).
    assert release.stat().st_mode & 0o755 == 0o755

    # Absolute URLs use SITEURL; none points at a local or placeholder address.
    checked = 0
    for page in release.rglob("*.html"):
        html = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        for author_link in html.select(".comment-author"):  # readers' own website links, from the archives
            author_link.decompose()
        for tag in html.find_all(href=True) + html.find_all(src=True):
            url = tag.get("href") or tag.get("src")
            assert not re.match(r"https?://(localhost|127\.0\.0\.1|ines-calder\.example)", url), (page, url)
            assert not url.startswith(("../", "./")), (page, url)  # RELATIVE_URLS is off in production
            checked += url.startswith(SITEURL + "/")
    assert checked > 500
    index = BeautifulSoup(index_html, "lxml")
    assert re.fullmatch(re.escape(SITEURL) + r"/theme/css/style\.[0-9a-f]{12}\.css",
                        index.select_one("link[rel=stylesheet]")["href"])
    feed = (release / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    assert f'<link href="{SITEURL}/"' in feed


@pytest.mark.server
@SITE
def test_second_publish_sends_only_what_changed_and_links_the_rest(project, sshd, live, tmp_path):
    target = live_copy(live, tmp_path)
    first = live_tree(target)
    (first_release,) = release_dirs(target)

    edit_article(project, COMMENTED_ARTICLE, "A late note: the sodium lamps are gone from that street now.")
    second = local_build(project, tmp_path / "second")
    result = publish(project, sshd, target)
    assert result.returncode == 0, result.stdout + result.stderr
    changes = itemized(result.stdout)
    assert set(changes.sent) == changed_files(first, second)
    assert f"{COMMENTED_ARTICLE}/index.html" in changes.sent
    # The search index's chunks are named by their content: an edit replaces some (pagefind/), nothing else goes.
    assert 0 < len(changes.sent) < len(second) / 4
    assert bytes_sent(result.stdout) < sum(p.stat().st_size for p in first_release.rglob("*") if p.is_file()) / 4
    gone = set(first) - set(second)
    assert gone and all(name.startswith("pagefind/") for name in gone)
    assert f"{len(gone)} of its files not in this one" in result.stdout
    # What the new release serves is the new build, plus the previous release's Pagefind files that a
    # search page opened before the switch may still load (hard links, not copies).
    new_release = release_dirs(target)[-1]
    served = live_tree(target)
    assert {name: digest for name, digest in served.items() if name in second} == second
    assert set(served) - set(second) == gone
    for name in gone:
        assert (new_release / name).stat().st_ino == (first_release / name).stat().st_ino
    assert f"carried {len(gone)} asset(s)" in result.stdout
    # Unchanged files are the same inode in both releases.
    unchanged = set(first) & set(second) - set(changes.sent)
    assert len(unchanged) > len(second) / 2
    assert all((new_release / n).stat().st_ino == (first_release / n).stat().st_ino for n in unchanged)

    (project / "content" / "articles" / f"{NO_COMMENTS_ARTICLE}.md").unlink()
    third = local_build(project, tmp_path / "third")
    result = publish(project, sshd, target)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{NO_COMMENTS_ARTICLE}/index.html" in set(second) - set(third)
    assert not (target / "current" / NO_COMMENTS_ARTICLE).exists()
    served = live_tree(target)
    assert {name: digest for name, digest in served.items() if name in third} == third
    # Carried once, not for ever: only the release just before's own files come along.
    assert all(name.startswith("pagefind/") for name in set(served) - set(third))
    assert not (set(served) & gone - set(third))


@pytest.mark.server
@SITE
def test_dry_run_shows_changes_and_changes_nothing(project, sshd, live, tmp_path):
    target = tmp_path / "www"
    result = publish(project, sshd, target, "--dry-run")
    assert result.returncode == 0, result.stdout + result.stderr
    assert not target.exists()
    assert "index.html" in itemized(result.stdout).sent and "Would send" in result.stdout

    target = live_copy(live, tmp_path)
    before = tree_digest(target)
    edit_article(project, COMMENTED_ARTICLE, "Not yet published.")
    result = publish(project, sshd, target, "--dry-run")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{COMMENTED_ARTICLE}/index.html" in itemized(result.stdout).sent
    assert tree_digest(target) == before and len(release_dirs(target)) == 1


@pytest.mark.server
@SITE
def test_failed_build_leaves_the_target_untouched(project, sshd, live, tmp_path):
    target = live_copy(live, tmp_path)
    before = tree_digest(target)
    edit_article(project, COMMENTED_ARTICLE, "An edit that must not go live with a broken build.")
    broken = project / "content" / "articles" / "broken-metadata.md"
    broken.write_text("Title: Broken\nDate: the day after tomorrow-ish\n\nBody.\n", encoding="utf-8")
    result = publish(project, sshd, target)
    assert result.returncode != 0
    assert "broken-metadata.md" in result.stdout + result.stderr
    assert "Pelican could not build the site with publishconf.py" in result.stderr
    assert "Nothing was deployed" in result.stderr
    assert tree_digest(target) == before and len(release_dirs(target)) == 1


@pytest.mark.server
@SITE
def test_comment_import_with_unmatched_threads_stops_the_publish(project, sshd, live, tmp_path):
    target = live_copy(live, tmp_path)
    before = tree_digest(target)
    # Deleting an article with archived comments leaves its threads matching nothing.
    (project / "content" / "articles" / f"{COMMENTED_ARTICLE}.md").unlink()
    result = publish(project, sshd, target)
    assert result.returncode != 0
    assert "matched no article" in result.stderr and "invoke comments" in result.stderr, result.stderr
    assert tree_digest(target) == before


@pytest.mark.server
@SITE
def test_a_much_smaller_build_needs_force(project, sshd, tmp_path):
    # The live site (today's plain layout) lists far more files than the new build:
    # what a deploy after a half-failed build would look like.
    target = tmp_path / "www"
    for i in range(400):
        (target / "archive" / f"{i // 50}").mkdir(parents=True, exist_ok=True)
        (target / "archive" / f"{i // 50}" / f"{i}.html").write_text(f"old page {i}\n")
    before = tree_digest(target)
    result = publish(project, sshd, target)
    assert result.returncode != 0
    assert "the live site 400" in result.stderr and "--force" in result.stderr, result.stderr
    assert tree_digest(target) == before

    result = publish(project, sshd, target, "--force")
    assert result.returncode == 0, result.stdout + result.stderr
    assert live_tree(target) == local_build(project, tmp_path / "expected")


@pytest.mark.server
@SITE
def test_first_publish_moves_a_plain_site_into_releases(project, sshd, live, tmp_path):
    """Today's layout (the site's files right in the deploy folder) becomes the first release; nothing is lost."""
    target = tmp_path / "www"
    shutil.copytree(live.target / "current", target)  # the files, as an rsync of the old publish left them
    (target / ".well-known").mkdir()
    (target / ".well-known" / "security.txt").write_text("Contact: mailto:ines@films.publish-test.net\n")
    (target / ".htaccess").write_text("# the server's own rules\n")
    old = tree_digest(target)
    edit_article(project, COMMENTED_ARTICLE, "The first release in the new layout.")
    result = publish(project, sshd, target)
    assert result.returncode == 0, result.stdout + result.stderr
    migrated, new = release_dirs(target)
    assert migrated.name.endswith("-migrated") and migrated.name < new.name
    assert tree_digest(migrated) == old  # every file, dot files too, byte for byte
    assert f"moved its {len(old)} file(s), unchanged, into releases/{migrated.name}" in result.stdout
    assert f"Point the web server's root at {target}/current" in result.stdout
    assert sorted(p.name for p in target.iterdir()) == ["current", "releases"]
    assert live_tree(target)[f"{COMMENTED_ARTICLE}/index.html"] == local_build(
        project, tmp_path / "expected")[f"{COMMENTED_ARTICLE}/index.html"]
    # Unchanged files of the old site were linked, not sent again.
    page = f"{COMMENTED_ARTICLE}/index.html"
    assert (new / page).stat().st_ino != (migrated / page).stat().st_ino  # the edited page is new
    assert (new / "theme" / "favicon.svg").stat().st_ino == (migrated / "theme" / "favicon.svg").stat().st_ino


@pytest.mark.server
@SITE
def test_interrupted_upload_leaves_the_live_release_serving(project, sshd, tmp_path):
    """Kill the server side of the connection mid-upload; `current` must still serve the old release.

    How the interruption is made honest and deterministic: the site gets 4 MiB of
    incompressible images, and the second publish changes them all, edits an
    article and deletes another, with rsync slowed to 512 KiB/s (the deploy's own
    `rsync_options`, INVOKE_DEPLOY_RSYNC_OPTIONS) so the upload takes ~8 s.  As
    soon as one updated image sits fully written in the new release's folder
    (releases/<name>.partial/) — i.e. the upload is provably under way and new
    data has reached the server — every process of that SSH connection is
    SIGKILLed on the server side (sshd's session processes and the remote rsync),
    as a crash or a dropped link would.  Then: `current` is the old release, byte
    for byte, and the next publish removes the half-uploaded release and completes.
    """
    big = project / "content" / "images" / "big"
    big.mkdir()

    def write_images():
        for i in range(4):
            (big / f"still-{i}.jpg").write_bytes(os.urandom(1024 * 1024))

    write_images()
    target = tmp_path / "www"
    assert publish(project, sshd, target).returncode == 0
    old = live_tree(target)
    assert old == local_build(project, tmp_path / "old")
    (old_release,) = release_dirs(target)

    write_images()
    edit_article(project, COMMENTED_ARTICLE, "This edit is interrupted on its way.")
    (project / "content" / "articles" / f"{NO_COMMENTS_ARTICLE}.md").unlink()
    new = local_build(project, tmp_path / "new")
    env = clean_env(SITEURL=SITEURL, **sshd.deploy_env(target), INVOKE_DEPLOY_RSYNC_OPTIONS="--bwlimit=512")
    process = subprocess.Popen(
        [sys.executable, "-m", "invoke", "publish"], cwd=project, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    staged = None
    deadline = time.monotonic() + 120
    while staged is None and process.poll() is None and time.monotonic() < deadline:
        done = [p for p in (target / "releases").glob("*.partial/images/big/still-*.jpg")
                if p.stat().st_size == 1024 * 1024 and (p.read_bytes() == (big / p.name).read_bytes())]
        staged = done[0] if done else None
        time.sleep(0.02)
    assert staged is not None, "the upload ended before it could be interrupted: make the site bigger"
    killed = sshd.kill_sessions()
    stdout, stderr = process.communicate(timeout=60)
    assert killed > 0
    assert process.returncode != 0, stdout + stderr
    assert "The live site is untouched" in stderr and ".partial is removed by the next publish" in stderr

    assert live_tree(target) == old  # the same files, every one with the old release's bytes
    assert (target / "current").resolve() == old_release.resolve()
    (partial,) = (target / "releases").glob("*.partial")

    result = publish(project, sshd, target)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"removed {partial.name}, left by an interrupted publish" in result.stdout
    assert not partial.exists() and len(release_dirs(target)) == 2
    served = live_tree(target)
    assert {name: digest for name, digest in served.items() if name in new} == new
    assert all(name.startswith("pagefind/") for name in set(served) - set(new))  # carried for open pages


# --- GitHub Pages, into a local bare repository --------------------------------------------------


def git(*args: str, cwd: Path | None = None, env: dict | None = None) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def branch_tree(bare: Path, ref: str, dest: Path) -> dict[str, str]:
    dest.mkdir()
    archive = subprocess.run(["git", "--git-dir", str(bare), "archive", ref], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive.stdout, check=True)
    return tree_digest(dest)


@SITE
def test_gh_pages_commits_the_site_with_one_commit_per_publish(project, tmp_path):
    require(shutil.which("git") is not None, "git")
    bare = tmp_path / "pages.git"
    # No global or system git config: like a CI machine without user.name.
    env = clean_env(SITEURL=SITEURL, INVOKE_GH_PAGES_REMOTE=str(bare), GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1")
    git("init", "--quiet", "--bare", str(bare), env=env)
    git("init", "--quiet", cwd=project, env=env)

    result = run_invoke(project, "gh-pages", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    first = git("--git-dir", str(bare), "rev-parse", "gh-pages")
    expected = local_build(project, tmp_path / "expected1")
    assert branch_tree(bare, "gh-pages", tmp_path / "tree1") == {**expected, ".nojekyll": tree_digest_of(b"")}
    assert git("--git-dir", str(bare), "rev-list", "--count", "gh-pages") == "1"
    assert git("--git-dir", str(bare), "log", "-1", "--format=%s", "gh-pages").startswith(f"Publish {SITEURL}")

    edit_article(project, COMMENTED_ARTICLE, "Published twice.")
    env["INVOKE_GH_PAGES_CNAME"] = "films.publish-test.net"
    result = run_invoke(project, "gh-pages", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert git("--git-dir", str(bare), "rev-list", "--count", "gh-pages") == "2"
    assert git("--git-dir", str(bare), "rev-parse", "gh-pages^") == first
    tree = branch_tree(bare, "gh-pages", tmp_path / "tree2")
    assert (tmp_path / "tree2" / "CNAME").read_text().strip() == "films.publish-test.net"
    expected = local_build(project, tmp_path / "expected2")
    assert {k: v for k, v in tree.items() if k not in ("CNAME", ".nojekyll")} == expected
    assert ".nojekyll" in tree

    # Rolling back as the README says (push an old commit over the branch); the
    # next publish builds on the rolled-back tip, one commit again.
    git("push", "--quiet", "-f", str(bare), f"{first}:refs/heads/gh-pages", cwd=project, env=env)
    result = run_invoke(project, "gh-pages", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert git("--git-dir", str(bare), "rev-parse", "gh-pages^") == first
    assert git("--git-dir", str(bare), "rev-list", "--count", "gh-pages") == "2"


def tree_digest_of(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


@pytest.mark.slow
def test_gh_pages_without_a_remote_says_what_to_fill_in(project):
    result = run_invoke(project, "gh-pages", env=clean_env(SITEURL=SITEURL, INVOKE_GH_PAGES_REMOTE=""))
    assert result.returncode != 0
    assert "gh_pages.remote is not set" in result.stderr and "INVOKE_GH_PAGES_REMOTE" in result.stderr
