"""Reading the redirect table: old path -> new URL, each entry checked."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit


@dataclass
class Redirect:
    old: str  # "/2008/07/15/slug/" or "/?p=12"
    new: str  # "/slug/", "/slug/#comments", or an absolute URL

    @property
    def is_query(self) -> bool:
        return "?" in self.old


@dataclass
class Table:
    redirects: list[Redirect] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _bad(old: str) -> str | None:
    if not old.startswith("/"):
        return "an old URL must be a path starting with /"
    if "#" in old:
        return "an old URL cannot have a #fragment (it never reaches the server)"
    if any(ord(ch) < 32 or ch in '"\\$<>{}' for ch in old):
        return "control characters, quotes, backslashes, $, <, >, { and } are not allowed in an old URL"
    if any(part in (".", "..") for part in old.split("?", 1)[0].split("/")) or "//" in old:
        return "an old URL cannot have empty, . or .. segments"
    if "?" in old:
        path, _, query = old.partition("?")
        if path != "/" or not query or "&" in query or "=" not in query:
            return "a query key must be /?name=value (e.g. /?p=12)"
    return None


def read(path: Path) -> Table:
    table = Table()
    if not path.is_file():
        return table
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        table.problems.append(f"{path.name}: not valid TOML ({error}): no redirect written")
        return table
    for old, new in sorted(data.items()):
        if not isinstance(new, str):
            table.problems.append(f"{path.name}: {old!r}: the value must be a string (the new URL)")
            continue
        if new == "":
            continue  # the author dropped it
        why = _bad(old)
        if why is None and (any(ord(ch) < 33 or ch in '"\\$<>{}' for ch in new)
                            or not (new.startswith("/") or urlsplit(new).scheme in ("http", "https"))):
            why = "the new URL must be a path starting with / or an http(s) URL, without spaces, quotes or $"
        if why:
            table.problems.append(f"{path.name}: {old!r}: {why}")
            continue
        table.redirects.append(Redirect(old, new))
    return table
