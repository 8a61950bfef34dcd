"""Render comment archives in every format the importer reads, from a list of entries.

Used by the hostile corpus (``generate.py``) and the property tests: each renderer
takes ``Entry`` objects and returns the archive's text, laid out the way WordPress,
the Wayback Machine and Disqus write them.

What an entry's fields hold depends on the format, exactly as in the real files:

* saved pages (``classic_page``, ``html5_page``, ``wayback_capture``): ``author``,
  ``url``, ``date`` and ``body`` are *markup*, inserted as they are (``author``
  inside ``<cite class="fn">`` / ``<b class="fn">``, ``url`` as the value of
  ``href="…"``, ``date`` as the text of the date and, for HTML5, the value of
  ``<time datetime="…">``).  Escape text with ``html.escape`` before.
* ``wxr`` and ``disqus``: every field is *text*; the renderer escapes it for XML
  (CDATA sections as WordPress writes them, ``]]>`` split).  A WXR body is the
  comment as WordPress stores it (HTML allowed, paragraphs as blank lines); a
  Disqus message is HTML.

Replies are nested under their parent in saved pages (the only way a page says
who answers whom); an entry whose parent is not in the list is printed at top level.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from xml.sax.saxutils import quoteattr
from xml.sax.saxutils import escape as xml_escape

SITE = "https://ines-calder.example"


@dataclass
class Entry:
    id: str
    author: str
    body: str
    date: str = ""
    url: str = ""
    parent: str | None = None


# ------------------------------------------------------------------ dates, as each format writes them


def classic_date(value: datetime) -> str:
    """WordPress's default "March 15, 2019 at 9:12 am"."""
    hour = value.hour % 12 or 12
    return f"{value:%B} {value.day}, {value.year} at {hour}:{value:%M} {'am' if value.hour < 12 else 'pm'}"


def iso_date(value: datetime) -> str:
    return value.isoformat(timespec="seconds")


def wp_date(value: datetime) -> str:
    """``comment_date_gmt``: ``YYYY-MM-DD HH:MM:SS`` in UTC."""
    return value.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


def disqus_date(value: datetime) -> str:
    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


# ------------------------------------------------------------------ saved pages


def _tree(entries: list[Entry]) -> tuple[list[Entry], dict[str, list[Entry]]]:
    ids = {e.id for e in entries}
    roots = [e for e in entries if e.parent is None or e.parent not in ids or e.parent == e.id]
    children: dict[str, list[Entry]] = {}
    for e in entries:
        if e not in roots:
            children.setdefault(e.parent, []).append(e)
    return roots, children


def _page(url: str, title: str, comment_list: str, head_extra: str = "", body_class: str = "") -> str:
    return f"""<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="UTF-8">
<title>{title} &#8211; Ines Calder</title>
<link rel="canonical" href="{url}">
<meta property="og:url" content="{url}">
{head_extra}</head>
<body class="single single-post {body_class}">
<div id="page" class="site">
<article class="post"><h1 class="entry-title">{title}</h1><div class="entry-content"><p>The post.</p></div></article>
<div id="comments" class="comments-area">
{comment_list}
</div>
<div id="respond" class="comment-respond"><form action="{SITE}/wp-comments-post.php" method="post"><textarea name="comment"></textarea></form></div>
</div>
</body>
</html>
"""


def classic_page(url: str, entries: list[Entry], title: str = "An old post") -> str:
    """Twenty Ten style: ``li#li-comment-N > div#comment-N``, ``cite.fn``, ``.commentmetadata``."""
    roots, children = _tree(entries)

    def render(entry: Entry, depth: int) -> str:
        author = f"<a href=\"{entry.url}\" rel=\"external nofollow ugc\" class=\"url\">{entry.author}</a>" if entry.url else entry.author
        replies = "".join(render(r, depth + 1) for r in children.get(entry.id, []))
        replies = f'\n<ul class="children">\n{replies}</ul>' if replies else ""
        return f"""<li class="comment even depth-{depth}" id="li-comment-{entry.id}">
<div id="comment-{entry.id}">
<div class="comment-author vcard">
<img alt="" src="https://secure.gravatar.com/avatar/0?s=40" class="avatar avatar-40 photo" height="40" width="40">
<cite class="fn">{author}</cite> <span class="says">says:</span>
</div>
<div class="comment-meta commentmetadata"><a href="{url}#comment-{entry.id}">
{entry.date}</a></div>
{entry.body}
<div class="reply"><a rel="nofollow" class="comment-reply-link" href="{url}?replytocom={entry.id}#respond">Reply</a></div>
</div>{replies}
</li>
"""

    items = "".join(render(e, 1) for e in roots)
    return _page(url, title, f'<h3 id="comments-title">Responses</h3>\n<ol class="commentlist">\n{items}</ol>')


