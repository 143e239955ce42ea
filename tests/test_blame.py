"""Failed relations name the cell most likely wrong: one misread injected at a time."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from pipeline.records import ReportResult
from pipeline.validate import check_cells

CONSISTENT = ["city_2024_fmt2021.docx", "district_2020_fmt2019.docx", "office_2022_subtotal.docx"]


def _inject(result: ReportResult, table: str, seed: int, tries: int = 40) -> tuple[int, int, int]:
    """(named right, named wrong, injections) over random single-cell misreads."""
    rng = random.Random(seed)
    candidates = [
        c for c in result.cells if c.table == table and c.value is not None and not c.flag
    ]
    right = wrong = total = 0
    for _ in range(tries):
        cell = rng.choice(candidates)
        new = (cell.value or 0) + rng.choice([-2, -1, 1, 2, 7, 30])
        if new < 0:
            continue
        cells = [replace(c, value=new, raw=str(int(new))) if c is cell else c for c in result.cells]
        suspects = {k.suspect for k in check_cells(cells, result.template) if not k.ok} - {""}
        total += 1
        if suspects == {f"{cell.table}.{cell.row}.{cell.col}"}:
            right += 1
        elif suspects:
            wrong += 1
    return right, wrong, total


@pytest.mark.parametrize(
    ("name", "share"),
    [
        ("city_2024_fmt2021.docx", 0.95),
        ("district_2020_fmt2019.docx", 0.95),
        # 总计 left blank on detail rows: a detail cell is then in one relation only, and
        # which cell of a column is off cannot always be told.
        ("office_2022_subtotal.docx", 0.5),
    ],
)
def test_a_misread_in_table_three_is_named(
    sample_results: dict[str, ReportResult], name: str, share: float
) -> None:
    right, wrong, total = _inject(sample_results[name], "t3", seed=11)
    assert right >= share * total
    assert wrong == 0


@pytest.mark.parametrize("name", CONSISTENT)
def test_table_four_never_names_a_wrong_cell(
    sample_results: dict[str, ReportResult], name: str
) -> None:
    # One relation per block cannot tell which of its five cells is off: none is named
    # unless the total is the only cell that explains it.
    _, wrong, _ = _inject(sample_results[name], "t4", seed=12)
    assert wrong == 0


def test_a_printed_inconsistency_is_called_printed(sample_results: dict[str, ReportResult]) -> None:
    result = sample_results["city_2024_fmt2021.docx"]
    total = next(c for c in result.cells if (c.table, c.row, c.col) == ("t3", "r3_7", "total"))
    new = (total.value or 0) + 5
    cells = [replace(c, value=new, raw=str(int(new))) if c is total else c for c in result.cells]
    failed = [k for k in check_cells(cells, result.template) if not k.ok]
    assert {k.check for k in failed} == {"t3.balance", "t3.outcome_sum", "t3.row_total"}
    assert {k.suspect for k in failed} == {"t3.r3_7.total"}
    assert {k.suggested for k in failed} == {total.value}
    assert {k.verdict for k in failed} == {"printed"}
