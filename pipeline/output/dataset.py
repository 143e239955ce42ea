"""Report results → the tidy frames of the dataset contract, and their atomic writers.

This module owns pandas and pyarrow. The frames are ``reports``, ``cells``, ``checks`` and
``panel``; each is written as ``NAME.parquet`` and ``NAME.csv`` (UTF-8 with a BOM).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import cast

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import yaml

from pipeline.output.columns import panel_keys, table_columns
from pipeline.output.files import atomic, umask
from pipeline.output.package import write_package
from pipeline.records import FRAME_NAMES, CellKey, ReportResult
from pipeline.spec import load_spec


def _dtypes(name: str) -> dict[str, str]:
    return {c.name: c.dtype for c in table_columns()[name][1]}


@dataclass(frozen=True)
class Frames:
    """The four tables of the dataset, as pandas frames."""

    reports: pd.DataFrame
    cells: pd.DataFrame
    checks: pd.DataFrame
    facts: pd.DataFrame
    panel: pd.DataFrame

    def items(self) -> list[tuple[str, pd.DataFrame]]:
        return [(name, getattr(self, name)) for name in FRAME_NAMES]


def _frame(rows: list[dict[str, object]], columns: dict[str, str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(columns))
    return frame.astype(columns)


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def dotted_keys(cells: pd.DataFrame) -> pd.Series:
    """The dotted key (:meth:`CellKey.dotted`) of each row of a ``cells`` frame."""
    keys = zip(cells["table"], cells["row"], cells["col"], strict=True)
    return pd.Series([CellKey(*key).dotted() for key in keys], index=cells.index, dtype="string")


def to_frames(results: Sequence[ReportResult]) -> Frames:
    report_rows: list[dict[str, object]] = []
    # Cells, checks and facts are many: built column by column, not as a dict a row; each
    # column is the record field of the same name.
    many: dict[str, dict[str, list[object]]] = {
        name: {column: [] for column in _dtypes(name)} for name in ("cells", "checks", "facts")
    }
    for r in results:
        report_rows.append(
            {
                "report_id": r.report_id,
                "path": r.path,
                "format": r.format,
                "pages": r.pages,
                "title": r.metadata.title,
                "agency": r.metadata.agency,
                "year": r.metadata.year,
                "published": _date(r.metadata.published),
                "url": r.metadata.url,
                "province": r.region.province,
                "city": r.region.city,
                "county": r.region.county,
                "township": r.region.township,
                "level": r.region.level,
                "division_code": r.region.division_code,
                "template": r.template,
                "status": str(r.status),
                "message": r.message,
                "n_cells": len(r.cells),
                "n_flagged": sum(1 for c in r.cells if c.flag),
                "n_checks": len(r.checks),
                "n_checks_failed": sum(1 for c in r.checks if c.failed),
                "n_checks_untested": sum(1 for c in r.checks if not c.tested),
                "method": r.method,
                "seconds": round(r.seconds, 4),
            }
        )
        for name, records in (("cells", r.cells), ("checks", r.checks), ("facts", r.facts)):
            columns = many[name]
            columns["report_id"] += [r.report_id] * len(records)
            for field in columns:
                if field != "report_id":
                    columns[field] += [getattr(x, field) for x in records]
    reports = _frame(report_rows, _dtypes("reports"))
    cells, checks, facts = (
        pd.DataFrame(many[name]).astype(_dtypes(name)) for name in ("cells", "checks", "facts")
    )
    return Frames(reports, cells, checks, facts, _panel(reports, results))


def _panel(reports: pd.DataFrame, results: Sequence[ReportResult]) -> pd.DataFrame:
    keys = panel_keys()
    known = set(keys)
    values = [
        {key: c.value for c in r.cells if (key := c.key.dotted()) in known}
        for r in results
    ]
    wide = pd.DataFrame(values, columns=keys, dtype="float64", index=reports.index)
    return pd.concat([reports, wide], axis=1)


def write_frame(frame: pd.DataFrame, out_dir: Path, name: str) -> list[Path]:
    """Write ``NAME.parquet`` and ``NAME.csv`` (UTF-8 with BOM) atomically."""
    parquet, csv = out_dir / f"{name}.parquet", out_dir / f"{name}.csv"
    table = pa.Table.from_pandas(frame, preserve_index=False)
    atomic(parquet, lambda p: pq.write_table(table, p))
    atomic(csv, lambda p: _write_csv(table, p))
    return [parquet, csv]


def _write_csv(table: pa.Table, path: Path) -> None:
    """CSV in UTF-8 with a BOM (so that Excel shows the Chinese), written by Arrow, with
    text that a spreadsheet would run as a formula neutralised (``neutralise``)."""
    with path.open("wb") as handle:
        handle.write(b"\xef\xbb\xbf")
        pa_csv.write_csv(neutralise(table), handle)


# What a spreadsheet takes for the start of a formula (or a cell's end).
FORMULA_START = "^[=+\\-@\t\r]"


def neutralise(table: pa.Table) -> pa.Table:
    """Every text cell that starts like a formula (= + - @, a tab, a carriage return)
    with a ``'`` before it: what the CSV copies hold. Parquet keeps the exact text."""
    columns = []
    for column in table.columns:
        if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            risky = pc.match_substring_regex(column, FORMULA_START)
            quote, empty = pa.scalar("'", column.type), pa.scalar("", column.type)
            column = pc.if_else(risky, pc.binary_join_element_wise(quote, column, empty), column)
        columns.append(column)
    return pa.Table.from_arrays(columns, schema=table.schema)


