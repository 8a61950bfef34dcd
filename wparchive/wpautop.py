"""WordPress's ``wpautop``: paragraphs and line breaks out of text as a commenter or author typed it.

WordPress stores comment and post text the way it was typed (line breaks, no paragraphs) and adds the
paragraphs only when it shows the text; every reader of an export that wants what readers saw runs the
text through ``autop``, as WordPress does.
"""

from __future__ import annotations

import re

# HTML elements that start their own block: text is not wrapped in <p> across them.
# (Tags are matched with [^<>]* rather than WordPress's [^>]*: the same on real
# HTML, and linear on a hostile comment full of unclosed "<li".)
_BLOCK = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map"
    r"|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup"
    r"|header|footer|nav|figure|figcaption|details|menu|summary)"
)
_BLOCK_OPEN = re.compile(rf"(<{_BLOCK}[\s/>])")
_BLOCK_CLOSE = re.compile(rf"(</{_BLOCK}>)")
_HR = re.compile(r"(<hr\s*?/?>)")
_DOUBLE_BR = re.compile(r"<br\s*/?>\s*<br\s*/?>")
_PRE = re.compile(r"<pre[\s>].*?</pre>", re.S)
# A tag or an HTML comment (an unclosed one runs to the end, as in WordPress).
_TAG = re.compile(r"<!--.*?(?:-->|\Z)|<[^>]*>?", re.S)
_PARAGRAPH_SPLIT = re.compile(r"\n\s*\n")
_RAW_BLOCKS = {name: re.compile(rf"<{name}\b.*?</{name}>", re.S) for name in ("script", "style", "svg", "math")}
_NEWLINE = re.compile(r"(?<![^\S\n])[^\S\n]*\n")  # a newline with the blanks before it
_NEWLINE_KEPT = "\ue000"  # stands for a newline that must stay a newline

_CLEANUPS = [
    # Text directly in a <div>, <address> or <form> still gets its closing </p>.
    (re.compile(r"<p>([^<]+)</(div|address|form)>"), r"<p>\1</p></\2>"),
    # A block tag alone in a paragraph is not a paragraph.
    (re.compile(rf"<p>\s*(</?{_BLOCK}[^<>]*>)\s*</p>"), r"\1"),
    (re.compile(r"<p>(<li.+?)</p>"), r"\1"),
    # <p><blockquote> becomes <blockquote><p>.
    (re.compile(r"<p><blockquote([^<>]*)>", re.I), r"<blockquote\1><p>"),
    (re.compile(r"</blockquote></p>"), r"</p></blockquote>"),
    # No <p> right before, and no </p> right after, a block tag.
    (re.compile(rf"<p>\s*(</?{_BLOCK}[^<>]*>)"), r"\1"),
    (re.compile(rf"(</?{_BLOCK}[^<>]*>)\s*</p>"), r"\1"),
]
_BR_AFTER_BLOCK = re.compile(rf"(</?{_BLOCK}[^<>]*>)\s*<br />")
_BR_BEFORE_BLOCK = re.compile(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^<>]*>)")


def autop(text: str) -> str:
    """Plain comment text to HTML the way WordPress shows it (``wpautop``).

    A blank line starts a new ``<p>``, a single line break becomes ``<br />``;
    HTML already in the text is kept as it is (not escaped: the importer
    sanitizes it later), and ``<pre>`` blocks are left untouched.
    """
    if not text or not text.strip():
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if "<" not in text:  # plain text, most comments: only paragraphs and line breaks
        return _autop_plain(text)
    return _autop_html(text)


def _autop_plain(text: str) -> str:
    paragraphs = (part.strip("\n") for part in _PARAGRAPH_SPLIT.split(text))
    return "\n".join(f"<p>{_NEWLINE.sub(_br, part)}</p>" for part in paragraphs if part.strip())


def _autop_html(text: str) -> str:
    kept: dict[str, str] = {}

    def keep(match: re.Match) -> str:
        key = f"<pre wp-pre-tag-{len(kept)}></pre>"
        kept[key] = match.group(0)
        return key

    if "<pre" in text:
        text = _sub_closed(_PRE, "</pre>", keep, text)
    text = _DOUBLE_BR.sub("\n\n", text)
    text = _BLOCK_OPEN.sub(r"\n\n\1", text)
    text = _BLOCK_CLOSE.sub(r"\1\n\n", text)
    text = _HR.sub(r"\1\n\n", text)
    # Line breaks inside a tag (between attributes) are not paragraph breaks.
    if "<" in text:
        text = _TAG.sub(lambda m: m.group(0).replace("\n", _NEWLINE_KEPT), text)

    paragraphs = [part.strip("\n") for part in _PARAGRAPH_SPLIT.split(text)]
    text = "".join(f"<p>{part}</p>\n" for part in paragraphs if part.strip())
    for pattern, replacement in _CLEANUPS:
        text = pattern.sub(replacement, text)

    for name in ("script", "style", "svg", "math"):
        if f"</{name}>" in text:
            text = _sub_closed(_RAW_BLOCKS[name], f"</{name}>", _keep_newlines, text)
    text = text.replace("<br>", "<br />").replace("<br/>", "<br />")
    text = _NEWLINE.sub(_br, text)
    text = _BR_AFTER_BLOCK.sub(r"\1", text)
    text = _BR_BEFORE_BLOCK.sub(r"\1", text)
    for key, original in kept.items():
        text = text.replace(key, original)
    return text.replace(_NEWLINE_KEPT, "\n").rstrip("\n")


def _sub_closed(pattern: re.Pattern, closing: str, replacement, text: str) -> str:
    """``pattern.sub`` on the text up to the last ``closing`` tag only.

    An opening tag with no closing tag after it cannot match; left in the
    searched text, each one would be scanned to the end (quadratic time on a
    hostile comment).
    """
    end = text.rfind(closing)
    if end < 0:
        return text
    end += len(closing)
    return pattern.sub(replacement, text[:end]) + text[end:]


def _keep_newlines(match: re.Match) -> str:
    return match.group(0).replace("\n", _NEWLINE_KEPT)


def _br(match: re.Match) -> str:
    if match.string.endswith("<br />", 0, match.start()):
        return match.group(0)
    return "<br />\n"
