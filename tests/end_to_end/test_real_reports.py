"""Real published reports in ../shared: the seed, and the corpus of sixteen reports and six
look-alikes with their truth files and reports.csv. What is asserted is exact, file by file:

- every cell the truth lists is in the output with the truth's value, or is null and
  flagged where the report itself does not settle it (a run of digits a crawler glued
  together that splits several ways; a row a converter broke); exactly those, named below;
- no number where the truth has none, and no cell the truth does not list;
- status, template, agency, year, province, city, county, township and published equal
  reports.csv;
- exactly the relations that fail in print fail in our output, each with verdict printed.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from pipeline.analysis.evaluate import find_truth, read_truth
from pipeline.records import ReportResult, Status
from pipeline.run.api import extract_results
from tests.conftest import SHARED

CORPUS = SHARED / "corpus"
SEEDS = SHARED / "seeds"
pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="no ../shared/corpus")

# Cells the report itself leaves open, as (file, table, row): all their cells come out
# null and flagged. Crawled pages run the digits of a table 二 row together, and table 二
# has no arithmetic to split them ("898989" is 89 89 89, or 8 98 989, or …). r005's
# Markdown lost one cell of each 第二十条第（一）项 row into the prose above the table.
UNSETTLED = {
    ("r005.md", "t2", "art20_1_regulation"): "misaligned",
    ("r005.md", "t2", "art20_1_normative_doc"): "misaligned",
    **{
        (f"r00{n}.txt", "t2", row): "ambiguous_digit_run"
        for n in (7, 8)
        for row in (
            "art20_1_normative_doc",
            "art20_5_admin_licensing",
            "art20_5_other_admin_service",
            "art20_6_admin_penalty",
            "art20_6_admin_coercion",
            "art20_9_gov_procurement",
        )
    },
    **{
        (f"r0{n:02d}.txt", "t2", "art20_1_normative_doc"): "ambiguous_digit_run"
        for n in (9, 10, 11, 12, 13)
    },
    ("r007.txt", "t2", "art20_8_admin_fee"): "ambiguous_digit_run",
}
# Cells a converter lost, filled from two relations that agree, and flagged so.
DERIVED = {("r006.md", "t3", "r4", "total")}
# The relations that fail in the published reports (../shared/corpus/README.md).
FAILING_IN_PRINT = {
    ("r002.pdf", "t4.block_total", "r1.review_total"),
    ("r002.pdf", "t4.block_total", "r1.suit_after_review_total"),
    ("r008.txt", "t3.outcome_sum", "natural_person"),
    ("r008.txt", "t3.outcome_sum", "total"),
}
METADATA = ("agency", "year", "province", "city", "county", "township", "published")
# reports.csv gives no published date for these look-alikes, though their pages print one
# (a letter's signature, a notice's date, a crawler's 发布时间).
UNDATED_IN_TRUTH = {"r019.jpg", "r020.txt", "r021.txt"}


def _expected() -> list[dict[str, str]]:
    if not CORPUS.is_dir():
        return []  # the module is skipped; collection must not fail
    with (CORPUS / "reports.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def results() -> dict[str, ReportResult]:
    files = [CORPUS / row["file"] for row in _expected()] + sorted(SEEDS.glob("*.txt"))
    return {Path(r.path).name: r for r in extract_results(files)}


def _truth_files() -> list[tuple[str, Path]]:
    return sorted(find_truth([CORPUS, SEEDS]).items())


@pytest.mark.parametrize(("name", "truth_path"), _truth_files())
def test_every_truth_cell_is_read_or_flagged(
    results: dict[str, ReportResult], name: str, truth_path: Path
) -> None:
    truth = read_truth(truth_path)
    got = {(c.table, c.row, c.col): c for c in results[name].cells}
    assert set(got) == set(truth), sorted(set(got) ^ set(truth))[:5]
    wrong, unsettled, derived = [], {}, set()
    for key, expected in truth.items():
        cell = got[key]
        if cell.flag and cell.value is None:
            unsettled[(name, key[0], key[1])] = cell.flag
        elif cell.flag == "derived":
            derived.add((name, *key))
        if cell.value != expected and not (cell.value is None and cell.flag):
            wrong.append((key, expected, cell.value, cell.flag))
    assert not wrong, wrong[:5]
    assert unsettled == {k: v for k, v in UNSETTLED.items() if k[0] == name}
    assert derived == {k for k in DERIVED if k[0] == name}


@pytest.mark.parametrize("row", _expected(), ids=lambda row: row["file"])
def test_status_template_and_metadata(
    results: dict[str, ReportResult], row: dict[str, str]
) -> None:
    result = results[row["file"]]
    if row["has_tables"] == "true":
        assert result.status in (Status.OK, Status.PARTIAL), result.message
        assert result.template == row["template"]
    else:
        assert result.status is Status.NOT_A_REPORT, result.message
        assert not result.cells
        assert result.template == (row["template"] or "unknown")
    got = {
        "agency": result.metadata.agency,
        "year": result.metadata.year,
        "published": result.metadata.published,
        "province": result.region.province,
        "city": result.region.city,
        "county": result.region.county,
        "township": result.region.township,
    }
    for field in METADATA:
        if field == "published" and row["file"] in UNDATED_IN_TRUTH:
            continue
        assert str(got[field] or "") == row[field], field


def test_exactly_the_relations_that_fail_in_print_fail(results: dict[str, ReportResult]) -> None:
    failed = {(name, c.check, c.scope) for name, r in results.items() for c in r.checks if c.failed}
    assert failed == FAILING_IN_PRINT
    verdicts = {c.verdict for r in results.values() for c in r.checks if c.failed}
    assert verdicts == {"printed"}


def test_checks_not_tested_say_why(results: dict[str, ReportResult]) -> None:
    # r004 prints blanks where its 总计 column is left empty: no relation over them holds.
    untested = [c for c in results["r004.html"].checks if not c.tested]
    assert untested
    assert all("printed blank" in c.reason and c.ok is None for c in untested)
    derived = [c for c in results["r006.md"].checks if not c.tested]
    assert {c.reason for c in derived} == {"t3.r4.total is flagged derived"}
