"""The spec's arithmetic relations tested on a report's cells, blanks derived from them,
and cells the failed ones put in doubt reviewed."""

from __future__ import annotations

from dataclasses import replace

from pipeline.records import CellKey, CellValue, CheckResult
from pipeline.spec import load_spec
from pipeline.validate.checks import check_cells, derive_blanks, flag_misreads

T4 = load_spec().table("t4")
BLOCKS = [c.key for c in T4.data_columns("fmt2021")]


def _cell(row: str, col: str, value: float, confidence: float | None) -> CellValue:
    return CellValue(
        table="t3",
        row=row,
        col=col,
        value=value,
        raw=str(int(value)),
        row_label=row,
        score=100.0,
        page=1,
        method="ocr" if confidence is not None else "text",
        confidence=confidence,
    )


def _table(misread: dict[tuple[str, str], tuple[float, float]]) -> list[CellValue]:
    """A consistent 2021 table 三 (every column: 1 new, 0 carried, 1 granted, 0 pending),
    with some cells replaced by (value, confidence)."""
    table = load_spec().table("t3")
    ones = {"r1", "r3_1", "r3_7"}
    cells = []
    for row in table.data_rows("fmt2021"):
        for column in table.data_columns("fmt2021"):
            value = (6.0 if column.key == "total" else 1.0) if row.key in ones else 0.0
            value, confidence = misread.get((row.key, column.key), (value, 0.99))
            cells.append(_cell(row.key, column.key, value, confidence))
    return cells


def test_a_misread_the_arithmetic_names_loses_its_value() -> None:
    cells = _table({("r1", "org_research"): (7.0, 0.8)})
    checks = check_cells(cells, "fmt2021")
    named = {c.suspect for c in checks if c.failed}
    assert named == {"t3.r1.org_research"}
    reviewed = {(c.row, c.col): c for c in flag_misreads(cells, checks)}
    flagged = reviewed["r1", "org_research"]
    assert (flagged.value, flagged.raw, flagged.flag) == (None, "7", "ocr_misread")
    assert sum(1 for c in reviewed.values() if c.flag) == 1


def test_a_cell_both_readings_agreed_on_is_what_the_report_prints() -> None:
    cells = _table({("r1", "org_research"): (7.0, 0.99)})
    checks = check_cells(cells, "fmt2021")
    assert {c.verdict for c in checks if c.failed} == {"printed"}
    assert not any(c.flag for c in flag_misreads(cells, checks))


def test_two_misreads_in_different_places_are_both_named() -> None:
    cells = _table({("r1", "org_research"): (7.0, 0.8), ("r3_3_2", "natural_person"): (4.0, 0.7)})
    checks = check_cells(cells, "fmt2021")
    named = {c.suspect for c in checks if c.failed}
    assert named == {"t3.r1.org_research", "t3.r3_3_2.natural_person"}


def test_a_low_confidence_reading_stands_only_where_a_relation_confirms_it() -> None:
    cells = _table({("r1", "org_research"): (1.0, 0.3)})
    checks = check_cells(cells, "fmt2021")
    assert all(c.held for c in checks if c.tested)
    assert not any(c.flag for c in flag_misreads(cells, checks))
    lonely = [*cells, _cell("r9", "natural_person", 3.0, 0.3)]
    reviewed = flag_misreads(lonely, checks)
    assert reviewed[-1].flag == "ocr_unsure" and reviewed[-1].value is None
    text = [replace(c, method="text", confidence=None) for c in lonely]
    assert not any(c.flag for c in flag_misreads(text, checks))


def test_checks_keep_the_cells_they_were_tested_on() -> None:
    checks = check_cells(_table({}), "fmt2021")
    balance = next(c for c in checks if c.check == "t3.balance" and c.scope == "natural_person")
    assert CellKey("t3", "r1", "natural_person") in balance.cells
    assert isinstance(balance, CheckResult)


