"""Years compared: the agency × year panel of an output folder and the checks between a
year and the one before (report-format.md §5 x.year_carry, x.year_in_force), plus large
jumps. Soft checks: agencies merge and errors get corrected."""

from __future__ import annotations

import itertools
from collections.abc import Hashable, Iterator, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd

from pipeline.output.dataset import dotted_keys, read_frame, write_frame
from pipeline.records import CellKey
from pipeline.spec import load_spec

# A figure that grows or shrinks by more than this factor between two years is a jump.
JUMP_FACTOR = 5.0
# ... when both years are at least this large (small counts jump all the time).
JUMP_FLOOR = 20.0
JUMP_CELLS = (
    CellKey("t3", "r1", "total"),
    CellKey("t3", "r3_7", "total"),
    CellKey("t4", "r1", "review_total"),
    CellKey("t2", "art20_5_admin_licensing", "decisions"),
    CellKey("t2", "art20_6_admin_penalty", "decisions"),
)
IN_FORCE_ROWS = ("art20_1_regulation", "art20_1_normative_doc")
# x.year_carry: the table, and its row carried out to the next year and the row that
# carries it in there (per column).
CARRY = ("t3", "r4", "r2")


@dataclass(frozen=True)
class YearCheck:
    agency: str
    year: int
    previous_year: int
    check: str
    scope: str
    expected: float
    actual: float
    ok: bool
    report_id: str
    previous_report_id: str


def panel(out_dir: Path) -> pd.DataFrame:
    """One row per agency and year (the first report by path where several), one column
    per cell key; reports without an agency or a year are left out."""
    reports = read_frame(out_dir, "reports")
    cells = read_frame(out_dir, "cells")
    reports = reports.dropna(subset=["agency", "year"]).sort_values("path")
    reports = reports.drop_duplicates(subset=["agency", "year"], keep="first")
    cells = cells[cells["report_id"].isin(reports["report_id"])].copy()
    cells["key"] = dotted_keys(cells)
    wide = cells.pivot_table(index="report_id", columns="key", values="value", aggfunc="first")
    merged = reports[["report_id", "agency", "year", "path"]].merge(
        wide, left_on="report_id", right_index=True, how="left"
    )
    merged["year"] = merged["year"].astype(int)
    return merged.sort_values(["agency", "year"]).reset_index(drop=True)


def _value(row: pd.Series, key: CellKey) -> float | None:
    value = row.get(key.dotted())
    return None if value is None or pd.isna(value) else float(value)


def _year_check(
    agency: str,
    before: Mapping[Hashable, object],
    after: Mapping[Hashable, object],
    name: str,
    scope: str,
    expected: float,
    actual: float,
    ok: bool,
) -> YearCheck:
    return YearCheck(
        agency=agency,
        year=int(str(after["year"])),
        previous_year=int(str(before["year"])),
        check=name,
        scope=scope,
        expected=expected,
        actual=actual,
        ok=ok,
        report_id=str(after["report_id"]),
        previous_report_id=str(before["report_id"]),
    )


def year_checks(table: pd.DataFrame) -> Iterator[YearCheck]:
    """The checks between consecutive years of each agency."""
    carry_table, carried_out_row, carried_in_row = CARRY
    carry_columns = [c.key for c in load_spec().table(carry_table).columns if not c.optional]
    for agency, group in table.groupby("agency", sort=True):
        rows = group.sort_values("year").to_dict(orient="records")
        for before, after in itertools.pairwise(rows):
            if int(str(after["year"])) != int(str(before["year"])) + 1:
                continue

            def check(name: str, scope: str, expected: float, actual: float, ok: bool) -> YearCheck:
                return _year_check(str(agency), before, after, name, scope, expected, actual, ok)  # noqa: B023

            b, a = pd.Series(before), pd.Series(after)
            for column in carry_columns:
                carried_out = _value(b, CellKey(carry_table, carried_out_row, column))
                carried_in = _value(a, CellKey(carry_table, carried_in_row, column))
                if carried_out is not None and carried_in is not None:
                    yield check(
                        "x.year_carry", column, carried_out, carried_in, carried_in == carried_out
                    )
            for row in IN_FORCE_ROWS:
                last = _value(b, CellKey("t2", row, "in_force"))
                issued = _value(a, CellKey("t2", row, "issued"))
                repealed = _value(a, CellKey("t2", row, "repealed"))
                now = _value(a, CellKey("t2", row, "in_force"))
                if None not in (last, issued, repealed, now):
                    expected = (last or 0) + (issued or 0) - (repealed or 0)
                    yield check("x.year_in_force", row, expected, now or 0, expected == now)
            for key in JUMP_CELLS:
                old, new = _value(b, key), _value(a, key)
                if old is None or new is None or min(old, new) < JUMP_FLOOR:
                    continue
                factor = max(old, new) / min(old, new)
                yield check("x.year_jump", key.dotted(), old, new, factor <= JUMP_FACTOR)


def compare(out_dir: Path) -> pd.DataFrame:
    """Build the panel's year-to-year checks and write them as OUT/compare.*."""
    checks = list(year_checks(panel(out_dir)))
    columns = list(YearCheck.__dataclass_fields__)
    frame = pd.DataFrame([asdict(c) for c in checks], columns=columns)
    write_frame(frame, out_dir, "compare")
    return frame
