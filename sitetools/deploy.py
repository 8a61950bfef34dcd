"""Publishing the production build: ``invoke publish`` (rsync over SSH) and ``invoke gh-pages``.

Each step is a plain function that tests can call on its own; ``publish`` and
``publish_gh_pages`` chain them.  Whatever must stop a publish raises
``DeployError`` with a message for the author, and tasks.py turns that into a
non-zero exit.  Nothing reaches the live site unless every step before it
succeeded:

1. the target is complete (no empty or placeholder setting);
2. ``SITEURL`` of the production settings is a public address, not a local default;
3. Pelican builds the site with ``publishconf.py`` into a fresh temporary folder,
   with ``--fatal errors`` (exactly as tasks.py's ``pelican_run``);
4. the archived-comment import has no problems, no unmatched threads and balances;
5. ``invoke check`` (sitetools/check.py) finds no error in the new build: broken
   links and anchors, missing images, feeds that do not parse, article pages
   over the weight budget; unless ``force`` (then the errors are only printed);
6. the new build is not empty, and not less than half the size of the live site
   (a sign of a broken build), unless ``force``;
7. rsync ``-rlptzc --delete-delay --delay-updates``: changed files are staged in
   ``.~tmp~`` folders on the server and renamed into place at the very end, and
   deletions happen after that, so an interrupted transfer leaves the previous
   site in place.
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping
from urllib.parse import urlsplit

Echo = Callable[[str], None]

# The options the issue asks for: recursive, symlinks, permissions, times,
# compression, and a checksum comparison (Pelican rewrites every file on each
# build, so times alone would resend the whole site).  --delete-delay is
# --delete with the removals done after the transfer, so a reader never meets a
# page whose links point at deleted files while the new ones are still staged.
RSYNC_OPTIONS = ("-rlptzc", "--delete", "--delete-delay", "--delay-updates")
# What rsync prints: one line per change, then the totals, with plain numbers.
RSYNC_REPORT_OPTIONS = ("--itemize-changes", "--stats", "--no-human-readable")
STAGING_DIR = ".~tmp~"  # where --delay-updates holds new files until the end

# SITEURL values that mean "not configured for production".
LOCAL_HOSTS = {"", "localhost", "127.0.0.1", "0.0.0.0", "::1", "[::1]"}
SAMPLE_SITEURL = "https://ines-calder.example"

# Folders that must never be a deploy path: rsync --delete makes the target an
# exact copy of the site, removing everything else in it.
UNSAFE_PATHS = {"", "/", ".", "..", "~", "/home", "/root", "/usr", "/etc", "/var", "/tmp", "/bin", "/boot", "/opt"}

TARGET_KEYS = {
    "host": "the server's host name, e.g. www.example.org",
    "port": "the server's SSH port, usually 22",
    "user": "the SSH user on the server",
    "path": "the folder the web server serves, e.g. /var/www/ines-calder",
    "identity": "a private key file, e.g. ~/.ssh/ines_deploy (optional)",
    "ssh_options": 'extra ssh arguments, e.g. "-o StrictHostKeyChecking=accept-new" (optional)',
    "rsync_options": 'extra rsync arguments, e.g. "--exclude=/.well-known/" (optional)',
}


class DeployError(Exception):
    """A reason not to publish, worded for the author."""


def setting_name(key: str, section: str = "deploy") -> str:
    """How an author sets a key: the invoke.yaml key and the environment variable."""
    return f"`{section}: {key}:` in invoke.yaml (or the environment variable INVOKE_{section.upper()}_{key.upper()})"


# --- the target ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    host: str
    user: str
    path: str
    port: int = 22
    identity: str = ""
    ssh_options: str = ""
    rsync_options: str = ""

    @property
    def remote(self) -> str:
        """rsync's ``user@host:path/`` (the trailing slash: the folder's contents)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.user}@{host}:{self.path.rstrip('/')}/"


