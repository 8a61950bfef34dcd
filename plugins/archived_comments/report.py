"""The import report: ``invoke comments`` (text) and ``invoke comments --json``.

The JSON shape is a public contract that authors and other tools read:
``{"threads": [...], "problems": [...]}`` as documented in the plugin README.
Fields are only ever added, never renamed or removed.  Email and IP addresses
from the archives never appear here: the model has no field for them.

Everything printed or written passes ``terminal.escape`` here, at the output
boundary: a URL, slug, name, message or file name from an archive cannot clear
the screen, recolour it or reverse the text after it (terminal and bidi controls
show as ``\\x1b``, ``\\u202e``).  The model is not changed.
"""

from __future__ import annotations

import json
import re
from collections import Counter

from wparchive import dates

from . import terminal
from .importer import ImportResult
from .model import COMMENT, HIDDEN, SCHEME_DISQUS, VISIBLE, Comment, Problem, Thread, plain_text
from .spam import SpamSettings
from .terminal import escape as e


def comment_as_dict(comment: Comment) -> dict:
    """A comment in the JSON: every field but the body escaped (the body is written as it is, its
    characters that act on a terminal as JSON escapes: ``as_json``)."""
    fields = {
        "id": comment.id,
        "parent": comment.parent,
        "author": comment.author,
        "author_url": comment.author_url,
        "date": comment.date.isoformat() if comment.date else None,
        "date_inferred": comment.date_inferred,
        "html": comment.html,
        "status": comment.status,
        "sources": list(comment.sources),
        "type": comment.type,
        "removed_parent": comment.removed_parent,
        "spam_score": comment.spam_score,
        "spam_rules": list(comment.spam_rules),
        "moderation": comment.moderation,
    }
    # Most comments hold no unsafe character in any field: one search over them all says so, where
    # escaping field by field was half of the JSON's making (20,000 comments: 0.42 s).
    texts = [value for name, value in fields.items() if name != "html" and type(value) is str]
    if not terminal.UNSAFE_RE.search(" ".join(texts + fields["sources"] + fields["spam_rules"])):
        return fields
    return {name: value if name == "html" else terminal.escape_value(value) for name, value in fields.items()}


def thread_as_dict(thread: Thread) -> dict:
    return {
        **terminal.escape_value({"url": thread.url, "slug": thread.slug, "article": thread.article}),
        "comments": [comment_as_dict(comment) for comment in thread.comments],
    }

# The cause of a problem: (kind, title, pattern of its message).  A problem that gives its own ``kind``
# keeps it; the others are recognised by their message, and one no pattern knows is "other", grouped by its
# message with the ids, numbers, names in quotes and URLs taken out.
PROBLEM_KINDS = [
    ("no-date", "no readable date (kept without a date)",
     r"has no readable date|has a date that cannot be read|has no createdAt|has a createdAt that cannot be read"),
    ("relative-date", "a relative date on a page that is no capture (kept without a date)",
     r"shows only how long ago it was written"),
    ("no-author", "no author name that could be read", r"has no author name that could be read"),
    ("date-in-future", "dated in the future (kept as is)", r"in the future"),
    ("date-out-of-range", "a date out of range (kept without a date)", r"has a date out of range"),
    ("date-too-early", "dated before any blog comment (kept as is)", r"earlier than any blog comment"),
    ("twice-in-page", "the same comment twice in one page (the second copy ignored)", r"appears twice in the page"),
    ("duplicate-id", "an id used twice", r"appears twice in post|is defined twice"),
    ("sources-disagree", "copies of a comment disagree (the more complete value kept)",
     r"differs between .*kept the more complete value|times in .* with different content"),
    ("no-id", "no id in the source (a fingerprint id given)", r"has no dsq:id|has no comment_id"),
    ("mojibake", "mis-decoded characters repaired", r"mis-decoded characters"),
    ("unknown-status", "an unknown comment status (kept hidden)", r"comment_approved"),
    ("unknown-type", "an unknown comment type", r"unknown comment_type"),
    ("orphans", "posts of a Disqus thread not in the file (kept as orphans)", r"\(orphans\)"),
    ("deleted-thread", "a Disqus thread marked deleted (its posts hidden)", r"is marked deleted"),
    ("reply-cycle", "replies that form a cycle (shown at top level)", r"reply cycle|names itself as its parent"),
    ("not-an-archive", "not a comment archive", r"not a comment archive this importer knows"),
    ("empty-file", "an empty file", r"the file is empty"),
    ("unreadable-file", "a file that cannot be read", r"^cannot be read"),
    ("reader-failed", "a reader failed (please report it)", r"reader failed"),
    ("damaged-file", "a damaged or cut-off file (what could be read was kept)",
     r"damaged XML|characters XML does not allow|is not valid UTF-8|Recovered what could be read|"
     r"looks cut off|stopped early"),
    ("moderation-no-match", "a moderation entry that matches no comment", r"matches no archived comment"),
    ("moderation-invalid", "an invalid moderation file or entry",
     r"is not valid TOML|action must be|entry has no id"),
]
_KIND_PATTERNS = [(kind, title, re.compile(pattern)) for kind, title, pattern in PROBLEM_KINDS]
_TITLES = {kind: title for kind, title, _ in PROBLEM_KINDS}
_URL_RE = re.compile(r"\b[a-z][a-z0-9+.-]*://\S+", re.IGNORECASE)
_QUOTED_RE = re.compile(r"'[^']*'|\"[^\"]*\"|«[^»]*»|“[^”]*”")
_NUMBERED_RE = re.compile(r"[^\s,;:()]*\d[^\s,;:()]*")
EXAMPLES = 3


