"""The import report: ``invoke comments`` (text) and ``invoke comments --json``.

The JSON shape is a public contract that authors and other tools read:
``{"threads": [...], "problems": [...]}`` as documented in the plugin README.
Fields are only ever added, never renamed or removed.  Email and IP addresses
from the archives never appear here: the model has no field for them.
"""

from __future__ import annotations

import json

from .importer import ImportResult
from .model import COMMENT, VISIBLE, Comment, Thread, plain_text
from .spam import SpamSettings


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
        "spam_score": comment.spam_score,
        "spam_rules": list(comment.spam_rules),
        "moderation": comment.moderation,
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
        "totals": result.totals,
    }


def as_json(result: ImportResult) -> str:
    return json.dumps(as_dict(result), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def _count(thread: Thread) -> tuple[int, int, int, int]:
    """(visible comments, of which replies, visible mentions, not shown)."""
    shown = [c for c in thread.comments if c.status == VISIBLE and c.type == COMMENT]
    mentions = sum(1 for c in thread.comments if c.status == VISIBLE and c.type != COMMENT)
    replies = sum(1 for c in shown if c.parent is not None)
    return len(shown), replies, mentions, len(thread.comments) - len(shown) - mentions


def as_text(result: ImportResult) -> str:
    lines: list[str] = []
    lines.append(f"Archived comments: {len(result.files)} source file(s), {result.found} comment(s) found in them.")
    lines.append("")
    matched = [t for t in result.threads if t.article]
    lines.append(f"Articles with comments ({len(matched)}):")
    for thread in matched:
        shown, replies, mentions, other = _count(thread)
        extra = f", {mentions} mention(s) (pingbacks, trackbacks)" if mentions else ""
        extra += f", {other} not shown (spam or hidden)" if other else ""
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
    lines.append("")
    lines.extend(balance_lines(result.totals))
    return "\n".join(lines) + "\n"


def balance_lines(totals: dict) -> list[str]:
    """The accounting: where every comment found in the sources went."""
    verdict = "balances" if totals["balanced"] else "DOES NOT BALANCE — please report this as a bug"
    return [
        "Balance:",
        f"  found in sources        {totals['found']:6d}",
        f"  = shown                 {totals['shown']:6d}"
        + (f"  (of which {totals['without_parent']} in reply to a removed comment)" if totals["without_parent"] else ""),
        f"  + hidden                {totals['hidden']:6d}  (by the source, or {totals['hidden_by_moderation']} by moderation)",
        f"  + spam                  {totals['spam']:6d}",
        f"  + duplicates merged     {totals['duplicates']:6d}",
        f"  + in unmatched threads  {totals['unmatched']:6d}",
        f"  {verdict}",
    ]


def review_text(result: ImportResult, review_threshold: int, spam: SpamSettings | None = None) -> str:
    """Comments flagged as spam and borderline ones, with their score and rules.

    A comment the archive shows approved that scores the ordinary bar but not the higher one for approved
    comments is kept, and listed as such: the author decides.
    """
    spam = spam or SpamSettings(review_threshold=review_threshold)
    rows = []
    for thread in result.threads:
        for comment in thread.comments:
            if comment.spam_score >= review_threshold or (comment.status == "spam" and comment.spam_rules):
                rows.append((thread, comment))
    lines = [f"Spam review: {len(rows)} comment(s) scored {review_threshold} or more.", ""]
    kept = sum(1 for _, c in rows if c.status == VISIBLE and c.spam_score >= spam.threshold)
    if kept:
        lines.append(f"{kept} of them scored {spam.threshold} or more but were kept: the old blog approved them, "
                     f"and an approved comment needs {spam.bar(True)} (COMMENTS_SPAM_APPROVED_THRESHOLD).")
        lines.append("")
    for thread, comment in rows:
        if comment.status == "spam":
            verdict = "SPAM"
        elif comment.status == VISIBLE and comment.spam_score >= spam.threshold:
            verdict = "kept: the old blog approved it"
        else:
            verdict = f"borderline ({comment.status})"
        lines.append(f"[{verdict}] comment {comment.id} by {comment.author!r} on {thread.article or thread.url}")
        lines.append(f"  score {comment.spam_score}: {', '.join(comment.spam_rules) or 'no rule'}")
        if comment.moderation:
            lines.append(f"  {comment.moderation}")
        text = " ".join(plain_text(comment.html).split())
        lines.append(f"  \"{text[:160]}{'…' if len(text) > 160 else ''}\"")
        lines.append("")
    lines.append("To overrule a verdict, add to the moderation file (COMMENTS_MODERATION_FILE):")
    lines.append('  [[comment]]\n  id = "ID"\n  action = "show"   # or "hide"\n  reason = "why"')
    return "\n".join(lines) + "\n"
