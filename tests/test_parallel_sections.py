"""Comment sections rendered in forked processes are the sections the build's own process renders:
the same HTML, count and derived values (JSON-LD data, recent-comments keys), the same cache entries."""

from __future__ import annotations

import os
import pickle
import shutil
import tempfile
import time
from types import SimpleNamespace

import jinja2
import pytest

from archived_comments import pelican_handlers, section_cache, spool
from archived_comments.section_cache import SectionRenderer
from helpers import CONTENT, ROOT
from siteconf.batching import in_runs
from siteconf.datefmt import DateFilter
from importing import sample_articles

CONTEXT = {"COMMENTS_SEARCHABLE": True, "COMMENTS_CLOSED_NOTICE": "Comments are closed.",
           "COMMENTS_DATE_FORMAT": "%d %B %Y at %H:%M", "SITEURL": ""}


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """The sample's import, its threads grouped by article as the build groups them."""
    root = tmp_path_factory.mktemp("sample")
    shutil.copytree(CONTENT / "comments", root / "content" / "comments")
    settings = {"PATH": str(root / "content"), "CACHE_PATH": str(root / "cache"), "TIMEZONE": "Europe/Berlin",
                "COMMENTS_URL_MAP": {}}
    contents = [SimpleNamespace(slug=ref.slug, url=ref.url) for ref in sample_articles()]
    imported = pelican_handlers.cached_import(settings, contents, new_comments=False)
    by_article = {}
    for index, thread in enumerate(imported.result.threads):
        if thread.article:
            by_article.setdefault(thread.article, []).append(index)
    items = [([imported.result.threads[i] for i in indexes], [imported.digests[i] for i in indexes])
             for indexes in by_article.values()]
    assert len(items) >= 5 and sum(len(t.comments) for threads, _ in items for t in threads) >= 20
    return SimpleNamespace(settings=settings, items=items + [([], [])])


def renderer(settings, folder):
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(ROOT / "theme" / "templates")), autoescape=True)
    env.filters["comment_date"] = DateFilter()
    return SectionRenderer(env, dict(CONTEXT), settings, folder)


def rendered(sections) -> list:
    return [None if s is None else (str(s.html), s.count, s.derived) for s in sections]


def stored(folder) -> dict:
    with open(folder / section_cache.STORE_NAME, "rb") as handle:
        return pickle.load(handle)["entries"]


@pytest.mark.parametrize("in_background", [False, True], ids=["here too", "while this process goes on"])
@pytest.mark.parametrize("workers, answer", [(1, None), (2, None), (1, 1), (2, 3)])
def test_sections_from_forked_processes_equal_those_rendered_here(sample, tmp_path, monkeypatch, workers, answer,
                                                                  in_background):
    if answer is not None:  # a process's sections sent back one or a few at a time
        monkeypatch.setattr(section_cache, "RETURN_COMMENTS", answer)
    here = renderer(sample.settings, str(tmp_path / "here"))
    alone = here.sections(sample.items, workers=0)
    forked = renderer(sample.settings, str(tmp_path / "forked"))
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))  # where the processes' answers are spooled
    monkeypatch.setattr(spool, "MEMORY_FOLDER", str(temporary))
    together = forked.sections(sample.items, workers=workers, min_comments=0, in_background=in_background)
    assert rendered(together) == rendered(alone)
    assert not any(temporary.iterdir()), "every answer read, and the spool removed"
    assert "comment-content" in str(together[0].html) and together[-1] is None
    assert all(set(s.derived) == set(section_cache.DERIVED) for s in together if s is not None)
    assert forked.rendered == here.rendered == len(sample.items) - 1
    here.save(), forked.save()
    assert stored(tmp_path / "forked") == stored(tmp_path / "here")
    # The next build takes every section from the cache, whichever process rendered it.
    again = renderer(sample.settings, str(tmp_path / "forked"))
    assert rendered(again.sections(sample.items, workers=workers, min_comments=0)) == rendered(alone)
    assert (again.rendered, again.reused) == (0, len(sample.items) - 1)