def html5_page(url: str, entries: list[Entry], title: str = "An old post", head_extra: str = "",
               body_class: str = "") -> str:
    """Twenty Nineteen style: ``li#comment-N > article#div-comment-N``, ``b.fn``, ``time[datetime]``."""
    roots, children = _tree(entries)

    def render(entry: Entry, depth: int) -> str:
        name = f'<a href="{entry.url}" rel="external nofollow ugc" class="url">{entry.author}</a>' if entry.url else entry.author
        replies = "".join(render(r, depth + 1) for r in children.get(entry.id, []))
        replies = f'\n<ol class="children">\n{replies}</ol>' if replies else ""
        return f"""<li id="comment-{entry.id}" class="comment even depth-{depth}">
<article id="div-comment-{entry.id}" class="comment-body">
<footer class="comment-meta">
<div class="comment-author vcard"><b class="fn">{name}</b> <span class="says">says:</span></div>
<div class="comment-metadata"><a href="{url}#comment-{entry.id}"><time datetime="{entry.date}">{entry.date}</time></a></div>
</footer>
<div class="comment-content">
{entry.body}
</div>
<div class="reply"><a rel="nofollow" class="comment-reply-link" href="{url}?replytocom={entry.id}#respond">Reply</a></div>
</article>{replies}
</li>
"""

    items = "".join(render(e, 1) for e in roots)
    return _page(url, title, f'<h2 class="comments-title">Replies</h2>\n<ol class="comment-list">\n{items}</ol>',
                 head_extra, body_class)


_WAYBACK_HEAD = """<script src="//archive.org/includes/athena.js" type="text/javascript"></script>
<script type="text/javascript">window.addEventListener('DOMContentLoaded',function(){{var v=archive_analytics.values;v.service='wb';}});</script>
<script type="text/javascript" src="https://web-static.archive.org/_static/js/bundle-playback.js?v=1"></script>
<script type="text/javascript" src="https://web-static.archive.org/_static/js/wombat.js?v=1"></script>
<script>window.RufflePlayer=window.RufflePlayer||{{}};</script>
<script type="text/javascript">
  __wm.init("https://web.archive.org/web");
  __wm.wombat("{url}","{ts}","https://web.archive.org/","web","https://web-static.archive.org/_static/",
              "1615800600");
</script>
<link rel="stylesheet" type="text/css" href="https://web-static.archive.org/_static/css/banner-styles.css?v=1" />
<!-- End Wayback Rewrite JS Include -->
"""

_WAYBACK_TOOLBAR = """<!-- BEGIN WAYBACK TOOLBAR INSERT -->
<script>__wm.rw(0);</script>
<div id="wm-ipp-base" lang="en" style="display:none;direction:ltr;">
<div id="wm-ipp" style="position:fixed;left:0;top:0;right:0;">
<input type="text" name="url" id="wmtbURL" value="{url}" onfocus="this.focus();this.select();" />
</div></div>
<!-- END WAYBACK TOOLBAR INSERT -->
"""


def wayback_capture(url: str, entries: list[Entry], ts: str = "20210315093000", title: str = "An old post") -> str:
    """An HTML5 page as the Wayback Machine serves it: its scripts, toolbar, trailer, and every
    absolute link of the page (author links included) rewritten to ``web.archive.org/web/<ts>/``."""
    wrapped = [
        Entry(e.id, e.author, e.body, e.date,
              f"https://web.archive.org/web/{ts}/{e.url}" if e.url.startswith(("http://", "https://")) else e.url,
              e.parent)
        for e in entries
    ]
    page = html5_page(f"https://web.archive.org/web/{ts}/{url}", wrapped, title,
                      head_extra=_WAYBACK_HEAD.format(url=url, ts=ts))
    page = page.replace('<div id="page" class="site">', _WAYBACK_TOOLBAR.format(url=url) + '<div id="page" class="site">', 1)
    return page + f"""<!--
     FILE ARCHIVED ON 09:30:00 Mar 15, 2021 AND RETRIEVED FROM THE
     INTERNET ARCHIVE ON 10:00:00 Jan 01, 2024.
     JAVASCRIPT APPENDED BY WAYBACK MACHINE, COPYRIGHT INTERNET ARCHIVE.
-->
"""


# ------------------------------------------------------------------ exports


