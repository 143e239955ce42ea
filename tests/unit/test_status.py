"""What a file is, in one status and one message a user can act on."""

from __future__ import annotations

from dataclasses import replace

import pytest

from pipeline.normalise.layouts import Templates
from pipeline.records import CellValue, Metadata, Status
from pipeline.spec import load_spec
from pipeline.status import TABLE_NAMES, classify, summary

SPEC = load_spec()
FMT2021 = Templates("fmt2021")
TITLE = "某县人民政府2023年政府信息公开工作年度报告"
REPORT = Metadata(title=TITLE, year=2023)


def _cells(
    value: float | None = 1.0, tables: tuple[str, ...] = ("t2", "t3", "t4")
) -> list[CellValue]:
    """Every cell of the 2021 layout of ``tables``, each holding ``value``."""
    raw = "" if value is None else f"{value:g}"
    return [
        CellValue(t, r, c, value, raw, "label", 100.0, 1)
        for t, r, c in SPEC.cell_keys("fmt2021")
        if t in tables
    ]


def test_tables_are_named_by_their_numerals() -> None:
    assert TABLE_NAMES == {"t2": "二", "t3": "三", "t4": "四"}


def test_a_report_with_every_cell_read_is_ok() -> None:
    verdict = classify(_cells(), [TITLE], REPORT, FMT2021)
    assert (verdict.status, verdict.message, verdict.template, verdict.keep_cells) == (
        Status.OK, "", "fmt2021", True,
    )  # fmt: skip


def test_a_report_missing_a_table_is_partial_and_says_which() -> None:
    verdict = classify(_cells(tables=("t3",)), [TITLE], REPORT, FMT2021)
    assert (verdict.status, verdict.message) == (Status.PARTIAL, "table 二、四 not found")
    assert verdict.keep_cells


def test_a_report_before_the_2019_format_has_no_standard_tables() -> None:
    verdict = classify(_cells(), [TITLE], Metadata(title=TITLE, year=2017), FMT2021)
    assert (verdict.status, verdict.template, verdict.keep_cells) == (
        Status.NOT_A_REPORT, "pre2019", False,
    )  # fmt: skip
    assert verdict.message.startswith("a report for 2017, before the 2019 format")


def test_a_blank_template_is_no_report() -> None:
    verdict = classify(_cells(None), [TITLE], REPORT, FMT2021)
    assert (verdict.status, verdict.keep_cells) == (Status.NOT_A_REPORT, False)
    assert "every cell is blank: a blank template" in verdict.message


def test_two_reports_side_by_side_are_a_comparison_never_a_mix() -> None:
    label = "本年新收政府信息公开申请数量"
    texts = [f"{label} 1 2 {label} 3 4"] * 3
    verdict = classify(_cells(), texts, Metadata(), FMT2021)
    assert (verdict.status, verdict.keep_cells) == (Status.NOT_A_REPORT, False)
    assert "side by side" in verdict.message
    # twice on a line or two is a coincidence
    assert classify(_cells(), texts[:2], REPORT, FMT2021).status is Status.OK


@pytest.mark.parametrize(
    ("texts", "message"),
    [
        (["某县人民政府关于印发通知的通知"],
         "not an annual report: no report title and none of the tables 二、三、四"),
        (["关于某县2022年政府信息公开工作年度报告的比对分析"],
         "not a report: a comparison of reports (never a mix of their numbers)"),
        ([f"某{place}2021年政府信息公开工作年度报告" for place in ("县", "市", "区")],
         "not a report: a page listing 3 reports"),
        (["请点击查看《某县人民政府2022年政府信息公开工作年度报告》"],
         "not a report: it names an annual report but does not contain it (a notice?)"),
    ],
)  # fmt: skip
def test_documents_that_are_no_report_say_what_they_are(texts: list[str], message: str) -> None:
    verdict = classify([], texts, Metadata(), FMT2021)
    assert (verdict.status, verdict.message, verdict.template) == (
        Status.NOT_A_REPORT, message, "unknown",
    )  # fmt: skip


def test_a_document_with_most_of_the_core_table_is_kept_whatever_its_text() -> None:
    verdict = classify(_cells(tables=("t3",)), ["其他文件"], Metadata(), FMT2021)
    assert verdict.status is Status.PARTIAL
    # a few of its cells beside its labels are no report
    few = _cells(tables=("t3",))[:20]
    assert classify(few, ["其他文件"], Metadata(), FMT2021).status is Status.NOT_A_REPORT


def test_a_report_whose_tables_were_not_found_failed() -> None:
    verdict = classify([], [TITLE, "一、总体情况"], REPORT, FMT2021)
    assert verdict.status is Status.FAILED
    assert (
        verdict.message
        == "this reads like an annual report, but none of the tables 二、三、四 was found"
    )
    assert not verdict.keep_cells


def test_a_document_partly_unread_is_not_called_no_report() -> None:
    verdict = classify([], ["扫描件"], Metadata(), FMT2021, unread=True)
    assert verdict.status is Status.FAILED
    assert verdict.message.startswith("some of it could not be read")


def test_the_summary_names_missing_rows_and_flagged_cells() -> None:
    cells = _cells()
    cells[0] = replace(cells[0], value=None, raw="x", flag="not_a_number")
    cells[1] = replace(cells[1], value=None, flag="misaligned")
    cells[2] = replace(cells[2], value=None, flag="misaligned")
    status, message = summary(cells[:-3], FMT2021)
    assert status is Status.PARTIAL
    assert message == "1 rows missing: t4.r1; cells flagged: 2 misaligned, 1 not_a_number"


def test_many_missing_rows_are_counted_beyond_the_first_six() -> None:
    cells = [c for c in _cells() if not (c.table == "t3" and c.row.startswith("r3_3"))]
    status, message = summary(cells, FMT2021)
    assert status is Status.PARTIAL
    assert message == (
        "8 rows missing: t3.r3_3_1, t3.r3_3_2, t3.r3_3_3, t3.r3_3_4, t3.r3_3_5, t3.r3_3_6 "
        "and 2 more"
    )


def test_the_summary_of_every_cell_read_is_ok() -> None:
    assert summary(_cells(), FMT2021) == (Status.OK, "")
