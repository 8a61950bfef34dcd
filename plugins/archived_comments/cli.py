"""``invoke comments``: the import report without building the site.

Reads the site's settings and its articles' slugs and URLs with Pelican's own
readers (so matching is the build's matching), imports the archives and prints
the report.
"""

from __future__ import annotations

import contextlib
import os
import sys

from .importer import ImportResult
from .pelican_handlers import run_import
from . import report
from .terminal import escape


@contextlib.contextmanager
def _stdout_to_stderr():
    """Pelican logs through a console on stdout; keep stdout for the report alone."""
    with contextlib.redirect_stdout(sys.stderr):
        yield


def load_settings(settings_file: str) -> dict:
    from pelican.settings import read_settings

    from . import settings as plugin_settings

    settings = read_settings(settings_file)
    plugin_settings.apply_defaults(settings)
    return settings


def site_contents(settings: dict) -> list:
    """Every article and page (drafts included) as Pelican reads them: slug and url."""
    from pelican.contents import Article, Page
    from pelican.readers import Readers

    readers = Readers(settings)
    base = settings["PATH"]
    items = []
    for paths, content_class in ((settings["ARTICLE_PATHS"], Article), (settings["PAGE_PATHS"], Page)):
        for folder in paths:
            root = os.path.join(base, folder)
            for dirpath, dirnames, filenames in os.walk(root):
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


def run(settings_file: str, sources: list[str] | None = None) -> ImportResult:
    with _stdout_to_stderr():
        settings = load_settings(settings_file)
        contents = site_contents(settings)
        return run_import(settings, contents, paths=sources or None)


def main(settings_file: str, sources: list[str] | None, as_json: bool, strict: bool, review: bool = False) -> int:
    """Print the report; the exit code is non-zero under ``strict`` when anything needs attention."""
    for source in sources or []:
        if not os.path.exists(source):
            print(f"error: --source {escape(source)}: no such file or folder", file=sys.stderr)
            return 2
    result = run(settings_file, sources)
    if review:
        from .spam import SpamSettings

        with _stdout_to_stderr():
            spam = SpamSettings.from_settings(load_settings(settings_file))
        sys.stdout.write(report.review_text(result, spam.review_threshold, spam))
    else:
        sys.stdout.write(report.as_json(result) if as_json else report.as_text(result))
    sys.stdout.flush()
    if not result.totals["balanced"]:
        return 3
    if strict and (result.problems or result.unmatched):
        return 1
    return 0
