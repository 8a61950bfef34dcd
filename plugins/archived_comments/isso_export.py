"""``invoke isso-export``: the archived threads into the author's Isso, so readers can reply to them.

It writes with Isso's own Python database API (``isso.db.SQLite3``: ``threads.new``
and ``comments.add``), as Isso's own importers (``isso import``) do, into the
database ``isso.cfg`` names.  Each article's visible archived comments go into the
thread ``/slug/`` (``isso_ids.thread_uri``, the URI the theme gives Isso's client),
with their author, website, date and parent; never an email or IP address (the
archive gives none: Isso's ``remote_addr`` is left empty).  Hidden and spam
comments, and pingbacks and trackbacks, are not exported.

Isso keeps one level of replies: ``comments.add`` files a reply to a reply under
the top comment.  The static section keeps the archive's full depth regardless.

The ids file (``isso_ids.py``) remembers archive id ↔ Isso id: exporting again
adds nothing twice; a comment exported before and hidden since (moderation.toml,
the spam score) is deleted from Isso again.
"""

from __future__ import annotations

import html
import os
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field

from markdownify import markdownify

from .display import build_section
from .isso_ids import Entry, IssoIds, IssoIdsError, read_ids, thread_uri, write_ids
from .model import Comment, Thread
from .pelican_handlers import isso_ids_file
from .terminal import escape


class ExportError(Exception):
    """The export cannot run; the message names the file and says what to do."""


@dataclass
class ExportReport:
    database: str
    ids_file: str
    added: int = 0
    kept: int = 0  # exported before and still in Isso
    removed: int = 0  # exported before, no longer visible in the archive: deleted from Isso
    threads: dict[str, int] = field(default_factory=dict)  # Isso thread -> archived comments in it

    def text(self) -> str:
        lines = [f"Isso database: {self.database}",
                 f"  {self.added} archived comment(s) added, {self.kept} already there, "
                 f"{self.removed} removed (hidden or spam since)",
                 f"  in {len(self.threads)} thread(s)"]
        lines += [f"    {uri}: {count}" for uri, count in sorted(self.threads.items())]
        lines.append(f"Ids written to {self.ids_file}")
        return "\n".join(escape(line) for line in lines) + "\n"


def open_database(config_file: str):
    """Isso's database, as the server opens it from ``config_file`` (its defaults under it)."""
    if not os.path.isfile(config_file):
        raise ExportError(f"{config_file}: no such Isso configuration; write one with `invoke isso-config`, "
                          "or name yours with --config FILE")
    try:
        from isso import config as isso_config
        from isso.db import SQLite3
    except ImportError as error:
        raise ExportError(f"Isso is not installed ({error}): pip install -r requirements-isso.txt") from error
    try:
        conf = isso_config.load(isso_config.default_file(), config_file)
        path = conf.get("general", "dbpath")
        os.makedirs(os.path.dirname(os.path.abspath(os.path.expanduser(path))), exist_ok=True)
        return SQLite3(path, conf), os.path.expanduser(path)
    except Exception as error:  # configparser and sqlite3 errors alike: name the file
        raise ExportError(f"{config_file}: Isso cannot open its database with this configuration "
                          f"({type(error).__name__}: {error})") from error


def exported_copy(db, entry: Entry) -> dict | None:
    """Isso's row for an exported comment, if it is still there.

    Copies are known by their empty address (every comment Isso takes from a reader has one),
    so a database started afresh, whose ids now belong to readers' comments, is never mistaken.
    """
    row = db.comments.get(entry.isso)
    if row is None or row.get("remote_addr") != "" or row.get("mode") != 1:
        return None
    return row


def isso_record(comment: Comment, parent: int | None, created: float) -> dict:
    """What ``comments.add`` takes for one archived comment: no email, no address."""
    return {
        "parent": parent,
        "created": created,
        "mode": 1,  # approved: the old blog showed it
        "remote_addr": "",
        "text": markdownify(comment.html, heading_style="ATX").strip() or "…",
        "author": comment.author,
        "email": None,
        "website": comment.author_url,
        "notification": 0,
    }


def export(settings: dict, contents: list, result, config_file: str) -> ExportReport:
    """Export ``result`` (the archives' import, without Isso's own comments) of the site's ``contents``."""
    db, database = open_database(config_file)
    ids_path = isso_ids_file(settings)
    ids = read_ids(ids_path)
    known = ids.by_archive()
    report = ExportReport(database=database, ids_file=ids_path)

    by_article: dict[str, list[Thread]] = defaultdict(list)
    for thread in result.threads:
        if thread.article:
            by_article[thread.article].append(thread)
    kept: list[Entry] = []
    for item in sorted(contents, key=lambda c: c.slug):
        section = build_section(by_article.get(item.slug, []), settings)
        if section is None or not section.roots:
            continue
        uri = thread_uri(item.url)
        thread_of = {c.key: t for t in section.threads for c in t.comments}
        fallback = item.date.timestamp()

        def export_tree(nodes: list[Comment], parent: int | None, parent_created: float) -> None:
            for comment in nodes:
                entry = known.get(comment.key)
                created = comment.date.timestamp() if comment.date else parent_created
                if entry is not None and entry.thread == uri and exported_copy(db, entry) is not None:
                    report.kept += 1
                    kept.append(entry)
                else:
                    if uri not in db.threads:
                        db.threads.new(uri, html.unescape(re.sub(r"<[^>]*>", "", item.title)).strip())
                    added = db.comments.add(uri, isso_record(comment, parent, created))
                    source = thread_of.get(comment.key)
                    entry = Entry(scheme=comment.scheme, id=comment.id, isso=int(added["id"]), thread=uri,
                                  old_url=source.url if source else None, old_slug=source.slug if source else None)
                    report.added += 1
                    kept.append(entry)
                report.threads[uri] = report.threads.get(uri, 0) + 1
                export_tree(comment.replies, entry.isso, created)

        export_tree(section.roots, None, fallback)

    still = {entry.archive for entry in kept}
    for entry in ids.entries:
        if entry.archive not in still and exported_copy(db, entry) is not None:
            db.comments.delete(entry.isso)
            report.removed += 1
    write_ids(ids_path, IssoIds(kept))
    return report


def main(settings: dict, contents: list, result, config_file: str) -> int:
    try:
        report = export(settings, contents, result, config_file)
    except (ExportError, IssoIdsError) as error:
        print(f"isso-export: {escape(str(error))}", file=sys.stderr)
        return 1
    sys.stdout.write(report.text())
    return 0