def problem_kind(problem: Problem) -> str:
    """The kind of a problem: its own where it gives one, else the first pattern its message matches."""
    given = getattr(problem, "kind", None)
    if given:
        return given
    for kind, _, pattern in _KIND_PATTERNS:
        if pattern.search(problem.message):
            return kind
    return "other"


def problem_cause(problem: Problem) -> str:
    """What a group of problems is called: the kind's title, or the message with its particulars taken out."""
    kind = problem_kind(problem)
    if kind in _TITLES:
        return _TITLES[kind]
    message = problem.message.replace(problem.source, "FILE") if problem.source else problem.message
    message = _URL_RE.sub("URL", message)
    message = _QUOTED_RE.sub("'…'", message)
    return _NUMBERED_RE.sub("N", message)


def problem_as_dict(problem: Problem) -> dict:
    """A problem in the JSON: the model's fields, and its kind (added to the contract, never renamed)."""
    return terminal.escape_value({**problem.as_dict(), "kind": problem_kind(problem)})


def problem_groups(problems: list[Problem]) -> list[tuple[str, str, list[Problem]]]:
    """(kind, cause, problems) by cause, the most frequent first (then in order of first appearance)."""
    groups: dict[tuple[str, str], list[Problem]] = {}
    for problem in problems:
        groups.setdefault((problem_kind(problem), problem_cause(problem)), []).append(problem)
    ordered = sorted(groups.items(), key=lambda item: -len(item[1]))
    return [(kind, cause, members) for (kind, cause), members in ordered]


def _where(source: str, line: int | None) -> str:
    return e(source) + (f":{line}" if line else "")


def problem_lines(problems: list[Problem]) -> list[str]:
    """The report's problems, grouped by cause: a count, the cause, and a few examples with file:line."""
    groups = problem_groups(problems)
    lines = [f"Problems ({len(problems)}" + (f", {len(groups)} causes" if len(groups) > 1 else "") + "):"]
    for _kind, cause, members in groups:
        lines.append(f"  {len(members)} × {e(cause)}")
        for problem in members[:EXAMPLES]:
            lines.append(f"      {_where(problem.source, problem.line)}: {e(problem.message)}")
        rest = members[EXAMPLES:]
        if rest:
            files = len({problem.source for problem in rest})
            lines.append(f"      … and {len(rest)} more, in {files} file(s)")
    if not problems:
        lines.append("  (none)")
    return lines


# How the report names the reasons a date was inferred (``Comment.date_inferred``).
INFERRED_LABELS = {
    "year-from-capture": "year from the capture",
    "year-from-post": "year from the post",
    "year-from-neighbours": "year from the neighbouring comments",
    "relative-to-capture": "relative to the capture",
    "relative-to-saved-page": "relative to when the page says it was saved",
    "relative-to-post-modified": "relative to the post's last modification (may be early)",
}


