"""The site's time zone, the one rule for every plugin and tool."""

from __future__ import annotations

from typing import Any, Mapping
from zoneinfo import ZoneInfo


def site_timezone(settings: Mapping[str, Any] | None) -> ZoneInfo:
    """``TIMEZONE``; UTC when it is unset, as Pelican itself assumes (it warns about it)."""
    return ZoneInfo((settings or {}).get("TIMEZONE") or "UTC")
