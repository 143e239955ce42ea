"""Numbers wrapped over lines put back together: in a grid cell, and between loose lines
of words."""

from __future__ import annotations

from pipeline.readers.layout import Rule
from pipeline.readers.pdf.chars import Char
from pipeline.readers.pdf.wrapped import joined_over_a_page_break, wrapped_number, wrapped_numbers
from pipeline.records import Line, TextCell

SIZE = 10.0


def _line(top: float, cells: list[tuple[str, float]]) -> tuple[float, Line]:
    """A loose line of cells (text, x0) in a full-width font of SIZE points."""
    return top, Line(
        tuple(
            TextCell(text, x0, x0 + SIZE * len(text), top=top, bottom=top + SIZE)
            for text, x0 in cells
        ),
        page=1,
    )


def _texts(lines: list[tuple[float, Line]]) -> list[list[str]]:
    return [[c.text for c in line.cells] for _, line in lines]


def test_numbers_wrapped_in_narrow_columns_are_joined() -> None:
    # A browser broke full-width numbers in narrow columns: the pieces stand one line
    # below, under the numbers they finish; the group label's next line shares their line.
    lines = [
        _line(100, [("（四）无法", 40), ("1.本机关不掌握相关", 100), ("１２", 300), ("３", 330)]),
        _line(112, [("提供", 40), ("８２", 300)]),
        _line(130, [("2.没有现成信息需要另行", 100), ("２２", 300), ("４", 330)]),
    ]
    assert _texts(wrapped_numbers(lines, [])) == [
        ["（四）无法", "1.本机关不掌握相关", "１２８２", "３"],
        ["提供"],
        ["2.没有现成信息需要另行", "２２", "４"],
    ]


def test_the_next_rows_numbers_are_not_joined() -> None:
    rows = [
        # a row of its own under the row above, with a label in the row labels' column
        [_line(100, [("规章", 40), ("３５", 300), ("５３", 330)]),
         _line(112, [("行政规范性文件", 40), ("１５", 300), ("８２", 330)])],
        # a row label that starts a row, left of the labels above
        [_line(100, [("3、其他", 100), ("0", 300), ("0", 330)]),
         _line(112, [("（七）总计", 30), ("0", 300), ("1", 330)])],
        # a rule between the two lines
        [_line(100, [("1.本机关", 100), ("１２", 300)]), _line(112, [("８２", 300)])],
        # a number under each one of single digits: the next row's, its label elsewhere
        [_line(100, [("4.保护", 100), ("１", 300), ("２", 330)]),
         _line(112, [("３", 300), ("４", 330)])],
        # far below: the next row
        [_line(100, [("1.本机关", 100), ("１２", 300)]), _line(125, [("８２", 300)])],
    ]  # fmt: skip
    for i, lines in enumerate(rows):
        rules = [Rule(111.0, 20.0, 400.0)] if i == 2 else []
        assert _texts(wrapped_numbers(lines, rules)) == _texts(lines), i


def _chars(text: str, x0: float, baseline: float) -> list[Char]:
    return [
        Char(x0 + SIZE * i, x0 + SIZE * (i + 1), baseline - SIZE, baseline, ch, baseline, SIZE)
        for i, ch in enumerate(text)
    ]


def test_a_number_wrapped_a_digit_per_line_in_a_ruled_cell_is_one_number() -> None:
    # A cell 29 points wide with 5 points of padding takes one full-width digit a line.
    chars = _chars("１", 188, 430) + _chars("３", 188, 445) + _chars("３", 188, 459)
    assert wrapped_number("１\n３\n３", chars, 183.0, 212.0, 5.0)
    # The same digits in a cell wide enough for two are two numbers stacked.
    assert not wrapped_number("１\n３\n３", chars, 183.0, 240.0, 5.0)


def test_numbers_at_the_foot_of_their_cells_are_joined_to_the_pieces_above() -> None:
    # Numbers set at the bottom of their cells: a wrapped number's first pieces stand on
    # the lines above its row's label (three lines for "１８２").
    lines = [
        _line(88, [("１", 330)]),
        _line(100, [("２３", 300), ("８", 330)]),
        _line(112, [("一、本年新收", 40), ("４４", 300), ("２", 330), ("０", 360)]),
        # a group label beside the piece of a number of the next row
        _line(130, [("三、本年度", 40), ("３１", 300)]),
        _line(142, [("办理结果", 40), ("（一）予以公开", 100), ("４", 300), ("０", 330)]),
    ]
    assert _texts(wrapped_numbers(lines, [])) == [
        ["一、本年新收", "２３４４", "１８２", "０"],
        ["三、本年度"],
        ["办理结果", "（一）予以公开", "３１４", "０"],
    ]


