"""Failed relations name the cell most likely wrong: one misread injected at a time."""

from __future__ import annotations

import importlib
import random
from dataclasses import replace
from typing import Any

import pytest

from pipeline.readers.browser import chromium
from pipeline.readers.office import libreoffice
from pipeline.records import CellKey, CellValue, ReportResult
from pipeline.validate.checks import check_cells, flag_misreads
from tests.conftest import SAMPLES

# The module, not the function of the same name that the package exports.
extract = importlib.import_module("pipeline.chain")

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
        suspects = {k.suspect for k in check_cells(cells, result.template) if k.failed} - {""}
        total += 1
        if suspects == {cell.key.dotted()}:
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
    total = next(c for c in result.cells if c.key == CellKey("t3", "r3_7", "total"))
    new = (total.value or 0) + 5
    cells = [replace(c, value=new, raw=str(int(new))) if c is total else c for c in result.cells]
    failed = [k for k in check_cells(cells, result.template) if k.failed]
    assert {k.check for k in failed} == {"t3.balance", "t3.outcome_sum", "t3.row_total"}
    assert {k.suspect for k in failed} == {"t3.r3_7.total"}
    assert {k.suggested for k in failed} == {total.value}
    assert {k.verdict for k in failed} == {"printed"}


def _misread_in_text_layer(monkeypatch: pytest.MonkeyPatch, target: str, change: float) -> None:
    """Make the first reading of one cell wrong (as a bad font map or a grouping error
    would), while the page itself still shows the true number."""
    original = extract.to_cells
    calls = []

    def misread(*args: Any, **kwargs: Any) -> list[CellValue]:
        cells = original(*args, **kwargs)
        calls.append(1)
        if len(calls) > 1:  # the second reading, of the file printed to PDF
            return cells
        return [
            replace(c, value=(c.value or 0) + change, raw=str(int((c.value or 0) + change)))
            if c.key.dotted() == target
            else c
            for c in cells
        ]

    monkeypatch.setattr(extract, "to_cells", misread)


@pytest.mark.parametrize("target", ["t4.r1.review_upheld", "t4.r1.review_total"])
def test_a_pdf_cell_in_doubt_is_read_again_from_its_picture(
    monkeypatch: pytest.MonkeyPatch, sample_results: dict[str, ReportResult], target: str
) -> None:
    # Table 四: one relation per block, so the arithmetic alone cannot tell which of its
    # five cells is off. The second reading (OCR of the rendered cell) can.
    name = "city_2024_fmt2021_pdf.pdf"
    truth = next(c for c in sample_results[name].cells if c.key.dotted() == target)
    _misread_in_text_layer(monkeypatch, target, 3)
    result = extract.extract_file(SAMPLES / name)
    failed = [c for c in result.checks if c.failed and c.check.startswith("t4.")]
    assert [(c.suspect, c.verdict) for c in failed] == [(target, "check")]
    cell = next(c for c in result.cells if c.key.dotted() == target)
    assert (cell.flag, cell.value, cell.raw) == (
        "readings_differ",
        None,
        str(int(truth.value or 0) + 3),
    )
    assert cell.reread == truth.raw
    # Only the cells of the failed relation were read again, and they agreed.
    others = [c for c in result.cells if c.reread is not None and c.key.dotted() != target]
    assert others and all(c.reread == c.raw and not c.flag for c in others)
    assert {c.table for c in others} == {"t4"}


@pytest.mark.parametrize(
    ("name", "tool"),
    [("city_2024_fmt2021.docx", libreoffice()), ("bureau_2022_web_gbk.html", chromium())],
)
def test_a_word_or_web_cell_in_doubt_is_read_again_as_printed(
    monkeypatch: pytest.MonkeyPatch,
    sample_results: dict[str, ReportResult],
    name: str,
    tool: str | None,
) -> None:
    if tool is None:
        pytest.skip("needs LibreOffice (Word) or Chromium (web pages) to print the file")
    target = "t4.r1.review_upheld"
    truth = next(c for c in sample_results[name].cells if c.key.dotted() == target)
    _misread_in_text_layer(monkeypatch, target, 3)
    result = extract.extract_file(SAMPLES / name)
    failed = [c for c in result.checks if c.failed]
    assert [(c.suspect, c.verdict) for c in failed] == [(target, "check")]
    cell = next(c for c in result.cells if c.key.dotted() == target)
    assert (cell.flag, cell.value, cell.reread) == ("readings_differ", None, truth.raw)


def test_a_text_file_cell_in_doubt_has_no_second_reading(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Text copied from a web page is all there is: nothing else can be read.
    _misread_in_text_layer(monkeypatch, "t4.r1.review_upheld", 3)
    result = extract.extract_file(SAMPLES / "seed_2023.txt")
    failed = [c for c in result.checks if c.failed]
    assert failed and all(c.suspect == "" for c in failed)
    assert {c.verdict for c in failed} == {"printed"}
    assert not any(c.flag or c.reread is not None for c in result.cells)


def test_readings_that_agree_make_the_inconsistency_printed(
    sample_results: dict[str, ReportResult],
) -> None:
    result = sample_results["city_2024_fmt2021_pdf.pdf"]
    block = [
        c for c in result.cells if c.table == "t4" and c.row == "r1" and c.col.startswith("review")
    ]
    target = next(c for c in block if c.col == "review_upheld")
    new = (target.value or 0) + 2

    def cells(page_shows: str) -> list[CellValue]:
        return [
            replace(c, value=new, raw=str(int(new)), reread=page_shows)
            if c is target
            else replace(c, reread=c.raw)
            if c in block
            else c
            for c in result.cells
        ]

    # The page prints the odd number too: nothing is misread, and no cell can be named
    # in a block of one relation.
    failed = [k for k in check_cells(cells(str(int(new))), result.template) if k.failed]
    assert failed and {k.suspect for k in failed} == {""}
    # The page shows another number: that cell alone is in doubt.
    failed = [k for k in check_cells(cells(target.raw), result.template) if k.failed]
    assert {(k.suspect, k.verdict) for k in failed} == {(target.key.dotted(), "check")}
    assert flag_misreads(cells(target.raw), failed)[result.cells.index(target)].flag == (
        "readings_differ"
    )