def cdata(text: str) -> str:
    """A CDATA section holding ``text`` (``]]>`` split the way WordPress's exporter does)."""
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def wxr(items: list[tuple[str, str, list[Entry]]], extra_comment_fields: str = "") -> str:
    """A WordPress WXR 1.2 export: ``items`` are ``(post_name, link, entries)``.

    ``entry.date`` is ``comment_date_gmt`` text; ``entry.parent`` ``comment_parent``.
    """
    out = [
        '<?xml version="1.0" encoding="UTF-8" ?>\n'
        '<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"'
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/"'
        ' xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n<title>Ines Calder</title>\n'
        f"<link>{SITE}</link>\n<wp:wxr_version>1.2</wp:wxr_version>\n"
        "<wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[ines]]></wp:author_login>"
        "<wp:author_display_name><![CDATA[Ines Calder]]></wp:author_display_name></wp:author>\n"
    ]
    for number, (slug, link, entries) in enumerate(items, start=1):
        out.append(
            f"<item>\n<title>{xml_escape(slug)}</title>\n<link>{xml_escape(link)}</link>\n"
            f"<dc:creator>{cdata('ines')}</dc:creator>\n<content:encoded>{cdata('<p>The post.</p>')}</content:encoded>\n"
            f"<wp:post_id>{number}</wp:post_id>\n<wp:post_name>{cdata(slug)}</wp:post_name>\n"
            f"<wp:status>{cdata('publish')}</wp:status>\n<wp:post_type>{cdata('post')}</wp:post_type>\n"
        )
        for e in entries:
            out.append(
                "<wp:comment>\n"
                f"<wp:comment_id>{xml_escape(e.id)}</wp:comment_id>\n"
                f"<wp:comment_author>{cdata(e.author)}</wp:comment_author>\n"
                f"<wp:comment_author_email>{cdata('reader@mail.example')}</wp:comment_author_email>\n"
                f"<wp:comment_author_url>{xml_escape(e.url)}</wp:comment_author_url>\n"
                f"<wp:comment_author_IP>{cdata('198.51.100.7')}</wp:comment_author_IP>\n"
                f"<wp:comment_date>{cdata(e.date)}</wp:comment_date>\n"
                f"<wp:comment_date_gmt>{cdata(e.date)}</wp:comment_date_gmt>\n"
                f"<wp:comment_content>{cdata(e.body)}</wp:comment_content>\n"
                f"<wp:comment_approved>{cdata('1')}</wp:comment_approved>\n"
                f"<wp:comment_type>{cdata('comment')}</wp:comment_type>\n"
                f"<wp:comment_parent>{xml_escape(e.parent or '0')}</wp:comment_parent>\n"
                f"<wp:comment_user_id>0</wp:comment_user_id>\n{extra_comment_fields}"
                "</wp:comment>\n"
            )
        out.append("</item>\n")
    out.append("</channel>\n</rss>\n")
    return "".join(out)


def disqus(threads: list[tuple[str, str, list[Entry]]], deleted: frozenset[str] = frozenset()) -> str:
    """A Disqus export: ``threads`` are ``(dsq:id, link, entries)``; posts follow all threads.

    ``entry.date`` is the ``createdAt`` text; ``entry.parent`` a post's ``dsq:id``.
    """
    out = [
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        '<category dsq:id="1"><forum>ines-calder</forum><title>General</title><isDefault>true</isDefault></category>\n'
    ]
    for dsq_id, link, _ in threads:
        out.append(
            f"<thread dsq:id={quoteattr(dsq_id)}>\n<id>{xml_escape(link)}</id>\n<forum>ines-calder</forum>\n"
            f'<category dsq:id="1" />\n<link>{xml_escape(link)}</link>\n<title>A post</title>\n'
            "<createdAt>2019-01-01T00:00:00Z</createdAt>\n"
            "<author><email>ines@mail.example</email><name>Ines Calder</name><isAnonymous>false</isAnonymous>"
            "<username>inescalder</username></author>\n"
            f"<isClosed>false</isClosed>\n<isDeleted>{'true' if dsq_id in deleted else 'false'}</isDeleted>\n</thread>\n"
        )
    for dsq_id, _, entries in threads:
        for e in entries:
            parent = f"<parent dsq:id={quoteattr(e.parent)} />\n" if e.parent else ""
            out.append(
                f"<post dsq:id={quoteattr(e.id)}>\n<id />\n<message>{cdata(e.body)}</message>\n"
                f"<createdAt>{xml_escape(e.date)}</createdAt>\n<isDeleted>false</isDeleted>\n<isSpam>false</isSpam>\n"
                f"<author><email>reader@mail.example</email><name>{xml_escape(e.author)}</name>"
                "<isAnonymous>true</isAnonymous></author>\n"
                f"<ipAddress>198.51.100.9</ipAddress>\n<thread dsq:id={quoteattr(dsq_id)} />\n{parent}</post>\n"
            )
    out.append("</disqus>\n")
    return "".join(out)
