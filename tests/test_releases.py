"""Releases behind `<path>/current`, served by nginx with deploy/nginx-site.conf, while readers read.

A real sshd and rsync (tests/publish/sshd.py) receive three publishes of a
changing site (A, then B: a new stylesheet, a new post and an edited article,
then C: the same again, with deploy.keep = 2); Debian's nginx serves
`<path>/current` on 127.0.0.1 with the server block of deploy/nginx-site.conf
(only its listen line and deploy path replaced).  While B and C are published,
reader threads fetch, as fast as they can, the home page, the stylesheets it
links, the newest article it links, and the search index (Pagefind's entry
file, then the index file it names).  Every response must be 200 and
byte for byte one of the three local builds' files, and the stylesheets a page
gets must be those of the page's own build (the page names it:
`<meta name="assets-id">`).  Then: keep, hard links, rollback, and a publish of the
live build again (no new release, no disk used).
"""

from __future__ import annotations

import hashlib
import http.client
import json
import re
import subprocess
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from nginx_support import nginx_servers
from helpers import ROOT, free_port, require
from publish.sshd import SshServer, missing_tools
from sitebuild import tree_digest
from test_publish import SITEURL, clean_env, edit_article, live_tree, local_build, make_project, release_dirs, run_invoke

from theme_assets import assets  # noqa: E402

pytestmark = [pytest.mark.server, pytest.mark.site]

READERS = 1  # threads fetching at once (each with its own keep-alive connection); one is plenty
MIN_FETCHES = 2000  # during the publishes, over all readers


def new_post(project: Path, slug: str, title: str, date: str) -> None:
    (project / "content" / "articles" / f"{slug}.md").write_text(
        f"Title: {title}\nDate: {date}\nSlug: {slug}\nCategory: Production\n"
        f"Summary: {title}, in one line for the index.\n\n{title}: the whole post, a paragraph long.\n",
        encoding="utf-8")


def restyle(project: Path, rule: str) -> None:
    css = project / "theme" / "static" / "css" / "style.css"
    css.write_text(css.read_text(encoding="utf-8") + f"\n{rule}\n", encoding="utf-8")


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


ASSETS_ID = re.compile(rb'<meta name="assets-id" content="([0-9a-f]+)"')
STYLESHEET = re.compile(rb'<link rel="stylesheet" href="' + re.escape(SITEURL.encode()) + rb'/([^"]+\.css)"')
LINK = re.compile(rb'href="' + re.escape(SITEURL.encode()) + rb'/([a-z0-9-]+)/"')


def page_style(body: bytes) -> tuple[str, list[str]] | None:
    """(assets id, the theme stylesheets' paths) a page names, or None."""
    found = ASSETS_ID.search(body)
    styles = [path.decode() for path in STYLESHEET.findall(body) if path.startswith(b"theme/")]
    return (found.group(1).decode(), styles) if found and styles else None


class Builds:
    """What the three local builds hold: every file's SHA-256 per path, and each build's page/stylesheet pair."""

    def __init__(self, outputs: list[Path], articles: set[str]):
        self.files: dict[str, set[str]] = {}
        self.styles_of: dict[str, set[str]] = {}  # assets id -> the stylesheets its build's pages link
        self.articles = articles
        for output in outputs:
            for name, digest in tree_digest(output).items():
                self.files.setdefault(name, set()).add(digest)
            styles = set()
            for page in output.rglob("*.html"):
                found = page_style(page.read_bytes())
                if found:
                    assets_id, linked = found
                    styles.update(linked)
            assert assets_id not in self.styles_of, "each build must have stylesheets of its own"
            self.styles_of[assets_id] = styles


