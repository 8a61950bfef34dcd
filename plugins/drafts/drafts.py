"""Drafts and scheduled posts in local builds.

Pelican writes a draft (``Status: draft``, or a post dated in the future while
``WITH_FUTURE_DATES`` is False, which turns it into a draft) at ``DRAFT_SAVE_AS``
and lists it nowhere.  Here each draft gets ``draft_label`` for the theme's
badge ("Draft", or "Scheduled for …"), and the generator writes a list of them
at ``DRAFTS_SAVE_AS`` (``/drafts/``) that the footer links to.  The production
settings (publishconf.py) empty ``DRAFT_SAVE_AS``: no draft, no list, no link.
"""

from __future__ import annotations

from datetime import datetime, timezone


def draft_label(content, now: datetime | None = None) -> str:
    """"Draft" for ``Status: draft``; "Scheduled for <date>" for a post Pelican held back for its future date."""
    declared = str((getattr(content, "metadata", None) or {}).get("status", "")).strip().lower()
    date = getattr(content, "date", None)
    if declared != "draft" and date is not None and date.year < 9999:
        now = now or datetime.now(timezone.utc)
        aware = date if date.tzinfo else date.replace(tzinfo=timezone.utc)
        if aware > now:
            return f"Scheduled for {getattr(content, 'locale_date', date.date().isoformat())}"
    return "Draft"


def mark_drafts(contents) -> None:
    for content in contents:
        content.draft_label = draft_label(content)


def drafts_written(settings: dict) -> bool:
    """Whether this build writes drafts at all (publishconf.py empties DRAFT_SAVE_AS)."""
    return bool(settings.get("DRAFT_SAVE_AS"))


def listed_drafts(context: dict) -> list:
    """Draft articles and draft pages, newest first."""
    items = list(context.get("drafts") or []) + list(context.get("draft_pages") or [])
    return sorted(items, key=lambda c: (getattr(c, "date", None) is not None, getattr(c, "date", None)), reverse=True)
