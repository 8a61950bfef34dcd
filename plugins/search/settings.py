"""Every setting of the search plugin, with its default, in one place (the README's table documents them).

Each field is the setting of its name in upper case (``search_url`` is ``SEARCH_URL``); missing ones
take these defaults on Pelican's ``initialized`` signal, so templates read them too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from siteconf.plugin import PluginSettings


@dataclass(frozen=True)
class SearchSettings(PluginSettings):
    PREFIX: ClassVar[str] = ""

    # The search page, and Pagefind run on the output after every build (its index goes to <output>/pagefind/).
    search_url: str = "search/"
    search_save_as: str = "search/index.html"  # empty: no search page, no index, no nav link
    search_index: bool = True  # False: write the page but do not run Pagefind (the search then finds nothing)
    comments_searchable: bool = True  # index the archived comments under each article too
    # What the search page shows before anything is typed: the newest posts and the most used tags.
    search_recent_count: int = 5
    search_topic_count: int = 8


DEFAULTS: dict = SearchSettings.defaults()
get = SearchSettings.get  # search.py reads its settings through it
