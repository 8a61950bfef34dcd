"""``invoke import-posts``: import with the site's settings, print the report.

tasks.py reads the settings through ``sitetools.site.Site`` (every plugin's defaults in, so the
reserved addresses and the archives' ignore rules are the build's).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from . import keep
from . import report as report_module
from .pipeline import import_posts


def main(settings: dict, settings_file: str, sources: list[str], *, default_sources: str, ignore: list[str],
         content: str | None = None, force: bool = False, dry_run: bool = False, as_json: bool = False,
         keep_permalinks: bool = False) -> int:
    """``default_sources`` and ``ignore``: the archives' folder and ignore rules (COMMENTS_PATH, COMMENTS_IGNORE
    with their defaults); ``settings_file`` is where ``--keep-permalinks`` writes."""
    for source in sources:
        if not os.path.exists(source):
            print(f"error: {source}: no such file or folder", file=sys.stderr)
            return 2
    if not sources:
        sources = [default_sources]
    content_dir = Path(content) if content else Path(settings["PATH"])
    if not content_dir.is_dir():
        print(f"error: {content_dir}: the content folder does not exist", file=sys.stderr)
        return 2
    base = os.path.dirname(os.path.abspath(settings["PATH"]))
    result = import_posts(sources, content_dir, settings=settings, force=force, dry_run=dry_run,
                          ignore=ignore, base=base, keep_permalinks=keep_permalinks)
    found = result.permalinks
    if keep_permalinks:
        if found is None or not found.article_url:
            why = (found.why_not if found is not None and found.why_not else "no old permalink structure found")
            print(f"error: --keep-permalinks: {why}", file=sys.stderr)
            sys.stdout.write(report_module.as_json(result) if as_json else report_module.as_text(result))
            return 1
        changed = keep.write_block(settings_file, found.structure, found.article_url, found.article_save_as,
                                   dry_run=dry_run)
        verb = ("would write" if dry_run else "wrote") if changed else "already has"
        print(f"{settings_file}: {verb} ARTICLE_URL = {found.article_url!r} (the old structure {found.structure})",
              file=sys.stderr)
    sys.stdout.write(report_module.as_json(result) if as_json else report_module.as_text(result))
    return 0
