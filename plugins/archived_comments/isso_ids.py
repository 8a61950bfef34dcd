"""Which Isso comment is the copy of which archived comment: the ids file.

``invoke isso-export`` writes it (``COMMENTS_ISSO_IDS_FILE``, by default
``content/comments/isso-ids.toml``) and every build reads it, so that

- Isso's copies of archived comments are known and never shown a second time;
- a new comment that replies to such a copy is threaded under the archived comment;
- exporting again adds nothing twice.

One ``[[comment]]`` table per exported comment::

    [[comment]]
    archive = "wordpress:105"   # id scheme and id, as `invoke comments --json` shows them
    isso = 12                   # the id Isso gave its copy
    thread = "/my-post/"        # the Isso thread (the article's URL path)
    old_url = "https://old.example/2014/05/my-post/"   # the archived thread's page and post name:
    old_slug = "my-post"                                # a new reply joins that thread
"""

from __future__ import annotations

import json
import os
import tempfile
import tomllib
from dataclasses import dataclass, field

HEADER = (
    "# Archived comments and their copies in Isso: written by `invoke isso-export`, read by every build\n"
    "# (README \"New comments\"). Keep it with the content: without it, the build cannot tell Isso's copies\n"
    "# of archived comments from new ones.\n"
)


class IssoIdsError(Exception):
    """The ids file cannot be read; the message names it and says what to do."""


@dataclass(frozen=True)
class Entry:
    scheme: str
    id: str
    isso: int
    thread: str
    old_url: str | None = None
    old_slug: str | None = None

    @property
    def archive(self) -> tuple[str, str]:
        return (self.scheme, self.id)


@dataclass
class IssoIds:
    entries: list[Entry] = field(default_factory=list)

    def by_archive(self) -> dict[tuple[str, str], Entry]:
        return {entry.archive: entry for entry in self.entries}

    def by_isso(self) -> dict[int, Entry]:
        return {entry.isso: entry for entry in self.entries}


def read_ids(path: str) -> IssoIds:
    """The ids file; a missing one is no ids (nothing was exported yet)."""
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        return IssoIds()
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise IssoIdsError(f"{path} cannot be read ({error}): restore it from version control, "
                           "or run `invoke isso-export` again") from error
    entries = []
    for number, table in enumerate(data.get("comment", []), start=1):
        try:
            scheme, _, archived = str(table["archive"]).partition(":")
            entries.append(Entry(scheme=scheme, id=archived, isso=int(table["isso"]), thread=str(table["thread"]),
                                 old_url=table.get("old_url"), old_slug=table.get("old_slug")))
        except (KeyError, TypeError, ValueError) as error:
            raise IssoIdsError(f"{path}: [[comment]] number {number} needs archive = \"scheme:id\", isso = <number> "
                               f"and thread = \"/path/\" ({error!r}); fix it or run `invoke isso-export` again")
    return IssoIds(entries)


def _toml_string(text: str) -> str:
    # A JSON string is a TOML basic string for every character json.dumps writes.
    return json.dumps(text, ensure_ascii=False)


def write_ids(path: str, ids: IssoIds) -> None:
    """Write the ids file, ordered by Isso id, replacing it whole (write, then rename)."""
    lines = [HEADER]
    for entry in sorted(ids.entries, key=lambda e: e.isso):
        lines.append(f"\n[[comment]]\narchive = {_toml_string(entry.scheme + ':' + entry.id)}\n"
                     f"isso = {entry.isso}\nthread = {_toml_string(entry.thread)}\n"
                     + (f"old_url = {_toml_string(entry.old_url)}\n" if entry.old_url else "")
                     + (f"old_slug = {_toml_string(entry.old_slug)}\n" if entry.old_slug else ""))
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write("".join(lines))
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def thread_uri(content_url: str) -> str:
    """The Isso thread of an article or page: its URL path on the site (``my-post/`` → ``/my-post/``).

    The theme gives it to Isso's client (``data-isso-id``) and the export files archived threads
    under it, so both agree whatever folder the site is served from.
    """
    return "/" + (content_url or "").lstrip("/")
