"""--meta: what a scraper knows wins over what is read from the document."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from pipeline.cli.commands import app
from tests.conftest import SAMPLES


def test_meta_overrides_agency_region_and_url(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    shutil.copy(SAMPLES / "seed_2023.txt", source / "a.txt")
    shutil.copy(SAMPLES / "city_2024_fmt2021.docx", source / "b.docx")
    meta = tmp_path / "meta.csv"
    meta.write_text(
        "file,agency,url,province\n"
        "a.txt,福州市晋安区人民政府,https://example.org/a,\n"
        "b.docx,,https://example.org/b,浙江省\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["extract", str(source), "--out", str(out), "--meta", str(meta)]
    )
    assert result.exit_code == 0, result.output
    reports = pd.read_parquet(out / "reports.parquet").set_index("path")
    assert reports.loc["a.txt", "agency"] == "福州市晋安区人民政府"
    assert reports.loc["a.txt", "province"] == "福建省"  # read again from the given agency
    assert reports.loc["a.txt", "county"] == "晋安区"
    assert reports.loc["a.txt", "url"] == "https://example.org/a"
    assert reports.loc["b.docx", "agency"] == "淮安市人民政府"  # empty cell: unchanged
    assert reports.loc["b.docx", "province"] == "浙江省"


def test_a_meta_file_without_a_file_column_is_refused(tmp_path: Path) -> None:
    meta = tmp_path / "meta.csv"
    meta.write_text("name,agency\nx,y\n", encoding="utf-8")
    result = CliRunner().invoke(
        app,
        ["extract", str(SAMPLES / "seed_2023.txt"), "--out", str(tmp_path), "--meta", str(meta)],
    )
    assert result.exit_code == 2