def test_where_the_arithmetic_cannot_choose_the_one_doubtful_reading_is_named() -> None:
    t4 = load_spec().table("t4")
    cells = [
        CellValue("t4", "r1", c.key, 0.0, "0", "", 100.0, 1, method="ocr", confidence=0.99)
        for c in t4.data_columns("fmt2021")
    ]
    # one block's parts sum to 3 while its total says 2: any of four cells could be off
    values = {"review_upheld": 1.0, "review_corrected": 2.0, "review_total": 2.0}
    cells = [replace(c, value=values.get(c.col, c.value)) for c in cells]
    failed = [c for c in check_cells(cells, "fmt2021") if c.failed]
    assert failed and {c.suspect for c in failed} == {""}
    doubtful = [replace(c, confidence=0.45) if c.col == "review_corrected" else c for c in cells]
    failed = [c for c in check_cells(doubtful, "fmt2021") if c.failed]
    assert {c.suspect for c in failed} == {"t4.r1.review_corrected"}
    assert {c.verdict for c in failed} == {"check"}


def _t4(values: dict[str, float | None], **more: object) -> list[CellValue]:
    """Table 四: each block 1, 1, 1, 1 and a total of 4, but for ``values``."""
    cells = []
    for key in BLOCKS:
        value = values.get(key, 4.0 if key.endswith("total") else 1.0)
        raw = "" if value is None else f"{value:g}"
        cells.append(CellValue("t4", "r1", key, value, raw, "复议", 100.0, 1, **more))  # type: ignore[arg-type]
    return cells


def _review(checks: list[CheckResult]) -> CheckResult:
    return next(c for c in checks if c.scope == "r1.review_total")


def test_a_relation_that_holds_is_tested_on_its_cells() -> None:
    checks = check_cells(_t4({}), "fmt2021")
    held = [c for c in checks if c.tested]
    assert [c.scope for c in held] == [
        "r1.review_total",
        "r1.suit_direct_total",
        "r1.suit_after_review_total",
    ]
    review = held[0]
    assert (review.check, review.expected, review.actual, review.ok) == (
        "t4.block_total",
        4.0,
        4.0,
        True,
    )
    assert [key.dotted() for key in review.cells] == [
        "t4.r1.review_total",
        "t4.r1.review_upheld",
        "t4.r1.review_corrected",
        "t4.r1.review_other",
        "t4.r1.review_pending",
    ]


def test_a_relation_that_fails_names_its_sums() -> None:
    review = _review(check_cells(_t4({"review_total": 5.0}), "fmt2021"))
    assert (review.ok, review.actual, review.expected) == (False, 5.0, 4.0)
    assert review.failed and review.tested and not review.held


def test_a_table_not_read_is_said_once_for_each_of_its_relations() -> None:
    untested = [c for c in check_cells(_t4({}), "fmt2021") if not c.tested]
    assert untested and {c.reason for c in untested} == {"table t3 not read"}
    assert all(c.ok is None and c.expected is None for c in untested)


def test_a_cell_not_read_or_flagged_leaves_its_relations_untested() -> None:
    missing = [c for c in _t4({}) if c.col != "review_upheld"]
    assert _review(check_cells(missing, "fmt2021")).reason == "t4.r1.review_upheld not read"
    flagged = [replace(c, value=None, flag="misaligned") if c.col == "review_upheld" else c
               for c in _t4({})]  # fmt: skip
    review = _review(check_cells(flagged, "fmt2021"))
    assert (review.ok, review.reason) == (None, "t4.r1.review_upheld is flagged misaligned")


def test_a_blank_counts_as_zero_where_the_table_prints_no_zeros() -> None:
    review = _review(check_cells(_t4({"review_upheld": None, "review_total": 3.0}), "fmt2021"))
    assert review.ok is True


def test_a_blank_is_no_claim_where_the_table_prints_zeros() -> None:
    values = {"review_upheld": None, "review_total": 3.0, "suit_direct_upheld": 0.0}
    review = _review(check_cells(_t4(values), "fmt2021"))
    assert (review.ok, review.reason) == (None, "t4.r1.review_upheld printed blank")


def test_a_blank_total_is_no_claim_of_zero() -> None:
    values = dict.fromkeys(["review_upheld", "review_corrected", "review_other", "review_pending"])
    values["review_total"] = 0.0
    review = _review(check_cells(_t4({**values, "review_total": None}), "fmt2021"))
    assert review.ok is None and review.reason.endswith("printed blank")


