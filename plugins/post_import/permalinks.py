"""The old blog's permalink structure, read from the archive, and the Pelican settings that keep it.

Every post's old URL (a WXR ``<link>``, a saved page's canonical URL) is compared with what the
archive knows of the post — its post name, id, date as the old blog showed it, category and author —
and written back as a WordPress structure tag by tag (``/%year%/%monthnum%/%day%/%postname%/``,
``/archives/%post_id%``, ``/%category%/%postname%/``, ``/?p=%post_id%`` for plain permalinks, any
mix with literal parts such as ``/blog/%year%/%postname%.html``).  The commonest structure is the
blog's; ``pelican_settings`` gives the ``ARTICLE_URL`` / ``ARTICLE_SAVE_AS`` that reproduce it when
Pelican can (not ``%post_id%`` nor plain ``?p=N``), and ``fits`` says which posts it would keep.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote, urlsplit

from wparchive.oldurls import COMMENT_PAGE_RE

from .model import ARTICLE, DRAFT, Post

PLAIN = "/?p=%post_id%"
PAGE_PLAIN = "/?page_id=%post_id%"
# WordPress tag -> Pelican URL field; None: Pelican cannot build it from a post's metadata.
PELICAN_FIELDS = {
    "%year%": "{date:%Y}", "%monthnum%": "{date:%m}", "%day%": "{date:%d}", "%hour%": "{date:%H}",
    "%minute%": "{date:%M}", "%second%": "{date:%S}", "%postname%": "{slug}", "%category%": "{category.slug}",
    "%author%": "{author.slug}", "%post_id%": None,
}


@dataclass
class Permalinks:
    """What the archive shows of the old blog's post URLs."""

    structure: str | None = None  # the commonest, e.g. "/%year%/%monthnum%/%day%/%postname%/"
    structures: Counter = field(default_factory=Counter)  # structure -> posts
    per_post: dict[str, str] = field(default_factory=dict)  # slug -> its structure
    posts: int = 0  # published posts with an old URL
    fits: int = 0  # of them, how many the commonest structure gives
    article_url: str | None = None  # Pelican's equivalent, when there is one
    article_save_as: str | None = None
    why_not: str | None = None  # why Pelican cannot keep the structure
    misfits: list[tuple[str, str]] = field(default_factory=list)  # (slug, old path) Pelican would move

    @property
    def keepable(self) -> bool:
        return self.article_url is not None and not self.misfits

    def as_dict(self) -> dict:
        return {
            "structure": self.structure, "structures": dict(self.structures.most_common()),
            "posts": self.posts, "fits": self.fits, "article_url": self.article_url,
            "article_save_as": self.article_save_as, "keepable": self.keepable, "why_not": self.why_not,
            "misfits": [{"slug": s, "old": p} for s, p in self.misfits],
        }


def _slug(text: str | None) -> str:
    from pelican.utils import slugify

    return slugify(text or "", regex_subs=[(r"[^\w\s-]", ""), (r"(?u)\A\s*", ""), (r"(?u)\s*\Z", ""), (r"[-\s]+", "-")])


def _segment(segment: str, post: Post, state: dict) -> str:
    """One path segment as WordPress structure tags (or itself, a literal)."""
    name = unquote(post.slug)
    date = post.wp_date or post.date
    lowered = segment.casefold()
    if name and lowered == name.casefold():
        return "%postname%"
    if date is not None and segment.isdigit():
        if len(segment) == 4 and int(segment) == date.year and "%year%" not in state:
            state["%year%"] = True
            return "%year%"
        if len(segment) == 2:
            order = [("%monthnum%", date.month), ("%day%", date.day), ("%hour%", date.hour),
                     ("%minute%", date.minute), ("%second%", date.second)]
            for tag, value in order:
                if tag not in state and int(segment) == value:
                    state[tag] = True
                    return tag
                if tag not in state:
                    state[tag] = False  # skipped: WordPress writes them in this order
    if post.post_id and segment == post.post_id:
        return "%post_id%"
    if post.category_slug and lowered == unquote(post.category_slug).casefold():
        return "%category%"
    if post.author and lowered == _slug(post.author).casefold():
        return "%author%"
    if name and name.casefold() in lowered:  # "my-post.html", "123-my-post"
        start = lowered.index(name.casefold())
        rest = segment[:start] + "%postname%" + segment[start + len(name):]
        if post.post_id:
            rest = re.sub(rf"(?<!\d){re.escape(post.post_id)}(?!\d)", "%post_id%", rest)
        return rest
    if post.post_id and re.search(rf"(?<!\d){re.escape(post.post_id)}(?!\d)", segment):
        return re.sub(rf"(?<!\d){re.escape(post.post_id)}(?!\d)", "%post_id%", segment)
    return segment


