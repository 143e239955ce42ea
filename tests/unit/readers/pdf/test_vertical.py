"""Labels printed one character per line: table 三's 三、本年度办理结果 read as one line."""

from __future__ import annotations

from pipeline.readers.pdf.chars import Char
from pipeline.readers.pdf.vertical import vertical_labels

SIZE = 10.0
LABEL = "三、本年度办理结果"


def _stack(text: str, x0: float, top: float, pitch: float = 14.0) -> list[Char]:
    """Characters one a line at ``x0``, ``pitch`` points apart."""
    tops = [top + pitch * i for i in range(len(text))]
    return [
        Char(x0, x0 + SIZE, y, y + SIZE, ch, y + SIZE, SIZE)
        for y, ch in zip(tops, text, strict=True)
    ]


def _row(text: str, x0: float, top: float) -> list[Char]:
    return [
        Char(x0 + SIZE * i, x0 + SIZE * (i + 1), top, top + SIZE, ch, top + SIZE, SIZE)
        for i, ch in enumerate(text)
    ]


def test_the_vertical_label_becomes_one_line_at_the_top_of_its_column() -> None:
    stack = _stack(LABEL, 40.0, 200.0)
    rows = _row("（一）予以公开", 80.0, 214.0) + _row("（二）部分公开", 80.0, 228.0)
    lines, rest = vertical_labels(stack + rows, page=4)
    assert len(lines) == 1
    top, line = lines[0]
    assert top == 200.0
    assert line.page == 4
    [cell] = line.cells
    assert (cell.text, cell.x0, cell.x1) == (LABEL, 40.0, 50.0)
    assert (cell.top, cell.bottom) == (200.0, 200.0 + 14.0 * 8 + SIZE)
    assert rest == rows  # the rows beside it keep their characters


def test_a_label_spread_over_a_tall_cell_is_read_too() -> None:
    lines, rest = vertical_labels(_stack(LABEL, 40.0, 200.0, pitch=50.0), page=1)
    assert [line.text for _, line in lines] == [LABEL]
    assert rest == []


def test_a_stack_that_does_not_spell_the_label_is_left() -> None:
    chars = _stack("申请人情况", 40.0, 200.0)
    assert vertical_labels(chars, page=1) == ([], chars)


def test_two_characters_are_too_few() -> None:
    chars = _stack("办理", 40.0, 200.0)
    assert vertical_labels(chars, page=1) == ([], chars)


def test_characters_with_neighbours_on_their_line_are_no_stack() -> None:
    # the label's characters each followed, on their line, by a word: rows, not a stack
    chars = [c for i, ch in enumerate(LABEL) for c in _row(ch + "项", 40.0, 200.0 + 14.0 * i)]
    assert vertical_labels(chars, page=1) == ([], chars)


def test_stacks_side_by_side_from_one_height_are_letter_spaced_lines() -> None:
    chars = _stack(LABEL, 40.0, 200.0) + _stack("处理情况", 60.0, 200.0)
    lines, rest = vertical_labels(chars, page=1)
    assert lines == []
    assert len(rest) == len(chars)
