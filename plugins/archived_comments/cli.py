"""``invoke comments``: the import report without building the site.

tasks.py reads the site through ``sitetools.site.Site`` (its settings with every plugin's defaults,
its articles' slugs and URLs with Pelican's own readers, so matching is the build's matching),
imports the archives once and hands the result here to print.
"""

from __future__ import annotations

import sys

from . import report
from .importer import ImportResult
from .settings import CommentsSettings
from .spam import SpamSettings


def main(result: ImportResult, comments: CommentsSettings, as_json: bool, strict: bool, review: bool = False) -> int:
    """Print the report; the exit code is the import's verdict (non-zero under ``strict`` when anything
    needs attention)."""
    if review:
        spam = SpamSettings.from_settings(comments)
        sys.stdout.write(report.review_text(result, spam.review_threshold, spam))
    else:
        sys.stdout.write(report.as_json(result) if as_json else report.as_text(result))
    sys.stdout.flush()
    return result.verdict().exit_code(strict)
