"""``invoke check``: what would be broken on the built site, found before a reader does.

Reads a built output folder (no network: links to other hosts are never
fetched) and reports, each with the file and line:

errors (exit code 1)
  - an internal link, stylesheet, script, image (``src`` and every ``srcset``
    candidate), video poster or social image whose file is not in the output;
  - a link to an anchor (``#comment-N`` permalinks, "in reply to" links,
    ``#comments``) that the target page does not have;
  - a feed or sitemap (``*.xml``) that does not parse as XML, and an internal
    link in one that points to nothing;
  - an article page heavier than the budget: its HTML plus the stylesheets
    it links, over ``CHECK_PAGE_BUDGET`` bytes (30,000);
  - the archived comments' import report: problems, threads that matched no
    article, totals that do not balance (as ``invoke comments`` shows them);
  - an old URL of a post or page that the archives name (a WXR export's
    ``<link>``, a saved page's canonical URL) that does not reach that post in
    the build: neither its page nor a redirect page to it (the redirect table
    ``content/redirects.toml``, plugin old_urls);

warnings (exit code 0)
  - a build older than its sources: a file under the content folder or the
    theme, or the settings, changed after the build was written (the check
    then reads new sources against an old site: build again);
  - articles without a ``Summary:`` or a ``Cover:`` (drafts included, marked);
  - an old URL whose post is a draft (or scheduled) on the new site.

``python -m sitetools.check [OUTPUT] [--settings FILE]`` and ``invoke check``
run it; ``invoke publish`` and ``invoke gh-pages`` run it on the production
build and refuse to deploy on errors unless ``--force``.  Production builds
use absolute URLs: links under the settings' SITEURL count as internal.
"""

from __future__ import annotations

import argparse
import json
import os
import posixpath
import re
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .site import Site as Project

DEFAULT_BUDGET = 30_000  # bytes of HTML + CSS per article page, before compression
ERROR, WARNING = "error", "warning"

# (tag, attribute) pairs that hold one URL the reader's browser loads or follows.
URL_ATTRIBUTES = (
    ("a", "href"), ("area", "href"), ("link", "href"), ("img", "src"), ("source", "src"), ("script", "src"),
    ("iframe", "src"), ("video", "src"), ("video", "poster"), ("audio", "src"), ("track", "src"),
    ("embed", "src"), ("object", "data"), ("input", "src"),
)
URL_ATTRIBUTE_MAP: dict[str, tuple[str, ...]] = {}
for _tag, _attribute in URL_ATTRIBUTES:
    URL_ATTRIBUTE_MAP[_tag] = URL_ATTRIBUTE_MAP.get(_tag, ()) + (_attribute,)
SRCSET_TAGS = ("img", "source")
SOCIAL_IMAGE_META = {"og:image", "og:url", "twitter:image"}
# <link rel> values whose href is no document of this site.
IGNORED_RELS = {"preconnect", "dns-prefetch", "me", "webmention", "pingback", "external"}
SCHEME_RE = re.compile(r"^([a-z][a-z0-9+.-]*):", re.IGNORECASE)
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@dataclass
class Finding:
    level: str  # "error" | "warning"
    path: str  # as shown to the author, e.g. output/my-post/index.html
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.level}: {self.message}"


@dataclass
class Report:
    output: str
    findings: list[Finding] = field(default_factory=list)
    pages: int = 0
    links: int = 0
    feeds: int = 0
    seconds: float = 0.0
    heaviest: tuple[str, int] | None = None  # article page, bytes of HTML + CSS
    old_urls: int = 0  # old post and page URLs of the archives checked
    stale: str | None = None  # the newest source changed after the build, if any

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.level == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.level == WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    def add(self, level: str, path: str, line: int | None, message: str) -> None:
        self.findings.append(Finding(level, path, line, message))

    def summary(self) -> str:
        heaviest = f"; heaviest article page {self.heaviest[1]:,} bytes" if self.heaviest else ""
        stale = f" [the build is older than {self.stale}: build again]" if self.stale else ""
        return (
            f"check: {self.pages} pages, {self.links} links, {self.feeds} feeds, {self.old_urls} old URLs in "
            f"{self.output}{heaviest}: "
            f"{len(self.errors)} error(s), {len(self.warnings)} warning(s) ({self.seconds:.2f} s){stale}"
        )

    def as_json(self) -> str:
        return json.dumps(
            {
                "output": self.output,
                "errors": len(self.errors),
                "warnings": len(self.warnings),
                "findings": [asdict(f) for f in self.findings],
                "pages": self.pages,
                "links": self.links,
                "feeds": self.feeds,
                "old_urls": self.old_urls,
                "stale": self.stale,
                "seconds": round(self.seconds, 3),
            },
            indent=2,
        )


