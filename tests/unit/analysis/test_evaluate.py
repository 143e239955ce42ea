from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.analysis.evaluate import (
    Evaluation,
    Score,
    evaluate,
    find_truth,
    read_groups,
    read_truth,
    score_document,
    status_mismatches,
)
from pipeline.output.dataset import to_frames, write_frame
from pipeline.records import CellKey, CellValue, ReportResult
from tests.conftest import SAMPLES, report_result

TRUTH_HEADER = "table,row,col,value,raw\n"


def test_a_perfect_score() -> None:
    score = Score(truth=4, predicted=4, correct=4)
    assert (score.precision, score.recall, score.f1) == (1.0, 1.0, 1.0)


def test_precision_recall_and_f1() -> None:
    score = Score(truth=10, predicted=8, correct=6)
    assert score.precision == 0.75
    assert score.recall == 0.6
    assert score.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)


def test_nothing_to_score_counts_as_perfect() -> None:
    assert (Score().precision, Score().recall, Score().f1) == (1.0, 1.0, 1.0)


def test_nothing_right_scores_zero() -> None:
    score = Score(truth=3, predicted=2, correct=0)
    assert (score.precision, score.recall, score.f1) == (0.0, 0.0, 0.0)


def test_scores_add_up() -> None:
    total = Score(1, 2, 3)
    total.add(Score(10, 20, 30))
    assert total == Score(11, 22, 33)


def test_read_truth_blank_values_are_none(tmp_path: Path) -> None:
    path = tmp_path / "a.pdf.truth.csv"
    path.write_bytes(("\ufeff" + TRUTH_HEADER + "t3,r1,total,12,12\nt3,r2,total, ,\n").encode())
    assert read_truth(path) == {("t3", "r1", "total"): 12.0, ("t3", "r2", "total"): None}


def test_read_truth_of_a_sample() -> None:
    truth = read_truth(SAMPLES / "seed_2023.txt.truth.csv")
    assert len(truth) == 200
    assert truth[("t2", "art20_1_regulation", "issued")] == 0.0


