"""What the site search (Pagefind) costs per build, and what the archived comments add to it.

Generates the synthetic blog of ``bench.py``, builds it three ways without the search index
(comments searchable, ``COMMENTS_SEARCHABLE=False``, no archives), then runs Pagefind on each
output as the build does and, on the searchable one, the candidates: Pagefind on the article pages
only (``--glob``) and Pagefind's Python API (``PagefindIndex.add_html_file``, one page at a time).
Since the comments have a bundle of their own (plugins/search/comments.py), the posts bundle of the
searchable site is what "comments searchable" measures (the comment sections are ignored in it), and
two more rows time the comments bundle as the build makes it (from its log): cold (empty cache) and
warm (the kept bundle linked). Prints wall and CPU seconds (median of ``--runs``; CPU is the steadier
figure on a busy machine)::

    python benchmarks/search_cost.py [--posts 1000] [--comments 20000] [--runs 5] [--api-pages 50]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import generate_site  # noqa: E402

VARIANTS = {"comments searchable": [], "comments not searchable": ["COMMENTS_SEARCHABLE=false"],
            "no archives": ['COMMENTS_PATH="no-archives-here"']}
PAGEFIND = [sys.executable, "-m", "pagefind", "--exclude-selectors", ".avatar", "--silent"]


def timed(cmd: list[str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def pagefind(output: Path, runs: int, extra: list[str] = ()) -> tuple[float, float]:
    results = []
    for _ in range(runs):
        shutil.rmtree(output / "pagefind", ignore_errors=True)
        results.append(timed([*PAGEFIND, "--site", str(output), *extra]))
    return statistics.median(w for w, _ in results), statistics.median(c for _, c in results)


async def api_seconds_per_page(output: Path, pages: int) -> float:
    from pagefind.index import PagefindIndex

    files = sorted(output.glob("post-*/index.html"))[:pages]
    started = time.perf_counter()
    async with PagefindIndex({"exclude_selectors": [".avatar"], "output_path": str(output / "pagefind-api")}) as index:
        for path in files:
            await index.add_html_file(content=path.read_text(encoding="utf-8"),
                                      source_path=str(path.relative_to(output)))
    shutil.rmtree(output / "pagefind-api", ignore_errors=True)
    return (time.perf_counter() - started) / len(files)


COMMENTS_LINE = re.compile(r"Site search: (\d+) comments of (\d+) pages\s+(indexed|from\s+the\s+cache\s+\(unchanged\))"
                           r"\s+in\s+([\d.]+)\s+s")


def comments_bundle(site: Path, runs: int) -> tuple[float, float, str]:
    """Seconds the build spends on the comments bundle, cold (cache emptied) and warm (median of ``runs``)."""
    output, cache = site / "output-comments-bundle", site / "cache-comments-bundle"
    cold, warm, note = [], [], ""
    for _ in range(runs):
        shutil.rmtree(cache / "search", ignore_errors=True)
        for seconds in (cold, warm):
            result = subprocess.run([sys.executable, "-m", "pelican", "content", "-o", str(output), "-s",
                                     "pelicanconf.py", "-v", "-e", f'CACHE_PATH="{cache}"'],
                                    cwd=site, check=True, capture_output=True, text=True,
                                    env=dict(os.environ, COLUMNS="1000"))  # Rich's log: one line each
            found = COMMENTS_LINE.search(result.stdout + result.stderr)
            if not found:
                raise SystemExit("no comments bundle in the build's log:\n" + result.stdout[-2000:] + result.stderr[-2000:])
            assert (found.group(3) == "indexed") == (seconds is cold), found.group(0)
            seconds.append(float(found.group(4)))
            note = f"{found.group(1)} comments, {found.group(2)} pages"
    return statistics.median(cold), statistics.median(warm), note


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--comments", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--api-pages", type=int, default=50)
    args = parser.parse_args()
    site = Path(tempfile.mkdtemp(prefix="search-cost-"))
    try:
        generate_site(site, args.posts, args.comments)
        rows = []
        for name, extra in VARIANTS.items():
            output = site / ("output-" + name.replace(" ", "-"))
            cmd = [sys.executable, "-m", "pelican", "content", "-o", str(output), "-s", "pelicanconf.py", "-q",
                   "-e", "SEARCH_INDEX=false", *extra]
            started = time.perf_counter()
            subprocess.run(cmd, cwd=site, check=True, stdout=subprocess.DEVNULL)
            build = time.perf_counter() - started
            rows.append((f"Pagefind, {name}", *pagefind(output, args.runs), f"build without it {build:.1f} s"))
        searchable = site / "output-comments-searchable"
        rows.append(("Pagefind, article pages only (--glob)",
                     *pagefind(searchable, args.runs, ["--glob", "post-*/index.html"]), ""))
        per_page = asyncio.run(api_seconds_per_page(searchable, args.api_pages))
        rows.append(("Python API, add_html_file (its 0.1 s poll)", per_page * args.posts, float("nan"),
                     f"{per_page:.3f} s a page x {args.posts} pages"))
        cold, warm, note = comments_bundle(site, args.runs)
        rows.append(("comments bundle, cold (beside the posts')", cold, float("nan"), note))
        rows.append(("comments bundle, warm (kept bundle linked)", warm, float("nan"), note))
        print(f"\n{args.posts} posts, {args.comments} comments, median of {args.runs}, {os.cpu_count()} cores\n")
        for label, wall, cpu, note in rows:
            print(f"  {label:<42} {wall:7.2f} s wall  {cpu:6.2f} s CPU  {note}")
    finally:
        shutil.rmtree(site, ignore_errors=True)


if __name__ == "__main__":
    main()
