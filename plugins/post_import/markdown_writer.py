"""Converted HTML to Markdown: markdownify, with what Markdown cannot say kept as sanitized inline HTML.

Tables with merged cells, ``<sup>``, ``<del>``, numbered lists that do not start at 1 … stay HTML, cleaned by
``sanitize`` and counted in the post's ``Conversion`` (reported per post, never dropped). Python-Markdown's
rules decide the output: four-space nesting, a blank line ends an HTML block.
"""

from __future__ import annotations

import html as html_module
import re
import warnings
from typing import TYPE_CHECKING

import nh3
from bs4 import BeautifulSoup, Tag
from markdownify import ATX, MarkdownConverter

if TYPE_CHECKING:
    from .convert import Conversion

# ---------------------------------------------------------------- what HTML a post keeps

KEPT_TAGS = {
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "colgroup", "col", "p", "br", "em",
    "strong", "b", "i", "a", "ul", "ol", "li", "code", "pre", "blockquote", "img", "figure", "figcaption",
    "sup", "sub", "del", "ins", "s", "mark", "kbd", "abbr", "small", "u", "dl", "dt", "dd", "h1", "h2", "h3",
    "h4", "h5", "h6", "cite", "q", "details", "summary", "hr", "span", "div", "var", "samp", "dfn",
}
KEPT_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan", "scope"},
    "th": {"colspan", "rowspan", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "abbr": {"title"},
    "ol": {"start", "reversed"},
}
def sanitize(html: str) -> str:
    """HTML kept in a post: formatting, tables, links and images only (no script, style, handlers)."""
    return nh3.clean(
        html,
        tags=KEPT_TAGS,
        attributes=KEPT_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
    )


# ---------------------------------------------------------------- Markdown

_INLINE_HTML = {"sup", "sub", "del", "s", "ins", "mark", "abbr", "u", "small", "cite", "var", "dfn"}
_LINE_START_RE = re.compile(r"(^|\n)([ \t]*)(#|>|[-+](?=\s)|\d{1,9}(?=[.)](?:\s|$)))")
_ENTITY_LIKE_RE = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_TAG_LIKE_RE = re.compile(r"<(?=[A-Za-z/!?])")
_LANGUAGE_RE = re.compile(r"(?:^|\s)(?:language|lang)-([\w+#-]+)|brush:\s*([\w+#-]+)", re.IGNORECASE)
_EXTRA_BLANKS_RE = re.compile(r"\n{3,}")
_TRAILING_WS_RE = re.compile(r"[ \t]+(?=\n)")


def _code_language(pre: Tag) -> str:
    for el in (pre, pre.find("code")):
        if el is None:
            continue
        classes = " ".join(el.get("class") or [])
        match = _LANGUAGE_RE.search(classes)
        if match:
            return (match.group(1) or match.group(2)).lower()
    return ""


def _collapse_html(markup: str) -> str:
    """One HTML block for Markdown: no blank line inside (a blank line would end the block)."""
    return re.sub(r"\n\s*\n", "\n", markup).strip()


