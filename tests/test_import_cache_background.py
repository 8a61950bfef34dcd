"""``invoke comments`` writes the import cache in a forked process while it reports: the entry is the
one a write in the process itself makes, and nothing reads it before it is whole."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from types import SimpleNamespace

from archived_comments import import_cache, pelican_handlers
from helpers import CONTENT, ROOT
from importing import sample_articles


def _settings(root):
    shutil.copytree(CONTENT / "comments", root / "content" / "comments")
    return {"PATH": str(root / "content"), "CACHE_PATH": str(root / "cache"), "TIMEZONE": "Europe/Berlin",
            "COMMENTS_URL_MAP": {}}


def test_an_entry_kept_in_the_background_is_the_one_kept_here(tmp_path):
    contents = [SimpleNamespace(slug=ref.slug, url=ref.url) for ref in sample_articles()]
    here_settings, there_settings = _settings(tmp_path / "here"), _settings(tmp_path / "there")
    here = pelican_handlers.cached_import(here_settings, contents, new_comments=False)
    there = pelican_handlers.cached_import(there_settings, contents, new_comments=False, thread_digests=False)
    assert there.digests is None and here.digests is not None  # not worked out in this process
    assert there.result == here.result
    [entry] = [path for path in import_cache._WRITERS if path.startswith(str(tmp_path / "there"))]
    assert any(path.startswith(str(tmp_path / "here")) for path in import_cache._WRITERS), \
        "a build's entry is written by a forked process too"

    # Read back: waited for, whole, and the same entry (the same digests, the same threads).
    again = pelican_handlers.cached_import(there_settings, contents, new_comments=False)
    assert entry not in import_cache._WRITERS
    assert again._entry is not None, "taken from the cache, not imported again"
    assert again.digests == here.digests
    assert again.result == here.result


def test_the_comments_command_leaves_a_whole_import_cache(tmp_path):
    """The command exits only once its forked writer is done: the next run reads the entry."""
    from sitebuild import copy_project

    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    first = subprocess.run([sys.executable, "-m", "invoke", "comments", "--json"], cwd=project, env=env,
                           capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    entries = list((project / "cache" / "archived_comments").glob("import-*.pickle"))
    assert len(entries) == 1 and not list((project / "cache" / "archived_comments").glob("*.tmp"))
    second = subprocess.run([sys.executable, "-m", "invoke", "comments", "--json"], cwd=project, env=env,
                            capture_output=True, text=True, timeout=300)
    assert second.returncode == 0, second.stderr
    assert json.loads(second.stdout) == json.loads(first.stdout)
    [entry] = (project / "cache" / "archived_comments").glob("import-*.pickle")
    assert entry.stat().st_mtime_ns == entries[0].stat().st_mtime_ns, \
        "the second run read the entry the first one left, and wrote none"


def test_the_forked_writer_gives_way_to_the_build(tmp_path):
    """The entry is written while the build renders and writes its pages, which is what it waits for:
    the writer runs BACKGROUND_NICENESS lower than the build's process, which keeps its own."""
    from siteconf.background import BACKGROUND_NICENESS

    before = os.nice(0)
    seen = tmp_path / "niceness"
    assert import_cache._write_in_child(lambda: seen.write_text(str(os.nice(0))), tmp_path / "entry")
    import_cache._wait_for_writer(tmp_path / "entry")
    assert int(seen.read_text()) == min(before + BACKGROUND_NICENESS, 19)
    assert os.nice(0) == before
