from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.dataset as pa_dataset
import pyarrow.parquet as pq
import pytest

from pipeline.output.columns import panel_keys, table_columns
from pipeline.output.dataset import (
    PARTITIONED,
    STAGING,
    is_missing,
    neutralise,
    partition_folder,
    read_frame,
    sweep,
    to_frames,
    write_frame,
    write_frames,
)
from pipeline.records import (
    FRAME_NAMES,
    CellValue,
    CheckResult,
    Fact,
    Metadata,
    Region,
    ReportResult,
    Status,
)
from pipeline.spec import load_spec
from tests.conftest import report_result


def _cell(row: str, col: str, value: float | None, flag: str = "") -> CellValue:
    return CellValue(
        table="t3",
        row=row,
        col=col,
        value=value,
        raw="" if value is None else f"{value:g}",
        row_label="label",
        score=100.0,
        page=2,
        flag=flag,
    )


def _results() -> list[ReportResult]:
    first = report_result(
        report_id="aaaa",
        path="sub/a.pdf",
        format="pdf",
        pages=5,
        metadata=Metadata(
            title="某县2023年报告", agency="某县人民政府", year=2023, published="2024-01-16"
        ),
        status=Status.PARTIAL,
        message="cells flagged: 1 digits",
        cells=(
            _cell("r1", "natural_person", 4.0),
            _cell("r2", "natural_person", None, flag="digits"),
            CellValue(
                "t4", "r1", "review_total", 1.0, "1", "复议", 95.0, 3, box=(10, 20, 30, 40)
            ),
        ),
        checks=(
            CheckResult("t3.balance", "natural_person", 4.0, 5.0, False, suspect="t3.r1.x"),
            CheckResult("t3.sum", "total", 1.0, 1.0, True),
            CheckResult("t4.sum", "review", None, None, None, reason="a cell is flagged"),
        ),
        method="text",
        seconds=1.23456,
        facts=(Fact("n.applications_received", 4.0, "件", "收到申请4件"),),
        region=Region(province="四川省", county="某县", level="county", division_code="510000"),
    )
    second = report_result(
        report_id="bbbb",
        path="b.txt",
        template="unknown",
        status=Status.FAILED,
        message="the file is empty (0 bytes)",
    )
    return [first, second]


def test_a_report_row_per_result() -> None:
    reports = to_frames(_results()).reports
    assert list(reports.columns) == [c.name for c in table_columns()["reports"][1]]
    first = reports.iloc[0].to_dict()
    assert first["report_id"] == "aaaa"
    assert first["path"] == "sub/a.pdf"
    assert first["pages"] == 5
    assert first["title"] == "某县2023年报告"
    assert first["year"] == 2023
    assert first["published"] == dt.date(2024, 1, 16)
    assert first["province"] == "四川省"
    assert first["division_code"] == "510000"
    assert first["status"] == "partial"
    assert first["n_cells"] == 3
    assert first["n_flagged"] == 1
    assert first["n_checks"] == 3
    assert first["n_checks_failed"] == 1
    assert first["n_checks_untested"] == 1
    assert first["seconds"] == 1.2346


def test_a_report_with_nothing_known_has_nulls() -> None:
    second = to_frames(_results()).reports.iloc[1]
    assert second["status"] == "failed"
    assert second["message"] == "the file is empty (0 bytes)"
    for column in ("pages", "title", "year", "published", "province"):
        assert is_missing(second[column]), column
    assert second["n_cells"] == 0


def test_column_types_follow_the_spec() -> None:
    frames = to_frames(_results())
    for name in ("reports", "cells", "checks", "facts"):
        frame = getattr(frames, name)
        expected = {c.name: c.dtype for c in table_columns()[name][1]}
        assert {k: str(v) for k, v in frame.dtypes.items()} == expected, name


