"""The import report: ``invoke comments`` (text) and ``invoke comments --json``.

The JSON shape is a public contract that authors and other tools read:
``{"threads": [...], "problems": [...]}`` as documented in the plugin README.
Fields are only ever added, never renamed or removed.  Email and IP addresses
from the archives never appear here: the model has no field for them.
"""

from __future__ import annotations

import json

from .importer import ImportResult
from .model import COMMENT, VISIBLE, Comment, Thread


def comment_as_dict(comment: Comment) -> dict:
    return {
        "id": comment.id,
        "parent": comment.parent,
        "author": comment.author,
        "author_url": comment.author_url,
        "date": comment.date.isoformat() if comment.date else None,
        "html": comment.html,
        "status": comment.status,
        "sources": list(comment.sources),
        "type": comment.type,
        "removed_parent": comment.removed_parent,
    }


def thread_as_dict(thread: Thread) -> dict:
    return {
        "url": thread.url,
        "slug": thread.slug,
        "article": thread.article,
        "comments": [comment_as_dict(comment) for comment in thread.comments],
    }


def as_dict(result: ImportResult) -> dict:
    return {
        "threads": [thread_as_dict(thread) for thread in result.threads],
        "problems": [problem.as_dict() for problem in result.problems],
    }


def as_json(result: ImportResult) -> str:
    return json.dumps(as_dict(result), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def _count(thread: Thread) -> tuple[int, int, int]:
    """(visible comments, of which replies, not shown)."""
    shown = [c for c in thread.comments if c.status == VISIBLE and c.type == COMMENT]
    replies = sum(1 for c in shown if c.parent is not None)
    return len(shown), replies, len(thread.comments) - len(shown)


def as_text(result: ImportResult) -> str:
    lines: list[str] = []
    lines.append(f"Archived comments: {len(result.files)} source file(s), {result.found} comment(s) found in them.")
    lines.append("")
    matched = [t for t in result.threads if t.article]
    lines.append(f"Articles with comments ({len(matched)}):")
    for thread in matched:
        shown, replies, other = _count(thread)
        extra = f", {other} not shown (spam, hidden or mentions)" if other else ""
        lines.append(f"  {thread.article}: {shown} comment(s), {replies} of them replies{extra}")
    if not matched:
        lines.append("  (none)")
    lines.append("")
    unmatched = result.unmatched
    lines.append(f"Threads that matched no article ({len(unmatched)}):")
    for thread in unmatched:
        where = thread.url or thread.identifier or "unknown page"
        lines.append(
            f"  {where}: {len(thread.comments)} comment(s) from {', '.join(thread.sources)}"
            " — add the article, or map the old URL in COMMENTS_URL_MAP"
        )
    if not unmatched:
        lines.append("  (none)")
    lines.append("")
    lines.append(f"Problems ({len(result.problems)}):")
    for problem in result.problems:
        where = problem.source + (f":{problem.line}" if problem.line else "")
        lines.append(f"  {where}: {problem.message}")
    if not result.problems:
        lines.append("  (none)")
    return "\n".join(lines) + "\n"
