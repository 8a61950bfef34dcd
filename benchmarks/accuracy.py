"""How right the saved-page reader is on real pages, against a truth written by reading their markup.

    python benchmarks/accuracy.py --pages DIR --truth TRUTH.json [--show author,date,text]

``TRUTH.json`` maps a page's file name to ``{"skipped": null or why, "comments": [...]}``, one entry per
comment or mention the page shows: ``id``, ``parent``, ``type``, ``author``, ``author_url``, ``date``
("YYYY-MM-DD HH:MM" or "YYYY-MM-DD" as printed, null when the page prints no absolute date) and
``text`` (the first 100 characters of its plain text).  The truth is established by a person (or a
script written for each page by a person) from the page alone, never from this reader's output.

Prints the share of comments found, and of those whose parent, type, author (name and link), date (to
the printed precision, wall time as printed) and text start are right; ``--show`` lists the wrong ones.
Pages are read as the importer reads them (format-agnostic, the site's zone UTC, so wall times are as
printed).
"""

from __future__ import annotations

import argparse
import json
import re
import unicodedata
from pathlib import Path

from archived_comments import parsers
from archived_comments.model import plain_text

ROOT = Path(__file__).resolve().parent.parent

_WAYBACK_RE = re.compile(r"^(?:https?:)?//web\.archive\.org/web/\d+[a-z_]*/")


def _url(url: str | None) -> str | None:
    if not url:
        return None
    return _WAYBACK_RE.sub("", url.strip()).rstrip("/").replace("https://", "http://").lower()


def _text(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", text or "").replace("\xad", "")
    return " ".join(text.split())


def read_page(path: Path) -> dict[str, dict]:
    data = path.read_bytes()
    parser = parsers.detect(data[: parsers.HEAD_BYTES])
    if parser is None:
        return {}
    result = parser.parse(data, path.name, parsers.ParseContext())
    return {c.id: c for t in result.threads for c in t.comments}


def measure(pages: Path, truth: dict) -> tuple[dict, dict]:
    counts = dict.fromkeys(("comments", "found", "parent", "type", "author", "dated", "date", "text"), 0)
    wrong: dict[str, list] = {key: [] for key in ("found", "parent", "type", "author", "date", "text")}
    for name, page in sorted(truth.items()):
        if page.get("skipped"):
            continue
        read = read_page(pages / name)
        for want in page["comments"]:
            counts["comments"] += 1
            got = read.get(want["id"])
            if got is None:
                wrong["found"].append((name, want["id"]))
                continue
            counts["found"] += 1
            checks = {
                "parent": got.parent == want["parent"],
                "type": got.type == want["type"],
                "author": _text(got.author) == _text(want["author"]) and _url(got.author_url) == _url(want["author_url"]),
            }
            # Compared without blanks: plain_text spaces inline tags apart ("<a>Matze</a>," -> "Matze ,").
            got_text = _text(plain_text(got.html)).replace(" ", "")[:60]
            want_text = _text(want["text"]).replace(" ", "")[:60]
            checks["text"] = got_text == want_text
            for key, ok in checks.items():
                counts[key] += ok
                if not ok:
                    wrong[key].append((name, want["id"], getattr(got, key, got_text), want.get(key, want_text)))
            if want.get("date"):
                counts["dated"] += 1
                printed = got.date.strftime("%Y-%m-%d %H:%M") if got.date else ""
                if got.date and printed.startswith(want["date"]):
                    counts["date"] += 1
                else:
                    wrong["date"].append((name, want["id"], printed or None, want["date"]))
    return counts, wrong


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", required=True, type=Path, help="the folder of saved pages")
    parser.add_argument("--truth", required=True, type=Path, help="the truth file (see above)")
    parser.add_argument("--show", default="", help="comma-separated kinds of error to list")
    args = parser.parse_args(argv)
    counts, wrong = measure(args.pages, json.loads(args.truth.read_text(encoding="utf-8")))
    n = counts["comments"] or 1
    print(f"comments {counts['comments']}: found {counts['found'] / n:.1%}, parent {counts['parent'] / n:.1%}, "
          f"type {counts['type'] / n:.1%}, author {counts['author'] / n:.1%}, text {counts['text'] / n:.1%}, "
          f"date {counts['date'] / max(counts['dated'], 1):.1%} of {counts['dated']} with a printed date")
    for key in filter(None, args.show.split(",")):
        for row in wrong.get(key, []):
            print(key, *row, sep="\t")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
