"""The import cache: an import whose inputs did not change is never run again.

The parse cache (``cache.py``) spares parsing an unchanged file; what comes after it (merging,
threading, matching, spam scoring, moderation) still took the time of a parse on every build.
Here the whole ``ImportResult`` is kept, in Pelican's cache folder, under a key made of every
input it depends on:

- ``ImportInputs.digest``, known before Pelican reads a post: every archive's name and bytes
  (SHA-256), the moderation file's bytes, the import's settings (``ImportOptions``: what
  ``CommentsSettings``, the zone, the URL map and the ignore list say), and the code
  (``CODE_VERSION``: every module of the plugin and of the libraries it reads archives with);
- ``ImportKey.full``, once the content is read: that, the articles' and pages' slugs and URLs
  (matching depends on them) and the comments Isso answered, if any.

One file per scope (the build's archives, or the ``--source`` files ``invoke comments`` reads,
with or without Isso) holds the newest entry: a small header with the key, then the result with
each thread's digest (the rendered sections' key, ``section_cache``).  At ``initialized``,
``expects`` reads only the header: when the archives match, no worker process starts.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from .cache import UNREADABLE, load_pickle, write_atomically
from .collector import collector_paused
from .importer import ImportOptions, ImportResult
from .matching import ArticleRef
from .model import ParseResult
from .stable_hash import code_version, stable_digest, thread_digest

__all__ = ["CODE_VERSION", "CachedImport", "ImportCache", "ImportInputs", "ImportKey"]

logger = logging.getLogger(__name__)

_HERE = Path(__file__).resolve().parent
# What an import's result depends on: this plugin and the libraries under it (archive reading, zones).
CODE_VERSION = code_version(_HERE, _HERE.parent.parent / "wparchive", _HERE.parent.parent / "siteconf")
# The entry's layout; a new one makes old files misses.
_FORMAT = 1


def _file_digest(path: str) -> str:
    try:
        with open(path, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError as error:  # the import reports it; the key only needs to differ from any content
        return f"unreadable: {error.errno}"


@dataclass(frozen=True)
class ImportKey:
    inputs: str  # ImportInputs.digest
    full: str  # with the articles and Isso's comments


@dataclass(frozen=True)
class ImportInputs:
    """What an import reads before Pelican's content: the archives, the moderation file, the settings."""

    files: tuple[tuple[str, str], ...]  # (path, name) as wparchive.sources.source_files lists them
    options: ImportOptions
    digest: str
    # path → the SHA-256 (hex) of each archive's bytes, as hashed here ("unreadable: …" left out):
    # the parse cache's keys are made from them (``BackgroundParser``), the files are not read twice.
    digests: dict[str, str] = field(default_factory=dict, compare=False)

    @classmethod
    def read(cls, files: list[tuple[str, str]], options: ImportOptions) -> "ImportInputs":
        archives = [(name, path, _file_digest(path)) for path, name in files]
        moderation = _file_digest(options.moderation_file) if options.moderation_file else None
        digest = stable_digest(_FORMAT, CODE_VERSION, options, [(name, sha) for name, _, sha in archives], moderation)
        digests = {path: sha for _, path, sha in archives if not sha.startswith("unreadable")}
        return cls(tuple(files), options, digest, digests)

    def key(self, articles: list[ArticleRef], isso: ParseResult | None) -> ImportKey:
        return ImportKey(self.digest, stable_digest(self.digest, articles, isso))


@dataclass
class CachedImport:
    """An import's result, with each thread's digest (``digests[i]`` is ``result.threads[i]``'s)."""

    result: ImportResult
    digests: list[str] | None  # None: the result was not cached (COMMENTS_CACHE off)


class ImportCache:
    """The newest import of one ``scope`` in ``folder``; a ``None`` folder keeps nothing."""

    def __init__(self, folder: str | None, scope):
        self.path = None
        if folder:
            self.path = Path(folder) / f"import-{stable_digest(scope)[:16]}.pickle"

    def _header(self, handle) -> dict | None:
        header = pickle.load(handle)
        return header if isinstance(header, dict) and header.get("format") == _FORMAT else None

    def expects(self, inputs: ImportInputs) -> bool:
        """Whether the entry was made from these inputs (only the articles and Isso may still differ)."""
        if self.path is None:
            return False
        try:
            with open(self.path, "rb") as handle:
                header = self._header(handle)
        except UNREADABLE:
            return False
        return header is not None and header["inputs"] == inputs.digest

    def load(self, key: ImportKey) -> CachedImport | None:
        if self.path is None:
            return None
        try:
            with open(self.path, "rb") as handle:
                header = self._header(handle)
                if header is None or header["full"] != key.full:
                    return None
                if header["expires"] is not None and datetime.now(timezone.utc) >= header["expires"]:
                    return None  # a comment dated in the future then is no longer: its problem goes
                result, digests = load_pickle(handle)
        except UNREADABLE:
            return None
        return CachedImport(result, digests)

    def store(self, key: ImportKey, result: ImportResult) -> CachedImport:
        """Keep ``result`` (as it is now) under ``key``; returns it with its threads' digests."""
        if self.path is None:
            return CachedImport(result, None)
        with collector_paused():  # a few hundred thousand short-lived tuples (collector.py)
            digests = [thread_digest(thread) for thread in result.threads]
        now = datetime.now(timezone.utc)
        # The import names a comment dated after "now" as a problem: the entry holds until that date.
        future = [c.date for c in result.comments if c.date is not None and c.date > now]
        header = {"format": _FORMAT, "inputs": key.inputs, "full": key.full, "expires": min(future, default=None)}

        def write(handle):
            pickle.dump(header, handle, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump((result, digests), handle, protocol=pickle.HIGHEST_PROTOCOL)

        try:
            write_atomically(self.path, write)
        except OSError as error:
            logger.debug("the import cache cannot be written in %s (%s)", self.path, error)
        return CachedImport(result, digests)
