"""Merging what several sources say about one page into one threaded ``Thread``.

Three steps, each a plain function:

1. ``group_source_threads``: source threads about the same old page (a WXR
   item, its saved page, two Wayback captures, its second comment page, its
   Disqus thread) are grouped by the page's slug.
2. ``merge_comments``: the same comment seen in several sources becomes one
   (same id in the same id scheme, or, across schemes and for sources with no
   id, the same author + day + text fingerprint); where sources disagree, the
   more complete value wins and the disagreement is reported.
3. ``thread_comments``: parents become a tree; a parent that never appears makes
   its reply top level (``removed_parent``), and a cycle is broken at its oldest
   comment.  Both are reported.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timezone
from datetime import tzinfo as TzInfo
from urllib.parse import parse_qs, urlsplit

from wparchive.oldurls import normalize_slug, slug_from_url, strip_comment_page

from .model import (
    COMMENT,
    HIDDEN,
    SCHEME_DISQUS,
    SCHEME_FINGERPRINT,
    SCHEME_ISSO,
    SCHEME_WORDPRESS,
    SPAM,
    VISIBLE,
    Comment,
    Problem,
    SourceThread,
    Thread,
    _normalize_text,
    fingerprint,
    plain_text,
)

# Which id a merged comment keeps: WordPress ids are the ones old permalinks use.
_SCHEME_RANK = {SCHEME_WORDPRESS: 0, SCHEME_DISQUS: 1, SCHEME_FINGERPRINT: 2, SCHEME_ISSO: 3}
# When sources disagree on status, the more restrictive one wins: publishing a
# comment the old blog had hidden is worse than hiding one it showed.
_STATUS_RANK = {VISIBLE: 0, HIDDEN: 1, SPAM: 2}
_FAR_FUTURE = datetime.max.replace(tzinfo=timezone.utc)


# ---------------------------------------------------------------- grouping

def _post_id_from_url(url: str | None) -> str | None:
    if not url:
        return None
    try:
        query = parse_qs(urlsplit(url).query)
    except ValueError:
        return None
    values = query.get("p") or query.get("page_id")
    return values[0] if values else None


def thread_key(source_thread: SourceThread) -> str:
    """The key that puts every source's view of one old page together."""
    slug = normalize_slug(source_thread.slug) or slug_from_url(source_thread.url)
    if slug:
        return f"slug:{slug}"
    post_id = _post_id_from_url(source_thread.url)
    if post_id:
        return f"post:{post_id}"
    if source_thread.url:
        return f"url:{source_thread.url}"
    if source_thread.identifier:
        return f"identifier:{source_thread.identifier}"
    # No way to tell which page: keep it on its own, per source.
    return f"unknown:{source_thread.source}"


def group_source_threads(source_threads: list[SourceThread]) -> dict[str, list[SourceThread]]:
    groups: dict[str, list[SourceThread]] = defaultdict(list)
    for source_thread in source_threads:
        groups[thread_key(source_thread)].append(source_thread)
    return dict(sorted(groups.items()))


# ---------------------------------------------------------------- merging

class _UnionFind:
    def __init__(self):
        self.parent: dict = {}

    def find(self, item):
        self.parent.setdefault(item, item)
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a, b):
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            self.parent[max(root_a, root_b)] = min(root_a, root_b)


def _date_sort_key(comment: Comment):
    return (comment.date or _FAR_FUTURE, _SCHEME_RANK[comment.scheme], comment.id)


def _copy_order(comment: Comment):
    """Which copy of a comment leads a merge: by what it says, never by the file it came from.

    Where copies disagree and neither is more complete (two author URLs, texts of one length),
    the leading copy's value is kept: ordering by file name would let renaming an archive change
    the site.  The file name only breaks ties between copies that say the same.
    """
    return (
        _SCHEME_RANK[comment.scheme], -comment.date_precision,
        comment.date.isoformat() if comment.date else "~", comment.html, comment.author,
        comment.author_url or "", comment.status, comment.type, comment.parent or "", comment.id,
        comment.sources, comment.line or 0,
    )


