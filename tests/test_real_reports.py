"""Real published reports in ../shared (the seed, and the corpus where it is present),
scored against their hand-made truth files."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.api import extract_results
from pipeline.evaluate import Score, find_truth, read_truth, score_document
from pipeline.records import CellValue
from pipeline.validate import check_cells
from tests.conftest import SHARED

FOLDERS = [f for f in (SHARED / "seeds", SHARED / "corpus") if f.is_dir()]
# The formats issue owns HTML; everything else in the corpus is scored here.
SCORED_SUFFIXES = {".pdf", ".txt", ".md", ".docx"}


def _real_reports() -> list[Path]:
    truths = find_truth(FOLDERS)
    files = []
    for folder in FOLDERS:
        for path in sorted(folder.rglob("*")):
            if path.name in truths and path.suffix.lower() in SCORED_SUFFIXES:
                files.append(path)
    return files


REPORTS = _real_reports()


@pytest.mark.skipif(not REPORTS, reason="no real reports with truth files in ../shared")
def test_real_reports_are_read_accurately() -> None:
    truths = find_truth(FOLDERS)
    results = extract_results(REPORTS)
    total = Score()
    invented: list[str] = []
    for path, result in zip(REPORTS, results, strict=True):
        truth = read_truth(truths[path.name])
        predicted = {
            (c.table, c.row, c.col): (c.value, c.flag, c.page, c.row_label) for c in result.cells
        }
        score, _ = score_document(truth, predicted)
        total.add(score)
        invented.extend(f"{path.name}:{k}" for k in predicted.keys() - truth.keys())
    assert not invented, invented[:5]
    assert total.precision >= 0.99
    assert total.recall >= 0.99


@pytest.mark.skipif(not REPORTS, reason="no real reports with truth files in ../shared")
def test_the_relations_that_fail_in_print_are_the_ones_reported() -> None:
    # The relations are tested on the truth cells (what the report prints) and on ours:
    # a relation fails in our output exactly when it fails in print.
    truths = find_truth(FOLDERS)
    for path, result in zip(REPORTS, extract_results(REPORTS), strict=True):
        printed = [
            CellValue(table, row, col, value, "" if value is None else f"{value:g}", "", 100, None)
            for (table, row, col), value in read_truth(truths[path.name]).items()
        ]
        in_print = {(c.check, c.scope) for c in check_cells(printed, result.template) if c.failed}
        ours = {(c.check, c.scope) for c in result.checks if c.failed and c.check[0] != "x"}
        assert ours == in_print, path.name
        assert all(c.verdict == "printed" for c in result.checks if c.failed), path.name