def structure_of(url: str | None, post: Post) -> str | None:
    """The WordPress structure one old URL of ``post`` follows, or None (no URL, no path)."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    path = parts.path or "/"
    if not path.strip("/"):
        query = parse_qs(parts.query)
        if query.get("p") and (not post.post_id or query["p"][0] == post.post_id):
            return PLAIN
        if query.get("page_id"):
            return PAGE_PLAIN
        return None
    path = COMMENT_PAGE_RE.sub("/", unquote(path))
    state: dict = {}
    segments = path.split("/")
    return "/".join(_segment(s, post, state) if s else s for s in segments)


def old_path(url: str | None) -> str | None:
    """The path of an old URL (percent-decoded, comment pages dropped), or ``/?p=N`` for a plain one."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    path = parts.path or "/"
    if not path.strip("/"):
        query = parse_qs(parts.query)
        for key in ("p", "page_id"):
            if query.get(key) and query[key][0].isdigit():
                return f"/?{key}={query[key][0]}"
        return None
    return COMMENT_PAGE_RE.sub("/", unquote(path))


def to_pelican(structure: str) -> tuple[str | None, str | None]:
    """(ARTICLE_URL, why not) for a structure; ARTICLE_SAVE_AS follows from the URL."""
    if structure in (PLAIN, PAGE_PLAIN):
        return None, "plain permalinks (?p=N) are answered by the server, not by a file: redirects only"
    url = structure.lstrip("/")
    for tag in re.findall(r"%[a-z_]+%", url):
        field_ = PELICAN_FIELDS.get(tag)
        if field_ is None:
            return None, f"Pelican cannot build {tag} from a post (no such metadata): redirects only"
        url = url.replace(tag, field_)
    if "%postname%" not in structure:
        return None, "the structure has no %postname%: redirects only"
    return url, None


def save_as(article_url: str) -> str:
    return article_url + "index.html" if article_url.endswith("/") or not article_url else article_url


def _pelican_path(article_url: str, post: Post) -> str | None:
    from types import SimpleNamespace

    if post.date is None:
        return None
    category = SimpleNamespace(slug=_slug(post.category or "Uncategorized"))
    author = SimpleNamespace(slug=_slug(post.author or ""))
    try:
        return "/" + article_url.format(slug=post.slug, date=post.date, category=category, author=author)
    except (KeyError, AttributeError, IndexError, ValueError):
        return None


def detect(posts: list[Post]) -> Permalinks:
    """The old blog's permalink structure, from its published posts' old URLs."""
    found = Permalinks()
    for post in posts:
        if post.kind != ARTICLE or post.status == DRAFT or post.skip_reason:
            continue
        links = post.old_links or ([post.link] if post.link else [])
        structure = next((s for s in (structure_of(u, post) for u in links) if s), None)
        if structure is None:
            continue
        found.posts += 1
        found.per_post[post.slug] = structure
        found.structures[structure] += 1
    if not found.structures:
        return found
    top = sorted(found.structures.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    found.structure = top
    found.fits = found.structures[top]
    url, why = to_pelican(top)
    found.why_not = why
    if url is None:
        return found
    for post in posts:
        structure = found.per_post.get(post.slug)
        if structure is None:
            continue
        old = old_path(next((u for u in (post.old_links or [post.link]) if structure_of(u, post) == structure), None))
        new = _pelican_path(url, post)
        if old is None or new is None or old.rstrip("/") != new.rstrip("/"):
            found.misfits.append((post.slug, old or "?"))
    found.article_url = url
    found.article_save_as = save_as(url)
    if found.misfits:
        found.why_not = (f"{len(found.misfits)} post(s) would get another URL with ARTICLE_URL = {url!r} (another "
                         "structure, or a date that is another day in the site's TIMEZONE): redirects are safer")
    return found
