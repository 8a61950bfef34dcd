"""The reading plugin's settings, with their defaults (the README's table documents them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from siteconf.plugin import PluginSettings


@dataclass(frozen=True)
class ReadingSettings(PluginSettings):
    PREFIX: ClassVar[str] = ""

    # Reading speed used for "N min read" (words per minute).
    reading_time_wpm: int = 220
    # Archives (archives.html, period_archives.html): each row's date; the year is the heading above it.
    archive_date_format: str = "%-d %b"
