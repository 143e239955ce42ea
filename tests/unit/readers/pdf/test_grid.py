"""Ruling lines from a page's paths, and grid rows: each character in the cell it sits in."""

from __future__ import annotations

from pipeline.readers.layout import Rule
from pipeline.readers.pdf.chars import Char
from pipeline.readers.pdf.grid import cut_row_joined, grid_rows, rules, tall_rows
from pipeline.records import Line, TextCell

SIZE = 10.0
HEIGHT = 800.0


def _chars(text: str, x0: float, baseline: float) -> list[Char]:
    return [
        Char(x0 + SIZE * i, x0 + SIZE * (i + 1), baseline - SIZE, baseline, ch, baseline, SIZE)
        for i, ch in enumerate(text)
    ]


def test_thin_paths_are_rules_measured_from_the_pages_top() -> None:
    # (left, bottom, right, top) in PDF points, y upwards
    horizontal, vertical = rules([(50.0, 699.5, 300.0, 700.5), (50.0, 600.0, 51.0, 700.0)], HEIGHT)
    assert horizontal == [Rule(100.0, 50.0, 300.0)]
    assert vertical == [Rule(50.5, 100.0, 200.0)]


def test_a_box_gives_its_four_sides() -> None:
    horizontal, vertical = rules([(50.0, 600.0, 150.0, 700.0)], HEIGHT)
    assert horizontal == [Rule(100.0, 50.0, 150.0), Rule(200.0, 50.0, 150.0)]
    assert vertical == [Rule(50.0, 100.0, 200.0), Rule(150.0, 100.0, 200.0)]


def test_a_dot_is_no_rule() -> None:
    assert rules([(50.0, 600.0, 51.0, 601.0)], HEIGHT) == ([], [])


BAND = [(100.0, 120.0, [50.0, 150.0, 200.0, 250.0])]


def test_characters_go_to_the_cell_they_sit_in_and_a_blank_cell_stays_blank() -> None:
    chars = _chars("规章", 54.0, 114.0) + _chars("12", 154.0, 114.0)
    rows, loose = grid_rows(chars, BAND, page=3)
    assert loose == []
    assert len(rows) == 1
    top, line = rows[0]
    assert top == 100.0
    assert (line.page, line.grid) == (3, True)
    assert [c.text for c in line.cells] == ["规章", "12", ""]
    assert [(c.x0, c.x1) for c in line.cells] == [(50.0, 150.0), (150.0, 200.0), (200.0, 250.0)]
    assert {(c.top, c.bottom) for c in line.cells} == {(100.0, 120.0)}


def test_characters_outside_every_band_are_left() -> None:
    inside = _chars("规章", 54.0, 114.0)
    above = _chars("标题", 54.0, 60.0)
    beside = _chars("注", 300.0, 114.0)
    rows, loose = grid_rows(inside + above + beside, BAND, page=1)
    assert [c.text for c in rows[0][1].cells] == ["规章", "", ""]
    assert loose == above + beside


def test_a_band_without_characters_is_no_row() -> None:
    assert grid_rows([], BAND, page=1) == ([], [])


def test_a_row_of_one_cell_is_left_to_the_lines_of_words() -> None:
    chars = _chars("说明", 54.0, 114.0)
    rows, loose = grid_rows(chars, [(100.0, 120.0, [50.0, 250.0])], page=1)
    assert rows == []
    assert loose == chars


def test_a_cell_spanning_columns_whose_rules_were_not_drawn_is_left_as_words() -> None:
    # a number 40 points after the label in one cell: two columns without a rule between
    chars = _chars("规章", 54.0, 114.0) + _chars("7", 114.0, 114.0)
    rows, loose = grid_rows(chars, BAND, page=1)
    assert rows == []
    assert len(loose) == 3


def test_a_number_wrapped_inside_its_narrow_cell_is_joined() -> None:
    # a cell 29 points wide, full-width digits one a line
    chars = _chars("规章", 54.0, 110.0) + _chars("１", 155.0, 110.0) + _chars("３", 155.0, 122.0)
    rows, _ = grid_rows(chars, [(98.0, 126.0, [50.0, 150.0, 179.0])], page=1)
    assert [c.text for c in rows[0][1].cells] == ["规章", "１３"]


def test_two_numbers_stacked_in_a_wide_cell_stay_apart() -> None:
    chars = _chars("规章", 54.0, 110.0) + _chars("１", 155.0, 110.0) + _chars("３", 155.0, 122.0)
    rows, _ = grid_rows(chars, [(98.0, 126.0, [50.0, 150.0, 250.0])], page=1)
    assert [c.text for c in rows[0][1].cells] == ["规章", "１\n３"]


# One row drawn as boxed cells of unequal height (a web page printed with every cell
# boxed): a group cell on the left ends at y = 130, across the middle of the row beside it
# (y 100 to 160), whose label wraps over two lines and whose numbers sit in the middle.
LEFT, LABEL, FIRST, SECOND, RIGHT = 50.0, 100.0, 250.0, 300.0, 350.0
TALL_VERTICAL = [
    Rule(x, 100.0, 160.0) for x in (LEFT, LABEL, FIRST, SECOND, RIGHT)
]  # fmt: skip
TALL_CHARS = (
    _chars("三、本年", LEFT + 2, 112.0)
    + _chars("（二）部分公开", LABEL + 2, 112.0)
    + _chars("其他情形）", LABEL + 2, 150.0)
    + _chars("7", FIRST + 2, 140.0)
    + _chars("3", SECOND + 2, 140.0)
)


