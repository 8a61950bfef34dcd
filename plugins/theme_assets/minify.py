"""The theme's CSS minified in the output with rcssmin (pinned in requirements.txt); the source stays readable.

rcssmin removes comments and whitespace only, keeps strings and ``url()`` as
they are and reorders or merges nothing, so the result means what the source
says.  It replaced a hand-written regex minifier that shortened ``0.5`` to
``.5`` everywhere, inside ``url(img/0.5x.png)`` too (another file), and left
``c :d`` of ``c : d``.  Theme files that differ: the README says by how much.
"""

from __future__ import annotations

import os

import rcssmin


def minify_css(css: str) -> str:
    return rcssmin.cssmin(css) + "\n"


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
