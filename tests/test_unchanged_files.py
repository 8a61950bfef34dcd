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
