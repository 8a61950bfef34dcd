"""From archive files on disk to matched, merged, threaded, sanitized comments.

``import_comments(paths, ...)`` is the whole pipeline; Pelican's handler and
``invoke comments`` both call it.  One broken archive never stops the others:
every file's problems are collected and the rest import fully.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone, tzinfo

from siteconf.zone import site_timezone
from wparchive.dates import checked
from wparchive.sources import display_path, source_files

from . import parsers
from .cache import ParseCache
from .collector import collector_paused
from .matching import ArticleRef, match_threads
from .merge import build_thread, group_source_threads
from .moderation import apply_moderation, read_moderation
from .model import (
    COMMENT, HIDDEN, PINGBACK, PRECISION_NONE, SPAM, TRACKBACK, VISIBLE, Comment, ParseResult, Problem,
    SourceThread, Thread,
)
from .settings import CommentsSettings
from .sanitize import clean_name, clean_text, repair_text, safe_url, sanitize_body, without_sequences
from .spam import SpamSettings, score_comments


@dataclass
class ImportResult:
    threads: list[Thread] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    found: int = 0  # comments in all sources, counting every copy
    show_mentions: bool = True
    isso: object = None  # isso_source.IssoFetch when new comments are read from Isso

    @property
    def totals(self) -> dict:
        """The balance: every comment found is shown, hidden, spam, a duplicate or unmatched."""
        unique = self.comments
        matched = [c for t in self.threads if t.article is not None for c in t.comments]
        mention_hidden = [c for c in matched if c.status == VISIBLE and c.type != COMMENT and not self.show_mentions]
        totals = {
            "found": self.found,
            "shown": sum(1 for c in matched if c.status == VISIBLE) - len(mention_hidden),
            "hidden": sum(1 for c in matched if c.status == HIDDEN) + len(mention_hidden),
            "hidden_by_moderation": sum(
                1 for c in matched if c.status == HIDDEN and (c.moderation or "").startswith("hidden")
            ),
            "spam": sum(1 for c in matched if c.status == SPAM),
            "duplicates": self.found - len(unique),
            "unmatched": sum(len(t.comments) for t in self.unmatched),
            "without_parent": sum(1 for c in matched if c.removed_parent is not None),
            "mentions": sum(1 for c in matched if c.type != COMMENT),
        }
        totals["balanced"] = totals["found"] == (
            totals["shown"] + totals["hidden"] + totals["spam"] + totals["duplicates"] + totals["unmatched"]
        )
        return totals

    @property
    def comments(self) -> list[Comment]:
        return [comment for thread in self.threads for comment in thread.comments]

    @property
    def unmatched(self) -> list[Thread]:
        return [thread for thread in self.threads if thread.article is None]

    def verdict(self) -> "Verdict":
        return Verdict(problems=list(self.problems), unmatched=self.unmatched, balanced=self.totals["balanced"])


@dataclass(frozen=True)
class Verdict:
    """Whether an import is clean: no problem in the archives, no thread that matched no article, and
    totals that balance. The one rule of `invoke comments --strict`, `invoke check` and `invoke publish`."""

    problems: list[Problem]
    unmatched: list[Thread]
    balanced: bool

    @property
    def clean(self) -> bool:
        return self.balanced and not self.problems and not self.unmatched

    def exit_code(self, strict: bool) -> int:
        """`invoke comments`: 3 when the totals do not balance (a bug), 1 under ``strict`` when not clean."""
        if not self.balanced:
            return 3
        return 1 if strict and not self.clean else 0

    def reasons(self) -> list[str]:
        """What makes it not clean, one line each (the first problem and thread named)."""
        reasons = []
        if self.problems:
            first = self.problems[0]
            where = first.source + (f":{first.line}" if first.line else "")
            reasons.append(f"{len(self.problems)} problem(s) in the archives (first: {where}: {first.message})")
        if self.unmatched:
            first = self.unmatched[0]
            where = first.url or first.identifier or "an unknown page"
            reasons.append(f"{len(self.unmatched)} thread(s) that matched no article (first: {where})")
        if not self.balanced:
            reasons.append("totals that do not balance (found ≠ shown + hidden + spam + duplicates + unmatched)")
        return reasons


def parse_file(path: str, name: str, context: parsers.ParseContext, cache: ParseCache | None = None) -> ParseResult:
    """Detect the format of one file by its content and parse it (or take it from the cache); never raises."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        return ParseResult(problems=[Problem(name, f"cannot be read: {error.strerror or error}")])
    if cache is None:
        return parse_bytes(data, name, context)
    key = cache.key(data, name, str(context.tz))
    result = cache.get(key)
    if result is None:
        result = parse_bytes(data, name, context)
        cache.put(key, result)
    return result


