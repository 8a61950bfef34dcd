"""Helpers for tests of the whole import pipeline."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pelicanconf
from archived_comments.importer import ImportOptions, import_comments
from archived_comments.matching import ArticleRef
from helpers import BERLIN, COMMENTS, CONTENT, ROOT
from sitebuild import once_per_run


def sample_articles() -> list[ArticleRef]:
    """The sample site's articles as matching sees them (slug from the file name = its Slug)."""
    return [ArticleRef(p.stem, f"{p.stem}/") for p in sorted((CONTENT / "articles").glob("*.md"))]


def run_import(paths, articles: list[ArticleRef] | None = None, progress=None, **options):
    """``import_comments`` as the sample site's build calls it; ``options``: ``ImportOptions`` fields
    that differ."""
    options.setdefault("tz", BERLIN)
    options.setdefault("base", str(ROOT))
    options.setdefault("ignore", ("*.md", "*.toml"))
    options.setdefault("url_map", pelicanconf.COMMENTS_URL_MAP)
    return import_comments([str(p) for p in paths], ImportOptions(**options),
                           sample_articles() if articles is None else articles, progress=progress)


def sample_import_json(tmp_path_factory) -> dict:
    """`invoke comments --json` on the sample site, run once per test run (every worker reads the one result)."""
    def make(folder: Path) -> None:
        (folder / "import.json").write_text(json.dumps(invoke_json()), encoding="utf-8")

    return json.loads((once_per_run(tmp_path_factory, "sample-import", make) / "import.json").read_text(encoding="utf-8"))


def invoke_comments(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "invoke", "comments", *args], cwd=cwd, capture_output=True,
                          text=True)


def invoke_json(*args: str, cwd: Path = ROOT) -> dict:
    result = invoke_comments("--json", *args, cwd=cwd)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # stdout holds the JSON and nothing else