def test_a_number_wrapped_around_the_middle_of_a_ruled_row_is_joined_there() -> None:
    # Cells centred in a ruled row: the one-line numbers on the middle line, a number
    # wrapped over two lines above and below it, where the middle line has none.
    lines = [
        _line(88, [("４５", 300), ("１１", 360)]),
        _line(100, [("一、本年新收", 40), ("２７", 330), ("５４", 390)]),
        _line(112, [("３", 300), ("１", 360)]),
    ]
    rules = [Rule(86.0, 20.0, 420.0), Rule(124.0, 20.0, 420.0)]
    assert _texts(wrapped_numbers(lines, rules)) == [
        ["一、本年新收", "４５３", "２７", "１１１", "５４"]
    ]
    # Without rules around the row, the same: a line of a number's digits alone is no row
    # (a row has its label). But pieces beside labels may be rows of their own.
    border = [Rule(40.0, 20.0, 420.0), Rule(400.0, 20.0, 420.0)]
    assert _texts(wrapped_numbers(lines, border)) == [
        ["一、本年新收", "４５３", "２７", "１１１", "５４"]
    ]
    rows = [
        _line(88, [("规章", 40), ("４５", 300), ("１１", 360)]),
        lines[1],
        _line(112, [("二、上年结转", 40), ("３", 300), ("１", 360)]),
    ]
    assert _texts(wrapped_numbers(rows, border)) == _texts(rows)


def test_a_cell_with_anything_but_digits_is_no_wrapped_number() -> None:
    chars = _chars("１", 188, 430) + _chars("件", 188, 445)
    assert not wrapped_number("１\n件", chars, 183.0, 212.0, 5.0)


def test_a_number_whose_first_line_runs_to_the_cells_side_is_one_number() -> None:
    # two digits a line in a cell 40 points wide: the first line ends at its right side
    chars = _chars("１２", 200, 430) + _chars("３", 200, 445)
    assert wrapped_number("１２\n３", chars, 198.0, 222.0, 2.0)


def test_lines_without_numbers_are_left_as_they_are() -> None:
    lines = [_line(100, [("一、总体情况", 40)]), _line(112, [("本年度", 40), ("说明", 300)])]
    assert _texts(wrapped_numbers(lines, [])) == _texts(lines)
    assert wrapped_numbers([], []) == []


def test_pieces_between_two_rows_go_with_the_nearer_one() -> None:
    # numbers at the foot of their cells: "１７" begins the numbers of the row below it,
    # which follows at the line pitch (12), while the row above is a row's pitch away (15)
    def rows(pieces: float, below: float) -> list[tuple[float, Line]]:
        return [
            _line(100, [("3.要求提供公开出版物", 100), ("３２", 300), ("１", 330), ("４０", 360)]),
            _line(pieces, [("１７", 300), ("１７", 360)]),
            _line(below, [("4.无正当理由大量反复申请", 100), ("２", 300), ("２", 330),
                          ("７", 360)]),
        ]  # fmt: skip

    assert _texts(wrapped_numbers(rows(115, 127), [])) == [
        ["3.要求提供公开出版物", "３２", "１", "４０"],
        ["4.无正当理由大量反复申请", "１７２", "２", "１７７"],
    ]
    # as near to both: they finish the numbers above (cells aligned at their tops)
    assert _texts(wrapped_numbers(rows(112, 124), [])) == [
        ["3.要求提供公开出版物", "３２１７", "１", "４０１７"],
        ["4.无正当理由大量反复申请", "２", "２", "７"],
    ]


def test_a_signed_number_or_a_dash_is_no_label() -> None:
    # "-" and "-3" are values of the row: its last number is whole, not the head of the
    # number below
    lines = [
        _line(100, [("行政许可", 40), ("-", 200), ("-3", 300), ("129473", 400)]),
        _line(112, [("其他对外管理服务事项", 40), ("5", 200), ("4", 300), ("257573", 400)]),
    ]
    assert _texts(wrapped_numbers(lines, [])) == _texts(lines)


