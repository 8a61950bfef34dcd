"""Saved pages of the old blog: a browser's "Save page as" or a Wayback Machine capture.

The reader is built on what WordPress core puts in every theme's comment markup, so a theme it has
never seen still imports:

* a comment is an element (``li``/``article``/``div``/``section``/``dd``, ``dt`` + ``dd``) with the class
  ``comment``, ``pingback`` or ``trackback``, an id ``comment-N`` (also ``li-comment-N``,
  ``div-comment-N``), or schema.org ``Comment`` microdata;
* replies sit inside their parent comment, usually in a ``.children`` list (nesting, not the
  ``depth-N`` class, gives the parent; ``depth-N`` is only used when a theme prints replies flat);
* ``bypostauthor`` marks the post author, ``<time datetime>`` the date, ``a.url`` the author link.

On top of that it knows the parts the common markups use (classic ``cite.fn`` and
``.commentmetadata``, HTML5 ``b.fn`` / ``.comment-metadata time`` / ``.comment-content``, block
themes' ``.wp-block-comment-*``, Genesis microdata ``itemprop`` attributes).  Where a theme has no
body wrapper, the body is what is left of the comment once author, date, reply link and replies are
taken away.

Only the comment section counts: scripts, forms (``#respond``), navigation, sidebars and widgets
(``.widget_recent_comments``, ``#recentcomments``, ``.wp-block-latest-comments``) are never read.

The page is decoded once, Wayback additions are cut out of the text (line breaks kept, so line
numbers stay the file's), archived URLs are unwrapped in the text, then BeautifulSoup builds the
tree with lxml and the tree is walked once.

Whether the bytes are a page, its text, the capture unwrapped and the page's URL and title are the
WordPress-archive library's (``wparchive.pages``).  One job a module here: ``sniff`` (where the comment
section starts, where the page ends), ``vocabulary``
(what the markup of each theme family means), ``context`` (URL, title, language, capture time,
post date: how the page's dates are to be read), ``walker`` (the one walk over the page),
``comment`` (the parts of one comment, its name), ``when`` (its date), ``body`` (its text where the theme gives no
body element), ``names`` (the name out of a byline), ``recovery``
(comments that broken markup hid), ``serialize`` (a body back to HTML).
"""

from __future__ import annotations

from wparchive.pages import is_page, not_html, read_text, unwrap_capture

from ...model import ParseResult, Problem, SourceThread
from .. import ParseContext
from .context import read_context
from .recovery import read_swallowed, read_unread, swallowed_text
from .outline import comment_tree
from .sniff import END_RE, first_comment
from .walker import Reader

NAME = "html"

__all__ = ["NAME", "detect", "parse"]

detect = is_page  # by content: an HTML document, not an XML export

_LOOKED_FOR = (
    "elements with the class comment, pingback or trackback, ids comment-N / li-comment-N / "
    "div-comment-N, or schema.org Comment microdata, outside sidebars, widgets, forms and navigation"
)


def parse(data: bytes, source: str, context: ParseContext | None = None) -> ParseResult:
    """Every comment in one saved page: one ``SourceThread`` (or none when the file is no HTML page)."""
    context = context or ParseContext()
    result = ParseResult()
    reader = None
    thread = None
    try:
        data = bytes(data or b"")
        text, stray, stray_line = read_text(data) if data.strip() else (None, 0, None)
        why = not_html(data, text)
        if why is not None or text is None:
            result.problems.append(Problem(source, why or "not an HTML page"))
            return result

        if stray:
            result.problems.append(Problem(
                source, f"the page is UTF-8 but holds {stray} byte(s) in Windows-1252 (text pasted from an "
                "older file); those bytes were read as Windows-1252 and the rest as UTF-8",
                stray_line,
            ))
        raw = text
        text, original = unwrap_capture(text)

        # The lower-cased text and the first comment, looked for once: the cut, the context and the
        # line numbers each looked for them on their own.
        lowered = text.lower()
        first = first_comment(text, 0, lowered)
        start = first.start() if first is not None else None
        soup = comment_tree(text, start)

        # unwrap_capture gives the very text back unless the page is a capture: one scan for markers.
        page = read_context(raw, text, soup, original, context.tz, captured=text is not raw, start=start)
        url = page.url
        thread = SourceThread(url=url, title=page.title, comments=[], source=source)
        result.threads.append(thread)

        reader = Reader(text, source, page.hints, result.problems, page.evidence, lowered)
        before = len(result.problems)
        reader.walk(soup)
        if reader.unread_ids() and swallowed_text(soup):
            # Read a fresh tree again without the text that swallowed comments (reading takes
            # comments out of the bodies they sat in), then read that text as pages of their own.
            soup = comment_tree(text, start)
            found = swallowed_text(soup)
            if found:
                del result.problems[before:]
                reader = Reader(text, source, page.hints, result.problems, page.evidence, lowered)
                for node, _, _ in found:
                    node.extract()
                reader.walk(soup)
                read_swallowed(found, reader, source, result.problems)
        read_unread(text, soup, reader, source, result.problems)
        reader.finish()
        thread.comments = reader.comments

        if not reader.comments:
            if reader.section_seen:
                result.problems.append(Problem(
                    source,
                    "the page has a comment section but no comments could be read from it; if comments "
                    "are visible in this page, its theme's markup is not supported yet",
                ))
            else:
                extra = (" (the page embeds Disqus, whose comments are not in the saved page: import the "
                         "Disqus export instead)") if reader.disqus_seen else ""
                result.problems.append(Problem(
                    source,
                    f"no comment section found (looked for {_LOOKED_FOR}); if this page has comments, "
                    f"its theme's markup is not supported yet{extra}",
                ))
        if not END_RE.search(text, max(0, len(text) - 65536)):
            last = text.count("\n") + 1
            result.problems.append(Problem(
                source,
                f"the page ends at line {last} without </html>: the file looks cut off; comments after that "
                f"point are missing and the last one read ({reader.comments[-1].id if reader.comments else 'none'})"
                " may be incomplete — save the page again if you can",
                last,
            ))
        if url is None:
            result.problems.append(Problem(
                source,
                "the page's original URL is unknown (no canonical link, og:url, Wayback original or "
                "'saved from url' comment)",
            ))
    except Exception as exc:  # never raise for bad input: report and keep what was read
        result.problems.append(Problem(source, f"could not read the page: {type(exc).__name__}: {exc}"))
        if thread is not None and reader is not None:
            thread.comments = reader.comments
    return result