def test_a_process_answers_in_runs_of_at_most_so_many_comments():
    sizes = [5, 1, 1, 9, 2, 2, 2]
    assert list(in_runs([3, 0, 4, 5, 6, 1, 2], sizes.__getitem__, 6)) == [[3], [0], [4, 5, 6], [1, 2]]
    assert list(in_runs([], sizes.__getitem__, 6)) == []


def test_without_the_cache_forked_sections_derive_nothing_ahead(sample):
    """No cache folder: as in the build's own process, the derived values wait until they are asked for."""
    alone = renderer(sample.settings, None).sections(sample.items)
    together = renderer(sample.settings, None).sections(sample.items, workers=1, min_comments=0)
    assert rendered(together) == rendered(alone)
    assert all(s.derived == {} for s in together if s is not None)


def _process_dies(indexes, answer):
    raise RuntimeError("a render process died")


def _no_folder(*args, **kwargs):
    raise PermissionError("no temporary folder can be made")


@pytest.mark.parametrize("target, name, broken", [(section_cache, "_render_share", _process_dies),
                                                  (tempfile, "mkdtemp", _no_folder)],
                         ids=["a process died", "no temporary folder for answers"])
@pytest.mark.parametrize("in_background", [False, True], ids=["here too", "while this process goes on"])
def test_what_no_process_renders_is_rendered_here(sample, tmp_path, monkeypatch, target, name, broken, in_background):
    monkeypatch.setattr(target, name, broken)
    forked = renderer(sample.settings, str(tmp_path / "forked"))
    together = forked.sections(sample.items, workers=2, min_comments=0, in_background=in_background)
    assert rendered(together) == rendered(renderer(sample.settings, str(tmp_path / "here")).sections(sample.items))
    assert forked.rendered == len(sample.items) - 1


def test_few_comments_are_rendered_here(sample, tmp_path, monkeypatch):
    monkeypatch.setattr(section_cache, "ProcessPoolExecutor", None)  # calling it would fail
    sections = renderer(sample.settings, str(tmp_path)).sections(sample.items, workers=2)
    assert all(s is None or s.html for s in sections)


def test_sections_rendered_in_the_background_wait_for_their_own_batch_only(sample, tmp_path, monkeypatch):
    """A cold build writes its pages while other processes render the sections: reading one section's
    HTML waits for the batch that holds it, and ``save`` for the others, whose cache entries are those
    a section rendered here makes."""
    monkeypatch.setattr(section_cache, "RETURN_COMMENTS", 1)  # a batch a section
    background = renderer(sample.settings, str(tmp_path / "background"))
    sections = background.sections(sample.items, workers=1, min_comments=0, in_background=True)
    shown = [s for s in sections if s is not None]
    assert all(s.pending is not None and s.rendered_html is None for s in shown)
    # Known before any is rendered: what list pages and the search index read from a section.
    alone = renderer(sample.settings, str(tmp_path / "here")).sections(sample.items)
    assert [s.count for s in shown] == [s.count for s in alone if s is not None]
    assert str(shown[-1].html) == str(alone[-2].html)
    assert shown[-1].pending is None and shown[0].pending is not None, "the first batch is not collected yet"
    assert shown[0].derived_value("json_ld", None) == alone[0].derived["json_ld"], "derived values wait as well"

    # A process forked from this one (the search index's) reads no HTML and waits for nothing.
    waiting = next(s for s in shown if s.pending is not None)
    pid = os.fork()
    if pid == 0:
        os._exit(0 if waiting.html is None else 3)
    for _ in range(300):
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        time.sleep(0.1)
    else:
        os.kill(pid, 9)
        pytest.fail("a forked process waited for batches it cannot collect")
    assert os.waitstatus_to_exitcode(status) == 0

    background.save()
    assert all(s.pending is None for s in shown)
    assert rendered(sections) == rendered(alone)
    renderer_here = renderer(sample.settings, str(tmp_path / "here"))
    renderer_here.sections(sample.items)
    renderer_here.save()
    assert stored(tmp_path / "background") == stored(tmp_path / "here")
