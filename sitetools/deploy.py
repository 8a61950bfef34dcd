"""Publishing the production build: ``invoke publish`` (releases over SSH), ``invoke releases``,
``invoke rollback`` and ``invoke gh-pages``.

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
7. the build is uploaded whole into ``releases/<UTC time>-<build hash>.partial/``
   beside the live release (``rsync --link-dest``: unchanged files become hard
   links, only changed ones travel), renamed ``releases/<name>/`` when complete,
   given hard links to the previous release's assets (a page already open in a
   browser still finds its CSS and search index), and only then made live by
   renaming a new ``current`` symlink over the old one: a reader gets one
   release or the other, never a mix.  An interrupted upload leaves ``current``
   untouched.  Releases beyond ``deploy.keep`` are removed.

A build that is byte for byte the live release (the same build hash, and an
rsync dry run against it finds no difference) makes no new release: a release
costs one directory per folder of the site even when every file is a hard link,
and a copy of the live one would push a real rollback target out of
``deploy.keep``.

A deploy path in the old layout (the site's files right in it) is moved, file
for file, into ``releases/`` as the first release by the first publish.
"""

from __future__ import annotations

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

from .site import Site

Echo = Callable[[str], None]

# Recursive, symlinks, permissions, compression, and a checksum comparison
# (Pelican rewrites every file on each build, so times alone would resend the
# whole site).  No -t: --link-dest hard-links a file only when its attributes
# match too, and every build has new times.  So a changed file gets the time of
# its upload and an unchanged one keeps its first one: the web server's
# Last-Modified and ETag change exactly when the content does.
RSYNC_OPTIONS = ("-rlpzc",)
# What rsync prints: one line per change, then the totals, with plain numbers.
RSYNC_REPORT_OPTIONS = ("--itemize-changes", "--stats", "--no-human-readable")
PARTIAL_SUFFIX = ".partial"  # a release whose upload has not finished
DEFAULT_KEEP = 5

# SITEURL values that mean "not configured for production".
LOCAL_HOSTS = {"", "localhost", "127.0.0.1", "0.0.0.0", "::1", "[::1]"}
SAMPLE_SITEURL = "https://ines-calder.example"

# Folders that must never be a deploy path: the first publish moves everything
# in it into releases/, and old releases are deleted.
UNSAFE_PATHS = {"", "/", ".", "..", "~", "/home", "/root", "/usr", "/etc", "/var", "/tmp", "/bin", "/boot", "/opt"}