def test_find_truth_names_the_file_each_describes(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.pdf.truth.csv").write_text(TRUTH_HEADER)
    (tmp_path / "sub" / "b.txt.truth.csv").write_text(TRUTH_HEADER)
    (tmp_path / "c.csv").write_text(TRUTH_HEADER)
    assert find_truth([tmp_path]) == {
        "a.pdf": tmp_path / "a.pdf.truth.csv",
        "b.txt": tmp_path / "sub" / "b.txt.truth.csv",
    }


def test_find_truth_in_several_folders(tmp_path: Path) -> None:
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
        (tmp_path / name / f"{name}.md.truth.csv").write_text(TRUTH_HEADER)
    assert sorted(find_truth([tmp_path / "one", tmp_path / "two"])) == ["one.md", "two.md"]


A = CellKey("t3", "r1", "total")
B = CellKey("t3", "r2", "total")
C = CellKey("t4", "r1", "review_total")


def test_score_document_right_wrong_and_missing() -> None:
    truth = {A: 5.0, B: None, C: 2.0}
    predicted = {A: (5.0, "", 1, "a"), B: (0.0, "", 1, "b"), ("t3", "r9", "x"): (1.0, "", 2, "x")}
    score, wrong = score_document(truth, predicted)
    assert score == Score(truth=3, predicted=3, correct=1)
    assert sorted(wrong) == sorted(
        [
            (B, "(blank)", "0", 1, "b"),
            (("t3", "r9", "x"), "(no such cell)", "1", 2, "x"),
            (C, "2", "(missing)", None, ""),
        ]
    )


def test_both_blank_is_right_and_values_match_within_rounding() -> None:
    truth = {A: None, B: 0.1 + 0.2, C: 1.5}
    predicted = {A: (None, "", 1, ""), B: (0.3, "", 1, ""), C: (1.50001, "", 1, "")}
    score, wrong = score_document(truth, predicted)
    assert score == Score(truth=3, predicted=3, correct=2)
    assert wrong == [(C, "1.5", "1.50001", 1, "")]


def test_a_flagged_cell_with_no_value_claims_nothing() -> None:
    truth = {A: 5.0}
    predicted = {A: (None, "digits", 1, "a"), B: (None, "digits", 1, "b")}
    score, wrong = score_document(truth, predicted)
    assert score == Score(truth=1, predicted=0, correct=0)
    assert wrong == [(A, "5", "(flagged digits)", 1, "a")]


def test_a_flagged_cell_with_a_value_is_scored() -> None:
    score, wrong = score_document({A: 5.0}, {A: (5.0, "narrative", 1, "a")})
    assert score == Score(truth=1, predicted=1, correct=1)
    assert wrong == []


def _cell(key: tuple[str, str, str], value: float | None, flag: str = "") -> CellValue:
    return CellValue(*key, value, "" if value is None else f"{value:g}", "label", 100.0, 3, flag)


def _report(report_id: str, path: str, *cells: CellValue, fmt: str = "pdf") -> ReportResult:
    return report_result(report_id=report_id, path=path, format=fmt, pages=1, cells=tuple(cells))


def _output(tmp_path: Path, results: list[ReportResult]) -> Path:
    """An output folder with the two tables evaluate reads."""
    out = tmp_path / "out"
    frames = to_frames(results)
    write_frame(frames.reports, out, "reports")
    write_frame(frames.cells, out, "cells")
    return out


def _truth(folder: Path, name: str, rows: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.truth.csv").write_text(TRUTH_HEADER + rows, encoding="utf-8")


def test_evaluate_an_output_folder(tmp_path: Path) -> None:
    out = _output(
        tmp_path,
        [
            _report("r1", "sub/a.pdf", _cell(A, 5.0), _cell(C, 1.0)),
            _report("r2", "b.txt", _cell(A, 7.0), fmt="txt"),
            _report("r3", "c.docx", _cell(A, 1.0), fmt="docx"),
        ],
    )
    truth = tmp_path / "truth"
    _truth(truth, "a.pdf", "t3,r1,total,5,5\nt4,r1,review_total,2,2\n")
    _truth(truth, "b.txt", "t3,r1,total,7,7\n")
    evaluation = evaluate(out, [truth])
    assert evaluation.overall == Score(truth=3, predicted=3, correct=2)
    assert evaluation.documents == {"sub/a.pdf": Score(2, 2, 1), "b.txt": Score(1, 1, 1)}
    assert evaluation.unscored == ["c.docx"]
    assert evaluation.statuses == {"sub/a.pdf": "ok", "b.txt": "ok", "c.docx": "ok"}
    assert [(w.path, w.key, w.expected, w.got, w.page) for w in evaluation.wrong] == [
        ("sub/a.pdf", C, "2", "1", 3)
    ]
    assert evaluation.by_group["format"] == {"pdf": Score(2, 2, 1), "txt": Score(1, 1, 1)}
    assert evaluation.by_group["template"] == {"fmt2021": Score(3, 3, 2)}
    assert evaluation.by_group["table"] == {"t3": Score(2, 2, 2), "t4": Score(1, 1, 0)}


def test_evaluate_only_some_files_with_extra_groups(tmp_path: Path) -> None:
    out = _output(
        tmp_path,
        [_report("r1", "a.pdf", _cell(A, 5.0)), _report("r2", "b.pdf", _cell(A, 6.0))],
    )
    truth = tmp_path / "truth"
    _truth(truth, "a.pdf", "t3,r1,total,5,5\n")
    _truth(truth, "b.pdf", "t3,r1,total,5,5\n")
    evaluation = evaluate(out, [truth], groups={"b.pdf": {"noise": "high"}}, only={"b.pdf"})
    assert evaluation.overall == Score(1, 1, 0)
    assert list(evaluation.statuses) == ["b.pdf"]
    assert evaluation.by_group["noise"] == {"high": Score(1, 1, 0)}


def test_a_flagged_cell_read_back_from_disk_claims_nothing(tmp_path: Path) -> None:
    out = _output(tmp_path, [_report("r1", "a.pdf", _cell(A, None, flag="digits"))])
    truth = tmp_path / "truth"
    _truth(truth, "a.pdf", "t3,r1,total,5,5\n")
    evaluation = evaluate(out, [truth])
    assert evaluation.overall == Score(truth=1, predicted=0, correct=0)
    assert evaluation.wrong[0].got == "(flagged digits)"


def test_read_groups(tmp_path: Path) -> None:
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(
        "\ufefffile,noise,layout,expected_status\n"
        "dir/a.pdf,high,,ok|partial\n"
        "b.txt,low,wide,\n"
        ",none,none,ok\n",
        encoding="utf-8",
    )
    groups, expected = read_groups(manifest)
    assert groups == {"a.pdf": {"noise": "high"}, "b.txt": {"noise": "low", "layout": "wide"}}
    assert expected == {"a.pdf": "ok|partial"}


def test_read_groups_takes_a_name_column_too(tmp_path: Path) -> None:
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("name,axis\nx.md,1\n", encoding="utf-8")
    assert read_groups(manifest) == ({"x.md": {"axis": "1"}}, {})


def test_status_mismatches() -> None:
    evaluation = Evaluation(
        statuses={"dir/a.pdf": "partial", "b.txt": "failed", "c.md": "ok", "d.md": "failed"}
    )
    expected = {"a.pdf": "ok|partial", "b.txt": "ok", "c.md": "not_a_report"}
    assert status_mismatches(evaluation, expected) == [
        ("b.txt", "ok", "failed"),
        ("c.md", "not_a_report", "ok"),
    ]
