"""Posts from saved pages of the old blog: a browser's "Save page as" (also "complete", with its
``_files/`` folder) or a Wayback Machine capture.

The page is decoded, unwrapped and named the way the comment import reads it — with the
WordPress-archive library's ``wparchive.pages`` (``read_text``, ``unwrap_capture``, ``identity``), once a
page — so the post's slug is the one the comments are matched by.  Then the post's own markup is read:

* title: ``.entry-title``, ``.wp-block-post-title``, ``[itemprop=headline]``, JSON-LD, ``og:title``;
* date: ``<time datetime>`` of the post, ``[itemprop=datePublished]``, ``article:published_time``,
  JSON-LD ``datePublished``, or the visible date read in the site's zone;
* author, categories (``rel="category tag"``), tags (``rel="tag"``), cover (the featured image or
  ``og:image``), summary (``og:description`` unless cut off by WordPress);
* the body: ``.entry-content``, ``.post-content``, ``.wp-block-post-content``,
  ``[itemprop=articleBody]`` … without share buttons, related posts, the author box, comments and
  forms;
* the author box (``.author-bio``, ``.about-author``, ``.author-info``, ``.wp-block-post-author``,
  this theme's ``aside.author-box``): name, bio, photo, links.
"""

from __future__ import annotations

import json
import re
import warnings
from datetime import datetime, tzinfo
from pathlib import Path

from bs4 import BeautifulSoup, Tag

from wparchive import pages
from wparchive.dates import parse_human, parse_iso
from wparchive.oldurls import slug_from_url

from .convert import clean_title
from .model import ARTICLE, PAGE, AuthorInfo, Post

BODY_SELECTORS = (
    ".entry-content", ".post-content", ".wp-block-post-content", "[itemprop=articleBody]",
    ".post-entry", ".entry-body", ".article-content", ".single-content", ".post-body", ".entry",
    ".article-body", ".content-body",
)
ARTICLE_SELECTORS = (
    "article.type-post", "article.type-page", "article.post", "article.page", "[itemtype*=BlogPosting]",
    "[itemtype$=\"schema.org/Article\"]", ".hentry", "main article", "article", "main", "#content", "body",
)
TITLE_SELECTORS = (
    "h1.entry-title", ".entry-title", "h1.wp-block-post-title", ".wp-block-post-title", "h1.post-title",
    "[itemprop=headline]", "h1.title", "article h1",
)
AUTHOR_BOX_SELECTORS = (
    ".author-bio", ".about-author", ".author-info", ".author-box", "#author-info", "#entry-author-info",
    ".wp-block-post-author",
    ".saboxplugin-wrap", ".author-card", ".author-profile",
)
# Parts of a page that are never the post (looked for by class or id token).
_NOT_POST_RE = re.compile(
    r"(?:^|[-_])(?:sharedaddy|sd-sharing|sd-like|share|shares|sharing|social-share|social-sharing"
    r"|jp-relatedposts|related|related-posts|yarpp|addtoany|wpcnt|wordads|author-bio|about-author"
    r"|author-info|author-box|post-navigation|nav-links|page-links|entry-footer|entry-meta|comments|respond"
    r"|comment-respond|widget|newsletter|subscribe|wp-block-comments|post-meta|byline)(?:$|[-_])",
    re.IGNORECASE,
)
_NOT_PAGE_AREAS = (
    "#comments", ".comments-area", "#respond", ".wp-block-comments", "aside", "#secondary", ".sidebar",
    ".widget-area", "#colophon", ".site-footer", "#masthead", ".site-header", "nav", "form", "script",
    "style", "noscript",
)
_CUT_OFF_RE = re.compile(r"(?:\[(?:…|&hellip;|\.\.\.)\]|…|\.\.\.)\s*$")
_AUTHOR_PREFIX_RE = re.compile(
    r"^\s*(?:about the author|about|published by|written by|posted by|author|by)\s*[:\-–—]?\s*", re.IGNORECASE
)
_SOCIAL_HOSTS = ("twitter.com", "x.com", "instagram.com", "facebook.com", "vimeo.com", "youtube.com",
                 "mastodon", "linkedin.com", "threads.net", "bsky.app")


def _select_first(root: Tag, selectors, exclude=None) -> Tag | None:
    for selector in selectors:
        for el in root.select(selector):
            if exclude is not None and exclude(el):
                continue
            return el
    return None


def _tokens(el: Tag) -> list[str]:
    classes = el.get("class") or []
    if isinstance(classes, str):
        classes = classes.split()
    ident = el.get("id")
    return list(classes) + ([ident] if ident else [])