class _Converter(MarkdownConverter):
    def __init__(self, conv: Conversion | None = None):
        super().__init__(
            heading_style=ATX, bullets="-", strong_em_symbol="*", escape_misc=False,
            keep_inline_images_in=["td", "th"],
        )
        self.conv = conv

    def _keep(self, tag: str) -> None:
        if self.conv is not None:
            self.conv.kept_html[tag] = self.conv.kept_html.get(tag, 0) + 1

    def escape(self, text, parent_tags):
        text = super().escape(text, parent_tags)
        if not text:
            return text
        text = _ENTITY_LIKE_RE.sub("&amp;", text)
        text = _TAG_LIKE_RE.sub("&lt;", text)
        text = _LINE_START_RE.sub(lambda m: m.group(1) + m.group(2) + "\\" + m.group(3)
                                  if not m.group(3)[0].isdigit() else m.group(0), text)
        text = re.sub(r"(^|\n)([ \t]*)(\d{1,9})([.)])(?=\s|$)", r"\1\2\3\\\4", text)
        if "td" in parent_tags or "th" in parent_tags:
            text = text.replace("|", "\\|")
        return text

    def convert_iframe(self, el, text, parent_tags):
        return "\n\n" + str(el) + "\n\n"

    def convert_wp_note(self, el, text, parent_tags):
        name = (el.get("block") or "").replace("--", "")
        return f"\n\n<!-- WordPress block wp:{name}: rendered by WordPress when the page was shown; nothing stored to convert -->\n\n"

    def convert_table(self, el, text, parent_tags):
        if el.get("data-keep-html"):
            del el["data-keep-html"]
            self._keep("table")
            return "\n\n" + _collapse_html(sanitize(str(el))) + "\n\n"
        return super().convert_table(el, text, parent_tags)

    def convert_pre(self, el, text, parent_tags):
        if not text:
            return ""
        text = text.strip("\n")
        fence = "~~~" if "```" in text else "```"
        if fence in text.replace("```", ""):
            self._keep("pre")
            return "\n\n" + sanitize(str(el)) + "\n\n"
        return f"\n\n{fence}{_code_language(el)}\n{text}\n{fence}\n\n"

    def convert_code(self, el, text, parent_tags):
        if "pre" in parent_tags:
            return text
        return super().convert_code(el, text, parent_tags)

    def convert_kbd(self, el, text, parent_tags):
        if "pre" in parent_tags or not text.strip():
            return text
        return f"<kbd>{text}</kbd>"

    def convert_li(self, el, text, parent_tags):
        # Python-Markdown nests by four spaces (markdownify indents by the bullet's width).
        text = (text or "").strip()
        if not text:
            return "\n"
        parent = el.parent
        if parent is not None and parent.name == "ol":
            start = str(parent.get("start") or "1")
            start = int(start) if start.isdigit() else 1
            bullet = f"{start + len(el.find_previous_siblings('li'))}."
        else:
            bullet = "-"
        lines = text.split("\n")
        rest = [("    " + line) if line.strip() else "" for line in lines[1:]]
        return "\n".join([f"{bullet} {lines[0]}", *rest]) + "\n"

    def convert_ol(self, el, text, parent_tags):
        start = str(el.get("start") or "1")
        if "li" not in parent_tags and (start != "1" or el.has_attr("reversed")):
            # Python-Markdown numbers every list from 1, upwards.
            self._keep("ol")
            return "\n\n" + _collapse_html(sanitize(str(el))) + "\n\n"
        return self.convert_list(el, text, parent_tags)

    def convert_br(self, el, text, parent_tags):
        if "pre" in parent_tags:
            return "\n"
        return super().convert_br(el, text, parent_tags)

    def convert_hr(self, el, text, parent_tags):
        return "\n\n* * *\n\n"

    def convert_figcaption(self, el, text, parent_tags):
        text = text.strip()
        return f"\n\n{text}\n\n" if text else ""

    def convert_a(self, el, text, parent_tags):
        if not el.get("href"):
            return text
        return super().convert_a(el, text, parent_tags)


def _inline_html(tag: str):
    def convert(self, el, text, parent_tags):
        if not text.strip() or "pre" in parent_tags:
            return text
        self._keep(tag)
        attrs = ""
        if tag == "abbr" and el.get("title"):
            attrs = f' title="{html_module.escape(el["title"], quote=True)}"'
        return f"<{tag}{attrs}>{text}</{tag}>"

    return convert


for _tag in _INLINE_HTML:
    setattr(_Converter, f"convert_{_tag}", _inline_html(_tag))


def to_markdown(soup: BeautifulSoup | str, conv: Conversion | None = None) -> str:
    if isinstance(soup, str):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            soup = BeautifulSoup(soup, "html.parser")
    text = _Converter(conv).convert_soup(soup)
    text = _TRAILING_WS_RE.sub(lambda m: m.group(0) if len(m.group(0)) == 2 and m.group(0) == "  " else "", text)
    text = _EXTRA_BLANKS_RE.sub("\n\n", text)
    return text.strip("\n") + "\n" if text.strip() else ""


def one_line(markdown: str) -> str:
    """Markdown for a metadata field (Summary): a single line."""
    return " ".join(markdown.split())
