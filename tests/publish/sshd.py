"""A real OpenSSH server for deploy tests: 127.0.0.1 only, throwaway keys, all files in a tmp folder.

``SshServer(folder).start()`` generates a host key and a client key, writes an
sshd_config of its own (nothing of the system's is read or changed, except
that the privilege-separation folder /run/sshd is created when missing), runs
``/usr/sbin/sshd -D -e -f CONFIG`` on a free port and waits until a real ssh
login works.  ``stop()`` ends it and every process it started (sessions, the
remote rsync); the fixture calls it in teardown, whatever the test did.
"""

from __future__ import annotations

import getpass
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

from helpers import free_port

SSHD = Path("/usr/sbin/sshd")
HOST = "127.0.0.1"  # the only address these tests ever use

# The client side: no known_hosts (the host key is new each run), no password
# prompt, nothing from the user's own ~/.ssh/config.
CLIENT_OPTIONS = "-F /dev/null -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes -o LogLevel=ERROR"


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (from /proc), children before grandchildren."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # "pid (comm) state ppid ...": comm may hold spaces, so split after the last ")".
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    found, queue = [], [pid]
    while queue:
        for child in children.get(queue.pop(0), []):
            found.append(child)
            queue.append(child)
    return found


def _kill(pids: list[int], sig: int) -> None:
    for pid in pids:
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass


class SshServer:
    def __init__(self, folder: Path):
        self.folder = folder
        self.port = free_port()
        self.user = getpass.getuser()
        self.host_key = folder / "ssh_host_ed25519_key"
        self.client_key = folder / "client_ed25519"
        self.config = folder / "sshd_config"
        self.log = folder / "sshd.log"
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 15.0) -> "SshServer":
        self.folder.mkdir(parents=True, exist_ok=True)
        for key, comment in ((self.host_key, "test host"), (self.client_key, "test client")):
            subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", str(key)], check=True)
        authorized = self.folder / "authorized_keys"
        authorized.write_text(Path(f"{self.client_key}.pub").read_text())
        self.config.write_text(
            "\n".join(
                [
                    f"ListenAddress {HOST}",
                    f"Port {self.port}",
                    f"HostKey {self.host_key}",
                    f"AuthorizedKeysFile {authorized}",
                    "PubkeyAuthentication yes",
                    "PasswordAuthentication no",
                    "KbdInteractiveAuthentication no",
                    "PermitRootLogin prohibit-password",
                    "StrictModes no",
                    "UsePAM no",
                    f"PidFile {self.folder / 'sshd.pid'}",
                    "LogLevel VERBOSE",
                    "",
                ]
            )
        )
        # Debian's sshd refuses to start without its privilege-separation folder.
        Path("/run/sshd").mkdir(mode=0o755, parents=True, exist_ok=True)
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [str(SSHD), "-D", "-e", "-f", str(self.config)], stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"sshd exited with {self.process.returncode}:\n{self.log.read_text()}")
            result = self.ssh("true", check=False)
            if result.returncode == 0:
                return self
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"sshd did not accept a login in {timeout} s: {result.stderr}\n{self.log.read_text()}")
            time.sleep(0.2)

    @property
    def ssh_options(self) -> str:
        return CLIENT_OPTIONS

    def ssh(self, command: str, check: bool = True) -> subprocess.CompletedProcess:
        cmd = ["ssh", "-p", str(self.port), "-i", str(self.client_key), *CLIENT_OPTIONS.split()]
        return subprocess.run(cmd + [f"{self.user}@{HOST}", command], capture_output=True, text=True, check=check,
                              timeout=30)

    def deploy_env(self, path: Path) -> dict[str, str]:
        """INVOKE_DEPLOY_* for a deploy into ``path`` through this server."""
        return {
            "INVOKE_DEPLOY_HOST": HOST,
            "INVOKE_DEPLOY_PORT": str(self.port),
            "INVOKE_DEPLOY_USER": self.user,
            "INVOKE_DEPLOY_PATH": str(path),
            "INVOKE_DEPLOY_IDENTITY": str(self.client_key),
            "INVOKE_DEPLOY_SSH_OPTIONS": CLIENT_OPTIONS,
        }

    def kill_sessions(self) -> int:
        """SIGKILL every connection's processes (sshd's children and the remote commands); the listener stays."""
        if self.process is None:
            return 0
        pids = descendants(self.process.pid)
        _kill(pids, signal.SIGKILL)
        return len(pids)

    def stop(self) -> None:
        if self.process is None:
            return
        pids = descendants(self.process.pid)
        self.process.terminate()
        _kill(pids, signal.SIGTERM)
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)
        _kill(descendants(self.process.pid) + pids, signal.SIGKILL)
        self.process = None


def missing_tools() -> list[str]:
    tools = [name for name in ("ssh", "ssh-keygen", "rsync") if shutil.which(name) is None]
    if not SSHD.is_file():
        tools.insert(0, str(SSHD))
    return tools
