"""The newsletter box's words, which are the author's: read from a Markdown file in the content.

``content/newsletter.md`` (``NEWSLETTER_PATH``, under Pelican's ``PATH``) holds them the way an author
profile or a page does: ``Title:`` is the box's heading, ``Button:`` the button's label, ``Note:`` the
small print under the form, and the body the text above it (Markdown, so it may hold a link).  Without
that file the settings ``NEWSLETTER_TITLE``, ``NEWSLETTER_TEXT``, ``NEWSLETTER_BUTTON`` and
``NEWSLETTER_NOTE`` give them (plain text).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from markupsafe import escape
from pelican.readers import Readers


@dataclass(frozen=True)
class NewsletterWords:
    title: str
    text_html: str  # the text above the form, as HTML ("" for none)
    button: str
    note: str | None
    source_path: str | None  # the Markdown file they came from, None for the settings


def words_path(settings: dict) -> str | None:
    """The words' Markdown file, when the content has one."""
    name = settings.get("NEWSLETTER_PATH")
    if not name:
        return None
    path = os.path.join(settings["PATH"], name)
    return path if os.path.isfile(path) else None


def read_words(settings: dict) -> NewsletterWords:
    """The box's words: from the content's file when there is one, else from the settings."""
    path = words_path(settings)
    if path is None:
        text = settings["NEWSLETTER_TEXT"]
        return NewsletterWords(title=settings["NEWSLETTER_TITLE"], text_html=f"<p>{escape(text)}</p>" if text else "",
                               button=settings["NEWSLETTER_BUTTON"], note=settings["NEWSLETTER_NOTE"], source_path=None)
    body, meta = Readers(settings).readers["md"].read(path)
    title = str(meta.get("title") or "").strip()
    if not title:
        raise ValueError(f"{path}: the newsletter box needs a 'Title:' line (its heading) above its text")
    return NewsletterWords(title=title, text_html=body.strip(),
                           button=str(meta.get("button") or settings["NEWSLETTER_BUTTON"]).strip(),
                           note=str(meta["note"]).strip() if meta.get("note") else settings["NEWSLETTER_NOTE"],
                           source_path=path)
