"""plugins/unchanged_files: Pelican's writer, writing a file only when its bytes change."""

from __future__ import annotations

import os
import time

import pytest
from pelican.writers import FileOverwriteFailedError

from siteconf import files as site_files
from unchanged_files import writer as unchanged


@pytest.fixture
def opened(monkeypatch):
    """The (path, mode) of every file the plugin opens, in order (the comparison's reads too)."""
    calls = []
    real_open = open

    def spy(path, mode="r", *args, **kwargs):
        calls.append((os.fspath(path), mode))
        return real_open(path, mode, *args, **kwargs)

    for module in (unchanged, site_files):  # the comparison is siteconf.files.same_bytes
        monkeypatch.setattr(module, "open", spy, raising=False)
    return calls


def write(writer, path, text, override=False):
    with writer._open_w(str(path), "utf-8", override=override) as handle:
        handle.write(text)


def test_a_new_file_is_written_with_the_encoded_text(tmp_path, opened):
    path = tmp_path / "a.html"
    write(unchanged.UnchangedFilesWriter(str(tmp_path), {}), path, "Grüße\n")
    assert path.read_bytes() == "Grüße\n".encode()
    assert (str(path), "wb") in opened


def test_the_same_bytes_are_not_written_again_and_the_time_moves(tmp_path, opened):
    path = tmp_path / "a.html"
    path.write_bytes("Grüße\n".encode())
    old = time.time() - 3600
    os.utime(path, (old, old))
    write(unchanged.UnchangedFilesWriter(str(tmp_path), {}), path, "Grüße\n")
    assert path.read_bytes() == "Grüße\n".encode()
    assert [mode for name, mode in opened if name == str(path)] == ["rb"]  # read to compare, never truncated
    assert path.stat().st_mtime > old + 3000


@pytest.mark.parametrize("before", ["Grüsse\n", "Grüße\n\n", ""])
def test_other_bytes_are_written(tmp_path, opened, before):
    path = tmp_path / "a.html"
    path.write_text(before, encoding="utf-8")
    write(unchanged.UnchangedFilesWriter(str(tmp_path), {}), path, "Grüße\n")
    assert path.read_bytes() == "Grüße\n".encode()
    assert (str(path), "wb") in opened


def test_pelicans_rule_for_a_path_written_twice_is_kept(tmp_path):
    writer = unchanged.UnchangedFilesWriter(str(tmp_path), {})
    path = tmp_path / "a.html"
    write(writer, path, "one")
    with pytest.raises(FileOverwriteFailedError):
        write(writer, path, "two")
    write(writer, path, "three", override=True)  # an override may replace it once
    assert path.read_text() == "three"
    write(writer, path, "four")  # after an override, later writes are skipped, as Pelican does
    assert path.read_text() == "three"
    with pytest.raises(FileOverwriteFailedError):
        write(writer, path, "five", override=True)


@pytest.mark.site
@pytest.mark.slow
def test_a_rebuild_in_place_equals_a_build_into_an_empty_folder(tmp_path):
    """What a rebuild skips because the writer left a page unchanged (its images, its copy for the
    search index, the comments' bundle) leaves the output as a build from nothing makes it: every
    file, both search bundles included, after a post is edited and a comment hidden."""
    import re

    from sitebuild import build, copy_project, tree_digest

    (tmp_path / "site").mkdir()
    project = copy_project(tmp_path / "site")
    warm = ["-e", "CACHE_CONTENT=true", "LOAD_CONTENT_CACHE=true"]

    def built(output):
        result = build(output, cwd=project, extra=warm)
        assert result.returncode == 0, result.stdout + result.stderr
        return tree_digest(output)

    in_place = tmp_path / "output"
    built(in_place)
    post = project / "content" / "articles" / "what-a-festival-rejection-taught-me.md"
    post.write_text(post.read_text(encoding="utf-8") + "\nA line added later.\n", encoding="utf-8")
    commented = "shooting-on-vintage-anamorphic-lenses"
    first_id = re.search(r'<article id="comment-([^"]+)"', (in_place / commented / "index.html").read_text(
        encoding="utf-8")).group(1)
    (project / "content" / "comments" / "moderation.toml").write_text(
        f'[[comment]]\nid = "{first_id}"\naction = "hide"\nreason = "a test"\n', encoding="utf-8")
    rebuilt = built(in_place)
    assert f'id="comment-{first_id}"' not in (in_place / commented / "index.html").read_text(encoding="utf-8")
    assert rebuilt == built(tmp_path / "fresh")
    assert built(in_place) == rebuilt  # and again, with nothing changed
