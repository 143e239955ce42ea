"""Golden tests: every sample in samples/ against its NAME.truth.csv, plus the invariants
(the arithmetic relations hold on these consistent reports) and their metadata."""

from __future__ import annotations

import re

import pytest

from pipeline.analysis.evaluate import read_truth
from pipeline.records import ReportResult, Status
from tests.conftest import SAMPLES

NAMES = sorted(
    p.name.removesuffix(".truth.csv") for p in SAMPLES.glob("*.truth.csv") if p.stat().st_size
)


def test_there_are_enough_samples() -> None:
    assert len(NAMES) >= 9
    assert {n.rsplit(".", 1)[1] for n in NAMES} >= {"txt", "md", "docx", "pdf"}


@pytest.mark.parametrize("name", NAMES)
def test_every_golden_cell(sample_results: dict[str, ReportResult], name: str) -> None:
    truth = read_truth(SAMPLES / f"{name}.truth.csv")
    result = sample_results[name]
    got = {(c.table, c.row, c.col): c for c in result.cells}
    assert set(got) <= set(truth), f"invented cells: {sorted(set(got) - set(truth))[:5]}"
    wrong, unsure = [], []
    for key, expected in truth.items():
        cell = got.get(key)
        if cell is not None and cell.flag and cell.value is None:
            unsure.append(key)
        elif cell is None or cell.value != expected:
            wrong.append((key, expected, cell.value if cell else "missing"))
    assert not wrong, wrong[:5]
    # Only runs of digits that split several ways may stay unresolved, and never silently.
    assert all(got[k].flag == "ambiguous_digit_run" for k in unsure)
    assert len(unsure) <= 0.05 * len(truth)


@pytest.mark.parametrize("name", NAMES)
def test_relations_hold_on_consistent_samples(
    sample_results: dict[str, ReportResult], name: str
) -> None:
    result = sample_results[name]
    if not result.cells:
        pytest.skip("no tables in this sample")
    assert result.checks, "no relation could be tested"
    failed = [c for c in result.checks if c.failed]
    assert not failed, failed[:3]


@pytest.mark.parametrize("name", NAMES)
def test_metadata_and_template(sample_results: dict[str, ReportResult], name: str) -> None:
    result = sample_results[name]
    year = int(re.search(r"_(\d{4})", name).group(1))  # type: ignore[union-attr]
    assert result.metadata.year == year
    assert result.metadata.title and str(year) in result.metadata.title.replace(" ", "")
    assert result.metadata.agency
    assert result.metadata.published and result.metadata.published.startswith(str(year + 1))
    if "fmt2019" in name:
        assert result.template == "fmt2019"
    elif "pre2019" in name:
        assert result.template == "pre2019"
    else:
        assert result.template == "fmt2021"


def test_the_seed_report(sample_results: dict[str, ReportResult]) -> None:
    seed = sample_results["seed_2023.txt"]
    assert seed.status is Status.OK
    assert seed.metadata.agency == "米易县得石镇人民政府"
    assert seed.metadata.published == "2024-01-16"
    assert len(seed.cells) == 200


def test_pre2019_report_has_no_cells(sample_results: dict[str, ReportResult]) -> None:
    early = sample_results["district_2017_pre2019.txt"]
    assert early.status is Status.NOT_A_REPORT
    assert early.template == "pre2019"
    assert early.cells == ()


def test_the_2021_report_with_a_2019_table_two(sample_results: dict[str, ReportResult]) -> None:
    lag = sample_results["centre_2021_t2lag.docx"]
    cols = {c.col for c in lag.cells if c.table == "t2"}
    assert {"newly_made", "prev_year_items", "procurement_amount"} <= cols
    assert any(c.row == "r3_6_1" for c in lag.cells)


def test_pdf_cells_carry_their_page(sample_results: dict[str, ReportResult]) -> None:
    pdf = sample_results["city_2024_fmt2021_pdf.pdf"]
    pages = {c.page for c in pdf.cells}
    assert None not in pages
    assert len(pages) >= 2  # table 三 continues on the next page
