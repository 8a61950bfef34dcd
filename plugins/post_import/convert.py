"""Post bodies to Markdown: WordPress's stored content or a saved page's body, through one HTML pass.

1. ``stored_to_html`` (WXR only): block delimiters and shortcodes become HTML, and classic content
   gets its paragraphs from ``autop`` (the WordPress-archive library's ``wpautop``; block content already has them).
2. ``tidy`` (every source): images are copied from the archive and linked as ``{static}/…`` (or become
   a link to the remote file, reported: a page must load nothing from another host); YouTube and
   Vimeo embeds become the theme's video iframe (the ``video_embeds`` plugin turns it into a
   click-to-load facade); other embeds, audio and video become links; scripts, forms and the like go.
3. ``to_markdown`` (``markdown_writer``): markdownify, with what Markdown cannot say kept as sanitized inline HTML (tables
   with merged cells, ``<sup>``, ``<del>`` …) — reported per post, never dropped.
"""

from __future__ import annotations

import html as html_module
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import parse_qs, unquote, urlsplit

import nh3
from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from wparchive.wpautop import autop

from . import shortcodes
from .images import IMAGE_EXTENSIONS, ImageStore, is_image_url, is_remote, safe_name
from .markdown_writer import one_line, to_markdown
from .model import Post

# ---------------------------------------------------------------- sanitizing

TITLE_TAGS = {"em", "strong", "b", "i", "sup", "sub", "code", "small", "abbr"}


def clean_title(title: str | None) -> str:
    """A title as themes print it (HTML): inline formatting kept, anything else removed."""
    title = " ".join((title or "").split())
    if re.search(r"<[A-Za-z/!]", title):
        title = nh3.clean(title, tags=TITLE_TAGS, attributes={"abbr": {"title"}}, strip_comments=True)
    return title.strip()


def plain_text(html: str | None) -> str:
    if not html:
        return ""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        text = BeautifulSoup(html, "lxml").get_text(" ")
    return " ".join(text.split())


# ---------------------------------------------------------------- stored content

def stored_to_html(content: str, notes: list[str]) -> tuple[str, str | None]:
    """WordPress's stored post content as the HTML it showed; also the part before ``<!--more-->``."""
    content = (content or "").replace("\r\n", "\n").replace("\r", "\n")
    blocks = shortcodes.has_blocks(content)
    if blocks:
        content = shortcodes.strip_blocks(content, notes)
    content, before_more = shortcodes.split_more(content)
    content = shortcodes.expand(content, notes)
    if before_more is not None:
        before_more = shortcodes.expand(before_more, [])
    if not blocks:
        content = autop(content)
        if before_more is not None:
            before_more = autop(before_more)
    return content, before_more


# ---------------------------------------------------------------- the HTML pass

_DROP_SILENTLY = {"style", "link", "meta", "base", "noscript", "template", "svg"}
_DROP_REPORTED = {"script", "form", "input", "button", "select", "textarea", "object", "embed", "canvas", "applet"}
_LAZY_SRC = ("data-src", "data-lazy-src", "data-orig-file", "data-original")
_YOUTUBE_ID_RE = re.compile(r"^[A-Za-z0-9_-]{6,20}$")


def video_id(url: str | None) -> tuple[str, str] | None:
    """("youtube"|"vimeo", id) for a YouTube or Vimeo page or embed URL."""
    if not url:
        return None
    url = html_module.unescape(url.strip())
    if url.startswith("//"):
        url = "https:" + url
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    path = [p for p in parts.path.split("/") if p]
    found = None
    if host in ("youtube.com", "youtube-nocookie.com"):
        if path[:1] == ["watch"]:
            found = (parse_qs(parts.query).get("v") or [None])[0]
        elif len(path) >= 2 and path[0] in ("embed", "shorts", "v", "live"):
            found = path[1]
        if found and _YOUTUBE_ID_RE.match(found):
            return "youtube", found
    elif host == "youtu.be" and path and _YOUTUBE_ID_RE.match(path[0]):
        return "youtube", path[0]
    elif host in ("vimeo.com", "player.vimeo.com"):
        digits = [p for p in path if p.isdigit()]
        if digits:
            return "vimeo", digits[0]
    return None