class Reader(threading.Thread):
    """One reader: home page and its stylesheets, its newest article and its stylesheets, the search index; as fast
    as it can."""

    def __init__(self, base: str, builds: Builds, counting: threading.Event, stop: threading.Event,
                 may_go: frozenset[str] = frozenset()):
        super().__init__(daemon=True)
        # Articles a switch may take away (a rollback to a release without them): a 404 for them is what a
        # reader following an older page's link gets after that switch, not a mix. Recorded, not failed.
        self.may_go, self.gone = may_go, []
        self.port = int(base.rsplit(":", 1)[1])
        self.builds, self.counting, self.stop = builds, counting, stop
        self.fetches = self.counted = 0
        self.failed: list[str] = []  # a status other than 200, or bytes no build has at that path
        self.mixed: list[str] = []  # a page with a stylesheet not of its own build
        self.homes: set[str] = set()  # the home pages seen (their SHA-256), while counting
        self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)

    def get(self, path: str) -> tuple[int, bytes]:
        for attempt in (1, 2):
            try:
                self.connection.request("GET", "/" + path)
                response = self.connection.getresponse()
                body = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionError):
                # nginx ends a keep-alive connection after keepalive_requests: open a new one
                self.connection.close()
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                if attempt == 2:
                    raise
        self.fetches += 1
        self.counted += self.counting.is_set()
        return response.status, body

    def check(self, path: str, name: str, may_go: bool = False) -> bytes | None:
        """Fetch ``path`` (the file ``name`` of a build); a failure is recorded, its body returned otherwise."""
        status, body = self.get(path)
        if status == 404 and may_go:
            self.gone.append(path)
            return None
        if status != 200:
            self.failed.append(f"{path}: HTTP {status}")
            return None
        if sha(body) not in self.builds.files.get(name, ()):
            self.failed.append(f"{path}: bytes that no build has there")
            return None
        if b".~tmp~" in body or b".partial/" in body:
            self.failed.append(f"{path}: names a staging path")
        return body

    def page(self, path: str, name: str, may_go: bool = False) -> bytes | None:
        body = self.check(path, name, may_go)
        if body is None:
            return None
        style = page_style(body)
        if style is None or not set(style[1]) <= self.builds.styles_of.get(style[0], set()):
            self.mixed.append(f"{path}: links {style}, not its build's stylesheets")
            return None
        for css_path in style[1]:
            status, css = self.get(css_path)
            digest = re.search(r"\.([0-9a-f]{12})\.css$", css_path).group(1)
            if status != 200 or sha(css)[:12] != digest or sha(css) not in self.builds.files.get(css_path, ()):
                self.mixed.append(f"{path}: its stylesheet {css_path} answered {status} with other bytes")
        return body

    def cycle(self) -> None:
        counting = self.counting.is_set()
        home = self.page("", "index.html")
        if home is not None:
            if counting:
                self.homes.add(sha(home))
            slug = next((m.decode() for m in LINK.findall(home) if m.decode() in self.builds.articles), None)
            if slug is None:
                self.failed.append("the home page links no article")
            else:
                self.page(f"{slug}/", f"{slug}/index.html", may_go=slug in self.may_go)
        entry = self.check("pagefind/pagefind-entry.json", "pagefind/pagefind-entry.json")
        if entry is not None:
            index = f"pagefind/pagefind.{json.loads(entry)['languages']['en']['hash']}.pf_meta"
            self.check(index, index)

    def run(self) -> None:
        while not self.stop.is_set():
            self.cycle()