def test_a_cell_row_per_cell_with_its_report_and_box() -> None:
    cells = to_frames(_results()).cells
    assert len(cells) == 3
    assert list(cells["report_id"]) == ["aaaa"] * 3
    assert list(cells["row"]) == ["r1", "r2", "r1"]
    assert list(cells["flag"]) == ["", "digits", ""]
    assert is_missing(cells["value"][1])
    last = cells.iloc[2]
    assert (last["x0"], last["top"], last["x1"], last["bottom"]) == (10, 20, 30, 40)
    assert is_missing(cells.iloc[0]["x0"])


def test_checks_and_facts_rows() -> None:
    frames = to_frames(_results())
    assert list(frames.checks["check"]) == ["t3.balance", "t3.sum", "t4.sum"]
    assert list(frames.checks["ok"].astype("object")) == [False, True, pd.NA]
    assert frames.checks["reason"][2] == "a cell is flagged"
    assert frames.checks["suspect"][0] == "t3.r1.x"
    facts = frames.facts
    assert facts.to_dict(orient="records") == [
        {
            "report_id": "aaaa",
            "key": "n.applications_received",
            "value": 4.0,
            "unit": "件",
            "sentence": "收到申请4件",
        }
    ]


def test_the_panel_is_a_report_row_with_a_column_per_cell() -> None:
    panel = to_frames(_results()).panel
    report_columns = [c.name for c in table_columns()["reports"][1]]
    assert list(panel.columns) == report_columns + panel_keys()
    assert panel["t3.r1.natural_person"].tolist()[0] == 4.0
    assert math.isnan(panel["t3.r2.natural_person"][0])  # flagged: no value
    assert panel["t4.r1.review_total"][0] == 1.0
    assert panel.iloc[1][panel_keys()].isna().all()


def test_no_results_give_empty_frames_with_their_columns() -> None:
    frames = to_frames([])
    assert [name for name, _ in frames.items()] == list(FRAME_NAMES)
    for _, frame in frames.items():
        assert len(frame) == 0
    assert len(frames.panel.columns) == len(table_columns()["reports"][1]) + len(panel_keys())


def test_neutralise_quotes_what_a_spreadsheet_would_run() -> None:
    table = pa.table(
        {
            "text": ["=SUM(A1)", "+1", "-2", "@x", "\tTab", "\rCR", "plain", "a=b", None],
            "number": list(range(9)),
        }
    )
    out = neutralise(table)
    assert out.column("text").to_pylist() == [
        "'=SUM(A1)", "'+1", "'-2", "'@x", "'\tTab", "'\rCR", "plain", "a=b", None,
    ]  # fmt: skip
    assert out.column("number").to_pylist() == list(range(9))
    assert out.schema == table.schema