def embed_src(provider: str, vid: str) -> str:
    if provider == "youtube":
        return f"https://www.youtube-nocookie.com/embed/{vid}"
    return f"https://player.vimeo.com/video/{vid}"


@dataclass
class Conversion:
    """One post's conversion: its store and post, and the warnings it collects."""

    post: Post
    store: ImageStore
    content: Path  # the site's content folder (posters already there)
    roots: list[Path]
    warnings: list[str] = field(default_factory=list)
    removed: dict[str, int] = field(default_factory=dict)
    kept_html: dict[str, int] = field(default_factory=dict)

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def summary_warnings(self) -> list[str]:
        out = list(self.warnings)
        if self.kept_html:
            what = ", ".join(f"{n} <{tag}>" for tag, n in sorted(self.kept_html.items()))
            out.append(f"kept as inline HTML (Markdown has no syntax for it): {what}")
        if self.removed:
            what = ", ".join(f"{n} <{tag}>" for tag, n in sorted(self.removed.items()))
            out.append(f"removed (not safe or not content on a static page): {what}")
        return out

    # -------------------------------------------------------------- posters

    def poster(self, vid: str) -> str | None:
        """A local poster for a video: ``<id>.<ext>`` in the page's ``_files`` folder, a ``posters/``
        folder of the archive, or already in ``content/images/posters/``."""
        names = [f"{vid}{ext}" for ext in sorted(IMAGE_EXTENSIONS)]
        for name in names:
            present = self.content / "images" / "posters" / name
            if present.is_file():
                return f"images/posters/{name}"
        source = self.post.source_file
        folders = [source.parent / f"{source.stem}_files", source.parent / "posters"]
        folders += [root / "posters" for root in self.roots]
        for folder in folders:
            for name in names:
                candidate = folder / name
                if candidate.is_file():
                    return self.store.copy(candidate, f"images/imported/posters/{safe_name(name)}", self.post.source)
        return None


def _new(soup: BeautifulSoup, name: str, text: str | None = None, **attrs) -> Tag:
    tag = soup.new_tag(name, attrs={k.replace("_", "-"): v for k, v in attrs.items() if v is not None})
    if text is not None:
        tag.string = text
    return tag


def _link_paragraph(soup, url: str, text: str) -> Tag:
    p = soup.new_tag("p")
    a = soup.new_tag("a", href=url)
    a.string = text
    p.append(a)
    return p


def _host(url: str) -> str:
    try:
        return (urlsplit(url if not url.startswith("//") else "https:" + url).hostname or "").removeprefix("www.")
    except ValueError:
        return ""


def _replace_embed(conv: Conversion, soup, el: Tag, url: str, kind: str | None = None,
                   title: str | None = None, caption: Tag | None = None) -> None:
    """An embed (shortcode, block, bare URL, iframe): the theme's video iframe, or a link."""
    video = video_id(url)
    if video is not None:
        provider, vid = video
        poster = conv.poster(vid)
        iframe = _new(
            soup, "iframe", src=embed_src(provider, vid),
            title=title or plain_text(conv.post.title) or "Video",
            data_poster=f"{{static}}/{poster}" if poster else None,
        )
        el.replace_with(iframe)
        if caption is not None and caption.get_text(strip=True):
            p = soup.new_tag("p")
            p.extend(list(caption.contents))
            iframe.insert_after(p)
        return
    if not url:
        el.decompose()
        return
    label = {"audio": "Audio", "video": "Video"}.get(kind or "", "Embedded content")
    if not is_remote(url) or kind in ("audio", "video"):
        name = PurePosixPath(unquote(urlsplit(url).path)).name or url
        text = f"{label}: {name}"
        conv.warn(f"{label.lower()} {url} kept as a link (only images are copied into the site)")
    else:
        text = f"{label}: {url}"
        conv.warn(f"embed of {_host(url) or url} kept as a link (an embed would load another site's page)")
    el.replace_with(_link_paragraph(soup, url, text))