def parse_bytes(data: bytes, name: str, context: parsers.ParseContext) -> ParseResult:
    """Detect the format of an archive's bytes and parse them; never raises."""
    if not data.strip():
        return ParseResult(problems=[Problem(name, "the file is empty: nothing to import")])
    parser = parsers.detect(data[: parsers.HEAD_BYTES])
    if parser is None:
        return ParseResult(
            problems=[
                Problem(
                    name,
                    "not a comment archive this importer knows (a saved HTML page, a Wayback capture, "
                    "a WordPress WXR export or a Disqus XML export); move it out of the comments folder "
                    "or check that it is the file you meant",
                )
            ]
        )
    try:
        with collector_paused():  # a page's tree is thousands of objects in cycles (collector.py)
            result = parser.parse(data, name, context)
    except Exception as error:  # a parser bug must not stop the other archives
        return ParseResult(
            problems=[Problem(name, f"the {parser.NAME} reader failed ({type(error).__name__}: {error}); "
                                    "nothing was imported from this file — please report it")]
        )
    # Sanitized here, right after parsing: in the worker processes, and before
    # the parse cache stores it, so nothing downstream ever holds raw archive HTML.
    repaired = 0
    for source_thread in result.threads:
        for comment in source_thread.comments:
            repaired += clean_comment(comment)
    result.problems.extend(repaired_problem(name, repaired))
    return result


def clean_comment(comment: Comment) -> bool:
    """Make one parsed comment safe: sanitized body, text-only name without invisible characters,
    checked URL.

    Mis-decoded characters (mojibake) in the body and name are repaired first; returns
    whether there were any.
    """
    # Terminal escape sequences go whole first ("ESC[2J", "\x9b31m"): once their control character
    # alone is gone, "[2J" would stay visible, and mojibake repair would read "\x9b" as "›".
    raw_html, raw_author = without_sequences(comment.html or ""), without_sequences(comment.author or "")
    html, author = repair_text(raw_html), repair_text(raw_author)
    repaired = html != raw_html or author != raw_author
    comment.html = sanitize_body(html)
    comment.author = clean_name(author) or "Anonymous"
    comment.author_url = safe_url(comment.author_url)
    comment.id = clean_text(comment.id)
    comment.parent = clean_text(comment.parent) or None
    return repaired


def repaired_problem(name: str, repaired: int) -> list[Problem]:
    """The report's line for a file whose comments needed their characters repaired."""
    if not repaired:
        return []
    return [Problem(
        name,
        f"{repaired} comment(s) held mis-decoded characters (mojibake such as 'â€™' for '’', or "
        "Windows-1252 characters read as Latin-1); they were repaired — the file's encoding is wrong or mixed",
    )]


# A reader's problem about a comment without a date, and the label it names the comment by
# ("pingback 12 has no readable date", "comment 7 has a date that cannot be read").
_NO_DATE_RE = re.compile(r"has no readable date|has a date that cannot be read|has no createdAt|"
                         r"has a createdAt that cannot be read")
_LABEL_RE = re.compile(r"^(?:a |Disqus )?(comment|pingback|trackback|post)\b(?: id)? ?(\S*)")


def without_mention_dates(parsed: ParseResult) -> list[Problem]:
    """A file's problems, less those about a pingback or trackback without a date.

    A mention's date is whatever the linking site's excerpt showed, often nothing: that is no
    problem.  The comment a problem names is known by the type in its label, else by its id or,
    where every dateless comment on the problem's line is a mention, by that line.
    """
    dateless = [c for c in parsed.comments if c.date is None]
    if not dateless:
        return list(parsed.problems)
    kinds_by_id: dict[str, set[str]] = {}
    kinds_by_line: dict[int, set[str]] = {}
    for comment in dateless:
        kinds_by_id.setdefault(comment.id, set()).add(comment.type)
        if comment.line is not None:
            kinds_by_line.setdefault(comment.line, set()).add(comment.type)
    kept = []
    for problem in parsed.problems:
        if _NO_DATE_RE.search(problem.message):
            label = _LABEL_RE.match(problem.message)
            kind, named = (label.group(1), label.group(2)) if label else ("", "")
            kinds = kinds_by_id.get(named) or (kinds_by_line.get(problem.line) if problem.line else None)
            if kind in (PINGBACK, TRACKBACK) or (kinds and COMMENT not in kinds):
                continue
        kept.append(problem)
    return kept


# No blog comment is older than this: an earlier date is a broken archive (a Unix time of 0 …).
EARLIEST_PLAUSIBLE_YEAR = 1995


def check_date(comment: Comment, name: str, now: datetime, problems: list[Problem]) -> None:
    """Report a date nobody can have written the comment on; drop one that no zone can show."""
    if comment.date is None:
        return
    label = f"{comment.type} {comment.id}"
    if checked(comment.date, comment.date_precision)[0] is None:
        problems.append(Problem(
            name, f"{label} has a date out of range ({comment.date.isoformat()}); it is kept without a date",
            comment.line,
        ))
        comment.date, comment.date_precision = None, PRECISION_NONE
    elif comment.date > now:
        problems.append(Problem(
            name, f"{label} is dated {comment.date.isoformat()}, in the future (a wrong clock or date format "
                  "in the archive?); the date is kept as is",
            comment.line,
        ))
    elif comment.date.astimezone(timezone.utc).year < EARLIEST_PLAUSIBLE_YEAR:
        problems.append(Problem(
            name, f"{label} is dated {comment.date.isoformat()}, before {EARLIEST_PLAUSIBLE_YEAR}: earlier than any "
                  "blog comment (a Unix time of 0 or a broken date field?); the date is kept as is",
            comment.line,
        ))


