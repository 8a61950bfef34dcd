"""The drafts plugin's settings, with their defaults (the README's table documents them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from siteconf.plugin import PluginSettings


@dataclass(frozen=True)
class DraftsSettings(PluginSettings):
    PREFIX: ClassVar[str] = "DRAFTS_"

    # The list of drafts and scheduled posts; written only when drafts themselves are
    # (DRAFT_SAVE_AS not empty) and there are some.
    url: str = "drafts/"
    save_as: str = "drafts/index.html"
