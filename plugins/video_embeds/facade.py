"""Turning video iframes into click-to-play facades."""

from __future__ import annotations

import html
import re
from urllib.parse import urlparse


_IFRAME_RE = re.compile(r"<iframe\b[^>]*>\s*</iframe>", re.IGNORECASE | re.DOTALL)

_YOUTUBE_HOSTS = {"www.youtube.com", "youtube.com", "www.youtube-nocookie.com", "youtube-nocookie.com"}
_VIMEO_HOSTS = {"player.vimeo.com"}


def video_link(src: str) -> tuple[str, str] | None:
    """(link that plays the video, provider name) for a known embed URL, else None."""
    parsed = urlparse(src if "://" in src else "https:" + src)
    if parsed.hostname in _YOUTUBE_HOSTS and parsed.path.startswith("/embed/"):
        video_id = parsed.path.split("/")[2]
        return f"https://www.youtube-nocookie.com/embed/{video_id}?autoplay=1", "YouTube"
    if parsed.hostname in _VIMEO_HOSTS and parsed.path.startswith("/video/"):
        video_id = parsed.path.split("/")[2]
        return f"https://player.vimeo.com/video/{video_id}?autoplay=1&dnt=1", "Vimeo"
    return None


def facade_html(src: str, title: str, poster: str | None, width: str | None, height: str | None) -> str | None:
    """The figure that stands in for one embed iframe, or None for an unknown host."""
    found = video_link(src)
    if found is None:
        return None
    link, provider = found
    title = title or "Video"
    poster_html = ""
    if poster:
        size = ""
        if width and height and width.isdigit() and height.isdigit():
            size = f' width="{width}" height="{height}"'
        poster_html = f'<img src="{html.escape(poster)}" alt=""{size} loading="lazy">'
    return (
        '<figure class="video-embed">'
        f'<a class="video-embed__link" href="{html.escape(link)}" rel="noopener">'
        f"{poster_html}"
        '<span class="video-embed__play" aria-hidden="true"></span>'
        f'<span class="video-embed__label">Play video: {html.escape(title)} '
        f'<small>(plays on {provider})</small></span>'
        "</a></figure>"
    )


def replace_embeds(content: str) -> str:
    """Every known video iframe in an HTML fragment replaced by its facade."""
    # Imported here: a warm build renders no post again, and BeautifulSoup (with soupsieve) takes about
    # 95 ms to import before the build can start.
    from bs4 import BeautifulSoup

    def replace(match: re.Match) -> str:
        tag = BeautifulSoup(match.group(0), "html.parser").iframe
        if tag is None:
            return match.group(0)
        figure = facade_html(
            tag.get("src", ""), tag.get("title", ""), tag.get("data-poster"), tag.get("width"), tag.get("height")
        )
        return figure or match.group(0)

    return _IFRAME_RE.sub(replace, content)


def replace_embeds_in_content(content) -> None:
    """Pelican handler: rewrite the content's HTML before links are resolved."""
    raw = getattr(content, "_content", None)
    if raw and "<iframe" in raw.lower():
        content._content = replace_embeds(raw)
        if 'class="video-embed"' in content._content:
            # The theme links its video stylesheet (css/video.css) only on pages that show a video.
            content.stylesheets = list(getattr(content, "stylesheets", None) or []) + ["video"]