def _image_src(img: Tag) -> str:
    src = (img.get("src") or "").strip()
    if not src or src.startswith("data:"):
        for attr in _LAZY_SRC:
            if img.get(attr):
                return img.get(attr).strip()
    return src


def _alt(img: Tag, src: str) -> tuple[str, bool]:
    """(alt text, whether it had to be made up)."""
    alt = " ".join((img.get("alt") or "").split())
    if alt:
        return alt, False
    figure = img.find_parent("figure")
    caption = figure.find("figcaption") if figure is not None else None
    for candidate in (caption.get_text(" ", strip=True) if caption is not None else "", img.get("title") or ""):
        candidate = " ".join(candidate.split())
        if candidate:
            return candidate[:200], True
    stem = PurePosixPath(unquote(urlsplit(src).path)).stem if src else ""
    stem = re.sub(r"-\d{2,5}x\d{2,5}$", "", stem)
    words = re.sub(r"[_\-.]+", " ", stem).strip()
    return (words or "Image"), True


def _images(conv: Conversion, soup: BeautifulSoup) -> None:
    post = conv.post
    made_up = 0
    for img in list(soup.find_all("img")):
        src = _image_src(img)
        classes = img.get("class") or []
        if any("avatar" in c or c == "emoji" or c == "wp-smiley" for c in classes):
            if "emoji" in classes or "wp-smiley" in classes:
                img.replace_with(img.get("alt") or "")
            else:
                img.decompose()
            continue
        if not src:
            img.decompose()
            conv.removed["img without a source"] = conv.removed.get("img without a source", 0) + 1
            continue
        alt, invented = _alt(img, src)
        local = conv.store.resolve(src, post.source_file, post.slug, post.slug)
        if local is not None:
            made_up += invented
            attrs = {"src": f"{{static}}/{local}", "alt": alt}
            if img.get("title"):
                attrs["title"] = img["title"]
            img.attrs = attrs
            parent = img.parent
            if parent is not None and parent.name == "a" and is_image_url(parent.get("href")):
                # A link to the full-size file: to its local copy, or gone (the old URL will not answer).
                big = conv.store.find_local(parent["href"], post.source_file)
                if big is not None:
                    parent["href"] = "{static}/" + conv.store.copy(
                        big, conv.store.destination(parent["href"], big, post.slug), post.source)
                else:
                    parent.unwrap()
            continue
        text = f"Image: {alt}"
        conv.warn(f"image {src} has no local copy: linked instead of shown")
        parent = img.parent
        if parent is not None and parent.name == "a":
            img.replace_with(text)
        else:
            a = soup.new_tag("a", href=src)
            a.string = text
            img.replace_with(a)
    if made_up:
        conv.warn(f"{made_up} image(s) had no alt text: used the caption or file name")


def _gallery(conv: Conversion, soup, el: Tag) -> None:
    ids = [i.strip() for i in (el.get("ids") or "").split(",") if i.strip()]
    urls = [conv.post.media[i] for i in ids if i in conv.post.media]
    if not ids:
        urls = [url for _, url in conv.post.attachments if is_image_url(url)]
    if len(urls) < len(ids):
        conv.warn(f"gallery: {len(ids) - len(urls)} image id(s) are not in the export")
    if not urls:
        conv.warn("gallery with no images the export knows: left out")
        el.decompose()
        return
    p = soup.new_tag("p")
    for index, url in enumerate(urls):
        if index:
            p.append("\n")
        p.append(soup.new_tag("img", src=url, alt=""))
    el.replace_with(p)


def _is_complex_table(table: Tag) -> bool:
    if table.find("table") is not None:
        return True
    for cell in table.find_all(["td", "th"]):
        if cell.get("colspan") not in (None, "1") or cell.get("rowspan") not in (None, "1"):
            return True
        if cell.find(["p", "ul", "ol", "br", "pre", "blockquote", "div", "img", "h1", "h2", "h3", "h4"]):
            return True
    rows = table.find_all("tr")
    return not rows


