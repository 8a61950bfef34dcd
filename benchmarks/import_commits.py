"""The benchmark's import step, one commit against another, in alternating pairs.

``invoke bench`` times the import alone as ``bench.measure_import`` does: worker processes as
``invoke comments`` starts them, a cold parse cache, the 1,000-post, 20,000-comment synthetic blog.
On a busy two-core machine two runs of the same code differ by a fifth, so a speed change is only
seen against the other commit run in turn on the same machine.  This runs that step for the working
tree (A) and for ``--commit`` (B) alternately, each in a fresh process with only its own plugins
importable, and prints each pair and the medians of the A/B ratios (wall as the benchmark times it,
from the workers' start to the import's end; CPU of the whole process and its workers)::

    .venv/bin/python benchmarks/import_commits.py --commit 3202be7 [--pairs 12]

The commit's code and the synthetic site are made in a temporary folder (``git worktree``); both
commits import the same site's archives.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def import_once(repo: str, site: str) -> dict:
    """One cold import of ``site``'s archives with ``repo``'s code (run in a process of its own)."""
    sys.path[:0] = [f"{repo}/plugins", repo]
    from zoneinfo import ZoneInfo

    from archived_comments import importer
    from archived_comments.background import BackgroundParser, default_workers
    from archived_comments.cache import ParseCache
    from archived_comments.parsers import ParseContext
    try:  # the commit's own finder: before the wparchive library it was the plugin's
        from archived_comments.sources import source_files
    except ImportError:
        from wparchive.sources import source_files

    paths = [f"{site}/content/comments"]
    context = ParseContext(tz=ZoneInfo("Europe/Berlin"))
    with tempfile.TemporaryDirectory() as cache_dir:
        started = time.perf_counter()
        files = source_files(paths, [], site)
        parser = BackgroundParser(files, context, ParseCache(cache_dir), default_workers(leave_one_core=False))
        try:
            if hasattr(importer, "ImportOptions"):
                options = importer.ImportOptions(tz=context.tz, base=site)
                result = importer.import_comments(paths, options, parse=parser.parse)
            else:  # before ImportOptions: the same settings as keywords
                result = importer.import_comments(paths, tz=context.tz, base=site, parse=parser.parse)
        finally:
            parser.close()
        wall = time.perf_counter() - started
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    return {"found": result.found, "wall_s": wall, "cpu_s": cpu}


def run(repo: str, site: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--once", repo, site], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--commit", help="the commit to compare the working tree with")
    parser.add_argument("--pairs", type=int, default=12)
    parser.add_argument("--once", nargs=2, metavar=("REPO", "SITE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.once:
        print(json.dumps(import_once(*args.once)))
        return
    if not args.commit:
        parser.error("--commit is needed")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import bench

    with tempfile.TemporaryDirectory() as folder:
        other, site = Path(folder) / "other", Path(folder) / "site"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(other), args.commit],
                       check=True, capture_output=True)
        try:
            site.mkdir()
            bench.generate_site(site, 1000, 20000)
            ratios = {"wall_s": [], "cpu_s": []}
            for pair in range(args.pairs):
                a, b = run(str(ROOT), str(site)), run(str(other), str(site))
                if a["found"] != b["found"]:
                    sys.exit(f"the commits found {a['found']} and {b['found']} comments: not the same import")
                for key in ratios:
                    ratios[key].append(a[key] / b[key])
                print(f"pair {pair + 1}: A {a['wall_s']:.2f} s wall {a['cpu_s']:.2f} s CPU | "
                      f"B {b['wall_s']:.2f} s wall {b['cpu_s']:.2f} s CPU", flush=True)
            print(f"A/B median of {args.pairs} pairs: wall {statistics.median(ratios['wall_s']):.3f}, "
                  f"CPU {statistics.median(ratios['cpu_s']):.3f} ({a['found']} comments)")
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(other)], check=False)


if __name__ == "__main__":
    main()
