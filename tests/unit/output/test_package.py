"""datapackage.json and CODEBOOK.md describe every file and column that is written."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
from frictionless import validate

from pipeline.output.package import cell_description
from pipeline.run.api import run_to_folder
from pipeline.run.options import ExtractOptions
from tests.conftest import SAMPLES, copy_samples


def test_the_written_package_is_valid_and_complete(tmp_path: Path) -> None:
    source = copy_samples(tmp_path / "in", ("seed_2023.txt", "district_2020_fmt2019.docx", "district_2017_pre2019.txt"))
    out = tmp_path / "out"
    run_to_folder([source], out, ExtractOptions(jobs=1))
    report = validate(str(out / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])[:5]
    descriptor = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        path = out / resource["path"]
        columns = (
            list(pd.read_parquet(path).columns)
            if path.suffix == ".parquet"
            else list(pd.read_csv(path, encoding="utf-8-sig", nrows=0).columns)
        )
        described = [f["name"] for f in resource["schema"]["fields"]]
        assert described == columns, resource["name"]
        assert all(f["description"] for f in resource["schema"]["fields"])
    book = (out / "CODEBOOK.md").read_text(encoding="utf-8")
    assert "| t3.r1.total |" in book


def test_cell_descriptions_use_the_official_labels() -> None:
    text = cell_description("t3.r3_3_1.natural_person")
    assert "属于国家秘密" in text and "自然人" in text
    assert "fmt2019, fmt2021" in text
    assert "复议后起诉·总计" in cell_description("t4.r1.suit_after_review_total")


def test_duckdb_reads_the_partitioned_cells_in_one_line(tmp_path: Path) -> None:
    import duckdb

    source = copy_samples(tmp_path / "in", ("seed_2023.txt", "city_2024_fmt2021.docx"))
    out = tmp_path / "out"
    run_to_folder([source], out, ExtractOptions(jobs=1))
    files = f"{out}/cells_by_year_province/**/*.parquet"
    rows = duckdb.sql(
        f"SELECT year, province, sum(value) FROM read_parquet('{files}', hive_partitioning = true)"
        " WHERE col = 'total' AND \"row\" = 'r1' GROUP BY ALL ORDER BY ALL"
    ).fetchall()
    assert [(int(y), p) for y, p, _ in rows] == [(2023, "四川省"), (2024, "江苏省")]
    assert rows[0][2] == 0