PARTITIONED = "cells_by_year_province"


# Characters a folder name cannot hold as they are, written %XX as hive readers decode
# them. Everything else, Chinese included, is written as it is: province=四川省.
_UNSAFE = str.maketrans({c: f"%{ord(c):02X}" for c in '%/\\:*?"<>|\0'})


def partition_folder(name: str, value: str) -> str:
    """``name=value`` as one folder of a hive-partitioned dataset."""
    segment = value.translate(_UNSAFE)
    if segment.strip(".") == "":  # "", "." and ".." are not folder names
        segment = segment.replace(".", "%2E") or "unknown"
    return f"{name}={segment}"


def write_partitioned(frames: Frames, out_dir: Path) -> Path:
    """``cells`` with each report's year, province and agency, as a Parquet dataset
    partitioned by year and province (hive style: year=2023/province=四川省/…), replaced
    whole: written beside and renamed into place. The folders are written here, not by
    Arrow's dataset writer, which percent-encodes every character outside ASCII."""
    columns = ["report_id", "year", "province", "agency"]
    joined = frames.cells.merge(frames.reports[columns], on="report_id", how="left")
    keys = ["year", "province"]
    for name in keys:
        joined[name] = joined[name].astype("string").fillna("unknown")
    table = pa.Table.from_pandas(joined.drop(columns=keys), preserve_index=False)
    target = out_dir / PARTITIONED
    staging = Path(tempfile.mkdtemp(prefix=f".{PARTITIONED}.", dir=out_dir))
    os.chmod(staging, 0o777 & ~umask())  # mkdtemp makes it private; a dataset is shared
    try:
        groups = joined.groupby(keys).indices
        for key, rows in sorted(groups.items(), key=lambda item: str(item[0])):
            year, province = cast(tuple[str, str], key)
            folder = staging / partition_folder("year", year)
            folder = folder / partition_folder("province", province)
            folder.mkdir(parents=True)
            pq.write_table(table.take(rows), folder / "part-0.parquet")
        old = out_dir / f".{PARTITIONED}.old"
        if target.exists():
            target.rename(old)
        staging.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


STAGING = ".ogi-staging-"


def write_frames(frames: Frames, out_dir: Path) -> list[Path]:
    """Every frame, the partitioned cells, then datapackage.json and CODEBOOK.md: written
    whole to a staging folder inside ``out_dir`` first, then moved into place (each file
    by one rename). A write that fails (a full disk) leaves the dataset that was there as
    it was; the staging folder is removed either way."""
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=STAGING, dir=out_dir))
    try:
        # Arrow writes without the GIL: the files are written side by side.
        with ThreadPoolExecutor(max_workers=4) as pool:
            jobs = [
                pool.submit(write_frame, frame, staging, name) for name, frame in frames.items()
            ]
            partitioned = pool.submit(write_partitioned, frames, staging)
            for job in jobs:
                job.result()
            partitioned.result()
        write_package(staging)
        return _publish(staging, out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _publish(staging: Path, out_dir: Path) -> list[Path]:
    """Move what ``staging`` holds into ``out_dir``: files by rename, the partitioned
    folder by renaming the old one away first."""
    written = []
    for item in sorted(staging.iterdir()):
        target = out_dir / item.name
        if item.is_dir():
            old = out_dir / f".{item.name}.old"
            shutil.rmtree(old, ignore_errors=True)
            if target.exists():
                target.rename(old)
            item.rename(target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(item, target)
        written.append(target)
    return written


def sweep(out_dir: Path) -> None:
    """Remove what a run killed while writing left behind: staging folders, temporary
    files of an atomic write, a partitioned folder half renamed. Called while holding
    the output folder's lock, so nothing of it belongs to a live run."""
    if not out_dir.is_dir():
        return
    for item in out_dir.iterdir():
        name = item.name
        stale = name.startswith((STAGING, f".{PARTITIONED}.")) or (
            name.startswith(".") and any(name.startswith(f".{n}.") for n in _DATASET_FILES)
        )
        if not stale:
            continue
        if item.is_dir() and not item.is_symlink():
            shutil.rmtree(item, ignore_errors=True)
        else:
            item.unlink(missing_ok=True)


# Names whose ".NAME.xxxx" temporaries an atomic write leaves when killed.
_DATASET_FILES = (
    *(f"{n}.{suffix}" for n in FRAME_NAMES for suffix in ("parquet", "csv")),
    "datapackage.json",
    "CODEBOOK.md",
    "audit.html",
    "compare.parquet",
    "compare.csv",
)


def is_missing(value: object) -> bool:
    """True for None, NaN and pandas' NA (what a null looks like in a read-back frame)."""
    return value is None or bool(pd.isna(value))  # type: ignore[call-overload]


def read_frame(out_dir: Path, name: str) -> pd.DataFrame:
    """Read one table of an output folder (Parquet preferred)."""
    parquet = out_dir / f"{name}.parquet"
    if parquet.exists():
        frame: pd.DataFrame = pq.read_table(parquet).to_pandas()
        return frame
    return pd.read_csv(out_dir / f"{name}.csv", encoding="utf-8-sig")
