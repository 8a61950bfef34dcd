"""New comments from the author's Isso server, as one more source of ``Comment`` records.

The input is what Isso's ``GET /latest`` answers: approved comments (mode 1) of
every thread, each with its thread ``uri``, ``id``, ``parent``, ``author``,
``website``, ``created`` (a Unix time) and ``text`` (HTML Isso rendered from the
commenter's Markdown).  Isso's answer holds no email and no IP address; nothing
else is taken from it either (no likes, no avatar hash).

Isso's copies of archived comments (``invoke isso-export``, listed in the ids
file) are left out: the archive itself is the source of those.  A new comment
that replies to such a copy names the archived comment as its parent, in that
comment's id scheme (``Comment.parent_scheme``), so it is threaded under it.

Not in ``parsers()``: this source is no file under the comments folder, it is
fetched (``isso_source.py``).  Bodies are sanitized by the importer like every
other source's.
"""

from __future__ import annotations

from datetime import datetime, timezone

from ..isso_ids import IssoIds
from ..model import PRECISION_SECOND, SCHEME_ISSO, VISIBLE, Comment, ParseResult, Problem, SourceThread

NAME = "isso"
APPROVED = 1  # Isso's mode of a published comment


def comment_id(isso_id: int) -> str:
    """The site's id of an Isso comment: its anchor is #comment-isso-12, its moderation id "isso-12"."""
    return f"isso-{isso_id}"


def parse_records(records: list, source: str, ids: IssoIds) -> tuple[ParseResult, int]:
    """Isso's comments as source threads (one per Isso thread), and how many were copies of archived ones."""
    result = ParseResult()
    copies = ids.by_isso()
    threads: dict[str, SourceThread] = {}
    copied = 0
    for record in sorted((r for r in records if isinstance(r, dict)), key=lambda r: str(r.get("id")).zfill(20)):
        try:
            number = int(record["id"])
            uri = str(record["uri"])
            created = datetime.fromtimestamp(float(record["created"]), timezone.utc).replace(microsecond=0)
        except (KeyError, TypeError, ValueError, OverflowError, OSError):
            result.problems.append(Problem(source, f"a comment without a readable id, thread or date was skipped: "
                                                   f"{str(record)[:120]}"))
            continue
        if record.get("mode", APPROVED) != APPROVED:
            continue
        if number in copies:
            copied += 1
            continue
        comment = Comment(
            id=comment_id(number),
            scheme=SCHEME_ISSO,
            author=str(record.get("author") or ""),
            author_url=str(record["website"]) if record.get("website") else None,
            date=created,
            date_precision=PRECISION_SECOND,
            html=str(record.get("text") or ""),
            status=VISIBLE,
            sources=[source],
        )
        parent = record.get("parent")
        if parent not in (None, 0, "0", ""):
            try:
                parent_number = int(parent)
            except (TypeError, ValueError):
                parent_number = None
            archived = copies.get(parent_number)
            if archived is not None:
                comment.parent, comment.parent_scheme = archived.id, archived.scheme
                # In the archived comment's own thread (its old page), where its parent is.
                place = (archived.old_url or uri, archived.old_slug)
            else:
                comment.parent = comment_id(parent_number) if parent_number is not None else str(parent)
                place = (uri, None)
        else:
            place = (uri, None)
        thread = threads.setdefault(place, SourceThread(url=place[0], slug=place[1], source=source))
        thread.comments.append(comment)
    result.threads = [threads[place] for place in sorted(threads, key=lambda p: (p[0], p[1] or ""))]
    return result, copied