def nginx_site_block(target: Path, port: int) -> str:
    """deploy/nginx-site.conf itself, listening on 127.0.0.1:port and serving the test's deploy path."""
    block = (ROOT / "deploy" / "nginx-site.conf").read_text(encoding="utf-8")
    assert block.count("listen 80;") == 1 and block.count("listen [::]:80;") == 1
    block = block.replace("listen 80;", f"listen 127.0.0.1:{port};").replace("listen [::]:80;", "")
    block = block.replace("/var/www/ines-calder", str(target))
    assert f"root {target}/current;" in block
    return block


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    """Publishes A, B, C (keep = 2) of a changing site, readers reading from nginx throughout B and C."""
    require(not missing_tools(), "an OpenSSH server and rsync (" + ", ".join(missing_tools()) + ")")
    folder = tmp_path_factory.mktemp("releases")
    projects = [make_project(folder / name) for name in "ABC"]
    for index, project in enumerate(projects[1:], start=1):
        for step in range(1, index + 1):  # B has step 1; C has steps 1 and 2
            restyle(project, f".release-{step} {{ outline-offset: {step}px; }}")
            new_post(project, f"reel-notes-{step}", f"Reel notes {step}", f"2026-11-{27 + step}T10:00:00+01:00")
            edit_article(project, "grading-night-exteriors", f"Update {step}: the grade held up on the big screen.")
    outputs = [folder / f"expected-{name}" for name in "ABC"]
    clock = time.monotonic()
    for project, output in zip(projects, outputs):
        local_build(project, output)
    print(f"local builds: {time.monotonic() - clock:.1f} s")
    articles = {p.stem for p in (projects[-1] / "content" / "articles").glob("*.md")}
    builds = Builds(outputs, articles)

    sshd = SshServer(folder / "sshd").start()
    target = folder / "www"
    env = lambda **extra: clean_env(SITEURL=SITEURL, **sshd.deploy_env(target), **extra)  # noqa: E731
    port = free_port()
    try:
        clock = time.monotonic()
        first = run_invoke(projects[0], "publish", env=env())
        print(f"first publish, no readers: {time.monotonic() - clock:.1f} s")
        assert first.returncode == 0, first.stdout + first.stderr
        with nginx_servers(port, nginx_site_block(target, port)) as base:
            counting, stop = threading.Event(), threading.Event()
            readers = [Reader(base, builds, counting, stop) for _ in range(READERS)]
            for reader in readers:
                reader.start()
            time.sleep(0.3)  # readers under way on release A
            results, trees, seconds = [], {}, 0.0
            for project, keep in ((projects[1], "5"), (projects[2], "2")):
                counting.set()
                started = time.monotonic()
                results.append(run_invoke(project, "publish", env=env(INVOKE_DEPLOY_KEEP=keep)))
                seconds += time.monotonic() - started
                counting.clear()
                assert results[-1].returncode == 0, results[-1].stdout + results[-1].stderr
                trees[(target / "current").resolve().name] = live_tree(target)
                time.sleep(0.2)  # a page read just before the switch, its stylesheet just after
            stop.set()
            for reader in readers:
                reader.join(timeout=30)
            yield SimpleNamespace(
                target=target, sshd=sshd, env=env, projects=projects, outputs=outputs, builds=builds, base=base,
                readers=readers, results=results, trees=trees, seconds=seconds, folder=folder,
            )
    finally:
        sshd.stop()


def test_readers_never_get_a_mixed_or_failed_fetch(history):
    readers = history.readers
    counted = sum(reader.counted for reader in readers)
    failed = [f for reader in readers for f in reader.failed]
    mixed = [m for reader in readers for m in reader.mixed]
    print(f"{counted} fetches during {history.seconds:.1f} s of publishing ({sum(r.fetches for r in readers)} in all): "
          f"{len(mixed)} mixed, {len(failed)} failed")
    assert failed == [] and mixed == []
    assert counted >= MIN_FETCHES, f"only {counted} fetches during the publishes"
    # The readers did read across the switches: the home pages of A, B and C were all seen while publishing.
    homes = set().union(*(reader.homes for reader in readers))
    assert len(homes) == 3, f"{len(homes)} home page version(s) seen while publishing"


