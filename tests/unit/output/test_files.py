from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.output.files import atomic, atomic_write_text, umask


def test_atomic_write_text_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "note.json"
    atomic_write_text(target, "某 text")
    atomic_write_text(target, "second")
    assert target.read_text(encoding="utf-8") == "second"
    assert [p.name for p in target.parent.iterdir()] == ["note.json"]


def test_written_files_are_not_private(tmp_path: Path) -> None:
    atomic_write_text(tmp_path / "note.txt", "x")
    assert (tmp_path / "note.txt").stat().st_mode & 0o044 == 0o044


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "cells.csv"
    atomic_write_text(target, "old")

    def broken(path: Path) -> None:
        path.write_text("half")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        atomic(target, broken)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["cells.csv"]


def test_umask_is_read_without_changing_it() -> None:
    before = os.umask(0o022)
    try:
        assert umask() == 0o022
        assert umask() == 0o022
    finally:
        os.umask(before)
