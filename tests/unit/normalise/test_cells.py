"""Matched rows → typed cells: values aligned, runs settled, numbers parsed and flagged."""

from __future__ import annotations

from pipeline.locate import locate
from pipeline.normalise.cells import to_cells
from pipeline.normalise.layouts import Templates, decide_templates
from pipeline.records import CellValue, Line, RowMatch, TextCell


def _tab_lines(text: str) -> list[Line]:
    out = []
    for raw in text.strip().splitlines():
        cells = tuple(TextCell(c.strip()) for c in raw.split("\t"))
        out.append(Line(cells, grid="\t" in raw))
    return out


def test_a_row_that_does_not_fit_is_flagged_not_guessed() -> None:
    lines = _tab_lines(
        "三、收到和处理政府信息公开申请情况\n"
        "一、本年新收政府信息公开申请数量\t3\t1\t4\n"
        "（七）总计\t1\t0\t0\t0\t0\t0\t1\n"
    )
    located = locate(lines)
    cells = to_cells(located.matches, decide_templates(located.matches))
    r1 = [c for c in cells if c.row == "r1"]
    assert len(r1) == 7
    assert all(c.value is None and c.flag == "misaligned" for c in r1)
    total = {c.col: c.value for c in cells if c.row == "r3_7"}
    assert total["natural_person"] == 1
    assert total["total"] == 1


def test_cells_every_split_agrees_on_are_kept() -> None:
    lines = [
        *_tab_lines(
            "二、主动公开政府信息情况\n第二十条第（一）项\n"
            "信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n"
        ),
        Line((TextCell("规章1010"),)),
    ]
    located = locate(lines)
    cells = {c.col: c for c in to_cells(located.matches, decide_templates(located.matches))}
    # 1 0 10 or 10 1 0: no cell is the same in both readings, so all are unknown.
    assert all(c.value is None and c.flag == "ambiguous_digit_run" for c in cells.values())
    assert cells["issued"].raw == "1 | 10"


FMT2021 = Templates("fmt2021")


def _match(
    table: str, row: str, *tokens: str | TextCell, grid: bool = True, **more: object
) -> RowMatch:
    values = tuple(t if isinstance(t, TextCell) else TextCell(t) for t in tokens)
    return RowMatch(table, row, "label", 97.5, values, 3, grid, **more)  # type: ignore[arg-type]


def _by_column(cells: list[CellValue]) -> dict[str, tuple[float | None, str]]:
    return {c.col: (c.value, c.flag) for c in cells}


def test_numbers_are_parsed_and_flagged_where_they_cannot_be_what_the_column_holds() -> None:
    cells = to_cells([_match("t3", "r1", "5", "1.5", "-2", "x", "3", "0", "9")], FMT2021)
    assert _by_column(cells) == {
        "natural_person": (5.0, ""),
        "org_commercial": (1.5, "not_an_integer"),
        "org_research": (-2.0, "negative"),
        "org_public_interest": (None, "not_a_number"),
        "org_legal_service": (3.0, ""),
        "org_other": (0.0, ""),
        "total": (9.0, ""),
    }
    first = cells[0]
    assert (first.table, first.row, first.raw, first.row_label, first.score, first.page) == (
        "t3", "r1", "5", "label", 97.5, 3,
    )  # fmt: skip


def test_a_blank_cell_is_null_never_zero() -> None:
    cells = to_cells([_match("t3", "r1", "", "-", "0", "0", "0", "0", "0")], FMT2021)
    assert [(c.value, c.raw, c.flag) for c in cells[:3]] == [
        (None, "", ""),
        (None, "-", ""),
        (0.0, "0", ""),
    ]


def test_yuan_in_a_column_of_ten_thousands_are_converted() -> None:
    match = _match("t2", "art20_8_admin_fee", "251000元", section_columns=("fee_amount_wan_yuan",))
    [cell] = to_cells([match], FMT2021)
    assert (cell.value, cell.raw, cell.flag) == (25.1, "251000元", "unit_converted")