def _merge_group(copies: list[Comment], problems: list[Problem]) -> Comment:
    """One comment from every copy of it; reports fields the sources disagree on."""
    if len(copies) == 1:  # the common case: nothing to reconcile, keep the object
        (only,) = copies
        only.aliases = {only.key}
        only.sources = sorted(set(only.sources))
        return only
    copies = sorted(copies, key=_copy_order)
    keep = copies[0]
    merged = Comment(
        id=keep.id,
        parent=keep.parent,
        parent_scheme=keep.parent_scheme,
        scheme=keep.scheme,
        author=keep.author,
        author_url=keep.author_url,
        date=keep.date,
        date_precision=keep.date_precision,
        html=keep.html,
        status=keep.status,
        type=keep.type,
        by_post_author=keep.by_post_author,
        line=keep.line,
    )
    sources: set[str] = set()
    for copy in copies:
        sources.update(copy.sources)
        merged.aliases.add(copy.key)
    merged.sources = sorted(sources)

    disagreements: list[str] = []
    texts = {_normalize_text(plain_text(copy.html)) for copy in copies}
    for copy in copies[1:]:
        if copy.author and len(copy.author) > len(merged.author):
            if merged.author:
                disagreements.append(f"author {merged.author!r} vs {copy.author!r}")
            merged.author = copy.author
        if copy.author_url and not merged.author_url:
            merged.author_url = copy.author_url
        elif copy.author_url and merged.author_url and copy.author_url.rstrip("/") != merged.author_url.rstrip("/"):
            disagreements.append(f"author URL {merged.author_url} vs {copy.author_url}")
        if copy.date is not None and (merged.date is None or copy.date_precision > merged.date_precision):
            merged.date, merged.date_precision = copy.date, copy.date_precision
        elif (
            copy.date is not None
            and copy.date_precision == merged.date_precision
            and abs((copy.date - merged.date).total_seconds()) >= 60
        ):
            disagreements.append(f"date {merged.date.isoformat()} vs {copy.date.isoformat()}")
        if len(copy.html) > len(merged.html):
            merged.html = copy.html
        if _STATUS_RANK[copy.status] > _STATUS_RANK[merged.status]:
            disagreements.append(f"status {merged.status} vs {copy.status} (kept {copy.status})")
            merged.status = copy.status
        if copy.type != COMMENT:
            merged.type = copy.type
        merged.by_post_author = merged.by_post_author or copy.by_post_author
        if merged.parent is None and copy.parent is not None and copy.scheme == merged.scheme:
            merged.parent, merged.parent_scheme = copy.parent, copy.parent_scheme
    if len(texts - {""}) > 1:
        # An edit between two captures, or two different comments under one id: either way
        # a text is not shown, and the report says so.
        disagreements.append(f"text ({len(texts - {''})} different versions; the longest is shown)")
    if disagreements:
        where = (
            f"differs between {', '.join(merged.sources)}" if len(merged.sources) > 1
            else f"appears {len(copies)} times in {merged.sources[0] if merged.sources else 'its source'}"
                 " with different content"
        )
        problems.append(
            Problem(
                source=merged.sources[0],
                line=merged.line,
                message=(
                    f"comment {merged.id} {where}: "
                    + "; ".join(disagreements)
                    + " — kept the more complete value"
                ),
            )
        )
    return merged


def merge_comments(comments: list[Comment], tz: TzInfo, problems: list[Problem]) -> tuple[list[Comment], dict]:
    """Distinct comments, and a map from every (scheme, id) seen to the merged comment."""
    union = _UnionFind()
    for comment in comments:
        union.find(comment.key)
    # Same comment across id schemes (or with no id): same author + day + text.
    # Within one scheme ids decide alone, so fingerprints are only needed (and
    # only computed, they are the costly part) when the thread mixes schemes.
    by_fingerprint: dict[str, list[Comment]] = defaultdict(list)
    if len({comment.scheme for comment in comments}) > 1:
        for comment in comments:
            by_fingerprint[fingerprint(comment.author, comment.date, comment.html, tz)].append(comment)
    for same in by_fingerprint.values():
        for other in same[1:]:
            first = same[0]
            # Two different ids of the same scheme are two comments, however alike.
            if first.scheme == other.scheme and first.scheme != SCHEME_FINGERPRINT and first.id != other.id:
                continue
            union.union(first.key, other.key)

    groups: dict = defaultdict(list)
    for comment in comments:
        groups[union.find(comment.key)].append(comment)
    merged = [_merge_group(copies, problems) for _, copies in sorted(groups.items())]
    by_key = {}
    for comment in merged:
        for alias in comment.aliases:
            by_key[alias] = comment
    return merged, by_key


