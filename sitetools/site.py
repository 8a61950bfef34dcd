"""The site as every tool sees it: read once, the same for ``invoke comments``, ``check``, ``new``,
``import-posts``, ``isso-export`` and ``publish``.

- ``settings``: Pelican's settings (``read_settings``, so ``PATH`` … are resolved as the build resolves
  them) with the defaults of every plugin in ``PLUGINS`` filled in, as the build fills them in on
  ``initialized`` (``SEARCH_SAVE_AS``, ``COMMENTS_IGNORE`` … have their values even when unset);
- ``comments``: the comment plugin's settings (``CommentsSettings``);
- ``contents``: every article and page, drafts included, as Pelican's readers read them
  (``content_refs``: the same without their Markdown text, for matching);
- ``comment_import()``: the archives imported and matched as the build does it, once;
- ``verdict``: whether that import is clean (``ImportResult.verdict``, the one rule).
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
from functools import cached_property
from pathlib import Path

# Each plugin's settings dataclass (siteconf.plugin.PluginSettings), by the plugin's name in PLUGINS.
PLUGIN_SETTINGS = {
    "archived_comments": ("archived_comments.settings", "CommentsSettings"),
    "seo": ("seo.settings", "SeoSettings"),
    "newsletter": ("newsletter.settings", "NewsletterSettings"),
    "reading": ("reading.settings", "ReadingSettings"),
    "drafts": ("drafts.settings", "DraftsSettings"),
    "csp": ("csp.settings", "CspSettings"),
    "theme_assets": ("theme_assets.settings", "ThemeAssetsSettings"),
    "search": ("search.settings", "SearchSettings"),
    "old_urls": ("old_urls.settings", "OldUrlsSettings"),
    "author_profiles": ("author_profiles.profiles", "AuthorProfilesSettings"),
}


@contextlib.contextmanager
def quiet_stdout():
    """Pelican logs through a console on stdout; a tool keeps stdout for its report alone."""
    with contextlib.redirect_stdout(sys.stderr):
        yield


def plugin_settings_classes(settings: dict) -> list:
    classes = []
    for plugin in settings.get("PLUGINS") or []:
        name = plugin if isinstance(plugin, str) else getattr(plugin, "__name__", "")
        if name in PLUGIN_SETTINGS:
            module, attribute = PLUGIN_SETTINGS[name]
            classes.append(getattr(importlib.import_module(module), attribute))
    return classes


def load_settings(settings_file: str) -> dict:
    """Pelican's settings from ``settings_file`` (relative to the current folder), every plugin's defaults in."""
    from pelican.settings import read_settings

    with quiet_stdout():
        settings = read_settings(settings_file)
    for settings_class in plugin_settings_classes(settings):
        settings_class.apply_defaults(settings)
    return settings


def metadata_reader(settings: dict):
    """Pelican's Markdown reader, reading a post's metadata block and nothing after it.

    Matching comments to posts needs each post's slug and URL, which come from its metadata (title,
    slug, date, category, lang) and file name, never from its text: rendering a thousand posts' Markdown
    only to throw it away was most of what ``invoke comments`` spent before importing.  Python-Markdown's
    metadata block ends at the first blank line, so the text up to there gives the very same metadata.
    """
    import re

    from pelican.readers import MarkdownReader
    from pelican.utils import pelican_open

    blank_line = re.compile(r"^[ \t]*$", re.MULTILINE)

    class MetadataMarkdownReader(MarkdownReader):
        """One Markdown instance for every file, reset between them (Pelican makes one a file: a third
        of reading a thousand posts' metadata).  Pelican's ``_parse_metadata`` takes the meta
        preprocessor out, so that a summary's own "Key: value" lines stay text; it goes back in, at its
        place, before the next file."""

        _md = None

        def read(self, source_path):
            from markdown import Markdown

            self._source_path = source_path
            if self._md is None:
                self._md = Markdown(**self.settings["MARKDOWN"])
                registry = self._md.preprocessors
                self._meta = registry["meta"], next(p.priority for p in registry._priority if p.name == "meta")
            elif "meta" not in self._md.preprocessors:
                self._md.preprocessors.register(self._meta[0], "meta", self._meta[1])
            self._md.reset()
            with pelican_open(source_path) as text:
                end = blank_line.search(text)
                self._md.convert(text[: end.start()] if end else text)
            return "", self._parse_metadata(self._md.Meta) if hasattr(self._md, "Meta") else {}

    return MetadataMarkdownReader(settings)


def read_contents(settings: dict, metadata_only: bool = False) -> list:
    """Every article and page (drafts included) as Pelican reads them: slug, url, status, metadata.

    ``metadata_only``: Markdown posts are read without their text (``metadata_reader``): their
    content is empty, everything else is as Pelican reads it.
    """
    from pelican.contents import Article, Page
    from pelican.readers import MarkdownReader, Readers

    from archived_comments.terminal import escape

    readers = Readers(settings)
    if metadata_only:
        reader = metadata_reader(settings)
        for extension, usual in list(readers.readers.items()):
            if type(usual) is MarkdownReader:
                readers.readers[extension] = reader
    base = settings["PATH"]
    items = []
    for paths, content_class in ((settings["ARTICLE_PATHS"], Article), (settings["PAGE_PATHS"], Page)):
        for folder in paths:
            for dirpath, dirnames, filenames in os.walk(os.path.join(base, folder)):
                dirnames.sort()
                for name in sorted(filenames):
                    if name.rsplit(".", 1)[-1] not in readers.extensions:
                        continue
                    relative = os.path.relpath(os.path.join(dirpath, name), base)
                    try:
                        items.append(readers.read_file(base_path=base, path=relative, content_class=content_class))
                    except Exception as error:  # a broken post is `invoke build`'s to report
                        print(f"warning: {escape(relative)} could not be read ({escape(error)}); "
                              "its comments will show as unmatched", file=sys.stderr)
    return items


class Site:
    """The project at ``root`` with the settings file ``settings_file`` (relative to ``root``)."""

    def __init__(self, root: Path | str, settings_file: str = "pelicanconf.py"):
        self.root = Path(root).resolve()
        self.settings_file = settings_file
        self._imports: dict = {}

    @contextlib.contextmanager
    def here(self):
        """Pelican's settings and readers resolve paths from the project folder; their logs go to stderr."""
        with contextlib.chdir(self.root), quiet_stdout():
            yield

    @cached_property
    def settings(self) -> dict:
        with self.here():
            return load_settings(self.settings_file)

    @cached_property
    def comments(self):
        from archived_comments.settings import CommentsSettings

        return CommentsSettings.from_settings(self.settings)

    @property
    def timezone(self):
        from siteconf.zone import site_timezone

        return site_timezone(self.settings)

    @property
    def comment_sources(self) -> str:
        """The archives' folder, COMMENTS_PATH under the content folder."""
        return os.path.join(self.settings["PATH"], self.comments.path)

    @cached_property
    def contents(self) -> list:
        with self.here():
            return read_contents(self.settings)

    @cached_property
    def content_refs(self) -> list:
        """Every article and page as ``contents`` has them, without the Markdown text (slug, URL and
        metadata are the same): what matching comments to posts needs, read fast."""
        if "contents" in self.__dict__:
            return self.contents
        with self.here():
            return read_contents(self.settings, metadata_only=True)

    def comment_import(self, sources: list[str] | None = None, new_comments: bool = False,
                       thread_digests: bool = True):
        """The archives (``sources``, else COMMENTS_PATH) imported and matched against the contents as the
        build does it; with ``new_comments``, Isso's too (a check fetches nothing). Read once; the
        archives are parsed in workers while the contents are read.  ``thread_digests``: False for a
        command that reports and exits, which keys nothing by them (``run_import``)."""
        key = (tuple(sources or ()), new_comments)
        if key not in self._imports:
            from archived_comments.pelican_handlers import run_import

            with self.here():
                self._imports[key] = run_import(self.settings, lambda: self.content_refs,
                                                paths=list(sources or []) or None, new_comments=new_comments,
                                                thread_digests=thread_digests)
        return self._imports[key]

    @property
    def verdict(self):
        """Whether the archives import cleanly (archived_comments.importer.Verdict)."""
        return self.comment_import().verdict()