# --- the site as files ------------------------------------------------------------------------


@dataclass
class Page:
    rel: str  # path in the output, with "/" (e.g. "my-post/index.html")
    ids: set[str]
    refs: list[tuple[str, str, int | None]]  # (what, url, line)
    stylesheets: list[str]  # hrefs of <link rel=stylesheet>
    is_article: bool


class BuiltSite:
    """The output folder, and how a URL found in it maps to one of its files."""

    def __init__(self, output: Path, siteurl: str = "", shown_as: str | None = None):
        self.output = output.resolve()
        self.shown_as = shown_as or str(output)
        siteurl = (siteurl or "").strip().rstrip("/")
        parts = urlsplit(siteurl)
        self.origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}" if parts.scheme and parts.netloc else ""
        self.base_path = parts.path.rstrip("/") if self.origin else ""
        self.pages: dict[str, Page] = {}

    def display(self, rel: str) -> str:
        return posixpath.join(self.shown_as.rstrip("/").replace(os.sep, "/"), rel)

    def resolve(self, page_rel: str, url: str) -> tuple[str | None, str, str | None]:
        """(file in the output or None, fragment, reason) for a URL on a page.

        ``(None, "", None)``: not this site's (another host, mailto:, data: …): nothing to check.
        ``(None, frag, reason)``: this site's, but it points to no file (reason says why).
        """
        url = url.strip()
        if not url:
            return None, "", None
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme or parts.netloc:
            if scheme not in ("http", "https", ""):
                return None, "", None  # mailto:, tel:, data:, javascript: …
            origin = f"{scheme or urlsplit(self.origin).scheme}://{parts.netloc.lower()}"
            if not self.origin or origin != self.origin:
                return None, "", None  # another host: never fetched
            path = parts.path or "/"
            if self.base_path and not (path + "/").startswith(self.base_path + "/"):
                return None, "", None  # same host, outside the site
            path = path[len(self.base_path):] or "/"
        else:
            path = parts.path
        fragment = unquote(parts.fragment)
        if not path:  # "#anchor" or "?query" alone: this page
            return page_rel, fragment, None
        path = unquote(path)
        if path.startswith("/"):
            if self.base_path and (path + "/").startswith(self.base_path + "/"):
                path = path[len(self.base_path):] or "/"
            joined = path.lstrip("/")
        else:
            joined = posixpath.join(posixpath.dirname(page_rel), path)
        trailing = path.endswith("/")
        normal = posixpath.normpath(joined) if joined else "."
        if normal == ".." or normal.startswith("../"):
            return None, fragment, "points above the site's root folder"
        normal = "" if normal == "." else normal
        target = self.output / normal
        if trailing or normal == "":
            candidate = posixpath.join(normal, "index.html") if normal else "index.html"
            if (self.output / candidate).is_file():
                return candidate, fragment, None
            return None, fragment, "no such page (no index.html in that folder)"
        if target.is_file():
            return normal, fragment, None
        if target.is_dir() and (target / "index.html").is_file():
            return posixpath.join(normal, "index.html"), fragment, None
        return None, fragment, "no such file"


def _srcset_urls(value: str) -> list[str]:
    """The URLs of a srcset (candidates split on commas that follow a descriptor or a URL)."""
    urls = []
    for candidate in re.split(r",\s+|,(?=\S+\s)", value.strip()):
        candidate = candidate.strip().rstrip(",")
        if candidate:
            urls.append(candidate.split()[0])
    return urls