def test_old_releases_beyond_keep_are_removed(history):
    target = history.target
    names = [release.name for release in release_dirs(target)]
    assert names == sorted(history.trees) and len(names) == 2  # B and C; A went with keep = 2
    assert "removed release " in history.results[1].stdout and "deploy.keep is 2" in history.results[1].stdout
    assert sorted(p.name for p in (target / "releases").iterdir()) == sorted(names + [f"{n}.files" for n in names])
    # Nothing left of the uploads (rsync's temporary .<name>.XXXXXX files, a .~tmp~ folder): every file of every
    # release is a file of one of the builds, at its path, with its bytes.
    for release in release_dirs(target):
        assert all(digest in history.builds.files.get(name, ()) for name, digest in tree_digest(release).items())


def test_releases_share_unchanged_files(history):
    b, c = release_dirs(history.target)
    expected_b, expected_c = (tree_digest(output) for output in history.outputs[1:])
    unchanged = [name for name, digest in expected_c.items() if expected_b.get(name) == digest]
    # C has a new stylesheet, so every page links another name; images, feeds and scripts stay.
    assert len(unchanged) > len(expected_c) / 3 and any(name.startswith("images/") for name in unchanged)
    assert all((b / name).stat().st_ino == (c / name).stat().st_ino for name in unchanged)
    changed = [name for name in expected_c if name not in unchanged]
    assert "grading-night-exteriors/index.html" in changed
    assert all((b / name).stat().st_ino != (c / name).stat().st_ino for name in changed if (b / name).exists())


def wait_for(condition, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)


def serves_release(target: Path, tree: dict[str, str]) -> None:
    """`current` serves every file of ``tree`` with the same bytes; anything more is a carried asset of another release
    (content-named, so never one of this release's names)."""
    served = live_tree(target)
    assert {name: digest for name, digest in served.items() if name in tree} == tree
    assert all(assets.carried(name) for name in set(served) - set(tree))


def disk_use(*folders: Path) -> int:
    """Kilobytes on disk, hard links counted once (du -sk over all of them together)."""
    out = subprocess.run(["du", "-skc", *map(str, folders)], capture_output=True, text=True, check=True).stdout
    return int(out.splitlines()[-1].split()[0])


def test_rollback_is_atomic_and_byte_exact(history):
    target, env = history.target, history.env
    b, c = release_dirs(target)
    assert (target / "current").resolve() == c.resolve()

    listing = run_invoke(history.projects[0], "releases", env=env())
    assert listing.returncode == 0, listing.stderr
    lines = [line for line in listing.stdout.splitlines() if line.startswith("  2")]
    assert [line.split()[0] for line in lines] == [b.name, c.name]
    assert lines[1].endswith("<- live (current)") and "live" not in lines[0]
    assert f"{len(history.trees[c.name])} files" in lines[1]

    # Roll back while readers read: nothing rebuilt, every fetch still one release's.
    counting, stop = threading.Event(), threading.Event()
    gone = frozenset(slug for slug in history.builds.articles
                     if f"{slug}/index.html" in history.trees[c.name] and f"{slug}/index.html" not in history.trees[b.name])
    assert gone == {"reel-notes-2"}  # the post C added
    reader = Reader(history.base, history.builds, counting, stop, may_go=gone)
    counting.set()
    reader.start()
    wait_for(lambda: len(reader.homes) == 1)
    rolled = run_invoke(history.projects[0], "rollback", env=env())
    wait_for(lambda: len(reader.homes) == 2)
    stop.set()
    reader.join(timeout=30)
    assert rolled.returncode == 0, rolled.stdout + rolled.stderr
    assert "building" not in rolled.stdout and f"now points at releases/{b.name}" in rolled.stdout
    serves_release(target, history.trees[b.name])  # byte for byte what B served
    assert "asset(s) of the release left carried" in rolled.stdout
    print(f"rollback under a reader: {reader.fetches} fetches, {len(reader.mixed)} mixed, {len(reader.failed)} failed, "
          f"{len(reader.gone)} link(s) from C's home page to the post B lacks answered 404")
    assert reader.failed == [] and reader.mixed == [] and len(reader.homes) == 2
    assert not (target / ".current.new").exists()

    again = run_invoke(history.projects[0], "rollback", "-r", c.name.split("-")[1], env=env())  # a unique part of it
    assert again.returncode == 0, again.stdout + again.stderr
    assert f"now points at releases/{c.name}" in again.stdout
    serves_release(target, history.trees[c.name])
    missing = run_invoke(history.projects[0], "rollback", "--release", "20200101T000000Z-nothing", env=env())
    assert missing.returncode != 0 and "is not a release there" in missing.stderr
    serves_release(target, history.trees[c.name])


