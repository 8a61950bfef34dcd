"""The author's moderation file: decisions applied at every build.

``content/comments/moderation.toml`` (setting ``COMMENTS_MODERATION_FILE``)
holds one ``[[comment]]`` table per decision::

    [[comment]]
    id = "105"                 # the comment id as `invoke comments --json` shows it
    article = "my-post"        # optional: only in this article's thread
    action = "hide"            # "show" (overrides the spam score) or "hide"
    reason = "advertising"     # shown in the report
    display_name = "Tom W."    # optional: the name to show instead

The archives themselves are never modified.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass

from .model import HIDDEN, VISIBLE, Problem, Thread
from .sanitize import clean_name

ACTIONS = ("show", "hide", None)


@dataclass
class Decision:
    id: str
    action: str | None
    article: str | None = None
    reason: str | None = None
    display_name: str | None = None
    line: int | None = None


def _line_of(text: str, index: int) -> int | None:
    """The line of the index-th ``[[comment]]`` table, for error messages."""
    seen = -1
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip().startswith("[[comment]]"):
            seen += 1
            if seen == index:
                return number
    return None


def read_moderation(path: str, name: str) -> tuple[list[Decision], list[Problem]]:
    """Decisions from a moderation file; a missing file is no decisions."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except FileNotFoundError:
        return [], []
    except OSError as error:
        return [], [Problem(name, f"cannot be read: {error}")]
    text = raw.decode("utf-8", errors="replace")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return [], [Problem(name, f"is not valid TOML ({error}); no moderation decision was applied — fix the file",
                            getattr(error, "lineno", None))]
    decisions, problems = [], []
    for index, entry in enumerate(data.get("comment", [])):
        line = _line_of(text, index)
        if not isinstance(entry, dict) or "id" not in entry:
            problems.append(Problem(name, "a [[comment]] entry has no id; it was ignored", line))
            continue
        action = entry.get("action")
        if action not in ACTIONS:
            problems.append(Problem(name, f"comment {entry['id']}: action must be \"show\" or \"hide\", not {action!r}",
                                    line))
            continue
        decisions.append(Decision(id=str(entry["id"]), action=action, article=entry.get("article"),
                                  reason=entry.get("reason"), display_name=entry.get("display_name"), line=line))
    return decisions, problems


def apply_moderation(threads: list[Thread], decisions: list[Decision], name: str) -> list[Problem]:
    """Apply every decision to the matching comments; reports decisions that match none."""
    problems: list[Problem] = []
    for decision in decisions:
        hits = 0
        for thread in threads:
            if decision.article and decision.article != thread.article:
                continue
            for comment in thread.comments:
                if comment.id != decision.id and (comment.scheme, decision.id) not in comment.aliases:
                    continue
                hits += 1
                if decision.display_name:
                    comment.author = clean_name(str(decision.display_name)) or comment.author
                if decision.action == "show":
                    comment.status = VISIBLE
                    comment.moderation = "shown by moderation" + (f": {decision.reason}" if decision.reason else "")
                elif decision.action == "hide":
                    comment.status = HIDDEN
                    comment.moderation = "hidden by moderation" + (f": {decision.reason}" if decision.reason else "")
        if hits == 0:
            where = f" in article {decision.article}" if decision.article else ""
            problems.append(Problem(name, f"moderation entry for comment {decision.id}{where} matches no archived "
                                          "comment; check the id with `invoke comments --json`", decision.line))
    return problems
