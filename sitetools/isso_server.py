"""The author's Isso server: ``invoke isso-config`` writes its ``isso.cfg``, ``invoke isso`` runs it.

The configuration is Isso's own INI format (every option Isso knows is documented at
https://isso-comments.de/docs/reference/server-config/); this writes the ones the site
relies on and leaves the rest at Isso's defaults:

- ``[general] host``: the site's origin(s), the only pages that may post;
- ``dbpath``: an SQLite file outside the output folder (publishing never touches it);
- ``latest-enabled = true``: the build reads every approved comment in one request;
- ``[moderation] enabled = true``: nothing a reader posts is public before the author approves it
  (in Isso's admin page, ``/admin/``, with the password written here, or its moderation links);
- ``[guard] enabled = true``: Isso's rate limits (2 comments a minute from one address,
  3 direct replies to a thread, no reply to oneself);
- ``gravatar = false``: no avatar is fetched from another host.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

from archived_comments.isso_source import endpoint

LOCAL_SITE = "http://127.0.0.1:8000"  # `invoke serve`
LOCAL_ISSO = "http://127.0.0.1:8080/"


class IssoConfigError(Exception):
    """A setting cannot go into isso.cfg; the message says which and what to do."""


def _one_line(name: str, value: str) -> str:
    if any(ch in value for ch in "\r\n") or not value.strip():
        raise IssoConfigError(f"--{name} must be one line, not empty: {value!r}")
    return value.strip()


def config_text(sites: list[str], isso_url: str, database: str, listen: str, password: str, salt: str) -> str:
    """isso.cfg for this site (see the module's doc for what each part is for)."""
    sites = [_one_line("site", s).rstrip("/") for s in sites]
    hosts = "\n".join(f"    {site}" for site in sites)
    return f"""# Isso for this site, written by `invoke isso-config` (README "New comments").
# Keep it out of version control: it holds the admin password.
[general]
# The SQLite database: outside the site's output folder, backed up with the server.
dbpath = {_one_line('db', database)}
# The site's pages (their origin) that may post comments.
host =
{hosts}
# The build reads approved comments from /latest (plugin archived_comments, isso_source.py).
latest-enabled = true
# Moderation messages: "stdout" logs them (with the approve link); for email set "smtp" and [smtp].
notify = stdout
reply-notifications = false
gravatar = false

[moderation]
# Every new comment waits for the author's approval before anyone sees it.
enabled = true
approve-if-email-previously-approved = false
purge-after = 30d

[admin]
# The moderation page, {endpoint(isso_url)}/admin/
enabled = true
password = {password}

[server]
listen = {_one_line('listen', listen)}
public-endpoint = {endpoint(_one_line('url', isso_url))}
# Behind nginx on the same machine (deploy/nginx-isso.conf): the reader's address comes from it.
trusted-proxies = 127.0.0.1

[guard]
enabled = true
ratelimit = 2
direct-reply = 3
reply-to-self = false
require-author = false
require-email = false

[hash]
salt = {salt}
"""


def write_config(path: Path, sites: list[str], isso_url: str, database: str, listen: str,
                 force: bool = False) -> str:
    """Write isso.cfg (readable by its owner only: it holds the admin password); returns the password."""
    if path.exists() and not force:
        raise IssoConfigError(f"{path} exists; keep it, or pass --force to write a new one "
                              "(with a new admin password)")
    password = secrets.token_urlsafe(18)
    text = config_text(sites, isso_url, database, listen, password, secrets.token_urlsafe(18))
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.chmod(path, 0o600)
    # Isso creates the database file, not its folder.
    os.makedirs(os.path.dirname(os.path.abspath(database)), exist_ok=True)
    return password


def isso_command(config: Path) -> list[str]:
    """Isso's own command from the pinned package (beside this Python), running ``config``."""
    script = Path(sys.executable).parent / "isso"
    if not script.exists():
        raise IssoConfigError("Isso is not installed: pip install -r requirements-isso.txt")
    if not config.is_file():
        raise IssoConfigError(f"{config}: no such file; write it with `invoke isso-config`")
    return [str(script), "-c", str(config), "run"]


def run(config: Path) -> int:
    """Run Isso in the foreground until Ctrl-C."""
    try:
        return subprocess.call(isso_command(config))
    except KeyboardInterrupt:
        return 0