def test_a_format_not_in_the_spec_has_no_relations() -> None:
    assert check_cells(_t4({}), "unknown") == []


def _t3_row(row: str, values: list[float | None], columns: list[str]) -> list[CellValue]:
    return [
        CellValue("t3", row, col, v, "" if v is None else f"{v:g}", "l", 100.0, 1)
        for col, v in zip(columns, values, strict=True)
    ]


def test_the_subtotal_relation_is_tested_only_where_the_subtotal_is_printed() -> None:
    seven = [c.key for c in load_spec().table("t3").data_columns("fmt2021")]
    narrow = [c for c in check_cells(_t3_row("r1", [1, 1, 0, 0, 0, 0, 2], seven), "fmt2021")
              if c.scope.startswith("r1.")]  # fmt: skip
    assert [(c.check, c.ok) for c in narrow if c.check.startswith("t3.")] == [
        ("t3.row_total", True)
    ]
    eight = [c.key for c in load_spec().table("t3").columns]
    wide = check_cells(_t3_row("r1", [1, 1, 0, 0, 0, 0, 1, 2], eight), "fmt2021")
    assert {c.check: c.ok for c in wide if c.scope.startswith("r1.") and c.tested} == {
        "t3.row_total": True,
        "t3.org_subtotal": True,
    }


def test_a_lone_blank_two_relations_agree_on_is_derived_and_flagged() -> None:
    # table 三 printing zeros, one cell lost: its row total and its column's balance agree
    seven = [c.key for c in load_spec().table("t3").data_columns("fmt2021")]
    rows = {
        "r1": [3, 0, 0, 0, 0, 0, 3],
        "r2": [0, 0, 0, 0, 0, 0, 0],
        "r3_7": [None, 0, 0, 0, 0, 0, 3],
        "r4": [0, 0, 0, 0, 0, 0, 0],
    }
    cells = [cell for row, values in rows.items() for cell in _t3_row(row, values, seven)]
    derived = {(c.row, c.col): (c.value, c.flag) for c in derive_blanks(cells, "fmt2021")}
    assert derived["r3_7", "natural_person"] == (3.0, "derived")
    assert sum(1 for _, flag in derived.values() if flag) == 1
    # a dash printed there says something: it is left as it is
    dash = [replace(c, raw="-") if c.value is None else c for c in cells]
    assert derive_blanks(dash, "fmt2021") == dash


def test_a_blank_one_relation_gives_or_a_printed_dash_is_not_derived() -> None:
    cells = _t4({"review_upheld": None, "suit_direct_upheld": 0.0})
    assert derive_blanks(cells, "fmt2021") == cells  # only its block's total
    dash = [replace(c, raw="-") if c.value is None else c for c in cells]
    assert derive_blanks(dash, "fmt2021") == dash
    assert derive_blanks(cells, "unknown") == cells


def test_a_text_cell_named_whose_second_reading_differs_loses_its_value() -> None:
    misread = _table({("r1", "org_research"): (7.0, 0.99)})
    cells = [replace(c, method="text", confidence=None) for c in misread]
    checks = check_cells(cells, "fmt2021")
    assert {c.suspect for c in checks if c.failed} == {"t3.r1.org_research"}
    # named, but read once from the text layer with nothing to doubt it: kept
    assert flag_misreads(cells, checks) == cells
    doubted = [replace(c, verdict="check", suspect="t3.r1.org_research") for c in checks]
    assert flag_misreads(cells, doubted) == cells
    reread = [
        replace(c, reread="1") if c.key == CellKey("t3", "r1", "org_research") else c for c in cells
    ]
    checks = check_cells(reread, "fmt2021")
    reviewed = {c.key.dotted(): c for c in flag_misreads(reread, checks)}
    named = reviewed["t3.r1.org_research"]
    assert (named.value, named.flag, named.raw, named.reread) == (None, "readings_differ", "7", "1")
    assert sum(1 for c in reviewed.values() if c.flag) == 1
