"""``--keep-permalinks``: the old blog's structure written into ``pelicanconf.py`` as the site's own URLs.

One marked block at the end of the settings file; a later run replaces that block (and only it), the
same structure gives the same bytes.
"""

from __future__ import annotations

from pathlib import Path

BEGIN = "# --- old permalinks (written by `invoke import-posts --keep-permalinks`) ---"
END = "# --- end of old permalinks ---"


def block(structure: str, article_url: str, article_save_as: str) -> str:
    return (f"{BEGIN}\n# The old WordPress blog's structure {structure}, kept as the site's own URLs.\n"
            f"ARTICLE_URL = {article_url!r}\nARTICLE_SAVE_AS = {article_save_as!r}\n{END}\n")


def write_block(settings_file: str | Path, structure: str, article_url: str, article_save_as: str,
                dry_run: bool = False) -> bool:
    """Put the block in the settings file; False when it already holds exactly it."""
    path = Path(settings_file)
    text = path.read_text(encoding="utf-8")
    new_block = block(structure, article_url, article_save_as)
    start = text.find(BEGIN)
    if start >= 0:
        end = text.find(END, start)
        end = len(text) if end < 0 else end + len(END)
        rest = text[end:].lstrip("\n")
        new = text[:start] + new_block + (("\n" + rest) if rest else "")
    else:
        new = text + ("" if text.endswith("\n") else "\n") + "\n" + new_block
    if new == text:
        return False
    if not dry_run:
        path.write_text(new, encoding="utf-8")
    return True