def target_from_config(config: Mapping, **overrides) -> Target:
    """The ``deploy`` section of invoke's config, with task flags (not None) on top."""
    values = {key: config.get(key) for key in TARGET_KEYS}
    values.update({key: value for key, value in overrides.items() if value is not None})
    for key in ("host", "user", "path", "identity", "ssh_options", "rsync_options"):
        values[key] = "" if values[key] is None else str(values[key]).strip()
    port = values["port"]
    try:
        values["port"] = int(port if port not in (None, "") else 22)
    except (TypeError, ValueError):
        raise DeployError(f"deploy.port is {port!r}, not a port number: set {setting_name('port')}.") from None
    return Target(**values)


def is_placeholder(value: str) -> bool:
    value = value.strip().lower()
    return (
        not value
        or value.startswith("<")
        or "change-me" in value
        or "changeme" in value
        or value in {"example.com", "example.org", "example.net", "your-server", "user", "username"}
        or value.endswith((".example", ".invalid"))
    )


def check_target(target: Target) -> None:
    """Every required setting filled in with a real value, and a path rsync may safely mirror into."""
    for key in ("host", "user", "path"):
        value = getattr(target, key)
        if is_placeholder(value):
            shown = "is not set" if not value else f"is still the placeholder {value!r}"
            raise DeployError(f"deploy.{key} {shown}: set {setting_name(key)} to {TARGET_KEYS[key]}.")
    if not 0 < target.port < 65536:
        raise DeployError(f"deploy.port is {target.port}, not a port number: set {setting_name('port')}.")
    normalized = os.path.normpath(target.path)
    if normalized in UNSAFE_PATHS or re.fullmatch(r"~[^/]*", normalized):  # also ~user: a home folder
        raise DeployError(
            f"deploy.path is {target.path!r}: rsync --delete would make that folder an exact copy of the site and "
            f"remove everything else in it. Set {setting_name('path')} to the site's own folder."
        )
    if target.identity and not Path(target.identity).expanduser().is_file():
        raise DeployError(
            f"deploy.identity is {target.identity!r}, and there is no such key file: "
            f"fix {setting_name('identity')}, or leave it empty to use your SSH agent and ~/.ssh/config."
        )
    for key in ("ssh_options", "rsync_options"):
        try:
            shlex.split(getattr(target, key))
        except ValueError as error:
            raise DeployError(f"deploy.{key} cannot be read ({error}): fix {setting_name(key)}.") from None


def ssh_command(target: Target) -> list[str]:
    cmd = ["ssh", "-p", str(target.port)]
    if target.identity:
        cmd += ["-i", str(Path(target.identity).expanduser()), "-o", "IdentitiesOnly=yes"]
    return cmd + shlex.split(target.ssh_options)


def rsync_command(target: Target, source: Path, dry_run: bool = False) -> list[str]:
    """The whole rsync command line for a deploy of ``source`` (a built site) to the target."""
    cmd = ["rsync", *RSYNC_OPTIONS, *RSYNC_REPORT_OPTIONS, "-e", shlex.join(ssh_command(target))]
    cmd += shlex.split(target.rsync_options)
    if dry_run:
        cmd.append("--dry-run")
    return cmd + [f"{str(source).rstrip('/')}/", target.remote]


def require_tools(*names: str) -> None:
    for name in names:
        if shutil.which(name) is None:
            package = {"ssh": "openssh-client"}.get(name, name)
            raise DeployError(f"`{name}` is not installed here: install it (Debian: apt-get install {package}).")


# --- SITEURL ----------------------------------------------------------------------------------


def read_settings(root: Path, settings_file: str) -> dict:
    """Pelican's settings as the build reads them (publishconf.py reads SITEURL from the environment)."""
    from pelican.settings import read_settings as pelican_read_settings

    with contextlib.chdir(root):
        return pelican_read_settings(settings_file)


def check_siteurl(siteurl: str | None, settings_file: str = "publishconf.py") -> None:
    """SITEURL must be the public address: not empty, not local, not the sample's placeholder."""
    siteurl = (siteurl or "").strip().rstrip("/")
    how = (
        "set it for this run, e.g. `SITEURL=https://www.your-domain.net invoke publish`, "
        f"or change the default in {settings_file}"
    )
    if not siteurl:
        raise DeployError(f"SITEURL is empty in {settings_file}: a production build needs the public address; {how}.")
    parts = urlsplit(siteurl)
    host = (parts.hostname or "").lower()
    if siteurl.lower() == SAMPLE_SITEURL:
        raise DeployError(f"SITEURL is still the sample's placeholder {SAMPLE_SITEURL}; {how}.")
    if parts.scheme not in ("http", "https") or host in LOCAL_HOSTS:
        raise DeployError(f"SITEURL is {siteurl!r}, a local or incomplete address; {how}.")


