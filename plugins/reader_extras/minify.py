"""A small, safe CSS minifier for the theme's own stylesheet (no dependency).

Comments and layout whitespace go; strings are left untouched; nothing is
reordered or merged, so the result means exactly what the source says.
"""

from __future__ import annotations

import os
import re

# Strings and comments, read left to right in one pass: a quote inside a comment ("the reader's
# theme") opens no string, and "/*" inside a string opens no comment.
_STRING = r""""(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'"""
_STRING_OR_COMMENT_RE = re.compile(rf"({_STRING}|/\*.*?\*/)", re.DOTALL)
_STRING_RE = re.compile(f"({_STRING})")
_SPACE_RE = re.compile(r"\s+")
_AROUND_RE = re.compile(r"\s*([{};,>])\s*")
_AFTER_COLON_RE = re.compile(r":\s+")
_LEADING_ZERO_RE = re.compile(r"(?<![\w.#-])0\.(\d)")  # 0.25rem -> .25rem (not 10.5, not #0.5)


def minify_css(css: str) -> str:
    # First the comments go (a space each), then the layout whitespace outside strings.
    css = "".join(" " if part.startswith("/*") else part for part in _STRING_OR_COMMENT_RE.split(css))
    parts = _STRING_RE.split(css)
    out = []
    for index, part in enumerate(parts):
        if index % 2:  # a string literal
            out.append(part)
            continue
        part = _SPACE_RE.sub(" ", part)
        part = _AROUND_RE.sub(r"\1", part)
        part = _AFTER_COLON_RE.sub(":", part)
        part = _LEADING_ZERO_RE.sub(r".\1", part)
        out.append(part.replace(";}", "}"))
    return "".join(out).strip() + "\n"


def minify_file(path: str) -> None:
    with open(path, encoding="utf-8") as handle:
        source = handle.read()
    minified = minify_css(source)
    if minified != source:
        # A new file replaces the old one: the output may be a link to the theme's source file.
        temporary = path + ".min-tmp"
        with open(temporary, "w", encoding="utf-8") as handle:
            handle.write(minified)
        os.replace(temporary, path)


def minify_theme_css(output_path: str, theme_static_dir: str) -> None:
    """Every .css file Pelican copied from the theme, minified in place in the output."""
    folder = os.path.join(output_path, theme_static_dir)
    for dirpath, _, filenames in os.walk(folder):
        for name in sorted(filenames):
            if name.endswith(".css") and not name.endswith(".min.css"):
                minify_file(os.path.join(dirpath, name))