def test_values_between_the_two_lines_of_a_wrapped_label_are_its_rows() -> None:
    # a row without rules whose cells are centred: the label's lines above and below the
    # line of its values
    lines = [
        _line(100, [("1.申请人无正当理由逾期不补正、行政机关", 100)]),
        _line(105, [("-", 320), ("12", 350), ("- 23", 380)]),
        _line(110, [("不再处理其申请", 100)]),
        _line(125, [("2.申请人逾期未按收费通知", 100), ("1", 320), ("0", 350), ("1", 380)]),
    ]
    assert _texts(wrapped_numbers(lines, [])) == [
        ["1.申请人无正当理由逾期不补正、行政机关", "-", "12", "- 23"],
        ["不再处理其申请"],
        ["2.申请人逾期未按收费通知", "1", "0", "1"],
    ]
    # under a label that starts a row of its own, the values stay where they are
    own = [lines[0], lines[1], _line(110, [("2.重复申请", 100)])]
    assert _texts(wrapped_numbers(own, [])) == _texts(own)


def test_numbers_wrapped_around_the_values_of_a_wrapped_label_join_its_row() -> None:
    # centred cells, no rules: the label's first line with the heads of two wrapped
    # numbers, the one-line values in the middle, the label's second line with the tails
    lines = [
        _line(100, [("（二）部分公开（区分处理的，只计这一情", 40), ("４１", 300), ("４６", 400)]),
        _line(105, [("４７", 330), ("０", 360)]),
        _line(110, [("形，不计其他情形）", 40), ("４", 300), ("１", 400)]),
    ]
    assert _texts(wrapped_numbers(lines, [])) == [
        ["（二）部分公开（区分处理的，只计这一情", "４１４", "４７", "０", "４６１"],
        ["形，不计其他情形）"],
    ]


def test_numbers_wrapped_around_a_row_of_values_without_a_label_join_it() -> None:
    # table 四's one row, centred, no rules: heads above and tails below its values
    lines = [
        _line(100, [("１４", 300), ("２２", 420)]),
        _line(105, [("６４", 240), ("６７", 270), ("４", 330), ("６４", 360)]),
        _line(110, [("４", 300), ("４", 420)]),
    ]
    assert _texts(wrapped_numbers(lines, [])) == [
        ["６４", "６７", "１４４", "４", "６４", "２２４"]
    ]


def test_pieces_nearer_the_line_below_are_not_the_finish_of_the_numbers_above() -> None:
    # "１１" stands a row's pitch below "４４" but half a line above the next row, whose
    # total is centred: "１１" over its label line, "９" under it
    lines = [
        _line(100, [("1.属于国家秘密", 40), ("１４", 300), ("４４", 400)]),
        _line(112, [("１１", 400)]),
        _line(117, [("2.其他法律行政法规禁止公开", 40), ("８５", 300)]),
        _line(122, [("９", 400)]),
    ]
    assert _texts(wrapped_numbers(lines, [])) == [
        ["1.属于国家秘密", "１４", "４４"],
        ["2.其他法律行政法规禁止公开", "８５", "１１９"],
    ]


def test_pieces_beside_a_groups_label_around_a_row_join_it() -> None:
    # no rules: the head of a centred number beside the group label's first line, its
    # tail on the line below the row's
    lines = [
        _line(100, [("（三）不予", 20), ("１０", 400)]),
        _line(105, [("5.属于三类内部事务信息", 100), ("０", 300), ("６４", 330)]),
        _line(110, [("公开", 20), ("２", 400)]),
    ]
    assert _texts(wrapped_numbers(lines, [])) == [
        ["（三）不予"],
        ["5.属于三类内部事务信息", "０", "６４", "１０２"],
        ["公开"],
    ]
    # but a line with numbers of its own besides is a row: nothing is joined across it
    rows = [
        _line(100, [("0", 300), ("0", 330)]),
        _line(105, [("获取信息", 100)]),
        _line(120, [("（六）其他处理", 20), ("0", 300), ("0", 330), ("3", 400)]),
    ]
    assert _texts(wrapped_numbers(rows, [])) == _texts(rows)


def test_a_number_the_page_broke_after_its_first_line_is_joined() -> None:
    # "２４" at the foot of one page, "７" in the first row of the next: 247
    _, foot = _line(780, [("２４", 300), ("２４", 420)])
    _, row = _line(10, [("3.危及“三安全一稳定”", 40), ("７", 300), ("０", 360), ("９", 420)])
    joined = joined_over_a_page_break(foot, row)
    assert joined is not None
    assert [c.text for c in joined.cells] == ["3.危及“三安全一稳定”", "２４７", "０", "２４９"]
    # a row of its own at the foot (a label), or pieces over no number: not joined
    _, labelled = _line(780, [("2.其他", 40), ("２４", 300)])
    assert joined_over_a_page_break(labelled, row) is None
    _, elsewhere = _line(780, [("２４", 600)])
    assert joined_over_a_page_break(elsewhere, row) is None