# --- the build and its checks -------------------------------------------------------------------


def build_site(root: Path, settings_file: str, output: Path) -> None:
    """Pelican as tasks.py's ``pelican_run`` runs it: any logged error stops the build."""
    cmd = [sys.executable, "-m", "pelican", "content", "-o", str(output), "-s", settings_file, "--fatal", "errors"]
    result = subprocess.run(cmd, cwd=root)
    if result.returncode != 0:
        raise DeployError(
            f"Pelican could not build the site with {settings_file} (see its message above). Nothing was deployed."
        )


def comment_errors(result) -> list[str]:
    """What in a comment import (archived_comments' ImportResult) stops a publish, one line each."""
    errors = []
    if result.problems:
        first = result.problems[0]
        where = first.source + (f":{first.line}" if first.line else "")
        errors.append(f"{len(result.problems)} problem(s) in the archives (first: {where}: {first.message})")
    if result.unmatched:
        first = result.unmatched[0]
        where = first.url or first.identifier or "an unknown page"
        errors.append(f"{len(result.unmatched)} thread(s) that matched no article (first: {where})")
    if not result.totals["balanced"]:
        errors.append("totals that do not balance (found ≠ shown + hidden + spam + duplicates + unmatched)")
    return errors


def check_comments(root: Path, settings_file: str) -> int:
    """The import report of the production settings must be clean; returns the comments found."""
    plugins = str(root / "plugins")
    if plugins not in sys.path:
        sys.path.insert(0, plugins)
    from archived_comments import cli

    with contextlib.chdir(root):
        result = cli.run(settings_file)
    errors = comment_errors(result)
    if errors:
        raise DeployError(
            "The archived-comment import has " + "; ".join(errors) + ". "
            "See them all with `invoke comments`, fix the archive or map the old URL in COMMENTS_URL_MAP, "
            "then publish again. Nothing was deployed."
        )
    return result.found


def check_build(root: Path, settings_file: str, output: Path, force: bool = False, echo: Echo = print) -> int:
    """``invoke check`` on the new build (the comment import is checked on its own, just before).

    Errors stop the publish unless ``force``; returns the number of errors let through.
    """
    from sitetools import check

    report = check.check_site(output, root=root, settings_file=settings_file, comments=False, sources=False)
    if report.ok:
        echo(f"publish: {report.summary()}")
        return 0
    shown = 10
    lines = "\n".join(f"  {finding}" for finding in report.errors[:shown])
    more = f"\n  … and {len(report.errors) - shown} more" if len(report.errors) > shown else ""
    if force:
        echo(f"publish: warning: `invoke check` found {len(report.errors)} error(s) in the new build; "
             f"publishing anyway (--force):\n{lines}{more}")
        return len(report.errors)
    raise DeployError(
        f"`invoke check` found {len(report.errors)} error(s) in the new build:\n{lines}{more}\n"
        "Fix them (`invoke preview` then `invoke check` shows them all), or publish with --force. Nothing was deployed."
    )


def count_files(folder: Path) -> int:
    return sum(1 for path in folder.rglob("*") if path.is_file() or path.is_symlink())


def check_size(output: Path, live_files: int, force: bool = False) -> int:
    """Refuse an empty build, or one under half the live site's file count, unless ``force``."""
    local = count_files(output)
    if force:
        return local
    if local == 0 or not (output / "index.html").is_file():
        raise DeployError(
            f"The new build has {local} file(s) and no index.html: refusing to replace the live site with it. "
            "Check the build's messages; --force deploys it anyway. Nothing was deployed."
        )
    if live_files and local < live_files / 2:
        raise DeployError(
            f"The new build has {local} files, the live site {live_files}: fewer than half, which looks like a "
            "failed or partial build. Check the build's messages; if the site really shrank, publish with --force. "
            "Nothing was deployed."
        )
    return local


