"""A small, safe CSS minifier for the theme's own stylesheet (no dependency).

Comments and layout whitespace go; strings are left untouched; nothing is
reordered or merged, so the result means exactly what the source says.
"""

from __future__ import annotations

import os
import re

_STRING_RE = re.compile(r"""("(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*')""")
_COMMENT_RE = re.compile(r"/\*.*?\*/", re.DOTALL)
_SPACE_RE = re.compile(r"\s+")
_AROUND_RE = re.compile(r"\s*([{};,>])\s*")
_AFTER_COLON_RE = re.compile(r":\s+")


def minify_css(css: str) -> str:
    # Comments can hold quotes: drop them first (a "/*" inside a string would be rare; keep it safe anyway).
    parts = _STRING_RE.split(css)
    out = []
    for index, part in enumerate(parts):
        if index % 2:  # a string literal
            out.append(part)
            continue
        part = _COMMENT_RE.sub("", part)
        part = _SPACE_RE.sub(" ", part)
        part = _AROUND_RE.sub(r"\1", part)
        part = _AFTER_COLON_RE.sub(":", part)
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
