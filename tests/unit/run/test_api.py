from __future__ import annotations

import fcntl
import os
import shutil
from pathlib import Path

import pytest

from pipeline.records import CellValue, CheckResult, ReportResult, Status
from pipeline.run.api import (
    LOCK_FILE,
    InputError,
    OutputError,
    extract_results,
    find_inputs,
    output_lock,
    summarise,
)
from tests.conftest import SAMPLES, report_result


def _touch(path: Path, text: str = "x") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _shown(found: list[tuple[Path, str]]) -> list[str]:
    return [shown for _, shown in found]


def test_a_folder_is_searched_recursively_in_name_order(tmp_path: Path) -> None:
    for name in ("b.pdf", "a.txt", "sub/z.docx", "sub/deeper/c.html", "a2.md"):
        _touch(tmp_path / name)
    found = find_inputs([tmp_path])
    assert _shown(found) == ["a.txt", "a2.md", "b.pdf", "sub/z.docx", "sub/deeper/c.html"]
    assert found[3][0] == tmp_path / "sub" / "z.docx"


def test_only_report_suffixes_are_taken_from_a_folder(tmp_path: Path) -> None:
    for name in ("a.txt", "b.xlsx", "c.py", "d", "e.PDF", "f.Docx", "g.mhtml", "h.jpeg"):
        _touch(tmp_path / name)
    assert _shown(find_inputs([tmp_path])) == ["a.txt", "e.PDF", "f.Docx", "g.mhtml", "h.jpeg"]


def test_hidden_files_and_folders_and_truth_files_are_skipped(tmp_path: Path) -> None:
    for name in ("a.txt", ".hidden.txt", ".git/b.txt", "a.txt.truth.csv", "sub/.c.pdf"):
        _touch(tmp_path / name)
    assert _shown(find_inputs([tmp_path])) == ["a.txt"]


def test_a_file_named_directly_is_always_taken(tmp_path: Path) -> None:
    odd = _touch(tmp_path / "sub" / "notes.xyz")
    hidden = _touch(tmp_path / ".hidden.txt")
    assert find_inputs([odd, str(hidden)]) == [(odd, "notes.xyz"), (hidden, ".hidden.txt")]


def test_inputs_keep_their_order(tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    _touch(folder / "b.txt")
    single = _touch(tmp_path / "a.txt")
    assert _shown(find_inputs([single, folder, single])) == ["a.txt", "b.txt", "a.txt"]


def test_a_missing_input_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=f"^no such file or folder: {tmp_path / 'gone'}$"):
        find_inputs([tmp_path / "gone"])


def test_a_broken_link_in_a_folder_is_kept(tmp_path: Path) -> None:
    (tmp_path / "dead.txt").symlink_to(tmp_path / "nowhere.txt")
    assert find_inputs([tmp_path]) == [(tmp_path / "dead.txt", "dead.txt")]


def test_a_broken_link_named_directly_is_kept(tmp_path: Path) -> None:
    link = tmp_path / "dead.pdf"
    link.symlink_to(tmp_path / "nowhere.pdf")
    assert find_inputs([link]) == [(link, "dead.pdf")]


def test_linked_folders_are_not_followed(tmp_path: Path) -> None:
    _touch(tmp_path / "real" / "a.txt")
    (tmp_path / "real" / "loop").symlink_to(tmp_path / "real")
    (tmp_path / "real" / "elsewhere").symlink_to(tmp_path)
    assert _shown(find_inputs([tmp_path / "real"])) == ["a.txt"]


def test_a_named_pipe_in_a_folder_is_kept(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    assert _shown(find_inputs([tmp_path])) == ["pipe.txt"]


def test_an_empty_folder_has_no_inputs(tmp_path: Path) -> None:
    assert find_inputs([tmp_path]) == []


def _result(status: Status, cells: int, failed: int, passed: int = 0) -> ReportResult:
    return report_result(
        path="p",
        status=status,
        cells=tuple(CellValue("t4", "r1", f"c{i}", 1.0, "1", "l", 100.0, 1) for i in range(cells)),
        checks=tuple(CheckResult("c", "s", 1.0, 2.0, False) for _ in range(failed))
        + tuple(CheckResult("c", "s", 1.0, 1.0, True) for _ in range(passed))
        + (CheckResult("c", "s", None, None, None),),
    )


def test_summarise_counts_files_cells_and_failed_checks_by_status() -> None:
    results = [
        _result(Status.OK, 3, 0, passed=2),
        _result(Status.PARTIAL, 2, 1),
        _result(Status.OK, 4, 2),
        _result(Status.FAILED, 0, 0),
    ]
    assert summarise(results) == [
        ("ok", 2, 7, 2),
        ("partial", 1, 2, 1),
        ("not_a_report", 0, 0, 0),
        ("failed", 1, 0, 0),
    ]


def test_summarise_of_nothing_has_a_row_per_status() -> None:
    assert summarise([]) == [
        ("ok", 0, 0, 0),
        ("partial", 0, 0, 0),
        ("not_a_report", 0, 0, 0),
        ("failed", 0, 0, 0),
    ]


def test_the_output_lock_makes_the_folder_and_leaves_only_the_lock_file(tmp_path: Path) -> None:
    out = tmp_path / "a" / "b"
    with output_lock(out):
        assert out.is_dir()
    assert [p.name for p in out.iterdir()] == [LOCK_FILE]


def test_the_output_folder_is_locked_while_the_run_holds_it(tmp_path: Path) -> None:
    with (
        output_lock(tmp_path),
        open(tmp_path / LOCK_FILE) as other,
        pytest.raises(BlockingIOError),
    ):
        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)


def test_a_second_run_into_a_held_folder_is_refused(tmp_path: Path) -> None:
    with (
        output_lock(tmp_path),
        pytest.raises(OutputError, match="another ogi run is writing to") as caught,
        output_lock(tmp_path),
    ):
        pass
    assert str(caught.value) == (
        f"another ogi run is writing to {tmp_path}: wait for it to end, or choose another --out"
    )


def test_the_lock_is_let_go_at_the_end_of_the_run(tmp_path: Path) -> None:
    with output_lock(tmp_path):
        pass
    with output_lock(tmp_path):
        pass
    with pytest.raises(RuntimeError, match="inside"), output_lock(tmp_path):
        raise RuntimeError("inside")
    with output_lock(tmp_path):
        pass


def test_an_output_that_is_a_file_is_refused(tmp_path: Path) -> None:
    target = _touch(tmp_path / "out")
    with pytest.raises(OutputError, match=f"^cannot write to {target}: "), output_lock(target):
        pass


def test_extract_results_reads_every_file_found(tmp_path: Path) -> None:
    shutil.copy(SAMPLES / "district_2017_pre2019.txt", tmp_path / "old.txt")
    (tmp_path / "empty.txt").write_bytes(b"")
    results = extract_results([tmp_path])
    assert [(r.path, r.status) for r in results] == [
        ("empty.txt", Status.FAILED),
        ("old.txt", Status.NOT_A_REPORT),
    ]
    assert results[0].message == "the file is empty (0 bytes)"
    assert results[1].template == "pre2019"


def test_files_shown_alike_are_shown_by_their_path(tmp_path: Path) -> None:
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "a.txt").write_text(folder, encoding="utf-8")
    (tmp_path / "y" / "b.txt").write_text("b", encoding="utf-8")
    found = find_inputs([tmp_path / "x", tmp_path / "y"])
    assert [shown for _, shown in found] == [
        str(tmp_path / "x" / "a.txt"),
        str(tmp_path / "y" / "a.txt"),
        "b.txt",
    ]
