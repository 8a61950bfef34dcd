"""The csp plugin's one setting, with its default (the README's table documents it)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from siteconf.plugin import PluginSettings


@dataclass(frozen=True)
class CspSettings(PluginSettings):
    PREFIX: ClassVar[str] = ""

    # <meta http-equiv="Content-Security-Policy"> on every page: None computes it (csp.py);
    # "" leaves it out (`invoke livereload` does: its reload script is inline).
    content_security_policy: Any = None
