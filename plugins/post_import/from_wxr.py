"""Posts, pages and authors from a WordPress WXR export (Tools → Export, any 1.x version).

The export is read with the WordPress-archive library's WXR walk (lxml with recovery, no entity
expansion, namespaces of every WXR version, damaged files reported), as the comment import reads it:
this module only reads the fields of posts, pages and authors.
"""

from __future__ import annotations

import html
import re
from datetime import tzinfo
from pathlib import Path
from urllib.parse import unquote, urlsplit

from wparchive import safexml
from wparchive.dates import parse_wp_datetime
from wparchive.wxr import PLAIN, WP, Reader

from .model import ARTICLE, DRAFT, PAGE, AuthorInfo, Post

_EXCERPT_NS_RE = re.compile(r"/excerpt/?$")
_DRAFT_STATUSES = {"draft", "pending", "future", "private", "auto-draft"}
_SAFE_SLUG_RE = re.compile(r"^[^\s/\\?#%<>\"'&]+$")
_CREATOR_JUNK_RE = re.compile(r"^[^\w@.]+|[^\w@.]+$")


def _slugify(text: str) -> str:
    from pelican.utils import slugify

    return slugify(text or "", regex_subs=[(r"[^\w\s-]", ""), (r"(?u)\A\s*", ""), (r"(?u)\s*\Z", ""), (r"[-\s]+", "-")])


def clean_slug(post_name: str, title: str, post_id: str | None) -> tuple[str, str | None]:
    """(slug, note): the old post name as the URL has it (percent-decoded), or one made up."""
    name = unquote((post_name or "").strip()).strip()
    if name and _SAFE_SLUG_RE.match(name) and name not in (".", ".."):
        return name, None
    made = _slugify(re.sub(r"<[^>]*>", "", title or ""))
    if made:
        return made, f"no usable post name ({post_name!r}): slug made from the title"
    return f"post-{post_id or 'untitled'}", f"no post name nor title: slug post-{post_id or 'untitled'}"


def _date(text: str, tz) -> object:
    value, _ = parse_wp_datetime((text or "").strip(), tz)
    return value


def read(data: bytes, source: str, source_file: Path, tz: tzinfo) -> tuple[list[Post], list[AuthorInfo], list[str]]:
    """Every post and page of an export (trashed ones carry ``skip_reason``), authors with a bio, problems."""
    problems: list[str] = []
    doc = safexml.load(data)
    if doc.root is None:
        return [], [], [f"could not be read as a WordPress export: {doc.failure}"]
    reader = Reader(doc, source, tz, [])
    if doc.errors or doc.char_errors:
        problems.extend(p.message for p in safexml.damage_problems(doc, source, "what could be read"))

    authors = _authors(reader)
    items = [_fields(reader, item) for item in reader.items()]

    media: dict[str, str] = {}
    children: dict[str, list[tuple[str, str]]] = {}
    for fields in items:
        if fields["post_type"] == "attachment" and fields["attachment_url"]:
            media[fields["post_id"]] = fields["attachment_url"]
            children.setdefault(fields["post_parent"], []).append((fields["post_id"], fields["attachment_url"]))
    attachment_pages: dict[str, list[str]] = {}
    for fields in items:
        if fields["post_type"] == "attachment" and fields["link"] and fields["post_parent"] not in ("", "0"):
            attachment_pages.setdefault(fields["post_parent"], []).append(fields["link"])
    page_names = {f["post_id"]: (f["post_name"], f["post_parent"]) for f in items if f["post_type"] == "page"}

    posts: list[Post] = []
    for fields in items:
        if fields["post_type"] not in ("post", "page"):
            continue
        post = _post(fields, source, source_file, tz, authors, media, children, page_names)
        post.attachment_links = sorted(attachment_pages.get(fields["post_id"], [])) if fields["post_id"] else []
        posts.append(post)

    infos = []
    used = {p.author for p in posts if p.author}
    for login, (display, bio) in sorted(authors.items()):
        if bio and display in used:
            infos.append(AuthorInfo(name=display, bio=bio, source=source, source_file=source_file))
    return posts, infos, problems


def _authors(reader) -> dict[str, tuple[str, str]]:
    """login (case-folded) -> (display name, description) from the channel's ``wp:author`` entries."""
    found = {}
    for channel in reader.doc.root.iter("channel"):
        for element in channel:
            if reader.classify(element.tag) != ("author", WP):
                continue
            fields = reader.wp_fields(element)
            login = reader.text(fields.get("author_login")).strip()
            if not login:
                continue
            display = reader.text(fields.get("author_display_name")).strip()
            if not display:
                first = reader.text(fields.get("author_first_name")).strip()
                last = reader.text(fields.get("author_last_name")).strip()
                display = f"{first} {last}".strip() or login
            bio = ""
            for name in ("author_description", "author_bio", "description"):
                if fields.get(name) is not None:
                    bio = reader.text(fields.get(name)).strip()
                    break
            found[login.casefold()] = (html.unescape(display), bio)
    return found


