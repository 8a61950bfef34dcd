"""The site's time zone, the one rule for every plugin and tool."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any, Mapping
from zoneinfo import ZoneInfo


def site_timezone(settings: Mapping[str, Any] | None) -> ZoneInfo:
    """``TIMEZONE``; UTC when it is unset, as Pelican itself assumes (it warns about it)."""
    return ZoneInfo((settings or {}).get("TIMEZONE") or "UTC")


def in_zone(date: datetime | None, tz: tzinfo | None) -> datetime | None:
    """``date`` as the site shows it, in ``tz`` (None stays None; no zone: unchanged)."""
    return date.astimezone(tz) if date is not None and tz is not None else date