def inferred_lines(result: ImportResult) -> list[str]:
    """Every date the source did not print whole, grouped by why, with examples; nothing when there is none."""
    inferred = [(thread, c) for thread in result.threads for c in thread.comments
                if c.date_inferred and c.date is not None]
    if not inferred:
        return []
    reasons = Counter(comment.date_inferred for _, comment in inferred)
    summary = ", ".join(f"{e(INFERRED_LABELS.get(r, r.replace('-', ' ')))}: {n}" for r, n in reasons.most_common())
    lines = [f"Dates inferred ({len(inferred)}):", f"  {len(inferred)} date(s) inferred ({summary})"]
    explanations = getattr(dates, "INFERRED_REASONS", {})
    for reason, count in reasons.most_common():
        label = INFERRED_LABELS.get(reason, reason.replace("-", " "))
        why = explanations.get(reason)
        lines.append(f"  {count} × {e(label)}" + (f": {e(why)}" if why else ""))
        members = [(t, c) for t, c in inferred if c.date_inferred == reason]
        for thread, comment in members[:EXAMPLES]:
            source = comment.sources[0] if comment.sources else "?"
            on = thread.article or thread.url or "an unknown page"
            lines.append(f"      {_where(source, comment.line)}: {e(comment.type)} {e(comment.id)} on {e(on)}, "
                         f"dated {comment.date.isoformat()}")
        if len(members) > EXAMPLES:
            lines.append(f"      … and {len(members) - EXAMPLES} more")
    return lines


def as_dict(result: ImportResult) -> dict:
    data = {
        "threads": [thread_as_dict(thread) for thread in result.threads],
        "problems": [problem_as_dict(problem) for problem in result.problems],
        "totals": result.totals,
    }
    if result.isso is not None:  # only with COMMENTS_ISSO_URL: new comments read from Isso
        data["isso"] = result.isso.as_dict()
    return data


def as_json(result: ImportResult) -> str:
    return terminal.json_safe(_indented(as_dict(result))) + "\n"


# From this depth on, a value is written on one line (a comment: top, "threads", a thread, "comments").
# json.dumps with an indent encodes in Python, item by item; one line is its C encoder's work, which for
# 20,000 comments is 0.13 s instead of 0.43.
ONE_LINE_DEPTH = 4


def _indented(value, depth: int = 0) -> str:
    """``value`` as JSON, each level indented two spaces more, down to ``ONE_LINE_DEPTH``."""
    if depth < ONE_LINE_DEPTH and isinstance(value, (dict, list)) and value:
        inner = "\n" + "  " * (depth + 1)
        if isinstance(value, dict):
            items = [f"{_one_line(key)}: {_indented(item, depth + 1)}" for key, item in value.items()]
            return "{" + inner + ("," + inner).join(items) + "\n" + "  " * depth + "}"
        items = [_indented(item, depth + 1) for item in value]
        return "[" + inner + ("," + inner).join(items) + "\n" + "  " * depth + "]"
    return _one_line(value)


# One encoder for every value: json.dumps with options makes a new one each call, which for 20,000
# comments on a line each was a third of the lines' making.
_ONE_LINE = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode


def _one_line(value) -> str:
    return _ONE_LINE(value)


def _count(thread: Thread) -> tuple[int, int, int, int]:
    """(visible comments, of which replies, visible mentions, not shown)."""
    shown = [c for c in thread.comments if c.status == VISIBLE and c.type == COMMENT]
    mentions = sum(1 for c in thread.comments if c.status == VISIBLE and c.type != COMMENT)
    replies = sum(1 for c in shown if c.parent is not None)
    return len(shown), replies, mentions, len(thread.comments) - len(shown) - mentions