def _in_comments_or_sidebar(el: Tag) -> bool:
    for parent in [el, *el.parents]:
        if not isinstance(parent, Tag) or parent.name in ("body", "html", "[document]"):
            continue
        if parent.name in ("aside", "nav", "footer") and parent is not el:
            return True
        for token in _tokens(parent):
            lowered = token.lower()
            if lowered in ("comments", "respond", "secondary", "sidebar", "colophon") or lowered.startswith(
                ("comments-", "comment-", "widget", "sidebar", "wp-block-comment")
            ):
                return True
    return False


def _json_ld(soup: BeautifulSoup) -> dict:
    """The BlogPosting / Article node of the page's JSON-LD, if any."""
    for script in soup.find_all("script", attrs={"type": "application/ld+json"}):
        try:
            data = json.loads(script.string or script.get_text() or "")
        except (ValueError, TypeError):
            continue
        nodes = data if isinstance(data, list) else [data]
        expanded = []
        for node in nodes:
            if isinstance(node, dict) and isinstance(node.get("@graph"), list):
                expanded.extend(node["@graph"])
            else:
                expanded.append(node)
        for node in expanded:
            if not isinstance(node, dict):
                continue
            kinds = node.get("@type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if any(k in ("BlogPosting", "Article", "NewsArticle", "WebPage") for k in kinds if isinstance(k, str)):
                if "WebPage" in kinds and not any(k != "WebPage" for k in kinds):
                    continue
                return node
    return {}


def _meta(soup: BeautifulSoup, *names: str) -> str | None:
    for name in names:
        el = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
        if el is not None and el.get("content"):
            return el["content"].strip()
    return None


def _date_from(el: Tag | None, tz) -> datetime | None:
    if el is None:
        return None
    value = el.get("datetime") or el.get("content") or (el.get("title") if el.name == "abbr" else None)
    if value:
        date, _ = parse_iso(value, tz)
        if date is not None:
            return date
    text = " ".join(el.get_text(" ").split())
    if text:
        date, _ = parse_human(text, tz)
        return date
    return None


def _published(article: Tag, soup, ld: dict, tz) -> datetime | None:
    candidates = [
        _select_first(article, ("time.published[datetime]", "time.entry-date[datetime]",
                                ".wp-block-post-date time[datetime]", "[itemprop=datePublished]",
                                "abbr.published[title]"), _in_comments_or_sidebar),
    ]
    for el in candidates:
        date = _date_from(el, tz)
        if date is not None:
            return date
    for value in (_meta(soup, "article:published_time"), ld.get("datePublished")):
        if isinstance(value, str):
            date, _ = parse_iso(value, tz)
            if date is not None:
                return date
    el = _select_first(article, ("time[datetime]",), _in_comments_or_sidebar)
    date = _date_from(el, tz)
    if date is not None:
        return date
    el = _select_first(article, (".entry-date", ".posted-on", ".post-date", ".wp-block-post-date", ".date",
                                 "time"), _in_comments_or_sidebar)
    return _date_from(el, tz)


def _modified(article: Tag, soup, ld: dict, tz) -> datetime | None:
    el = _select_first(article, ("time.updated[datetime]", "[itemprop=dateModified]"), _in_comments_or_sidebar)
    date = _date_from(el, tz)
    if date is not None:
        return date
    for value in (_meta(soup, "article:modified_time", "og:updated_time"), ld.get("dateModified")):
        if isinstance(value, str):
            date, _ = parse_iso(value, tz)
            if date is not None:
                return date
    return None


def _author_name(article: Tag, soup, ld: dict) -> str | None:
    el = _select_first(article, (".byline .author a", ".byline .fn", ".author.vcard .fn", ".author.vcard a",
                                 ".entry-meta a[rel~=author]", ".wp-block-post-author__name",
                                 "[itemprop=author] [itemprop=name]", "a[rel~=author]", "[itemprop=author]",
                                 ".post-author a", ".entry-author a", "a[href*='/author/']"),
                       lambda e: _in_comments_or_sidebar(e) or e.find_parent(class_=_box_class) is not None)
    if el is not None:
        text = _AUTHOR_PREFIX_RE.sub("", " ".join(el.get_text(" ").split()))
        if text:
            return text
    author = ld.get("author")
    if isinstance(author, list) and author:
        author = author[0]
    if isinstance(author, dict) and isinstance(author.get("name"), str):
        return author["name"].strip() or None
    if isinstance(author, str) and author.strip():
        return author.strip()
    return _meta(soup, "author", "article:author") if not (_meta(soup, "article:author") or "").startswith("http") else None


def _box_class(value) -> bool:
    if not value:
        return False
    tokens = value if isinstance(value, list) else str(value).split()
    return any(t in ("author-bio", "about-author", "author-info", "author-box", "saboxplugin-wrap", "author-card")
               for t in tokens)


def _terms(article: Tag) -> tuple[list[str], list[str]]:
    categories: list[str] = []
    tags: list[str] = []

    def add(target, text):
        text = " ".join(text.split())
        if text and text not in target:
            target.append(text)

    for a in article.find_all("a", rel=True):
        if _in_comments_or_sidebar(a) and not a.find_parent(class_="entry-footer") and not a.find_parent(
            class_="entry-meta"
        ):
            continue
        rel = a.get("rel") or []
        rel = rel if isinstance(rel, list) else rel.split()
        if "category" in rel:
            add(categories, a.get_text(" "))
        elif "tag" in rel:
            add(tags, a.get_text(" "))
    for terms in article.select(".wp-block-post-terms"):
        classes = terms.get("class") or []
        for a in terms.find_all("a"):
            if "taxonomy-category" in classes:
                add(categories, a.get_text(" "))
                if a.get_text(" ").strip() in tags:
                    tags.remove(" ".join(a.get_text(" ").split()))
            elif "taxonomy-post_tag" in classes:
                add(tags, a.get_text(" "))
    if not categories and not tags:
        for token in article.get("class") or []:
            if token.startswith("category-") and len(token) > 9:
                add(categories, token[9:].replace("-", " "))
            elif token.startswith("tag-") and len(token) > 4:
                add(tags, token[4:].replace("-", " "))
    return categories, tags


def _kind(article: Tag, soup: BeautifulSoup) -> str:
    tokens = set(article.get("class") or [])
    if "type-page" in tokens:
        return PAGE
    if "type-post" in tokens:
        return ARTICLE
    body = soup.body
    body_tokens = set(body.get("class") or []) if body is not None else set()
    if "page" in body_tokens and "single" not in body_tokens and "single-post" not in body_tokens:
        return PAGE
    return ARTICLE


def _clean_body(body: Tag) -> None:
    for el in list(body.find_all(True)):
        if el.parent is None or getattr(el, "attrs", None) is None:
            continue
        if el.name in ("form", "nav", "aside", "script", "style", "noscript", "button"):
            el.decompose()
            continue
        if any(_NOT_POST_RE.search(token) for token in _tokens(el)):
            el.decompose()


def _author_box(soup: BeautifulSoup, source: str, source_file: Path, byline: str | None) -> AuthorInfo | None:
    for selector in (*AUTHOR_BOX_SELECTORS, "aside.author-box"):
        for box in soup.select(selector):
            if any(p for p in box.parents if isinstance(p, Tag) and _box_class(p.get("class")) and p is not box):
                continue
            info = _read_box(box, source, source_file, byline)
            if info is not None:
                return info
    return None


def _read_box(box: Tag, source, source_file, byline) -> AuthorInfo | None:
    box = BeautifulSoup(str(box), "html.parser")
    name_el = _select_first(box, (".author-title", ".author-name", ".wp-block-post-author__name", ".fn",
                                  "[itemprop=name]", "h2", "h3", "h4", "a[rel~=author]"))
    name = _AUTHOR_PREFIX_RE.sub("", " ".join(name_el.get_text(" ").split())) if name_el is not None else ""
    name = name or (byline or "")
    links = []
    for a in box.find_all("a", href=True):
        href = a["href"].strip()
        if href.startswith(("http://", "https://")) and any(h in href.lower() for h in _SOCIAL_HOSTS):
            if href not in links:
                links.append(href)
    img = box.find("img")
    photo = None
    if img is not None:
        photo = img.get("src") or img.get("data-src")
    for el in box.select(".author-link, .author-links, .author-posts-link, #author-link, img, .wp-block-post-author__avatar,"
                         " .author-social, .author-tagline"):
        el.decompose()
    if name_el is not None:
        for el in box.select(".author-title, .author-name, .wp-block-post-author__name, h2, h3, h4"):
            el.decompose()
    bio_el = _select_first(box, (".author-description .author-bio", ".author-bio", ".wp-block-post-author__bio",
                                 "[itemprop=description]", ".author-description", "#author-description"))
    if bio_el is None:
        paragraphs = box.find_all("p")
        bio_html = "".join(str(p) for p in paragraphs if p.get_text(strip=True) and "author-tagline" not in (p.get("class") or []))
    else:
        bio_html = bio_el.decode_contents() if bio_el.find("p") else f"<p>{bio_el.decode_contents()}</p>"
    text = " ".join(BeautifulSoup(bio_html, "html.parser").get_text(" ").split())
    if not name or len(text) < 20:
        return None
    return AuthorInfo(name=name, bio=bio_html, source=source, source_file=source_file,
                      photo_url=photo, links=links)


def read(data: bytes, source: str, source_file: Path, tz: tzinfo) -> tuple[Post | None, AuthorInfo | None, str | None]:
    """(post, author box, why there is no post)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        text = pages.read_text(data)[0] if data.strip() else None
        if pages.not_html(data, text) is not None:
            return None, None, "not an HTML page"
        if text is None:
            return None, None, "the bytes could not be decoded as text"
        text, original = pages.unwrap_capture(text)
        soup = BeautifulSoup(text, "lxml")
        url, page_title = pages.identity(text, soup, original)

    ld = _json_ld(soup)
    article = _select_first(soup, ARTICLE_SELECTORS, _in_comments_or_sidebar) or soup
    byline = _author_name(article, soup, ld)
    author = _author_box(soup, source, source_file, byline)

    title_el = _select_first(article, TITLE_SELECTORS, _in_comments_or_sidebar)
    if title_el is not None:
        title = clean_title(title_el.decode_contents())
    elif isinstance(ld.get("headline"), str):
        title = clean_title(ld["headline"])
    else:
        title = clean_title(page_title or "")

    slug = slug_from_url(url) if url else None
    if not slug:
        return None, author, "the page's original URL is unknown, so the post's slug (its old URL) is too"

    post = Post(kind=_kind(article, soup), slug=slug, title=title, source=source, source_file=source_file,
                fmt="html", url=url, link=_canonical(soup, url))
    post.date = _published(article, soup, ld, tz)
    post.wp_date = post.date  # as the old blog printed it, in its own zone
    post.modified = _modified(article, soup, ld, tz)
    # Every date in the site's zone, as the comments are shown.
    post.date = post.date.astimezone(tz) if post.date is not None else None
    post.modified = post.modified.astimezone(tz) if post.modified is not None else None
    if post.modified is not None and post.date is not None and post.modified <= post.date:
        post.modified = None
    post.author = byline or (author.name if author else None)
    categories, post.tags = _terms(article)
    if categories:
        post.category = categories[0]
        if len(categories) > 1:
            post.tags = post.tags + [c for c in categories[1:] if c not in post.tags]
            post.notes.append(f"more than one category: {', '.join(categories[1:])} kept as tags")

    featured = _select_first(article, (".post-thumbnail img", ".wp-block-post-featured-image img",
                                       ".featured-image img", "img.wp-post-image"), _in_comments_or_sidebar)
    cover = None
    if featured is not None and not featured.find_parent(_is_body_wrapper):
        cover = featured.get("src") or featured.get("data-src")
    og_image = _meta(soup, "og:image", "twitter:image")
    post.cover_url = cover or og_image or (ld.get("image") if isinstance(ld.get("image"), str) else None)
    if cover and og_image and cover != og_image:
        post.notes.append(f"og:image {og_image} differs from the featured image: the featured image was used")

    description = _meta(soup, "og:description", "description")
    if description and not _CUT_OFF_RE.search(description):
        post.excerpt = f"<p>{_escape(description)}</p>"

    for selector in _NOT_PAGE_AREAS:
        for el in soup.select(selector):
            if el.parent is not None and el is not soup.body:
                el.decompose()
    body = _select_first(article if article.parent is not None else soup, BODY_SELECTORS)
    if body is None:
        body = _select_first(soup, BODY_SELECTORS)
    if body is None:
        return None, author, ("no post body found (looked for " + ", ".join(BODY_SELECTORS[:6]) + " …)")
    _clean_body(body)
    post.body = body.decode_contents().strip()
    if not title:
        post.notes.append("no title found in the page")
    if post.date is None:
        post.notes.append("no publication date found in the page")
    return post, author, None


def _canonical(soup: BeautifulSoup, url: str) -> str:
    """The page's own canonical URL when it is ``url``'s comment page (``…/comment-page-2/``), else ``url``."""
    link = soup.find("link", rel="canonical", href=True)
    href = (link.get("href") or "").strip() if link is not None else ""
    if href and href != url and re.search(r"/comment-page-\d+/?$", href, re.IGNORECASE) and \
            slug_from_url(href) == slug_from_url(url):
        return href
    return url


def _is_body_wrapper(tag: Tag) -> bool:
    """Whether ``tag`` is a post body wrapper (``find_parent`` filter)."""
    classes = set(tag.get("class") or [])
    return bool(classes & {"entry-content", "post-content", "wp-block-post-content"}) or tag.get("itemprop") == "articleBody"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