# --- rsync --------------------------------------------------------------------------------------


def live_file_count(target: Target) -> int | None:
    """Files the live site has now (rsync's own listing over SSH), or None when its folder doesn't exist yet."""
    cmd = ["rsync", "--list-only", "-r", "--no-human-readable", f"--exclude={STAGING_DIR}"]
    cmd += ["-e", shlex.join(ssh_command(target)), target.remote]
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode == 23 and "No such file or directory" in result.stderr:
        return None
    if result.returncode != 0:
        raise DeployError(
            f"Could not list the live site at {target.remote} (rsync exit {result.returncode}):\n"
            f"{result.stderr.strip()}\nCheck deploy.host, port, user, identity and ssh_options "
            "(invoke.yaml or INVOKE_DEPLOY_*), and that `ssh` reaches the server. Nothing was deployed."
        )
    return sum(1 for line in result.stdout.splitlines() if line[:1] in ("-", "l"))


ITEM = re.compile(r"^([<>ch.][fdLDS][^ ]*) (.+)$")


@dataclass
class Changes:
    """rsync's --itemize-changes, sorted by what happened to each path."""

    sent: list[str] = field(default_factory=list)  # file data transferred (new or changed content)
    created: list[str] = field(default_factory=list)  # of them, files that were new
    deleted: list[str] = field(default_factory=list)
    directories: list[str] = field(default_factory=list)  # folders created
    other: list[str] = field(default_factory=list)  # symlinks and the like, created or changed
    attributes_only: list[str] = field(default_factory=list)  # same content, times/permissions refreshed

    def add(self, line: str) -> bool:
        """Record one output line; True when it was an itemized change."""
        if line.startswith("*deleting "):
            self.deleted.append(line[len("*deleting ") :].strip())
            return True
        match = ITEM.match(line)
        if not match:
            return False
        code, name = match.groups()
        kind, flags = code[1], code[2:]
        if code[0] in "<>" and kind == "f":
            self.sent.append(name)
            if flags.startswith("+"):
                self.created.append(name)
        elif code[0] == "c" and kind == "d":
            self.directories.append(name)
        elif code[0] == ".":
            self.attributes_only.append(name)
        else:
            self.other.append(name)
        return True


def parse_itemized(lines) -> Changes:
    changes = Changes()
    for line in lines:
        changes.add(line.rstrip("\n"))
    return changes


def parse_stats(text: str) -> dict[str, int]:
    """rsync --stats lines (``Total bytes sent: 1234``) as {"total bytes sent": 1234, ...}."""
    stats = {}
    for line in text.splitlines():
        match = re.match(r"^([A-Za-z][A-Za-z ]+?): ([\d,.]+)( bytes)?\b", line.strip())
        if match:
            stats[match.group(1).lower()] = int(re.sub(r"[^\d]", "", match.group(2)))
    return stats


@dataclass
class DeployReport:
    changes: Changes
    stats: dict[str, int]
    output: str  # rsync's whole stdout
    dry_run: bool
    seconds: float = 0.0
    files: int = 0  # in the new build

    def summary(self) -> str:
        verb = "Would send" if self.dry_run else "Sent"
        changes = self.changes
        sent_bytes = self.stats.get("total bytes sent", 0)
        data = self.stats.get("total transferred file size", 0)
        text = (
            f"{verb} {len(changes.sent)} file(s) ({len(changes.created)} new, {data} bytes of file data, "
            f"{sent_bytes} bytes over the wire), {'would delete' if self.dry_run else 'deleted'} "
            f"{len(changes.deleted)}; {len(changes.attributes_only)} unchanged file(s) and folder(s) only had their time "
            "refreshed."
        )
        return text