def collect(parsed: ParseResult, name: str, now: datetime, result: ImportResult,
            source_threads: list[SourceThread]) -> None:
    """One source's threads and problems into the import (dates checked, every comment counted as found)."""
    result.problems.extend(without_mention_dates(parsed))
    for source_thread in parsed.threads:
        source_thread.source = source_thread.source or name
        for comment in source_thread.comments:
            check_date(comment, name or source_thread.source, now, result.problems)
            if not comment.sources:
                comment.sources = [name or source_thread.source]
        result.found += len(source_thread.comments)
        source_threads.append(source_thread)


@dataclass(frozen=True)
class ImportOptions:
    """The settings that shape an import (every other input is the archives, the articles and Isso).

    Built once from the plugin's settings (``from_settings``); each default is ``CommentsSettings``'s
    (or ``siteconf.zone``'s for ``tz``), so a bare ``ImportOptions()`` imports as a site with default
    settings does. It is also the settings part of the import cache's key (``import_cache``).
    """

    tz: tzinfo = field(default_factory=lambda: site_timezone(None))
    url_map: dict = field(default_factory=lambda: CommentsSettings().url_map)
    ignore: tuple[str, ...] = field(default_factory=lambda: tuple(CommentsSettings().ignore))
    # Reports name files relative to this folder (the one holding the content folder).
    base: str | None = None
    spam: SpamSettings = field(default_factory=SpamSettings)
    # The moderation file's path on disk; None: no moderation.
    moderation_file: str | None = None
    show_mentions: bool = CommentsSettings.show_mentions

    @classmethod
    def from_settings(cls, comments: CommentsSettings, tz: tzinfo, base: str | None,
                      moderation_file: str | None) -> "ImportOptions":
        return cls(tz=tz, url_map=dict(comments.url_map), ignore=tuple(comments.ignore), base=base,
                   spam=SpamSettings.from_settings(comments), moderation_file=moderation_file,
                   show_mentions=comments.show_mentions)


def import_comments(
    paths: list[str],
    options: ImportOptions | None = None,
    articles: list[ArticleRef] | None = None,
    parse=None,
    progress=None,
    more: list[ParseResult] | None = None,
    spam_facts: dict | None = None,
) -> ImportResult:
    """Read, merge, thread and match every archive under ``paths``.

    ``parse(path, name) -> ParseResult`` replaces the default parsing (every
    file parsed here, no cache), e.g. by the parse cache's results or those a
    ``BackgroundParser`` prepared in workers.  ``more``: sources that are no
    file (new comments read from Isso), sanitized here and then merged,
    threaded, matched, scored and moderated with the archives.  ``spam_facts``: the comments' spam
    facts worked out while parsing, with ``options.spam`` (``BackgroundParser.spam_facts``).
    """
    options = options or ImportOptions()
    tz = options.tz
    context = parsers.ParseContext(tz=tz)
    result = ImportResult(show_mentions=options.show_mentions)
    now = datetime.now(timezone.utc)
    source_threads: list[SourceThread] = []
    files = source_files(paths, list(options.ignore), options.base)
    if parse is None:
        def parse(path, name):
            return parse_file(path, name, context)
    for done, (path, name) in enumerate(files, start=1):
        result.files.append(name)
        parsed = parse(path, name)
        if progress is not None:
            progress(done, len(files), name)
        collect(parsed, name, now, result, source_threads)
    for parsed in more or []:
        for source_thread in parsed.threads:
            for comment in source_thread.comments:
                clean_comment(comment)
        collect(parsed, "", now, result, source_threads)

    # Merged, threaded, matched, scored: tens of thousands of new objects, none of them garbage in a
    # cycle; left on, the collector walked them and every comment before them again and again
    # (20,000 comments: 1.48 -> 1.26 s from the parse cache).
    with collector_paused():
        for key, group in group_source_threads(source_threads).items():
            result.threads.append(build_thread(key, group, tz, result.problems))
        match_threads(result.threads, articles or [], options.url_map)
        for comment in result.comments:
            # Show and report every date in the site's zone, as the old blog did.
            if comment.date is not None:
                comment.date = comment.date.astimezone(tz)
        score_comments(result.comments, options.spam, spam_facts)
        if options.moderation_file:
            name = display_path(options.moderation_file, options.base)
            decisions, problems = read_moderation(options.moderation_file, name)
            result.problems.extend(problems)
            result.problems.extend(apply_moderation(result.threads, decisions, name))
        result.threads.sort(key=lambda t: (t.article or "\uffff", t.slug or "", t.url or "", t.sources))
        for problem in result.problems:
            # Messages quote archive text (author names): no control character reaches a terminal.
            problem.message = clean_text(problem.message)
        result.problems.sort(key=lambda p: (p.source, p.line or 0, p.message))
    return result
