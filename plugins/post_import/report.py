"""The import report: what was written, skipped (and why), images, warnings per post."""

from __future__ import annotations

import json

from .model import ImportReport
from .pipeline import url_changes


def as_dict(report: ImportReport) -> dict:
    return {
        "dry_run": report.dry_run,
        "sources": report.sources,
        "kinds": report.kinds,
        "ignored": report.ignored,
        "posts": [
            {
                "slug": o.slug, "kind": o.kind, "action": o.action, "path": o.path, "reason": o.reason,
                "status": o.status, "sources": o.sources, "warnings": o.warnings,
                "old_url": o.old_url, "new_url": o.new_url,
            }
            for o in report.outcomes
        ],
        "images": {
            "copied": [{"from": a, "to": b} for a, b in report.images_copied],
            "present": report.images_present,
            "missing": [{"url": a, "where": b} for a, b in report.images_missing],
            "conflicts": [{"path": a, "from": b} for a, b in report.images_conflict],
        },
        "authors": [{"slug": o.slug, "action": o.action, "path": o.path, "reason": o.reason,
                     "warnings": o.warnings} for o in report.authors],
        "url_changes": [{"slug": s, "old": a, "new": b} for s, a, b in url_changes(report)],
        "problems": [{"source": s, "message": m} for s, m in report.problems],
        "permalinks": dict(report.permalinks.as_dict() if report.permalinks is not None else {},
                           kept=report.kept_permalinks),
        "redirects": {"table": report.redirect_table, "added": report.redirects_added,
                      "present": report.redirects_present, "problem": report.redirect_problem},
    }


def as_json(report: ImportReport) -> str:
    return json.dumps(as_dict(report), ensure_ascii=False, indent=2) + "\n"


def as_text(report: ImportReport) -> str:
    lines: list[str] = []
    kinds = report.kinds
    verb = "would be written" if report.dry_run else "written"
    lines.append(
        f"Post import{' (dry run: nothing written)' if report.dry_run else ''}: {len(report.sources)} source file(s)"
        f" — {kinds.get('wxr', 0)} WXR export(s), {kinds.get('html', 0)} saved page(s)"
        + (f", {kinds['disqus']} Disqus export(s) (comments only)" if kinds.get("disqus") else "")
        + (f"; {len(report.ignored)} file(s) not read, as COMMENTS_IGNORE says (a saved page's files, images, notes)"
           if report.ignored else "")
        + "."
    )
    lines.append("")
    done = [o for o in report.outcomes if o.action in ("written", "would write")]
    unchanged = [o for o in report.outcomes if o.action == "unchanged"]
    skipped = [o for o in report.outcomes if o.action == "skipped"]
    articles = sum(1 for o in done if o.kind == "article")
    lines.append(f"Posts and pages {verb} ({articles} post(s), {len(done) - articles} page(s)):")
    for o in done:
        extra = " [draft]" if o.status == "draft" else ""
        lines.append(f"  {o.path}{extra}  ← {', '.join(o.sources)}")
    if not done:
        lines.append("  (none)")
    if unchanged:
        lines.append(f"Unchanged (the file already holds exactly this): {len(unchanged)}")
    lines.append("")
    lines.append(f"Skipped ({len(skipped)}):")
    for o in skipped:
        lines.append(f"  {o.slug} ({o.kind}, {', '.join(o.sources)}): {o.reason}")
    if not skipped:
        lines.append("  (none)")
    lines.append("")
    lines.append(
        f"Images: {len(report.images_copied)} {'to copy' if report.dry_run else 'copied'}, "
        f"{len(report.images_present)} already there, {len(report.images_missing)} with no local copy"
        + (f", {len(report.images_conflict)} not overwritten" if report.images_conflict else "") + "."
    )
    for source, target in report.images_copied:
        lines.append(f"  copied  {source} → content/{target}")
    for target, source in report.images_conflict:
        lines.append(f"  NOT overwritten  content/{target}: another file is there ({source}; --force replaces it)")
    if report.images_missing:
        lines.append("  No local copy (only the URL is known; put the file in an uploads/ folder beside the export"
                     " and re-run with --force):")
        for url, where in report.images_missing:
            lines.append(f"    {url}  ({where})")
    lines.append("")
    lines.append(f"Author profiles ({len(report.authors)}):")
    for o in report.authors:
        what = o.action if o.action != "skipped" else f"skipped: {o.reason}"
        lines.append(f"  {o.path}: {what}" + "".join(f"; {w}" for w in o.warnings))
    if not report.authors:
        lines.append("  (none found: no author box in the pages, no author description in the export)")
    lines.append("")
    warned = [o for o in report.outcomes if o.warnings and o.action != "skipped"]
    lines.append(f"Conversion warnings ({len(warned)} post(s)):")
    for o in warned:
        lines.append(f"  {o.path}:")
        lines.extend(f"    - {w}" for w in o.warnings)
    if not warned:
        lines.append("  (none)")
    changes = url_changes(report)
    if changes:
        lines.append("")
        lines.append(f"URLs that change ({len(changes)}): the old blog's permalinks differ from the site's "
                     "ARTICLE_URL/PAGE_URL; each has a line in the redirect table (or: --keep-permalinks):")
        for slug, old, new in changes:
            lines.append(f"  {old} → {new}")
    lines.extend(permalink_lines(report))
    lines.append("")
    lines.append(f"Problems ({len(report.problems)}):")
    for source, message in report.problems:
        lines.append(f"  {source}: {message}")
    if not report.problems:
        lines.append("  (none)")
    return "\n".join(lines) + "\n"


def permalink_lines(report: ImportReport) -> list[str]:
    """The old blog's permalink structure, the author's two ways, and the redirect table."""
    found = report.permalinks
    if found is None or not found.posts:
        return []
    lines = ["", f"Old permalinks: {found.structure} ({found.fits} of {found.posts} published post(s))"]
    for structure, count in found.structures.most_common():
        if structure != found.structure:
            lines.append(f"  also {structure} ({count})")
    if report.kept_permalinks:
        lines.append(f"  kept: ARTICLE_URL = {found.article_url!r}, ARTICLE_SAVE_AS = {found.article_save_as!r}"
                     " in pelicanconf.py")
        for slug, old in found.misfits:
            lines.append(f"  {old} is not where this puts {slug}: the redirect table sends it there")
    elif found.article_url:
        how = "suggested (every post fits)" if found.keepable else "possible"
        lines.append(f"  Keep them as the site's URLs ({how}): invoke import-posts … --keep-permalinks writes")
        lines.append(f"    ARTICLE_URL = {found.article_url!r}")
        lines.append(f"    ARTICLE_SAVE_AS = {found.article_save_as!r}")
        lines.append("    into pelicanconf.py; or keep the clean URLs, with a redirect for every old one (below).")
        if found.why_not:
            lines.append(f"  ({found.why_not})")
    elif found.why_not:
        lines.append(f"  {found.why_not}")
    if report.redirect_table:
        verb = "would append" if report.dry_run else "appended"
        lines.append(f"Redirect table content/{report.redirect_table}: {verb} {report.redirects_added} old URL(s), "
                     f"{report.redirects_present} already there (edit it to change a redirect; the build writes "
                     "redirect pages, .htaccess, nginx and _redirects rules from it)")
    return lines
