"""A real nginx for tests, on 127.0.0.1, with a server block the test writes (its own prefix folder)."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from helpers import require

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)


def nginx(port: int, server_block: str):
    """nginx serving ``server { listen 127.0.0.1:port; <server_block> }``; yields its base URL."""
    return nginx_servers(port, f"  server {{\n    listen 127.0.0.1:{port};\n{server_block}\n  }}")


@contextlib.contextmanager
def nginx_servers(port: int, servers: str):
    """nginx with ``servers`` (whole ``server { }`` blocks, one listening on 127.0.0.1:port) in its http block."""
    require(NGINX is not None, "nginx (apt-get install nginx; .ci/run installs it)")
    work = Path(tempfile.mkdtemp(prefix="nginx-"))
    user = "user root;\n" if os.geteuid() == 0 else ""
    conf = work / "nginx.conf"
    conf.write_text(
        f"{user}daemon off;\nworker_processes 1;\npid {work}/nginx.pid;\nerror_log {work}/error.log;\n"
        "events { worker_connections 64; }\n"
        "http {\n  access_log off;\n  include /etc/nginx/mime.types;\n"
        f"  client_body_temp_path {work}/body; proxy_temp_path {work}/proxy; fastcgi_temp_path {work}/fcgi;\n"
        f"  uwsgi_temp_path {work}/uwsgi; scgi_temp_path {work}/scgi;\n"
        f"{servers}\n}}\n",
        encoding="utf-8")
    proc = subprocess.Popen([NGINX, "-c", str(conf), "-p", str(work)], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    try:
        for _ in range(100):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
            if proc.poll() is not None:
                raise AssertionError(proc.stdout.read().decode() + (work / "error.log").read_text(errors="replace"))
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)