def test_write_frame_writes_parquet_and_csv_with_a_bom(tmp_path: Path) -> None:
    frame = pd.DataFrame({"name": ["=1+1", "某县"], "n": [1, 2]})
    written = write_frame(frame, tmp_path, "things")
    assert written == [tmp_path / "things.parquet", tmp_path / "things.csv"]
    data = (tmp_path / "things.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data[3:].decode("utf-8").splitlines() == ['"name","n"', "\"'=1+1\",1", '"某县",2']
    assert read_frame(tmp_path, "things")["name"].tolist() == ["=1+1", "某县"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["things.csv", "things.parquet"]


def test_read_frame_falls_back_to_the_csv(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_bytes(b"\xef\xbb\xbfa,b\n1,x\n")
    frame = read_frame(tmp_path, "t")
    assert frame.to_dict(orient="records") == [{"a": 1, "b": "x"}]


def test_write_frames_writes_the_whole_dataset(tmp_path: Path) -> None:
    out = tmp_path / "out"
    written = write_frames(to_frames(_results()), out)
    names = sorted(p.name for p in written)
    expected = sorted(
        [f"{n}.{s}" for n in FRAME_NAMES for s in ("parquet", "csv")]
        + ["datapackage.json", "CODEBOOK.md", PARTITIONED]
    )
    assert names == expected
    assert sorted(p.name for p in out.iterdir()) == expected  # no staging folder left
    assert read_frame(out, "reports")["path"].tolist() == ["sub/a.pdf", "b.txt"]
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert "resources" in package


def test_cells_are_partitioned_by_year_and_province(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_frames(to_frames(_results()), out)
    partitioning = pa_dataset.partitioning(
        pa.schema([("year", pa.string()), ("province", pa.string())]), flavor="hive"
    )
    table = pa_dataset.dataset(out / PARTITIONED, partitioning=partitioning).to_table()
    rows = table.select(["report_id", "year", "province", "agency", "row"]).to_pylist()
    assert rows == [
        {"report_id": "aaaa", "year": "2023", "province": "四川省", "agency": "某县人民政府", "row": r}
        for r in ("r1", "r2", "r1")
    ]


def test_partition_folders_are_named_as_documented(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_frames(to_frames(_results()), out)
    parts = sorted(
        p.relative_to(out / PARTITIONED).parent.as_posix()
        for p in (out / PARTITIONED).rglob("*.parquet")
    )
    assert parts == ["year=2023/province=四川省"]
    back = pq.read_table(out / PARTITIONED, partitioning="hive").to_pandas()
    assert set(back["province"]) == {"四川省"} and len(back) == len(to_frames(_results()).cells)


@pytest.mark.parametrize(
    ("value", "folder"),
    [
        ("四川省", "province=四川省"),
        ("a/b", "province=a%2Fb"),
        ("50%", "province=50%25"),
        ("..", "province=%2E%2E"),
        ("", "province=unknown"),
    ],
)
def test_partition_folder_names_are_safe_and_readable(value: str, folder: str) -> None:
    assert partition_folder("province", value) == folder


def test_reports_with_no_year_or_province_are_partitioned_as_unknown(tmp_path: Path) -> None:
    result = replace(_results()[0], metadata=Metadata(), region=Region())
    out = tmp_path / "out"
    write_frames(to_frames([result]), out)
    parts = {p.parent.name for p in (out / PARTITIONED).rglob("*.parquet")}
    years = {p.parent.parent.name for p in (out / PARTITIONED).rglob("*.parquet")}
    assert (years, parts) == ({"year=unknown"}, {"province=unknown"})


def test_a_second_write_replaces_the_first(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_frames(to_frames(_results()), out)
    write_frames(to_frames(_results()[1:]), out)
    assert read_frame(out, "reports")["path"].tolist() == ["b.txt"]
    assert list((out / PARTITIONED).rglob("*.parquet")) == []
    assert not any(p.name.startswith(".") for p in out.iterdir())


def test_sweep_removes_what_a_killed_run_left(tmp_path: Path) -> None:
    (tmp_path / f"{STAGING}abc").mkdir()
    (tmp_path / f"{STAGING}abc" / "cells.csv").write_text("x")
    (tmp_path / f".{PARTITIONED}.old").mkdir()
    (tmp_path / f".{PARTITIONED}.x1y2").mkdir()
    (tmp_path / ".cells.parquet.k3j4").write_text("x")
    (tmp_path / ".datapackage.json.abc").write_text("x")
    keep = ["cells.csv", ".ogi-lock", ".ogi-cache", "notes.txt", ".hidden", PARTITIONED]
    for name in keep:
        (tmp_path / name).write_text("x")
    sweep(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(keep)


def test_sweep_of_a_folder_not_made_yet(tmp_path: Path) -> None:
    sweep(tmp_path / "none")
    assert not (tmp_path / "none").exists()


@pytest.mark.parametrize(
    ("value", "missing"),
    [(None, True), (float("nan"), True), (pd.NA, True), (0, False), ("", False), (0.0, False)],
)
def test_is_missing(value: object, missing: bool) -> None:
    assert is_missing(value) is missing
