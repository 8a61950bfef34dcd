"""Reading the approved comments of the author's Isso server at build time.

One request, ``GET <isso>/latest?limit=…`` (``latest-enabled = true`` in
``isso.cfg``; ``invoke isso-config`` writes it so), answers every approved
comment of every thread.  The answer is kept in the cache folder; when Isso
cannot be reached (down, a timeout, an error page, not JSON) the build warns and
uses that last copy, so it never fails and never drops comments it showed before.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .cache import write_atomically
from .isso_ids import IssoIds
from .model import ParseResult, SourceThread
from .parsers.isso import parse_records

logger = logging.getLogger(__name__)

# Isso answers the newest this many; far more than any blog's comments.
LATEST_LIMIT = 1_000_000
SOURCE_NAME = "isso"  # how reports and Comment.sources name this source


class IssoUnavailable(Exception):
    """Isso did not answer with its comments; the message says why."""


@dataclass
class IssoFetch:
    """What the build took from Isso: threads of new comments, and how it got them."""

    url: str
    live: bool = False  # False: the last fetched copy (or nothing) was used
    fetched: int = 0  # approved comments Isso listed
    copies: int = 0  # of them, copies of archived comments (left out)
    warning: str | None = None
    threads: list[SourceThread] = field(default_factory=list)
    parsed: ParseResult = field(default_factory=ParseResult)

    def as_dict(self) -> dict:
        return {"url": self.url, "live": self.live, "fetched": self.fetched, "copies_of_archived": self.copies,
                "new": self.fetched - self.copies, "warning": self.warning}


def endpoint(url: str) -> str:
    """Isso's base URL without a trailing slash (``https://comments.example/``, or with a path prefix)."""
    return url.strip().rstrip("/")


def fetch_latest(url: str, timeout: float) -> bytes:
    """Isso's ``/latest`` answer, raw; raises ``IssoUnavailable``."""
    request = urllib.request.Request(
        f"{endpoint(url)}/latest?limit={LATEST_LIMIT}", headers={"Accept": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read()
    except urllib.error.HTTPError as error:
        hint = " (set `latest-enabled = true` under [general] in isso.cfg)" if error.code == 404 else ""
        raise IssoUnavailable(f"{endpoint(url)}/latest answered HTTP {error.code}{hint}") from error
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise IssoUnavailable(f"{endpoint(url)} cannot be reached ({getattr(error, 'reason', error)})") from error
    try:
        records = json.loads(data)
    except ValueError as error:
        raise IssoUnavailable(f"{endpoint(url)}/latest did not answer JSON ({error})") from error
    if not isinstance(records, list):
        raise IssoUnavailable(f"{endpoint(url)}/latest did not answer a list of comments")
    return data


def cache_file(cache_folder: str, url: str) -> str:
    """Where the last answer of this Isso server is kept."""
    name = hashlib.sha256(endpoint(url).encode()).hexdigest()[:16]
    return os.path.join(cache_folder, f"isso-{name}.json")


def _keep(path: str, data: bytes) -> None:
    try:
        write_atomically(path, lambda handle: handle.write(data))
    except OSError as error:
        logger.warning("Isso comments: the copy of Isso's answer cannot be kept in %s (%s)", path, error)


def read_isso(url: str, ids: IssoIds, cache_folder: str | None, timeout: float) -> IssoFetch:
    """New comments from Isso, live or from the last copy; never raises for Isso being unreachable."""
    fetch = IssoFetch(url=endpoint(url))
    copy = cache_file(cache_folder, url) if cache_folder else None
    try:
        data = fetch_latest(url, timeout)
        fetch.live = True
        if copy:
            _keep(copy, data)
    except IssoUnavailable as error:
        data = None
        if copy and os.path.exists(copy):
            with open(copy, "rb") as handle:
                data = handle.read()
            fetch.warning = f"{error}: using the comments fetched last time ({copy})"
        else:
            fetch.warning = f"{error}, and no comments were fetched before: no new comments this build"
    if data is not None:
        records = json.loads(data)
        fetch.parsed, fetch.copies = parse_records(records, f"{SOURCE_NAME} ({urlsplit(fetch.url).netloc})", ids)
        fetch.threads = fetch.parsed.threads
        fetch.fetched = len(records)
    return fetch
