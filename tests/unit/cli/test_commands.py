from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from pipeline.cli.commands import app
from tests.conftest import SAMPLES, copy_samples

runner = CliRunner()


def test_extract_writes_every_table_in_both_forms(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    shutil.copy(SAMPLES / "seed_2023.txt", source)
    (source / "broken.pdf").write_bytes(b"%PDF-1.7\nnot really")
    (source / "empty.docx").write_bytes(b"")
    out = tmp_path / "out"
    result = runner.invoke(app, ["extract", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    for name in ("reports", "cells", "checks", "panel"):
        assert (out / f"{name}.parquet").exists()
        assert (out / f"{name}.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    reports = pd.read_parquet(out / "reports.parquet")
    assert sorted(reports["path"]) == ["broken.pdf", "empty.docx", "seed_2023.txt"]
    status = dict(zip(reports["path"], reports["status"], strict=True))
    assert status == {"broken.pdf": "failed", "empty.docx": "failed", "seed_2023.txt": "ok"}
    cells = pd.read_parquet(out / "cells.parquet")
    assert len(cells) == 200
    panel = pd.read_csv(out / "panel.csv", encoding="utf-8-sig")
    seed_row = panel[panel["path"] == "seed_2023.txt"].iloc[0]
    assert seed_row["t3.r1.total"] == 0
    assert "t4.r1.suit_after_review_total" in panel.columns


def test_extract_missing_input_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(tmp_path / "nope"), "--out", str(tmp_path)])
    assert result.exit_code == 2


def test_show_lays_out_the_tables() -> None:
    result = runner.invoke(app, ["show", str(SAMPLES / "city_2024_fmt2021.docx")])
    assert result.exit_code == 0, result.output
    for words in (
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "结果维持",
        "checks:",
    ):
        assert words in result.output


@pytest.mark.parametrize("command", ["extract", "show", "evaluate", "compare", "audit"])
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output


def test_evaluate_scores_and_fails_below_the_threshold(tmp_path: Path) -> None:
    source = copy_samples(tmp_path / "in", ("seed_2023.txt", "seed_2023.txt.truth.csv"))
    out = tmp_path / "out"
    assert runner.invoke(app, ["extract", str(source), "--out", str(out)]).exit_code == 0
    result = runner.invoke(app, ["evaluate", str(out), "--truth", str(source), "--min-f1", "0.99"])
    assert result.exit_code == 0, result.output
    assert "F1 1.0000" in result.output
    # A truth file that disagrees on one cell: scored as one wrong cell, and below 0.999.
    truth = (source / "seed_2023.txt.truth.csv").read_text(encoding="utf-8").splitlines()
    truth[1] = "t2,art20_1_regulation,issued,5,5"
    (source / "seed_2023.txt.truth.csv").write_text("\n".join(truth) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["evaluate", str(out), "--truth", str(source), "--min-f1", "0.999"])
    assert result.exit_code == 1
    assert "t2.art20_1_regulation.issued: expected 5, got 0" in result.output


def test_show_says_whether_a_failed_check_is_printed_so(tmp_path: Path) -> None:
    text = (SAMPLES / "seed_2023.txt").read_text(encoding="utf-8")
    zeros = "\t".join(["0"] * 15)
    assert text.count(zeros) == 1
    report = tmp_path / "report.txt"
    report.write_text(text.replace(zeros, "\t".join(["1"] + ["0"] * 14)), encoding="utf-8")
    result = runner.invoke(app, ["show", str(report)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "t4.block_total [r1.review_total]: printed 0, the parts give 1" in result.output
    assert "(printed so in the report)" in result.output