def test_publishing_the_live_build_again_changes_nothing(history):
    """The same sources as the live release C: no upload, no new release, not a byte more on the server's disk.

    A release of the same build would cost a directory per folder of the site (directories cannot be hard links;
    the files would all be links to C's) and would push B, a real rollback target, out of deploy.keep."""
    target, env = history.target, history.env
    b, c = release_dirs(target)[:2]
    live = run_invoke(history.projects[0], "rollback", "-r", c.name, env=env())  # C, whatever ran before
    assert live.returncode == 0, live.stdout + live.stderr
    releases = target / "releases"
    before, listing = disk_use(releases), sorted(p.name for p in releases.iterdir())

    dry = run_invoke(history.projects[2], "publish", "--dry-run", env=env())
    assert dry.returncode == 0, dry.stdout + dry.stderr
    assert "a publish would upload nothing and make no new release" in dry.stdout
    result = run_invoke(history.projects[2], "publish", env=env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Nothing changed: the new build is byte for byte release {c.name}, which is live" in result.stdout
    assert "uploading release" not in result.stdout and "uploaded nothing and made no new release" in result.stdout
    assert sorted(p.name for p in releases.iterdir()) == listing and (target / "current").resolve() == c.resolve()
    serves_release(target, history.trees[c.name])
    added = disk_use(releases) - before
    print(f"du -sk {releases}: {before} KB with releases B and C; publishing C's sources again adds {added} KB")
    assert added == 0

    # The live release's files are compared, not only its name: one of them gone on the server (only C's hard
    # link: B keeps the file), and the same publish uploads the build again, as a new release.
    image = next(name for name in history.trees[c.name] if name.startswith("images/"))
    (c / image).unlink()
    result = run_invoke(history.projects[2], "publish", env=env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"on the server it differs from the build in 1 file(s) ({image})" in result.stdout
    new = release_dirs(target)[-1]
    assert new.name not in listing and (target / "current").resolve() == new.resolve()
    assert new.name.split("-")[1] == c.name.split("-")[1]  # same build, same hash
    serves_release(target, tree_digest(history.outputs[2]))  # C's build (not what C had carried from B)
    assert "Sent 1 file(s)" in result.stdout
    files = [path for path in new.rglob("*") if path.is_file()]
    assert all((c / path.relative_to(new)).stat().st_ino == path.stat().st_ino
               for path in files if path.relative_to(new).as_posix() != image)
    # What a new release costs when (almost) nothing changed: a directory per folder (on ext4 a 4 KiB block
    # each), its file list and the one file sent; every other file is a hard link to C's.
    folders = sum(1 for path in new.rglob("*") if path.is_dir()) + 1
    block = int(subprocess.run(["stat", "-f", "-c", "%S", str(new)], capture_output=True, text=True).stdout)
    one_release = disk_use(c) + disk_use(new / image)
    cost = disk_use(releases) - before
    print(f"a new release of the build with 1 file changed adds {cost} KB ({100 * cost / one_release:.1f} % of one "
          f"release's {one_release} KB): {folders} folders of {block} bytes, the file list, {image}")
    sent_and_listed = (new / image).stat().st_blocks * 512 + (releases / f"{new.name}.files").stat().st_size
    assert cost * 1024 <= folders * max(block, 4096) + sent_and_listed + 4096
