"""Write the hostile corpus: every payload in every field of every archive format.

    cd tests && ../.venv/bin/python -m hostile.generate OUTPUT_FOLDER

writes the archives a hostile build reads (``tests/test_hostile.py`` calls
``write_corpus`` on a project copy's ``content/comments/hostile/``), so they can be
looked at, or imported with ``invoke comments --source OUTPUT_FOLDER``.

Each format gets one old page, matching one of the sample articles by its URL or
post name, and one comment per (payload, field): the payload in the body, the
author name, the author URL or the date, the other fields harmless.  Every fifth
comment is a reply to the page's first comment, so replies are rendered too.

* classic saved page: payloads inserted raw everywhere (a page nobody escaped);
* HTML5 saved page: names, URLs and dates HTML-escaped, as WordPress prints them,
  bodies raw (what a permissive old blog let through);
* Wayback capture: raw everywhere, inside the archive's own toolbar and scripts;
* WXR and Disqus: every field is text (escaped for XML), bodies are HTML.
"""

from __future__ import annotations

import html
import sys
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from . import archives, payloads

BERLIN = ZoneInfo("Europe/Berlin")
START = datetime(2019, 6, 1, 8, 0, tzinfo=BERLIN)
FIELDS = ("body", "author", "url", "date")


@dataclass
class Archive:
    """One written archive and what it holds: ``comments`` maps id → (field, payload name)."""

    path: str  # relative to the corpus folder
    format: str
    slug: str
    escaped: bool  # names, URLs and dates escaped the way the real source escapes them
    comments: dict[str, tuple[str, str]] = field(default_factory=dict)


# (format, file, article slug, first id, fields escaped)
LAYOUT = [
    ("classic", "saved-pages/grading-night-exteriors.hostile.html", "grading-night-exteriors", 10_000, False),
    ("html5", "saved-pages/building-a-film-emulation-look.hostile.html", "building-a-film-emulation-look", 20_000, True),
    ("wayback", "wayback/ai-video-tools.20210315093000.hostile.html", "ai-video-tools-in-a-documentary-edit", 30_000,
     False),
    ("wxr", "exports/hostile.wordpress.xml", "first-notes-on-generative-previsualisation", 40_000, True),
    ("disqus", "exports/hostile.disqus.xml", "what-a-festival-rejection-taught-me", 50_000, True),
]


def _cases() -> list[tuple[str, str, str]]:
    """(field, payload name, payload) for every comment of one archive."""
    cases = [(f, name, value) for name, value in payloads.MARKUP for f in FIELDS]
    cases += [("url", name, value) for name, value in payloads.URLS]
    return cases


def entries_for(fmt: str, first_id: int, escaped: bool) -> tuple[list[archives.Entry], dict[str, tuple[str, str]]]:
    date_text = {
        "classic": archives.classic_date, "html5": archives.iso_date, "wayback": archives.iso_date,
        "wxr": archives.wp_date, "disqus": archives.disqus_date,
    }[fmt]
    xml = fmt in ("wxr", "disqus")
    host_id = str(first_id)
    entries = [archives.Entry(host_id, "Page host", "<p>The first comment: replies hang off it.</p>",
                              date_text(START), "https://host.example/")]
    manifest = {host_id: ("host", "none")}
    for number, (where, name, value) in enumerate(_cases(), start=1):
        cid = str(first_id + number)
        date = START + timedelta(minutes=number)
        entry = archives.Entry(
            id=cid,
            author=f"Reader {name}",
            body=f"<p>Comment {cid} carries {name} in its {where}.</p>",
            date=date_text(date),
            url="" if fmt == "disqus" else f"https://reader{number}.example/",
            parent=host_id if number % 5 == 0 else None,
        )
        if not xml and escaped:
            value_for = {"body": value, "author": html.escape(value), "url": html.escape(value, quote=True),
                         "date": html.escape(value)}[where]
        else:
            value_for = value
        setattr(entry, where, value_for)
        entries.append(entry)
        manifest[cid] = (where, name)
    return entries, manifest


def write_corpus(folder: Path) -> list[Archive]:
    """Write every hostile archive under ``folder``; returns what each holds."""
    written = []
    for fmt, relative, slug, first_id, escaped in LAYOUT:
        url = f"{archives.SITE}/{slug}/"
        entries, manifest = entries_for(fmt, first_id, escaped)
        if fmt == "classic":
            text = archives.classic_page(url, entries, title="Grading Night Exteriors")
        elif fmt == "html5":
            text = archives.html5_page(url, entries, title="Building a Film Emulation Look")
        elif fmt == "wayback":
            text = archives.wayback_capture(url, entries, title="AI video tools")
        elif fmt == "wxr":
            text = archives.wxr([(slug, url, entries)])
        else:
            text = archives.disqus([("880001", url, entries)])
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
        written.append(Archive(relative, fmt, slug, escaped, manifest))
    return written


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    for archive in write_corpus(Path(sys.argv[1])):
        print(f"{archive.path}: {len(archive.comments)} comments for {archive.slug} ({archive.format})")