def rsync_deploy(target: Target, source: Path, dry_run: bool = False, echo: Echo = print) -> DeployReport:
    """Run rsync, echoing every real change as it happens (not the time-only refreshes)."""
    cmd = rsync_command(target, source, dry_run)
    changes = Changes()
    lines = []
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, bufsize=1) as process:
        assert process.stdout is not None
        in_stats = False
        for line in process.stdout:
            line = line.rstrip("\n")
            lines.append(line)
            if line.startswith("Number of files:"):
                in_stats = True
            if in_stats:
                continue
            before = len(changes.attributes_only)
            if changes.add(line) and len(changes.attributes_only) == before:
                echo(f"  {line}")
        code = process.wait()
    output = "\n".join(lines)
    if code != 0:
        raise DeployError(
            f"rsync stopped with exit code {code} (its message is above). With --delay-updates, new files are only "
            "renamed into place at the end of a transfer, so the live site still serves the previous version "
            f"(staged files may be left in {STAGING_DIR} folders; the next publish reuses and removes them). "
            "Fix the cause and publish again."
        )
    return DeployReport(changes=changes, stats=parse_stats(output), output=output, dry_run=dry_run)


def build_and_check(
    root: Path, settings_file: str, siteurl: str, output: Path, live: int, force: bool, echo: Echo
) -> int:
    """Every step both deploy targets take before sending anything: the production build into
    ``output``, a clean comment import, `invoke check`, and a size check against the live
    site's ``live`` files.  Returns the number of files built; raises DeployError to stop."""
    echo(f"publish: building with {settings_file} for {siteurl} into a fresh folder")
    build_site(root, settings_file, output)
    found = check_comments(root, settings_file)
    echo(f"publish: archived comments import cleanly ({found} found in the archives)")
    check_build(root, settings_file, output, force, echo)
    return check_size(output, live, force)


def publish(
    root: Path,
    settings_file: str,
    target: Target,
    *,
    dry_run: bool = False,
    force: bool = False,
    echo: Echo = print,
) -> DeployReport:
    """The whole ``invoke publish``: checks, production build, deploy."""
    started = time.monotonic()
    check_target(target)
    require_tools("rsync", "ssh")
    siteurl = read_settings(root, settings_file).get("SITEURL")
    check_siteurl(siteurl, settings_file)
    live = live_file_count(target)  # first, so a wrong target or an unreachable server shows at once
    with tempfile.TemporaryDirectory(prefix="publish-") as tmp:
        # Pelican creates this folder with the usual permissions; rsync -p copies
        # them to the target's top folder, which the web server must be able to read.
        output = Path(tmp) / "site"
        files = build_and_check(root, settings_file, siteurl, output, live or 0, force, echo)
        where = "does not exist yet" if live is None else f"has {live} file(s)"
        echo(f"publish: the new build has {files} file(s); {target.remote} {where}")
        echo(f"publish: {'dry run, changing nothing: ' if dry_run else ''}rsync to {target.remote}")
        report = rsync_deploy(target, output, dry_run=dry_run, echo=echo)
    report.files = files
    report.seconds = time.monotonic() - started
    echo(f"publish: {report.summary()}")
    echo(f"publish: {'dry run finished' if dry_run else 'done'} in {report.seconds:.1f} s")
    return report


# --- GitHub Pages --------------------------------------------------------------------------------


def _git(root: Path, *args: str, check: bool = False, env: dict | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, env=env)
    if check and result.returncode != 0:
        raise DeployError(f"`git {' '.join(args)}` failed: {result.stderr.strip()}")
    return result


def _rev(root: Path, ref: str) -> str | None:
    result = _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    return result.stdout.strip() or None


def remote_branch_exists(root: Path, remote: str, branch: str) -> bool:
    result = _git(root, "ls-remote", "--heads", remote, f"refs/heads/{branch}")
    if result.returncode != 0:
        raise DeployError(
            f"Cannot reach the git remote {remote!r}: {result.stderr.strip()}\n"
            f"Check {setting_name('remote', 'gh_pages')}. Nothing was published."
        )
    return bool(result.stdout.strip())


def source_description(root: Path) -> str:
    head = _git(root, "rev-parse", "--short", "HEAD").stdout.strip()
    if not head:
        return "uncommitted sources"
    dirty = _git(root, "status", "--porcelain", "--untracked-files=no").stdout.strip()
    return f"{head}{' plus uncommitted changes' if dirty else ''}"