def parse_page(site: BuiltSite, rel: str) -> Page:
    from bs4 import BeautifulSoup

    text = (site.output / rel).read_text(encoding="utf-8", errors="replace")
    soup = BeautifulSoup(text, "html.parser")
    ids: set[str] = set()
    refs: list[tuple[str, str, int | None]] = []
    stylesheets: list[str] = []
    is_article = False
    for tag in soup.find_all(True):  # one pass over every element
        name, attrs = tag.name, tag.attrs
        if "id" in attrs:
            ids.add(attrs["id"])
        if name == "a" and "name" in attrs:
            ids.add(attrs["name"])
        for attribute in URL_ATTRIBUTE_MAP.get(name, ()):
            if attribute not in attrs:
                continue
            if name == "link":
                rels = {r.lower() for r in (attrs.get("rel") or [])}
                if rels & IGNORED_RELS:
                    continue
                if "stylesheet" in rels:
                    stylesheets.append(attrs[attribute])
            refs.append((f"<{name} {attribute}>", attrs[attribute], tag.sourceline))
        if name in SRCSET_TAGS and "srcset" in attrs:
            for url in _srcset_urls(attrs["srcset"]):
                refs.append((f"<{name} srcset>", url, tag.sourceline))
        if name == "meta" and "content" in attrs:
            kind = attrs.get("property") or attrs.get("name") or ""
            if kind.lower() in SOCIAL_IMAGE_META:
                refs.append((f"<meta {kind}>", attrs["content"], tag.sourceline))
        if name == "article" and "article" in (attrs.get("class") or []):
            is_article = True
    return Page(rel=rel, ids=ids, refs=refs, stylesheets=stylesheets, is_article=is_article)


def check_links(site: BuiltSite, report: Report) -> None:
    for page in site.pages.values():
        for what, url, line in page.refs:
            report.links += 1
            target, fragment, reason = site.resolve(page.rel, url)
            if target is None:
                if reason:
                    report.add(ERROR, site.display(page.rel), line, f"broken link: {what} {url!r}: {reason}")
                continue
            if fragment and target.endswith(".html") and fragment != "top":
                linked = site.pages.get(target)
                if linked is not None and fragment not in linked.ids:
                    where = "this page" if target == page.rel else f"/{target.removesuffix('index.html')}"
                    report.add(ERROR, site.display(page.rel), line,
                               f"broken anchor: {what} {url!r}: {where} has no element with id {fragment!r}")


def check_feeds(site: BuiltSite, report: Report) -> None:
    for path in sorted(site.output.rglob("*.xml")):
        rel = path.relative_to(site.output).as_posix()
        if rel.startswith("pagefind/"):
            continue
        report.feeds += 1
        try:
            tree = ET.parse(path)
        except ET.ParseError as error:
            line = error.position[0] if getattr(error, "position", None) else None
            report.add(ERROR, site.display(rel), line, f"not well-formed XML (a feed reader cannot read it): {error}")
            continue
        root = tree.getroot()
        urls = [el.get("href") for el in root.iter(f"{ATOM}link") if el.get("href")]
        urls += [el.text for el in root.iter("link") if el.text and el.text.strip()]  # RSS
        urls += [el.text for el in root.iter(f"{SITEMAP}loc") if el.text]
        for url in urls:
            report.links += 1
            target, fragment, reason = site.resolve(rel, url.strip())
            if target is None and reason:
                report.add(ERROR, site.display(rel), None, f"broken link in feed: {url.strip()!r}: {reason}")
            elif target and fragment and target in site.pages and fragment not in site.pages[target].ids:
                report.add(ERROR, site.display(rel), None,
                           f"broken anchor in feed: {url.strip()!r}: no element with id {fragment!r}")


def check_weight(site: BuiltSite, report: Report, budget: int) -> None:
    heaviest = None
    for page in site.pages.values():
        if not page.is_article:
            continue
        total = (site.output / page.rel).stat().st_size
        for href in page.stylesheets:
            target, _, _ = site.resolve(page.rel, href)
            if target:
                total += (site.output / target).stat().st_size
        if heaviest is None or total > heaviest[1]:
            heaviest = (page.rel, total)
        if total > budget:
            report.add(ERROR, site.display(page.rel), None,
                       f"page weight {total:,} bytes of HTML + CSS is over the budget of {budget:,} (CHECK_PAGE_BUDGET)")
    report.heaviest = heaviest


# --- the sources: comments report, summaries and covers ------------------------------------------