def as_text(result: ImportResult) -> str:
    lines: list[str] = []
    lines.append(f"Archived comments: {len(result.files)} source file(s), {result.found} comment(s) found in them.")
    if result.isso is not None:
        isso = result.isso
        lines.append(f"New comments from Isso ({e(isso.url)}, {'live' if isso.live else 'last fetched copy'}): "
                     f"{isso.fetched - isso.copies} new, {isso.copies} copies of archived comments left out"
                     + (f" — {e(isso.warning)}" if isso.warning else ""))
    lines.append("")
    matched = [t for t in result.threads if t.article]
    lines.append(f"Articles with comments ({len(matched)}):")
    for thread in matched:
        shown, replies, mentions, other = _count(thread)
        extra = f", {mentions} mention(s) (pingbacks, trackbacks)" if mentions else ""
        extra += f", {other} not shown (spam or hidden)" if other else ""
        lines.append(f"  {e(thread.article)}: {shown} comment(s), {replies} of them replies{extra}")
    if not matched:
        lines.append("  (none)")
    lines.append("")
    unmatched = result.unmatched
    lines.append(f"Threads that matched no article ({len(unmatched)}):")
    for thread in unmatched:
        where = thread.url or thread.identifier or "unknown page"
        lines.append(
            f"  {e(where)}: {len(thread.comments)} comment(s) from {e(', '.join(thread.sources))}"
            " — add the article, or map the old URL in COMMENTS_URL_MAP"
        )
    if not unmatched:
        lines.append("  (none)")
    lines.append("")
    lines.extend(problem_lines(result.problems))
    lines.append("")
    inferred = inferred_lines(result)
    if inferred:
        lines.extend(inferred)
        lines.append("")
    lines.extend(balance_lines(result.totals, hidden_lines(result)))
    return _printable(lines)


def hidden_reason(comment: Comment, show_mentions: bool = True) -> str:
    """Why a comment of a matched thread is not on its page, in the author's words."""
    if comment.status == VISIBLE and comment.type != COMMENT and not show_mentions:
        return "pingbacks and trackbacks, left out because COMMENTS_SHOW_MENTIONS is off"
    if (comment.moderation or "").startswith("hidden"):
        return "hidden by your moderation file (COMMENTS_MODERATION_FILE)"
    if comment.scheme == SCHEME_DISQUS:
        return "deleted on Disqus (the export marks them isDeleted, or their thread deleted)"
    return "never published on the old blog: awaiting moderation or in the trash there"


def hidden_lines(result: ImportResult) -> list[str]:
    """Which comments the balance counts as hidden, grouped by why, a few ids per article."""
    groups: dict[str, dict[str, list[str]]] = {}
    for thread in result.threads:
        if thread.article is None:
            continue
        for comment in thread.comments:
            mention_left_out = comment.status == VISIBLE and comment.type != COMMENT and not result.show_mentions
            if comment.status != HIDDEN and not mention_left_out:
                continue
            why = hidden_reason(comment, result.show_mentions)
            groups.setdefault(why, {}).setdefault(thread.article, []).append(comment.id)
    lines = []
    for why, by_article in groups.items():
        count = sum(len(ids) for ids in by_article.values())
        lines.append(f"      {count} {why}:")
        for article, ids in by_article.items():
            shown = ", ".join(f"#{i}" for i in ids[:EXAMPLES])
            more = f" and {len(ids) - EXAMPLES} more" if len(ids) > EXAMPLES else ""
            lines.append(f"        {e(article)}: {e(shown)}{more}")
    return lines


def balance_lines(totals: dict, hidden: list[str] | None = None) -> list[str]:
    """The accounting: where every comment found in the sources went (``hidden``: hidden_lines' detail)."""
    verdict = "balances" if totals["balanced"] else "DOES NOT BALANCE — please report this as a bug"
    hidden_note = "  kept in the archive, not on the pages" + (":" if hidden else "") if totals["hidden"] else ""
    return [
        "Balance:",
        f"  found in sources        {totals['found']:6d}",
        f"  = shown                 {totals['shown']:6d}"
        + (f"  (of which {totals['without_parent']} in reply to a removed comment)" if totals["without_parent"] else ""),
        f"  + hidden                {totals['hidden']:6d}{hidden_note}",
        *(hidden or []),
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
        lines.append(f"[{verdict}] comment {e(comment.id)} by {e(repr(comment.author))} "
                     f"on {e(thread.article or thread.url)}")
        lines.append(f"  score {comment.spam_score}: {e(', '.join(comment.spam_rules)) or 'no rule'}")
        if comment.moderation:
            lines.append(f"  {e(comment.moderation)}")
        text = " ".join(plain_text(comment.html).split())
        lines.append(f"  \"{e(text[:160])}{'…' if len(text) > 160 else ''}\"")
        lines.append("")
    lines.append("To overrule a verdict, add to the moderation file (COMMENTS_MODERATION_FILE):")
    lines.append('  [[comment]]\n  id = "ID"\n  action = "show"   # or "hide"\n  reason = "why"')
    return _printable(lines)


def _printable(lines: list[str]) -> str:
    """The report's text; each field is escaped where it is put in, and this pass makes sure of it."""
    return e("\n".join(lines), keep="\n") + "\n"