def publish_gh_pages(
    root: Path,
    settings_file: str,
    remote: str,
    branch: str = "gh-pages",
    cname: str = "",
    *,
    force: bool = False,
    echo: Echo = print,
) -> str:
    """Build for production, commit it onto ``branch`` with ghp-import (+ .nojekyll, CNAME) and push it.

    The local branch first takes the remote's tip, so each publish adds exactly
    one commit on top of what is live (and a rollback pushed to the remote is
    the base of the next publish).  Returns the new commit's id.
    """
    started = time.monotonic()
    remote, branch, cname = (remote or "").strip(), (branch or "").strip(), (cname or "").strip()
    if not remote:
        raise DeployError(f"gh_pages.remote is not set: set {setting_name('remote', 'gh_pages')} to a git remote or URL.")
    if not branch:
        raise DeployError(f"gh_pages.branch is not set: set {setting_name('branch', 'gh_pages')}, usually gh-pages.")
    require_tools("git")
    if _git(root, "rev-parse", "--git-dir").returncode != 0:
        raise DeployError(f"{root} is not a git repository: ghp-import commits the site into one (run `git init`).")
    siteurl = read_settings(root, settings_file).get("SITEURL")
    check_siteurl(siteurl, settings_file)
    if cname and urlsplit(siteurl).hostname != cname.lower():
        echo(f"publish: warning: CNAME is {cname} but SITEURL is {siteurl}; links will point at {siteurl}")
    local_ref = f"refs/heads/{branch}"
    if remote_branch_exists(root, remote, branch):
        _git(root, "fetch", "--quiet", remote, f"+{local_ref}:{local_ref}", check=True)
        listing = _git(root, "ls-tree", "-r", "--name-only", local_ref, check=True).stdout.split()
        live = sum(1 for name in listing if name not in (".nojekyll", "CNAME"))
    else:
        live = 0
    with tempfile.TemporaryDirectory(prefix="publish-") as tmp:
        output = Path(tmp) / "site"
        files = build_and_check(root, settings_file, siteurl, output, live, force, echo)
        echo(f"publish: the new build has {files} file(s); {branch} on {remote} has {live}")
        before = _rev(root, local_ref)
        env = dict(os.environ)
        # ghp-import signs its commit with git's user.name/user.email; a machine
        # without them (CI) gets a neutral name rather than an empty one.
        if not _git(root, "config", "user.name").stdout.strip():
            env.setdefault("GIT_COMMITTER_NAME", "invoke gh-pages")
        if not _git(root, "config", "user.email").stdout.strip():
            env.setdefault("GIT_COMMITTER_EMAIL", "invoke-gh-pages@localhost")
        message = f"Publish {siteurl} from {source_description(root)}"
        cmd = [sys.executable, "-m", "ghp_import", "--no-jekyll", "--branch", branch, "--remote", remote,
               "--message", message]
        if cname:
            cmd += ["--cname", cname]
        result = subprocess.run(cmd + [str(output)], cwd=root, env=env, capture_output=True, text=True)
    after = _rev(root, local_ref)
    if result.returncode != 0 or after is None or after == before:
        raise DeployError(f"ghp-import could not commit the site to {branch}: {(result.stdout + result.stderr).strip()}")
    parent = _rev(root, f"{after}^") if before else None
    if before and parent != before:
        raise DeployError(f"ghp-import's commit {after[:12]} is not on top of {before[:12]}; nothing was pushed.")
    push = _git(root, "push", "--quiet", remote, f"{local_ref}:{local_ref}")
    if push.returncode != 0:
        raise DeployError(
            f"Pushing {branch} to {remote} failed: {push.stderr.strip()}\n"
            "If someone published meanwhile, run again: the next publish starts from the remote's tip."
        )
    stat = _git(root, "diff", "--shortstat", before, after).stdout.strip() if before else "first publish"
    echo(f"publish: pushed {after[:12]} to {branch} on {remote} ({stat or 'no file changed'})")
    echo(f"publish: done in {time.monotonic() - started:.1f} s")
    return after