def test_a_change_may_be_negative_in_a_signed_column() -> None:
    fmt2019 = Templates("fmt2019", (("t2", "fmt2019"),))
    cells = to_cells(
        [_match("t2", "art20_5_admin_licensing", "40", "-3", "17", grid=False)], fmt2019
    )
    assert _by_column(cells) == {
        "prev_year_items": (40.0, ""),
        "items_change": (-3.0, ""),
        "decisions": (17.0, ""),
    }


def test_a_row_not_printed_in_the_layout_or_printed_as_a_group_is_flagged() -> None:
    zeros = ["0"] * 7
    assert {c.flag for c in to_cells([_match("t3", "r3_6", *zeros)], FMT2021)} == {
        "not_in_template"
    }
    assert {c.flag for c in to_cells([_match("t3", "r3_6", *zeros)], Templates("fmt2019"))} == {""}
    assert {c.flag for c in to_cells([_match("t3", "r3_6_1", *zeros)], Templates("fmt2019"))} == {
        "not_in_template"
    }


def test_a_row_placed_by_order_alone_is_null_and_says_so() -> None:
    cells = to_cells([_match("t3", "r1", *["0"] * 7, uncertain=True)], FMT2021)
    assert {(c.value, c.raw, c.flag) for c in cells} == {(None, "0 0 0 0 0 0 0", "row_uncertain")}


def test_an_ocr_reading_of_a_thousands_comma_as_a_point_is_mended() -> None:
    misread = TextCell("385.265", confidence=0.9)
    cells = to_cells([_match("t3", "r1", misread, *["0"] * 6)], FMT2021)
    assert (cells[0].value, cells[0].raw, cells[0].confidence) == (385265.0, "385.265", 0.9)
    # from a text layer, a point is a point
    text = to_cells([_match("t3", "r1", "385.265", *["0"] * 6)], FMT2021)
    assert (text[0].value, text[0].flag) == (385.265, "not_an_integer")


def test_a_number_whose_digit_order_is_in_doubt_is_null_and_says_so() -> None:
    drawn = TextCell("342963", 10.0, 20.0, order_unsure=True)
    cells = to_cells([_match("t3", "r1", drawn, *["0"] * 6)], FMT2021)
    assert (cells[0].value, cells[0].raw, cells[0].flag) == (None, "342963", "digit_order_unsure")
    assert (cells[1].value, cells[1].flag) == (0.0, "")


def test_a_cell_shows_where_the_page_prints_it() -> None:
    token = TextCell("7", 10.0, 20.0, None, 100.0, 110.0)
    grid = to_cells([_match("t4", "r1", token, *["0"] * 14)], FMT2021)[0]
    assert grid.box == (10.0, 100.0, 20.0, 110.0)  # within its rules
    loose = to_cells([_match("t4", "r1", token, *["0"] * 14, grid=False)], FMT2021)[0]
    assert loose.box == (6.0, 96.0, 24.0, 114.0)  # words with a margin round them
    unplaced = to_cells([_match("t4", "r1", *["0"] * 15)], FMT2021)[0]
    assert unplaced.box is None


def test_a_row_of_a_regular_grid_with_a_cell_more_cannot_be_placed() -> None:
    # every row a label and seven cells, but one with a blank cell more before its values
    rows = [_match("t3", key, *["0"] * 7, width=8) for key in ("r1", "r2", "r3_1", "r3_2", "r3_7")]
    broken = _match("t3", "r4", "", *["0"] * 7, width=9)
    cells = to_cells([*rows, broken], FMT2021)
    assert {(c.value, c.flag) for c in cells if c.row == "r4"} == {(None, "misaligned")}
    assert {c.flag for c in cells if c.row != "r4"} == {""}
    # a blank cell more at its end is a converter's padding
    padded = _match("t3", "r4", *["0"] * 7, "", width=9)
    assert {c.flag for c in to_cells([*rows, padded], FMT2021)} == {""}


def test_no_rows_make_no_cells() -> None:
    assert to_cells([], FMT2021) == []