# ---------------------------------------------------------------- threading

def thread_comments(comments: list[Comment], by_key: dict, problems: list[Problem]) -> list[Comment]:
    """Link replies to parents; returns the roots.  Comments end in date order."""
    comments.sort(key=_date_sort_key)
    parent_of: dict[int, Comment | None] = {}
    for comment in comments:
        comment.replies = []
        parent = None
        if comment.parent is not None:
            parent = by_key.get((comment.parent_scheme or comment.scheme, comment.parent))
            if parent is None:
                comment.removed_parent = comment.parent
            elif parent is comment:
                parent = None
                problems.append(Problem(
                    source=comment.sources[0] if comment.sources else "",
                    line=comment.line,
                    message=f"comment {comment.id} names itself as its parent: shown at top level",
                ))
        parent_of[id(comment)] = parent

    # Break cycles: walk up from each comment; a walk that comes back to itself
    # is a cycle, cut above its oldest member (which becomes a root).
    for comment in comments:
        seen: list[Comment] = []
        node = comment
        while node is not None and id(node) not in {id(s) for s in seen}:
            seen.append(node)
            node = parent_of[id(node)]
        if node is not None:
            cycle_start = seen.index(node)
            cycle = seen[cycle_start:]
            oldest = min(cycle, key=_date_sort_key)
            parent_of[id(oldest)] = None
            problems.append(
                Problem(
                    source=oldest.sources[0] if oldest.sources else "",
                    line=oldest.line,
                    message=(
                        "reply cycle between comments "
                        + ", ".join(sorted(c.id for c in cycle))
                        + f": comment {oldest.id} (the oldest) shown at top level"
                    ),
                )
            )

    roots: list[Comment] = []
    for comment in comments:
        parent = parent_of[id(comment)]
        comment.parent = parent.id if parent is not None else None
        comment.parent_scheme = parent.scheme if parent is not None and parent.scheme != comment.scheme else None
        if parent is None:
            roots.append(comment)
        else:
            parent.replies.append(comment)

    def set_depth(nodes: list[Comment], depth: int) -> None:
        for node in nodes:
            node.depth = depth
            set_depth(node.replies, depth + 1)

    set_depth(roots, 1)
    return roots


def build_thread(key: str, source_threads: list[SourceThread], tz: TzInfo, problems: list[Problem]) -> Thread:
    """One ``Thread`` from every source's view of one old page."""
    # By content first (see _copy_order): the order decides the URL and title kept and which
    # copies a fingerprint joins, and must not depend on file names.
    ordered = sorted(source_threads, key=lambda t: (
        t.url or "", t.slug or "", t.identifier or "", t.title or "",
        [(c.scheme, c.id, c.html) for c in t.comments], t.source,
    ))
    url = next((t.url for t in ordered if t.url and "comment-page-" not in t.url), None)
    url = url or next((t.url for t in ordered if t.url), None)
    if url:
        url = strip_comment_page(urlsplit(url)._replace(fragment="").geturl())
    slug = next((normalize_slug(t.slug) for t in ordered if t.slug), None) or slug_from_url(url)
    all_comments = [comment for t in ordered for comment in t.comments]
    merged, by_key = merge_comments(all_comments, tz, problems)
    roots = thread_comments(merged, by_key, problems)
    return Thread(
        url=url,
        slug=slug,
        identifier=next((t.identifier for t in ordered if t.identifier), None),
        title=next((t.title for t in ordered if t.title), None),
        comments=merged,
        roots=roots,
        sources=sorted({t.source for t in ordered}),
    )