def newer_sources(root: Path, settings: dict, settings_file: str, built_at: float) -> list[Path]:
    """Source files changed after ``built_at`` (seconds since the epoch), newest first.

    The content folder (PATH), the theme (THEME) and the settings files: what a build is made of.
    """
    content = root / settings.get("PATH", "content")
    theme = root / str(settings.get("THEME") or "theme")
    candidates = [root / settings_file, root / "pelicanconf.py"]
    for folder in (content, theme):
        if folder.is_dir() and root in folder.resolve().parents:
            candidates += [p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    changed = {p for p in candidates if p.is_file() and p.stat().st_mtime > built_at}
    return sorted(changed, key=lambda p: (-p.stat().st_mtime, str(p)))


def check_freshness(site: "BuiltSite", root: Path, settings: dict, settings_file: str, report: Report) -> None:
    """A warning when sources changed after the build: the other checks would read a stale site."""
    built_at = (site.output / "index.html").stat().st_mtime
    changed = newer_sources(root, settings, settings_file, built_at)
    if not changed:
        return
    newest = report.stale = changed[0].relative_to(root).as_posix()
    more = f" and {len(changed) - 1} more file(s)" if len(changed) > 1 else ""
    report.add(WARNING, report.output, None,
               f"the build is older than its sources: {newest}{more} changed after it was built "
               f"({time.strftime('%Y-%m-%d %H:%M', time.localtime(built_at))}); build again "
               "(`invoke build`) and check the new build")


def check_sources(project: Project, report: Report, comments: bool = True) -> None:
    """The comments import report (errors) and articles without summary or cover (warnings)."""
    root = project.root
    for item in project.contents:
        if type(item).__name__ != "Article":
            continue
        where = os.path.relpath(item.source_path, root) if item.source_path else item.slug
        draft = " (draft)" if getattr(item, "status", "published") == "draft" else ""
        metadata = getattr(item, "metadata", {}) or {}
        if not str(metadata.get("summary") or "").strip():
            report.add(WARNING, where, None,
                       f"no summary{draft} (a `Summary:` line): the index and the feeds show its first words instead")
        if not str(metadata.get("cover") or "").strip():
            report.add(WARNING, where, None, f"no cover image{draft} (a `Cover:` line): nothing at its top, nor on shares")
    if not comments:
        return
    # The archives only: a check fetches nothing (new comments from Isso are the build's to read).
    verdict = project.verdict
    for problem in verdict.problems:
        report.add(ERROR, problem.source, problem.line, f"archived comments: {problem.message}")
    for thread in verdict.unmatched:
        source = thread.sources[0] if thread.sources else (thread.url or "archives")
        old = thread.url or thread.identifier or thread.slug
        report.add(ERROR, source, None,
                   f"archived comments: the thread of {old} ({len(thread.comments)} comment(s)) matched no article: "
                   "import the post, or map its old URL in COMMENTS_URL_MAP")
    if not verdict.balanced:
        report.add(ERROR, project.comments.path, None,
                   "archived comments: the totals do not balance (found ≠ shown + hidden + spam + duplicates + "
                   "unmatched); `invoke comments` shows them")


# --- old URLs: every post the archives name is reached from its old address ----------------------

REFRESH_RE = re.compile(r'<meta\s+http-equiv="refresh"\s+content="\d+;\s*url=([^"]+)"', re.IGNORECASE)
MAX_HOPS = 5


def follow(site: BuiltSite, path: str) -> tuple[str | None, list[str], str | None]:
    """(final output file, files passed through, reason) for an old path, following redirect pages."""
    import html as html_module

    hops: list[str] = []
    target, _, reason = site.resolve("index.html", path)
    while target is not None and target.endswith(".html") and len(hops) < MAX_HOPS:
        head = (site.output / target).read_text(encoding="utf-8", errors="replace")[:3000]
        match = REFRESH_RE.search(head)
        if not match:
            return target, hops, None
        hops.append(target)
        target, _, reason = site.resolve(target, html_module.unescape(match.group(1)))
    if target is not None and len(hops) >= MAX_HOPS:
        return None, hops, f"more than {MAX_HOPS} redirect pages in a row"
    return target, hops, reason


def check_old_urls(site: BuiltSite, project: Project, report: Report) -> int:
    """Every old post and page URL of the archives reaches its post; returns how many were checked."""
    from post_import import sources
    from post_import.permalinks import old_path

    checked = 0
    folder = os.path.join(project.root, project.comment_sources)
    if not os.path.isdir(folder):
        return 0
    with project.here():
        collected = sources.collect([project.comment_sources], project.comments.ignore, project.timezone, None)
    contents = {}
    unpublished = set()
    for item in project.contents:
        if getattr(item, "status", "published") == "published" and getattr(item, "save_as", ""):
            contents.setdefault(item.slug.casefold(), item)
        else:
            unpublished.add(item.slug.casefold())
    for post in collected.posts:
        if post.skip_reason or post.status == "draft":
            continue
        links = [u for u in (post.old_links or ([post.link] if post.link else [])) if u]
        for link in links:
            path = old_path(link)
            if not path or "?" in path:
                continue  # ?p=N: only a server answers it (the nginx and Apache rules)
            if post.slug.casefold() in unpublished and post.slug.casefold() not in contents:
                report.add(WARNING, post.source, None,
                           f"old URL {link}: its post '{post.slug}' is a draft (or scheduled) here: the old URL "
                           "reaches it once it is published")
                continue
            checked += 1
            item = contents.get(post.slug.casefold())
            if item is None:
                report.add(ERROR, post.source, None,
                           f"old URL {link} (post '{post.slug}'): the site has no published article or page "
                           "with that slug: import it, or send the old URL elsewhere in the redirect table")
                continue
            expected = item.save_as
            final, hops, reason = follow(site, path)
            if final == expected:
                continue
            via = f" (via {', '.join('/' + h.removesuffix('index.html') for h in hops)})" if hops else ""
            if final is None:
                what = f"reaches nothing{via}: {reason or 'no such page'}"
            else:
                what = f"reaches /{final.removesuffix('index.html')}{via}, not the post's /{expected.removesuffix('index.html')}"
            report.add(ERROR, post.source, None,
                       f"old URL {link} {what}: add it to the redirect table content/redirects.toml "
                       "(`invoke import-posts` writes it), or keep the old permalinks")
    return checked


# --- the whole check --------------------------------------------------------------------------


def check_site(
    output: Path | str,
    *,
    root: Path | str = ".",
    settings_file: str | None = "pelicanconf.py",
    comments: bool = True,
    sources: bool = True,
    budget: int | None = None,
) -> Report:
    """Check a built site; ``settings_file`` (relative to ``root``) gives SITEURL, the budget and the sources."""
    started = time.monotonic()
    root = Path(root).resolve()
    output = Path(output)
    shown = str(output)
    if not output.is_absolute():
        output = root / output
    project = Project(root, settings_file) if settings_file else None
    settings = project.settings if project else {}
    if budget is None:
        budget = int(settings.get("CHECK_PAGE_BUDGET") or DEFAULT_BUDGET)
    report = Report(output=shown)
    if not output.is_dir() or not (output / "index.html").is_file():
        report.add(ERROR, shown, None, "no built site here (no index.html): build it first (`invoke build`)")
        report.seconds = time.monotonic() - started
        return report
    site = BuiltSite(output, settings.get("SITEURL", ""), shown_as=shown)
    for path in sorted(site.output.rglob("*.html")):
        rel = path.relative_to(site.output).as_posix()
        site.pages[rel] = parse_page(site, rel)
    report.pages = len(site.pages)
    check_links(site, report)
    check_feeds(site, report)
    check_weight(site, report, budget)
    if sources and project:
        check_freshness(site, root, settings, settings_file, report)
        check_sources(project, report, comments=comments)
        report.old_urls = check_old_urls(site, project, report)
    report.findings.sort(key=lambda f: (f.level != ERROR, f.path, f.line or 0))
    report.seconds = time.monotonic() - started
    return report


def production_build(output: Path) -> bool:
    """Whether a built site has absolute URLs (a production build): its home page's canonical link."""
    index = Path(output) / "index.html"
    if not index.is_file():
        return False
    head = index.read_text(encoding="utf-8", errors="replace")[:4000]
    match = re.search(r'<link rel="canonical" href="([^"]*)"', head)
    return bool(match and re.match(r"https?://", match.group(1)))


def print_report(report: Report, out=sys.stdout, limit: int | None = None) -> None:
    shown = report.findings if limit is None else report.findings[:limit]
    for finding in shown:
        print(finding, file=out)
    if limit is not None and len(report.findings) > limit:
        print(f"… and {len(report.findings) - limit} more", file=out)
    print(report.summary(), file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sitetools.check", description=__doc__.split("\n\n")[0])
    parser.add_argument("output", nargs="?", default="output", help="the built site (default: output)")
    parser.add_argument("--settings", default=None,
                        help="Pelican settings it was built with (default: publishconf.py for a production build, "
                             "else pelicanconf.py)")
    parser.add_argument("--root", default=".", help="the project folder (default: here)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    settings = args.settings
    if settings is None:
        settings = "publishconf.py" if production_build(Path(args.root) / args.output) else "pelicanconf.py"
    report = check_site(args.output, root=args.root, settings_file=settings)
    if args.json:
        print(report.as_json())
    else:
        print_report(report)
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
