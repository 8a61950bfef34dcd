"""The workers' answers: made in memory where the system has a file system there, in the temporary
folder where an answer does not fit, read back the same either way, and removed with the spool."""

from __future__ import annotations

import errno
import os
import pickle
import tempfile

from archived_comments import spool
from archived_comments.spool import Spool, read_answer, write_answer


def test_answers_are_made_in_memory_and_removed_with_the_spool(monkeypatch, tmp_path):
    memory, temporary = tmp_path / "memory", tmp_path / "tmp"
    memory.mkdir(), temporary.mkdir()
    monkeypatch.setattr(spool, "MEMORY_FOLDER", str(memory))
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    answers = Spool()
    name = write_answer(answers.new_answer(), pickle.dumps("first"), pickle.dumps([1, 2]))
    assert os.path.dirname(os.path.dirname(name)) == str(memory) and not any(temporary.iterdir())
    assert read_answer(name, 2) == ["first", [1, 2]] and not os.path.exists(name)
    answers.close()
    assert not any(memory.iterdir())


def test_an_answer_that_does_not_fit_in_memory_goes_to_the_temporary_folder(monkeypatch, tmp_path):
    memory, temporary = tmp_path / "memory", tmp_path / "tmp"
    memory.mkdir(), temporary.mkdir()
    monkeypatch.setattr(spool, "MEMORY_FOLDER", str(memory))
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    real = spool._write

    def small_memory(path, pickled):
        if path.startswith(str(memory)):
            with open(path, "wb") as handle:
                handle.write(b"half an ans")  # what a full file system leaves
            raise OSError(errno.ENOSPC, "No space left on device")
        real(path, pickled)

    monkeypatch.setattr(spool, "_write", small_memory)
    answers = Spool()
    asked = answers.new_answer()
    name = write_answer(asked, pickle.dumps({"comments": 20}))
    assert name != asked and name.startswith(str(temporary)) and not os.path.exists(asked)
    assert read_answer(name, 1) == [{"comments": 20}]
    write_answer(answers.new_answer(), pickle.dumps("left unread"))  # an import that failed half-way
    answers.close()
    assert not any(memory.iterdir()) and not any(temporary.iterdir())


def test_without_a_file_system_in_memory_the_temporary_folder_is_used(monkeypatch, tmp_path):
    monkeypatch.setattr(spool, "MEMORY_FOLDER", str(tmp_path / "none here"))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    answers = Spool()
    assert os.path.dirname(answers.folder) == str(tmp_path)
    name = write_answer(answers.new_answer(), pickle.dumps(3))
    assert read_answer(name, 1) == [3]
    answers.close()
    assert not any(tmp_path.iterdir())
