"""Reading author profiles and attaching them to Pelican's Author objects."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from typing import ClassVar

from pelican.readers import Readers
from pelican.utils import slugify

from siteconf.plugin import PluginSettings

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class AuthorProfilesSettings(PluginSettings):
    PREFIX: ClassVar[str] = "AUTHOR_PROFILES_"

    # Folder under PATH holding one Markdown file per author.
    path: str = "authors"


# Metadata keys read as social links, in display order, with their labels.
SOCIAL_KEYS = (
    ("website", "Website"),
    ("twitter", "Twitter"),
    ("instagram", "Instagram"),
    ("facebook", "Facebook"),
    ("vimeo", "Vimeo"),
    ("youtube", "YouTube"),
    ("mastodon", "Mastodon"),
)


@dataclass
class SocialLink:
    label: str
    url: str


@dataclass
class AuthorProfile:
    """An author's box: name, bio (and a short ``summary`` of it for under the articles), photo, links."""

    name: str
    slug: str
    bio: str  # HTML from the Markdown body (the author page shows it whole)
    summary: str | None = None  # HTML of the optional `Summary:` line: the box under each article shows it
    photo: str | None = None  # path relative to the site root
    tagline: str | None = None
    links: list[SocialLink] = field(default_factory=list)
    source_path: str = ""


def read_profile(path: str, settings: dict) -> AuthorProfile:
    """One profile from a Markdown file with Pelican metadata headers."""
    readers = Readers(settings)
    reader = readers.readers["md"]
    bio, meta = reader.read(path)
    name = str(meta.get("title") or meta.get("name") or "").strip()
    if not name:
        raise ValueError(f"{path}: an author profile needs a 'Title:' (the author's name)")
    slug = str(meta.get("slug") or slugify(name, regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", [])))
    links = [SocialLink(label, str(meta[key]).strip()) for key, label in SOCIAL_KEYS if meta.get(key)]
    photo = meta.get("photo")
    return AuthorProfile(
        name=name,
        slug=slug,
        bio=bio,
        summary=str(meta["summary"]).strip() if meta.get("summary") else None,
        photo=str(photo).strip() if photo else None,
        tagline=str(meta["tagline"]).strip() if meta.get("tagline") else None,
        links=links,
        source_path=path,
    )


def load_profiles(settings: dict) -> dict[str, AuthorProfile]:
    """Every profile under ``PATH/AUTHOR_PROFILES_PATH``, keyed by author slug."""
    folder = os.path.join(settings["PATH"], AuthorProfilesSettings.from_settings(settings).path)
    profiles: dict[str, AuthorProfile] = {}
    if not os.path.isdir(folder):
        return profiles
    for name in sorted(os.listdir(folder)):
        if not name.endswith((".md", ".markdown")):
            continue
        profile = read_profile(os.path.join(folder, name), settings)
        profiles[profile.slug] = profile
    return profiles


def load_profiles_into_context(generator) -> None:
    """Make ``author_profiles`` available to every template (read once per build)."""
    context = generator.context
    if "author_profiles" not in context:
        try:
            context["author_profiles"] = load_profiles(generator.settings)
        except (OSError, ValueError) as error:
            logger.error("Author profile could not be read: %s", error)
            context["author_profiles"] = {}


def attach_profiles(generator) -> None:
    """Give every Author object a ``profile`` attribute (None when there is no file)."""
    profiles = generator.context.get("author_profiles", {})
    items = list(getattr(generator, "articles", [])) + list(getattr(generator, "drafts", []))
    items += list(getattr(generator, "pages", [])) + list(getattr(generator, "hidden_pages", []))
    authors = [author for author, _ in getattr(generator, "authors", [])]
    for item in items:
        authors.extend(getattr(item, "authors", []))
    for author in authors:
        author.profile = profiles.get(author.slug)