def test_a_row_split_by_a_neighbours_rule_is_one_row() -> None:
    horizontal = [
        Rule(100.0, LEFT, RIGHT),
        Rule(130.0, LEFT, LABEL),  # the group cell's bottom, under its column only
        Rule(160.0, LEFT, RIGHT),
    ]
    found = [(100.0, 130.0, [LEFT, LABEL, FIRST, SECOND, RIGHT]),
             (130.0, 160.0, [LEFT, LABEL, FIRST, SECOND, RIGHT])]  # fmt: skip
    joined = tall_rows(found, horizontal, TALL_VERTICAL, TALL_CHARS)
    assert joined == [(100.0, 160.0, [LEFT, LABEL, FIRST, SECOND, RIGHT])]
    rows, _ = grid_rows(TALL_CHARS, joined, 1)
    assert [c.text for c in rows[0][1].cells] == [
        "三、本年",
        "（二）部分公开\n其他情形）",
        "7",
        "3",
    ]


def test_rows_whose_rule_runs_under_their_numbers_stay_apart() -> None:
    horizontal = [
        Rule(100.0, LEFT, RIGHT),
        Rule(130.0, LABEL, RIGHT),  # under the label and the numbers, not the group cell
        Rule(160.0, LEFT, RIGHT),
    ]
    found = [(100.0, 130.0, [LEFT, LABEL, FIRST, SECOND, RIGHT]),
             (130.0, 160.0, [LEFT, LABEL, FIRST, SECOND, RIGHT])]  # fmt: skip
    assert tall_rows(found, horizontal, TALL_VERTICAL, TALL_CHARS) == found


def test_a_row_below_numbers_of_its_own_is_not_joined_to_them() -> None:
    horizontal = [Rule(100.0, LEFT, RIGHT), Rule(130.0, LEFT, LABEL), Rule(160.0, LEFT, RIGHT)]
    found = [(100.0, 130.0, [LEFT, LABEL, FIRST, SECOND, RIGHT]),
             (130.0, 160.0, [LEFT, LABEL, FIRST, SECOND, RIGHT])]  # fmt: skip
    above = TALL_CHARS + _chars("5", FIRST + 2, 122.0)  # the upper band prints a number
    assert tall_rows(found, horizontal, TALL_VERTICAL, above) == found


def _row(*cells: tuple[str, float, float]) -> Line:
    return Line(tuple(TextCell(t, x0, x1, top=0.0, bottom=20.0) for t, x0, x1 in cells), 1, True)


def test_a_row_a_page_break_cut_in_two_is_joined() -> None:
    # the numbers stayed on one page, the label went on to the next
    numbers = _row(("", 50, 150), ("22", 150, 200), ("3", 200, 250))
    label = _row(("行政许可", 50, 150), ("", 150, 200), ("", 200, 250))
    joined = cut_row_joined(numbers, label)
    assert joined is not None and [c.text for c in joined.cells] == ["行政许可", "22", "3"]
    # the label and one number on one page, the other number on the next (cells a little
    # apart, one column cut in two there)
    first = _row(("行政许可", 50, 150), ("22", 150, 200), ("", 200, 250))
    rest = _row(("", 50, 100), ("", 100, 151), ("", 151, 199), ("3", 201, 250))
    joined = cut_row_joined(first, rest)
    assert joined is not None and [c.text for c in joined.cells] == ["行政许可", "22", "3"]


def test_two_rows_of_their_own_are_not_joined() -> None:
    one = _row(("行政许可", 50, 150), ("22", 150, 200), ("3", 200, 250))
    other = _row(("行政处罚", 50, 150), ("1", 150, 200), ("", 200, 250))
    assert cut_row_joined(one, other) is None  # text in the same cell on both pages
    values = _row(("", 50, 150), ("", 150, 200), ("4", 200, 250))
    assert cut_row_joined(one, values) is None
    heading = _row(("申请人情况", 50, 250))
    label = _row(("行政许可", 50, 150), ("", 150, 200), ("", 200, 250))
    assert cut_row_joined(heading, label) is None  # no number in either
    assert cut_row_joined(_row(("", 50, 150), ("5", 150, 200)), values) is None  # no label


def _words(*cells: tuple[str, float, float]) -> Line:
    return Line(tuple(TextCell(t, x0, x1, top=0.0, bottom=10.0) for t, x0, x1 in cells), 1)


def test_a_row_without_rules_cut_by_a_page_break_is_joined() -> None:
    # the row's short numbers stayed on one page, its wrapped (tall) ones went on to the next
    upper = _words(("一、本年新收政府信息公开申请数量", 50, 250), ("２８３", 300, 320),
                   ("１６６", 330, 350))  # fmt: skip
    lower = _words(("２６３４", 260, 290), ("３３７０", 400, 430))
    joined = cut_row_joined(upper, lower)
    assert joined is not None and not joined.grid
    assert [c.text for c in joined.cells] == [
        "一、本年新收政府信息公开申请数量", "２６３４", "２８３", "１６６", "３３７０",
    ]  # fmt: skip
    # values under the upper's own, or left of its label, or a label below: not one row
    assert cut_row_joined(upper, _words(("１２", 305, 318))) is None
    assert cut_row_joined(upper, _words(("１２", 10, 40))) is None
    assert cut_row_joined(upper, _words(("二、上年结转", 50, 120), ("５", 260, 270))) is None
    heading = _words(("结果维持", 50, 90), ("总计", 100, 120))
    assert cut_row_joined(heading, lower) is None  # a header: no number of its own
