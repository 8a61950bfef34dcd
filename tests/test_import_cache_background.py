"""``invoke comments`` writes the import cache in a forked process while it reports: the entry is the
one a write in the process itself makes, and nothing reads it before it is whole."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from types import SimpleNamespace

from archived_comments import import_cache, pelican_handlers, stable_hash
from archived_comments.stable_hash import thread_digest
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
    [entry] = [path for path in import_cache._WRITERS if path.startswith(str(tmp_path / "there"))]
    assert any(path.startswith(str(tmp_path / "here")) for path in import_cache._WRITERS), \
        "a build's entry is written by a forked process too"
    assert there.digests is None, "the command asks for none"
    assert there.result == here.result
    # The build's digests: read back from its writer's entry once it is done.
    assert here.digests == [thread_digest(thread) for thread in here.result.threads]
    assert not any(path.startswith(str(tmp_path / "here")) for path in import_cache._WRITERS)

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


def test_a_build_makes_no_digest_of_its_own_where_the_writer_makes_them(monkeypatch, tmp_path):
    """The threads' digests (0.5 s of 20,000 comments) are made by the forked writer, which keeps them in
    the entry; the build reads them back from there, when it first needs them, and makes none itself."""
    contents = [SimpleNamespace(slug=ref.slug, url=ref.url) for ref in sample_articles()]
    build = os.getpid()
    made_here = []
    real = stable_hash.thread_digest

    def counted(thread):
        if os.getpid() == build:
            made_here.append(thread)
        return real(thread)

    monkeypatch.setattr(import_cache, "thread_digest", counted)
    imported = pelican_handlers.cached_import(_settings(tmp_path), contents, new_comments=False)
    threads = imported.result.threads
    assert imported.digests == [real(thread) for thread in threads] and threads
    assert made_here == []

    # Where the writer kept nothing (its entry cannot be written), they are made here: nothing is lost.
    monkeypatch.setattr(import_cache, "write_atomically", lambda *args: (_ for _ in ()).throw(OSError("full")))
    again = pelican_handlers.cached_import(_settings(tmp_path / "full"), contents, new_comments=False)
    assert again.digests == [real(thread) for thread in again.result.threads]
    assert len(made_here) == len(again.result.threads)


def test_a_process_forked_from_the_build_waits_for_the_writer_too(tmp_path):
    """The search index's process, forked from the build while the writer still writes, cannot reap the
    writer; it waits for its end all the same (and then reads the digests from the entry)."""
    import time

    written = tmp_path / "written"
    assert import_cache._write_in_child(lambda: (time.sleep(0.5), written.write_text("whole")), tmp_path / "entry")
    pid = os.fork()
    if pid == 0:  # a process forked from the build's after the writer
        code = 1
        try:
            import_cache._wait_for_writer(tmp_path / "entry")
            code = 0 if written.exists() and written.read_text() == "whole" else 3
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, "the forked process went on before the writer was done"
    import_cache._wait_for_writer(tmp_path / "entry")
    assert written.read_text() == "whole"
