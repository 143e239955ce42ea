"""Lines of words: loose characters grouped by baseline and split into cells at gaps."""

from __future__ import annotations

from pipeline.readers.pdf.chars import Char
from pipeline.readers.pdf.words import word_lines

SIZE = 10.0
HEIGHT = 800.0


def _chars(text: str, x0: float, baseline: float = 300.0, step: float = SIZE) -> list[Char]:
    width = SIZE if not text.isascii() else SIZE / 2
    return [
        Char(x0 + step * i, x0 + step * i + width, baseline - SIZE, baseline, ch, baseline, SIZE)
        for i, ch in enumerate(text)
    ]


def _cells(chars: list[Char]) -> list[list[str]]:
    return [[c.text for c in line.cells] for _, line in word_lines(chars, 2, HEIGHT)]


def test_no_characters_make_no_lines() -> None:
    assert word_lines([], 1, HEIGHT) == []


def test_a_wide_gap_starts_a_cell_and_cells_keep_their_place() -> None:
    chars = _chars("规章", 50.0) + _chars("行政许可", 200.0)
    [(top, line)] = word_lines(chars, 2, HEIGHT)
    assert top == 290.0
    assert line.page == 2 and not line.grid
    assert [(c.text, c.x0, c.x1) for c in line.cells] == [
        ("规章", 50.0, 70.0),
        ("行政许可", 200.0, 240.0),
    ]
    assert {(c.top, c.bottom) for c in line.cells} == {(290.0, 300.0)}


def test_lines_come_by_baseline() -> None:
    chars = _chars("行政", 50.0, baseline=330.0) + _chars("规章", 50.0, baseline=300.0)
    assert _cells(chars) == [["规章"], ["行政"]]


def test_two_numbers_close_together_are_two_cells() -> None:
    # "139 62": a gap of a third of a size between digits
    chars = _chars("139", 100.0, step=5.0) + _chars("62", 118.3, step=5.0)
    assert _cells(chars) == [["139", "62"]]


def test_numbers_of_neighbouring_columns_set_closer_than_a_quarter_size_are_parted() -> None:
    # "171" and "44" two points apart (a fifth of a size), each number's digits touching
    chars = _chars("171", 100.0, step=5.0) + _chars("44", 117.0, step=5.0)
    assert _cells(chars) == [["171", "44"]]
    # evenly spaced digits (tracking, or glyphs narrower than their advance) stay one
    assert _cells(_chars("17144", 100.0, step=7.0)) == [["17144"]]
    assert _cells(_chars("1,234", 100.0, step=5.0)) == [["1,234"]]


def test_a_number_close_after_a_label_is_a_cell_of_its_own() -> None:
    chars = _chars("规章", 50.0) + _chars("7", 73.0)
    assert _cells(chars) == [["规章", "7"]]


def test_after_a_decimal_point_a_cell_starts_only_at_a_gap_of_two_sizes() -> None:
    # the point's glyph is narrow: the gap after it looks wide (here a whole size)
    [(_, line)] = word_lines(_chars("12.", 100.0, step=5.0) + _chars("5", 125.0), 1, HEIGHT)
    assert [(c.x0, c.x1) for c in line.cells] == [(100.0, 130.0)]
    [(_, line)] = word_lines(_chars("12.", 100.0, step=5.0) + _chars("5", 136.0), 1, HEIGHT)
    assert [c.text for c in line.cells] == ["12.", "5"]


def test_header_words_of_neighbouring_columns_set_close_are_parted() -> None:
    # 商业 and 科研 5 points apart, each word's characters 1 point apart
    chars = _chars("商业", 100.0, step=11.0) + _chars("科研", 126.0, step=11.0)
    assert _cells(chars) == [["商业", "科研"]]


def test_letter_spaced_text_stays_whole() -> None:
    chars = _chars("信息内容", 100.0, step=16.0)
    assert _cells(chars) == [["信 息 内 容"]]


def test_a_page_number_in_the_pages_foot_is_left_out() -> None:
    foot = _chars("- 3 -", 290.0, baseline=780.0, step=5.0)
    assert _cells(foot) == []
    # the same line in the body of the page is kept
    assert _cells(_chars("3", 290.0, baseline=400.0)) == [["3"]]
    # and so is a number in the head band between two rows of a table that crosses it
    rows = _chars("规章", 50.0, baseline=45.0) + _chars("行政许可", 50.0, baseline=75.0)
    assert _cells(rows + _chars("11", 290.0, baseline=60.0, step=5.0)) == [
        ["规章"],
        ["11"],
        ["行政许可"],
    ]
    assert _cells(_chars("11", 290.0, baseline=20.0, step=5.0) + rows) == [["规章"], ["行政许可"]]
