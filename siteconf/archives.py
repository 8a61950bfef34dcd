"""Where the archived sources lie and which files there are no archives: one rule for every reader of them.

The archived-comments plugin (the build, ``invoke comments``) and the post import (``invoke import-posts``)
read the same folder with the same ignore patterns; both take them from ``ArchiveSettings``, so neither
plugin imports the other. ``CommentsSettings`` extends it with the comment settings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from wparchive.sources import DEFAULT_IGNORE

from .plugin import PluginSettings, mutable


@dataclass(frozen=True)
class ArchiveSettings(PluginSettings):
    PREFIX: ClassVar[str] = "COMMENTS_"

    # Folder (under PATH) holding the archived sources; any sub-folders.
    path: str = "comments"
    # File names (fnmatch patterns) under COMMENTS_PATH that are not sources (wparchive.sources says
    # which by default: notes, the moderation file, what a browser saved beside a page).
    ignore: list = mutable(list(DEFAULT_IGNORE))
