"""The newsletter box's settings, with their defaults (the README's table documents them).

A plain HTML form under each article that posts to the author's provider; nothing is
shown while ``NEWSLETTER_ACTION`` is unset.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from siteconf.plugin import PluginSettings, mutable


@dataclass(frozen=True)
class NewsletterSettings(PluginSettings):
    PREFIX: ClassVar[str] = "NEWSLETTER_"

    action: Any = None  # the provider's form URL
    method: str = "post"
    email_field: str = "email"
    name_field: Any = None  # set (e.g. "name") to ask for a name too
    hidden_fields: dict = mutable({})  # extra fields the provider wants (list id …)
    path: str = "newsletter.md"  # the box's words, a Markdown file under PATH (words.py); the four below without it
    title: str = "New posts by email"
    text: str = "Get an email when a new post is published."
    button: str = "Subscribe"
    note: Any = None  # small print under the form (privacy, unsubscribe)


DEFAULTS: dict = NewsletterSettings.defaults()