def tidy(conv: Conversion, html: str, from_page: bool) -> BeautifulSoup:
    """The HTML pass shared by every source (see the module's docstring)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        soup = BeautifulSoup(html or "", "html.parser")
    for node in list(soup.find_all(string=lambda s: isinstance(s, Comment))):
        node.extract()
    for el in list(soup.find_all(True)):
        if el.decomposed if hasattr(el, "decomposed") else False:
            continue
        name = el.name
        if name in _DROP_SILENTLY or name in _DROP_REPORTED:
            if name in _DROP_REPORTED:
                conv.removed[name] = conv.removed.get(name, 0) + 1
            el.decompose()
    for el in list(soup.find_all("wp-gallery")):
        _gallery(conv, soup, el)
    for el in list(soup.find_all("wp-embed")):
        _replace_embed(conv, soup, el, el.get("url") or "", kind=el.get("kind"))
    for el in list(soup.find_all("figure")):
        classes = " ".join(el.get("class") or [])
        if "wp-block-embed" in classes or "wp-embed" in classes:
            wrapper = el.find(class_="wp-block-embed__wrapper") or el
            iframe = el.find("iframe")
            link = el.find("a", href=True)
            url = (iframe.get("src") if iframe is not None else None) or wrapper.get_text(strip=True)
            if not shortcodes.is_bare_url(url or "") and link is not None:
                url = link["href"]
            title = iframe.get("title") if iframe is not None else None
            _replace_embed(conv, soup, el, url or "", title=title, caption=el.find("figcaption"))
    for el in list(soup.find_all("iframe")):
        if el.parent is None:
            continue
        src = el.get("src") or el.get("data-src") or ""
        if video_id(src) is not None:
            _replace_embed(conv, soup, el, src, title=el.get("title"))
        elif src:
            _replace_embed(conv, soup, el, src)
        else:
            el.decompose()
    for el in list(soup.find_all(["audio", "video"])):
        src = el.get("src") or next((s.get("src") for s in el.find_all("source") if s.get("src")), "")
        _replace_embed(conv, soup, el, src or "", kind=el.name)
    if not from_page:
        # WordPress embeds a URL that stands alone in its paragraph.
        for p in list(soup.find_all("p")):
            children = [c for c in p.contents if not (isinstance(c, NavigableString) and not c.strip())]
            if len(children) != 1:
                continue
            only = children[0]
            if isinstance(only, NavigableString) and shortcodes.is_bare_url(only):
                url = str(only).strip()
            elif isinstance(only, Tag) and only.name == "a" and shortcodes.is_bare_url(only.get_text()) \
                    and only.get_text().strip() == (only.get("href") or "").strip():
                url = only["href"].strip()
            else:
                continue
            _replace_embed(conv, soup, p, url)
    _images(conv, soup)
    for a in soup.find_all("a"):
        href = (a.get("href") or "").strip()
        if href.lower().startswith(("javascript:", "data:", "vbscript:")):
            del a["href"]
            conv.removed["javascript link"] = conv.removed.get("javascript link", 0) + 1
        elif href:
            a["href"] = href.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
    for table in soup.find_all("table"):
        if table.find_parent("table") is None and _is_complex_table(table):
            table["data-keep-html"] = "1"
    for p in list(soup.find_all("p")):
        if not p.get_text().replace("\xa0", " ").strip() and p.find(["img", "iframe", "br", "a"]) is None:
            p.decompose()
    return soup


def convert_post(conv: Conversion) -> tuple[str, str | None]:
    """(Markdown body, Markdown summary or None) of one post; warnings collect in ``conv``."""
    post = conv.post
    before_more = None
    if post.fmt == "wxr":
        html, before_more = stored_to_html(post.body, conv.warnings)
    else:
        html = post.body
    body = to_markdown(tidy(conv, html, from_page=post.fmt != "wxr"), conv)
    summary = None
    if post.excerpt and post.excerpt.strip():
        excerpt = post.excerpt
        if post.fmt == "wxr" and "<p" not in excerpt:
            excerpt = autop(excerpt)
        summary = one_line(to_markdown(tidy(conv, excerpt, from_page=True), conv))
    elif before_more is not None and plain_text(before_more):
        summary = one_line(to_markdown(tidy(conv, before_more, from_page=False)))
    return body, summary or None