def _fields(reader, item) -> dict:
    """The fields of one ``<item>`` the import reads (never email or IP addresses)."""
    out = {"categories": [], "meta": {}, "content": "", "excerpt": ""}
    wp = {}
    plain = {}
    for child in item:
        if not safexml.is_element(child):
            continue
        name, kind = reader.classify(child.tag)
        if kind == WP:
            if name == "postmeta":
                meta = reader.wp_fields(child)
                key = reader.text(meta.get("meta_key")).strip()
                if key:
                    out["meta"].setdefault(key, reader.text(meta.get("meta_value")).strip())
            elif name != "comment":
                wp.setdefault(name, child)
        elif kind == PLAIN:
            if name == "category":
                text = html.unescape(reader.text(child).strip())
                if text:
                    out["categories"].append((child.get("domain") or "category", child.get("nicename") or "", text))
            else:
                plain.setdefault(name, child)
        elif name == "creator":
            plain.setdefault("creator", child)
        elif name == "encoded":
            key = "excerpt" if _EXCERPT_NS_RE.search(safexml.namespace(child.tag) or "") else "content"
            if not out[key]:
                out[key] = safexml.inner_markup(child, reader.stop)

    def text(fields, name):
        return reader.text(fields.get(name)).strip()

    for name in ("post_id", "post_type", "status", "post_name", "post_parent", "post_date", "post_date_gmt",
                 "post_modified", "post_modified_gmt", "post_password", "attachment_url", "menu_order"):
        out[name] = text(wp, name)
    for name in ("title", "link", "creator", "guid"):
        out[name] = text(plain, name)
    out["line"] = reader.doc.line(item)
    return out


def _when(fields: dict, local: str, gmt: str, tz):
    """A WordPress date: the GMT one (exact), else the local one read in the site's zone."""
    value = _date(fields[gmt], tzinfo_utc())
    if value is not None:
        return value.astimezone(tz), False
    value = _date(fields[local], tz)
    return value, value is not None


def tzinfo_utc():
    from datetime import timezone

    return timezone.utc


def _post(fields, source, source_file, tz, authors, media, children, page_names) -> Post:
    notes: list[str] = []
    title = fields["title"]  # HTML, as WordPress (and Pelican's themes) print titles
    slug, note = clean_slug(fields["post_name"], title, fields["post_id"])
    if note:
        notes.append(note)
    kind = PAGE if fields["post_type"] == "page" else ARTICLE
    wp_status = fields["status"] or "publish"
    post = Post(kind=kind, slug=slug, title=title, source=source, source_file=source_file, fmt="wxr",
                body=fields["content"], wp_status=wp_status, post_id=fields["post_id"] or None,
                url=fields["link"] or None, link=fields["link"] or None, guid=fields["guid"] or None, media=media,
                attachments=children.get(fields["post_id"], []) if fields["post_id"] else [])
    post.notes = notes
    if wp_status == "trash":
        post.skip_reason = "in the trash on the old blog"
    elif wp_status in _DRAFT_STATUSES:
        post.status = DRAFT
        if wp_status != "draft":
            notes.append(f"WordPress status '{wp_status}': imported as a draft")
    elif wp_status != "publish":
        post.status = DRAFT
        notes.append(f"unknown WordPress status '{wp_status}': imported as a draft")
    if fields["post_password"]:
        post.status = DRAFT
        notes.append("password-protected on the old blog: imported as a draft (a static site cannot ask for a password)")

    post.date, local = _when(fields, "post_date", "post_date_gmt", tz)
    post.wp_date = _date(fields["post_date"], tzinfo_utc())
    if local:
        notes.append("no GMT date in the export: the local date was read in the site's zone")
    modified, _ = _when(fields, "post_modified", "post_modified_gmt", tz)
    if modified is not None and post.date is not None and modified > post.date:
        post.modified = modified

    categories = [(nice, name) for domain, nice, name in fields["categories"] if domain == "category"]
    tags = [name for domain, _, name in fields["categories"] if domain == "post_tag"]
    post.tag_slugs = [(nice, name) for domain, nice, name in fields["categories"] if domain == "post_tag" and nice]
    if categories:
        post.category = categories[0][1]
        post.category_slug = categories[0][0] or None
        extra = [name for _, name in categories[1:]]
        if extra:
            tags = tags + extra
            notes.append(f"more than one category: {', '.join(extra)} kept as tags (Pelican has one category)")
    post.tags = tags

    creator = fields["creator"]
    if creator:
        known = authors.get(creator.casefold()) or authors.get(_CREATOR_JUNK_RE.sub("", creator).casefold())
        post.author = known[0] if known else _CREATOR_JUNK_RE.sub("", creator) or None
        post.author_login = _CREATOR_JUNK_RE.sub("", creator) or None

    if fields["excerpt"].strip():
        post.excerpt = fields["excerpt"]
    thumbnail = fields["meta"].get("_thumbnail_id")
    if thumbnail:
        post.cover_url = media.get(thumbnail)
        if post.cover_url is None:
            notes.append(f"featured image (attachment {thumbnail}) is not in the export")

    if kind == PAGE and fields["post_parent"] not in ("", "0"):
        chain = [slug]
        parent = fields["post_parent"]
        seen = set()
        while parent not in ("", "0") and parent in page_names and parent not in seen:
            seen.add(parent)
            name, parent = page_names[parent]
            chain.insert(0, unquote(name))
        if len(chain) > 1 and all(chain):
            post.path = "/".join(chain) + "/"
    if post.url:
        parts = urlsplit(post.url)
        if parts.query and not parts.path.strip("/"):
            post.url = None  # ?p=123: no pretty URL to keep
    return post