TARGET_KEYS = {
    "host": "the server's host name, e.g. www.example.org",
    "port": "the server's SSH port, usually 22",
    "user": "the SSH user on the server",
    "path": "the folder the web server serves, e.g. /var/www/ines-calder",
    "identity": "a private key file, e.g. ~/.ssh/ines_deploy (optional)",
    "ssh_options": 'extra ssh arguments, e.g. "-o StrictHostKeyChecking=accept-new" (optional)',
    "rsync_options": 'extra rsync arguments, e.g. "--bwlimit=2000" (optional)',
    "keep": "how many releases to keep on the server (default 5)",
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
    keep: int = DEFAULT_KEEP


def target_from_config(config: Mapping, **overrides) -> Target:
    """The ``deploy`` section of invoke's config, with task flags (not None) on top."""
    values = {key: config.get(key) for key in TARGET_KEYS}
    values.update({key: value for key, value in overrides.items() if value is not None})
    for key in ("host", "user", "path", "identity", "ssh_options", "rsync_options"):
        values[key] = "" if values[key] is None else str(values[key]).strip()
    port, keep = values["port"], values["keep"]
    try:
        values["port"] = int(port if port not in (None, "") else 22)
    except (TypeError, ValueError):
        raise DeployError(f"deploy.port is {port!r}, not a port number: set {setting_name('port')}.") from None
    try:
        values["keep"] = int(keep if keep not in (None, "") else DEFAULT_KEEP)
    except (TypeError, ValueError):
        raise DeployError(f"deploy.keep is {keep!r}, not a number of releases: set {setting_name('keep')}.") from None
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
    if target.keep < 1:
        raise DeployError(f"deploy.keep is {target.keep}: at least 1 release (the live one) stays; "
                          f"set {setting_name('keep')} (2 or more to be able to roll back).")
    normalized = os.path.normpath(target.path)
    if normalized in UNSAFE_PATHS or re.fullmatch(r"~[^/]*", normalized):  # also ~user: a home folder
        raise DeployError(
            f"deploy.path is {target.path!r}: a publish moves everything already in that folder into its releases/ "
            f"and deletes old releases there. Set {setting_name('path')} to the site's own folder."
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


def require_tools(*names: str) -> None:
    for name in names:
        if shutil.which(name) is None:
            package = {"ssh": "openssh-client"}.get(name, name)
            raise DeployError(f"`{name}` is not installed here: install it (Debian: apt-get install {package}).")


# --- SITEURL ----------------------------------------------------------------------------------


def read_settings(root: Path, settings_file: str) -> dict:
    """Pelican's settings as the build reads them (publishconf.py reads SITEURL from the environment)."""
    return Site(root, settings_file).settings


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


def check_comments(root: Path, settings_file: str) -> int:
    """The import report of the production settings must be clean; returns the comments found."""
    site = Site(root, settings_file)
    verdict = site.verdict
    if not verdict.clean:
        raise DeployError(
            "The archived-comment import has " + "; ".join(verdict.reasons()) + ". "
            "See them all with `invoke comments`, fix the archive or map the old URL in COMMENTS_URL_MAP, "
            "then publish again. Nothing was deployed."
        )
    return site.comment_import().found


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
    return len(build_files(folder))


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


# --- releases on the server ---------------------------------------------------------------------
#
# <path>/current -> releases/<name>       the web server's document root, one symlink
# <path>/releases/<name>/                 a release: one whole build, unchanged files hard links
# <path>/releases/<name>.files            the files its build wrote (not those carried into it)
# <path>/releases/<name>.partial/         an upload under way, or interrupted (removed by the next publish)
#
# Everything on the server is done by this POSIX sh script, one ssh call per
# step, so the server needs only a shell, coreutils and rsync.  ``mv -T`` (GNU
# coreutils, i.e. any Linux server) renames the new symlink over ``current`` in
# one rename(2): a request resolves either the old release or the new one.

SERVER_SCRIPT = r"""
set -eu
LC_ALL=C; export LC_ALL
cmd=$1; root=$2; shift 2
rel="$root/releases"
is_name() { case $1 in [0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]T[0-9][0-9][0-9][0-9][0-9][0-9]Z-*) return 0;; esac; return 1; }
count() { (cd "$1" && find . \( -type f -o -type l \) | wc -l | tr -d ' '); }
listing() { (cd "$1" && find . \( -type f -o -type l \) | sed 's|^\./||'); }
live() { if [ -L "$root/current" ]; then t=$(readlink "$root/current"); echo "${t##*/}"; fi; }
switch() {
  rm -f "$root/.current.new"
  ln -s "releases/$1" "$root/.current.new"
  mv -T "$root/.current.new" "$root/current"
  echo "live $1"
}
carry() {  # FROM-RELEASE-or-- TO-FOLDER [FILES-LIST]; stdin: "F path" lines go to FILES-LIST, "C path" are linked
  carried=0
  [ $# -lt 3 ] || : > "$3"
  while IFS= read -r line; do
    case $line in
      "F "*) [ $# -lt 3 ] || printf '%s\n' "${line#F }" >> "$3";;
      "C "*) f=${line#C }
        if [ "$1" != - ] && [ -f "$rel/$1/$f" ] && [ ! -e "$2/$f" ]; then
          case $f in */*) mkdir -p "$2/${f%/*}";; esac
          ln "$rel/$1/$f" "$2/$f"; carried=$((carried + 1))
        fi;;
    esac
  done
}
others() {  # what a folder served as a plain site holds besides our own names
  for e in "$root"/* "$root"/.[!.]* "$root"/..?*; do
    [ -e "$e" ] || [ -L "$e" ] || continue
    case ${e##*/} in releases|current|.current.new) ;; *) printf '%s\n' "$e";; esac
  done
}
case $cmd in
state)
  if [ ! -e "$root" ]; then echo "layout missing"; exit 0; fi
  if [ ! -d "$root" ]; then echo "layout not-a-folder"; exit 0; fi
  cur=$(live)
  if [ -n "$cur" ] || [ -d "$rel" ]; then layout=releases
  elif [ -n "$(others)" ]; then layout=plain
  else layout=empty; fi
  echo "layout $layout"
  echo "current $cur"
  if [ -d "$rel" ]; then
    for r in $(ls "$rel"); do
      is_name "$r" || continue
      case $r in
        *.partial) [ -d "$rel/$r" ] && echo "partial ${r%.partial}";;
        *.files|*.files.new) ;;
        *) [ -d "$rel/$r" ] && echo "release $r $(count "$rel/$r")";;
      esac
    done
  fi
  echo "own"
  if [ -n "$cur" ] && [ -f "$rel/$cur.files" ]; then cat "$rel/$cur.files"
  elif [ -n "$cur" ] && [ -d "$rel/$cur" ]; then listing "$rel/$cur"
  elif [ "$layout" = plain ]; then listing "$root"; fi
  ;;
prepare)  # NAME-TO-MIGRATE-TO or -
  mkdir -p "$rel"
  for p in "$rel"/*.partial "$rel"/*.files.new; do
    [ -e "$p" ] || continue
    is_name "${p##*/}" || continue
    rm -rf "$p"; echo "removed ${p##*/}"
  done
  if [ "$1" != - ]; then
    mkdir "$rel/$1"
    others | while IFS= read -r e; do mv "$e" "$rel/$1/"; done
    echo "migrated $1 $(count "$rel/$1")"
    switch "$1"
  fi
  echo "releases $(cd "$rel" && pwd -P)"
  ;;
finish)  # NAME PREVIOUS-or-- KEEP; stdin: "F path" (the build's files), "C path" (to carry from PREVIOUS)
  name=$1; prev=$2; keep=$3; new="$rel/$name.partial"
  [ -d "$new" ] || { echo "no upload at $new" >&2; exit 3; }
  [ ! -e "$rel/$name" ] || { echo "a release $name is there already" >&2; exit 3; }
  carry "$prev" "$new" "$rel/$name.files.new"
  mv "$rel/$name.files.new" "$rel/$name.files"
  mv "$new" "$rel/$name"
  switch "$name"
  echo "carried $carried"
  n=0
  for r in $(ls -r "$rel"); do
    is_name "$r" && [ -d "$rel/$r" ] || continue
    case $r in *.partial) continue;; esac
    n=$((n + 1))
    if [ "$n" -gt "$keep" ] && [ "$r" != "$name" ]; then rm -rf "$rel/$r" "$rel/$r.files"; echo "removed $r"; fi
  done
  ;;
switch)  # NAME LEAVING-or--; stdin: "C path" (assets of LEAVING a page open in a browser may still ask for)
  case $1 in *.partial|*.files|*/*|'') echo "no release $1" >&2; exit 3;; esac
  [ -d "$rel/$1" ] || { echo "no release $1" >&2; exit 3; }
  carry "$2" "$rel/$1"
  switch "$1"
  echo "carried $carried"
  ;;
*) echo "unknown command $cmd" >&2; exit 2;;
esac
"""

RELEASE_NAME_RE = re.compile(r"^(\d{8}T\d{6}Z)-([0-9a-z]+)$")
MIGRATED = "migrated"  # the build-hash part of the release made from a site in today's layout


def release_name(build: str, when: float | None = None) -> str:
    """``<UTC timestamp>-<build hash>``: sorted by name is sorted by time."""
    return time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(time.time() if when is None else when)) + f"-{build}"


def remote_path(target: Target) -> str:
    """The deploy path as the server's shell sees it (``~/site``: relative to the login folder)."""
    path = target.path.rstrip("/") or "/"
    return path[2:] if path.startswith("~/") else path


def server_run(target: Target, command: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    """One step of SERVER_SCRIPT on the server, over ssh."""
    remote = shlex.join(["sh", "-c", SERVER_SCRIPT, "sh", command, remote_path(target), *args])
    host = f"{target.user}@{target.host}"
    return subprocess.run(ssh_command(target) + [host, remote], input=stdin, capture_output=True, text=True)


def server_step(target: Target, command: str, *args: str, stdin: str = "", what: str) -> list[str]:
    result = server_run(target, command, *args, stdin=stdin)
    if result.returncode != 0:
        raise DeployError(
            f"Could not {what} on {target.user}@{target.host}:{target.path} (exit {result.returncode}):\n"
            f"{result.stderr.strip()}"
        )
    return result.stdout.splitlines()


@dataclass
class Release:
    name: str
    files: int

    @property
    def when(self) -> str:
        stamp = RELEASE_NAME_RE.match(self.name).group(1)
        return f"{stamp[0:4]}-{stamp[4:6]}-{stamp[6:8]} {stamp[9:11]}:{stamp[11:13]}:{stamp[13:15]} UTC"

    @property
    def build(self) -> str:
        return RELEASE_NAME_RE.match(self.name).group(2)


@dataclass
class ServerState:
    """What a deploy path holds: ``layout`` is missing, empty, plain (today's layout) or releases."""

    layout: str
    current: str = ""
    releases: list[Release] = field(default_factory=list)  # complete ones, oldest first
    partial: list[str] = field(default_factory=list)  # interrupted uploads
    own: list[str] = field(default_factory=list)  # the live release's own files (a plain site's files)

    @property
    def live_files(self) -> int | None:
        return None if self.layout in ("missing", "empty") else len(self.own)

    def release(self, name: str) -> Release | None:
        return next((release for release in self.releases if release.name == name), None)


def parse_state(lines: list[str]) -> ServerState:
    state = ServerState(layout="missing")
    for index, line in enumerate(lines):
        key, _, value = line.partition(" ")
        if key == "layout":
            state.layout = value
        elif key == "current":
            state.current = value
        elif key == "release" and RELEASE_NAME_RE.match(value.rsplit(" ", 1)[0]):
            name, files = value.rsplit(" ", 1)
            state.releases.append(Release(name, int(files)))
        elif key == "partial":
            state.partial.append(value)
        elif key == "own":
            state.own = [name for name in lines[index + 1 :] if name]
            break
    state.releases.sort(key=lambda release: release.name)
    return state


def server_state(target: Target) -> ServerState:
    result = server_run(target, "state")
    if result.returncode != 0:
        raise DeployError(
            f"Could not read the deploy folder {target.user}@{target.host}:{target.path} (ssh exit {result.returncode}):\n"
            f"{result.stderr.strip()}\nCheck deploy.host, port, user, identity and ssh_options "
            "(invoke.yaml or INVOKE_DEPLOY_*), and that `ssh` reaches the server. Nothing was deployed."
        )
    state = parse_state(result.stdout.splitlines())
    if state.layout == "not-a-folder":
        raise DeployError(f"deploy.path {target.path} on the server is a file, not a folder: set {setting_name('path')}.")
    return state


# --- rsync ------------------------------------------------------------------------------------


def rsync_command(target: Target, source: Path, dest: str, *, link_dest: str = "", dry_run: bool = False) -> list[str]:
    """rsync of ``source`` (a built site) into ``dest`` (a folder under the deploy path) on the target.

    ``link_dest``: a folder (absolute, or relative to ``dest``) whose identical files become hard links instead of copies.
    A dry run compares with ``dest`` itself (the live release), so it also lists what would go.
    """
    cmd = ["rsync", *RSYNC_OPTIONS, *RSYNC_REPORT_OPTIONS, "-e", shlex.join(ssh_command(target))]
    if link_dest:
        cmd.append(f"--link-dest={link_dest}")
    cmd += shlex.split(target.rsync_options)
    if dry_run:
        cmd += ["--dry-run", "--delete"]
    host = f"[{target.host}]" if ":" in target.host else target.host
    where = remote_path(target).rstrip("/") + "/" + dest.strip("/")
    return cmd + [f"{str(source).rstrip('/')}/", f"{target.user}@{host}:{where.rstrip('/')}/"]


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
    release: str = ""  # the release made live (empty on a dry run)
    linked: int = 0  # files hard-linked from the previous release, unchanged
    carried: int = 0  # assets of the previous release carried into the new one
    removed: list[str] = field(default_factory=list)  # releases beyond deploy.keep
    unchanged: bool = False  # the build is byte for byte the live release: nothing uploaded, no release made

    def summary(self) -> str:
        changes = self.changes
        sent_bytes = self.stats.get("total bytes sent", 0)
        data = self.stats.get("total transferred file size", 0)
        if self.unchanged:
            return (f"Nothing changed: the new build is byte for byte release {self.release}, which is live; "
                    f"{'a publish would upload' if self.dry_run else 'uploaded'} nothing and "
                    f"{'make' if self.dry_run else 'made'} no new release.")
        if self.dry_run:
            return (
                f"Would send {len(changes.sent)} file(s) ({len(changes.created)} new, {data} bytes of file data, "
                f"{sent_bytes} bytes over the wire); {len(changes.deleted)} file(s) of the live site would not be in "
                "the new release."
            )
        return (
            f"Sent {len(changes.sent)} file(s) ({len(changes.created)} new, {data} bytes of file data, {sent_bytes} "
            f"bytes over the wire), {self.linked} unchanged file(s) hard-linked from the previous release, "
            f"{len(changes.deleted)} of its files not in this one (deleted); carried {self.carried} asset(s) of the "
            f"previous release for pages still open; release {self.release} is live."
        )


def rsync_deploy(cmd: list[str], dry_run: bool, echo: Echo, failed: str) -> DeployReport:
    """Run rsync, echoing every real change as it happens; ``failed`` says what a failure leaves."""
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
        raise DeployError(f"rsync stopped with exit code {code} (its message is above). {failed}")
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


def build_files(output: Path) -> list[str]:
    """The build's files (and symlinks), as POSIX paths relative to it: a release's ``.files``."""
    return sorted(
        path.relative_to(output).as_posix() for path in output.rglob("*") if path.is_file() or path.is_symlink()
    )


def assets_rules():
    """theme_assets.assets: the build hash and which files a release carries (the rules live there)."""
    from theme_assets import assets

    return assets


def build_hash(output: Path) -> str:
    """A hash of every file of the build (theme_assets.assets.tree_id): the same sources, the same hash."""
    return assets_rules().tree_id(str(output))


def live_differences(changes: Changes, live_own: list[str]) -> list[str]:
    """What the live release on the server differs in from a build with its hash, by an rsync dry run against it
    (with --delete): a file sent (missing or other bytes), a symlink, permissions, or one of its own files that the
    build lacks.  The assets carried into it for pages still open are no difference."""
    own = set(live_own)
    return sorted(set(changes.sent + changes.other + changes.attributes_only + changes.directories
                      + [name for name in changes.deleted if name in own]))


def same_as_live(target: Target, output: Path, state: ServerState, build: str, dry_run: bool,
                 echo: Echo) -> DeployReport | None:
    """The report of a publish that changes nothing (see the module's docstring), when the live release is byte for
    byte this build; else None.  The build hash in the live release's name says it is the same build; an rsync dry
    run against it says its files on the server still are."""
    live = state.release(state.current)
    if live is None or live.build != build:
        return None
    echo(f"publish: the live release {live.name} has this build's hash: comparing its files with the build")
    report = rsync_deploy(rsync_command(target, output, "current", dry_run=True), True, lambda line: None,
                          "Nothing was deployed.")
    differences = live_differences(report.changes, state.own)
    if differences:
        shown = ", ".join(differences[:5]) + (f" … and {len(differences) - 5} more" if len(differences) > 5 else "")
        echo(f"publish: on the server it differs from the build in {len(differences)} file(s) ({shown}): "
             f"{'a publish would upload' if dry_run else 'uploading'} the build as a new release")
        return None
    report.unchanged, report.release, report.dry_run = True, live.name, dry_run
    return report


def carry_list(previous_own: list[str], new_files: set[str]) -> list[str]:
    """The previous release's assets a page still open in a browser may ask for, absent from the new build."""
    carried = assets_rules().carried
    return [name for name in previous_own if carried(name) and name not in new_files]


def publish(
    root: Path,
    settings_file: str,
    target: Target,
    *,
    dry_run: bool = False,
    force: bool = False,
    echo: Echo = print,
) -> DeployReport:
    """The whole ``invoke publish``: checks, production build, upload as a new release, the switch."""
    started = time.monotonic()
    check_target(target)
    require_tools("rsync", "ssh")
    siteurl = read_settings(root, settings_file).get("SITEURL")
    check_siteurl(siteurl, settings_file)
    state = server_state(target)  # first, so a wrong target or an unreachable server shows at once
    where = f"{target.user}@{target.host}:{target.path}"
    with tempfile.TemporaryDirectory(prefix="publish-") as tmp:
        # Pelican creates this folder with the usual permissions; rsync -p copies
        # them to the release's folder, which the web server must be able to read.
        output = Path(tmp) / "site"
        files = build_and_check(root, settings_file, siteurl, output, state.live_files or 0, force, echo)
        described = {
            "missing": "does not exist yet",
            "empty": "is empty",
            "plain": f"holds a site of {state.live_files} file(s) in the old layout (no releases yet)",
            "releases": f"serves release {state.current or '(none)'} ({state.live_files} file(s))",
        }[state.layout]
        echo(f"publish: the new build has {files} file(s); {where} {described}")
        build, when, taken = build_hash(output), time.time(), {r.name for r in state.releases}
        while (name := release_name(build, when)) in taken:  # the same build published twice in one second
            when += 1
        # The release the new one is compared with (hard links) and carries assets from: the live one.
        previous = state.current or (state.releases[-1].name if state.releases else "")
        previous_own = state.own if previous == state.current else []
        unchanged = same_as_live(target, output, state, build, dry_run, echo)
        if unchanged is not None:
            report = unchanged
        elif dry_run:
            live = ""  # a plain site, or none: the deploy folder itself
            if state.layout == "releases":
                live = "current" if state.current else f"releases/{previous or name}"
            echo(f"publish: dry run, changing nothing: rsync --dry-run against the live site in {where}")
            report = rsync_deploy(rsync_command(target, output, live, dry_run=True), True, echo, "")
        else:
            migrate = "-"
            if state.layout == "plain":
                migrate = release_name(MIGRATED, time.time() - 1)  # sorts before the new release
            releases = ""  # the releases folder as an absolute path on the server
            for line in server_step(target, "prepare", migrate, what="prepare the releases folder"):
                key, _, value = line.partition(" ")
                if key == "releases":
                    releases = value
                elif key == "removed":
                    echo(f"publish: removed {value}, left by an interrupted publish")
                elif key == "migrated":
                    migrated, moved = value.split(" ")
                    echo(
                        f"publish: {target.path} held a site in the old layout: moved its {moved} file(s), "
                        f"unchanged, into releases/{migrated} (the first release, live now as "
                        f"{target.path}/current). Point the web server's root at {target.path}/current "
                        "(README, Publishing)."
                    )
                    previous, previous_own = migrated, state.own
            echo(f"publish: uploading release {name} to {where}/releases/"
                 + (f" (unchanged files hard-linked from {previous})" if previous else ""))
            failed = (
                f"The live site is untouched: {target.path}/current still points at {previous or 'nothing'}; "
                f"the half-uploaded releases/{name}.partial is removed by the next publish. "
                "Fix the cause and publish again."
            )
            # An absolute --link-dest: Debian's rsync 3.2.7-1+deb12u6 (its 2025 security fixes) fails every
            # file whose basis it finds through a relative one ("failed verification -- update discarded").
            cmd = rsync_command(target, output, f"releases/{name}.partial",
                                link_dest=f"{releases}/{previous}" if previous else "")
            report = rsync_deploy(cmd, False, echo, failed)
            new_files = build_files(output)
            own = set(new_files)
            carry = carry_list(previous_own, own)
            stdin = "".join(f"F {n}\n" for n in new_files) + "".join(f"C {n}\n" for n in carry)
            lines = server_step(target, "finish", name, previous or "-", str(target.keep), stdin=stdin,
                                what=f"switch {target.path}/current to releases/{name}")
            for line in lines:
                key, _, value = line.partition(" ")
                if key == "carried":
                    report.carried = int(value)
                elif key == "removed":
                    report.removed.append(value)
                    echo(f"publish: removed release {value} (deploy.keep is {target.keep})")
            report.release = name
            report.changes.deleted = sorted(set(previous_own) - own)
            report.linked = (len(new_files) - len(report.changes.sent)) if previous else 0
    report.files = files
    report.seconds = time.monotonic() - started
    echo(f"publish: {report.summary()}")
    echo(f"publish: {'dry run finished' if dry_run else 'done'} in {report.seconds:.1f} s")
    return report


def releases(target: Target) -> ServerState:
    """``invoke releases``: what the server holds (raises DeployError when it cannot be read)."""
    check_target(target)
    require_tools("ssh")
    return server_state(target)


def format_releases(state: ServerState, target: Target) -> str:
    where = f"{target.user}@{target.host}:{target.path}"
    if state.layout in ("missing", "empty"):
        return f"{where} holds no release yet: `invoke publish` makes the first."
    if state.layout == "plain":
        return (f"{where} holds a site in the old layout ({state.live_files} files), no releases: the next "
                "`invoke publish` moves it into releases/ as the first one.")
    lines = [f"Releases in {where}/releases (newest last; deploy.keep = {target.keep}):"]
    for release in state.releases:
        live = "  <- live (current)" if release.name == state.current else ""
        when = "moved from the old layout" if release.build == MIGRATED else release.when
        lines.append(f"  {release.name}  {when:<25}  build {release.build:<12}  {release.files:>6} files{live}")
    for partial in state.partial:
        lines.append(f"  {partial}.partial  an interrupted upload (the next publish removes it)")
    if not state.current:
        lines.append("  none is live: `current` is missing (publish, or `invoke rollback -r RELEASE`)")
    return "\n".join(lines)


def rollback(target: Target, release: str = "", echo: Echo = print) -> str:
    """``invoke rollback [-r RELEASE]``: ``current`` switched to the release before the live one, or to RELEASE."""
    check_target(target)
    require_tools("ssh")
    state = server_state(target)
    names = [r.name for r in state.releases]
    if release:
        release = release.strip().rstrip("/").rsplit("/", 1)[-1]
        matches = [n for n in names if n == release] or [n for n in names if release in n]
        if len(matches) != 1:
            shown = ", ".join(names) or "none"
            why = "matches several releases" if matches else "is not a release there"
            raise DeployError(f"{release!r} {why} (releases: {shown}); `invoke releases` lists them.")
        release = matches[0]
    else:
        if state.current not in names:
            raise DeployError("No release is live, so there is no previous one: name one (`invoke releases`).")
        index = names.index(state.current)
        if index == 0:
            raise DeployError(f"{state.current} is the oldest release kept: there is none before it to roll back to.")
        release = names[index - 1]
    if release == state.current:
        echo(f"rollback: {release} is already live; nothing changed.")
        return release
    # The release being left may have pages open in browsers, which will still ask for its assets.
    carry = carry_list(state.own, set()) if state.current else []
    lines = server_step(target, "switch", release, state.current or "-", stdin="".join(f"C {n}\n" for n in carry),
                        what=f"switch {target.path}/current to releases/{release}")
    carried = next((int(line.split()[1]) for line in lines if line.startswith("carried ")), 0)
    echo(f"rollback: {target.path}/current now points at releases/{release} (was {state.current or 'nothing'}); "
         f"nothing was rebuilt; {carried} asset(s) of the release left carried for pages still open. "
         "The next `invoke publish` makes a new release from your sources.")
    return release


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
