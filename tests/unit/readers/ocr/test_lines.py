"""Lines of text cells from OCR's text boxes: numbers the detector passed over, numbers
read again from their own ink, grid rows, and lines of words (in points)."""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.readers.layout import Rule
from pipeline.readers.ocr import lines
from pipeline.readers.ocr.engine import DISAGREEMENT, Found
from pipeline.readers.ocr.lines import (
    _around,
    _beside,
    _confirm,
    _grid_cell,
    _grid_line,
    _grid_lines,
    _join,
    _missed,
    _word_lines,
)
from pipeline.records import ONE_READING
from tests.unit.readers.ocr.pages import DPI, dash, digit, grid, ink_of, paper


class _Rereader:
    """Reads every crop as ``text``, and counts the crops it was given."""

    def __init__(self, text: str = "8", score: float = 0.99) -> None:
        self.text, self.score = text, score
        self.crops: list[Any] = []

    def __call__(self, crops: list[Any]) -> list[tuple[str, float]]:
        self.crops += crops
        return [(self.text, self.score) for _ in crops]


@pytest.fixture
def reread(monkeypatch: pytest.MonkeyPatch) -> _Rereader:
    found = _Rereader()
    monkeypatch.setattr(lines, "_reread", found)
    return found


def test_a_boxs_neighbourhood_reaches_past_its_ends_within_the_page() -> None:
    box = Found(100.0, 140.0, 50.0, 70.0, "12", 0.9)
    assert _around(box, (300, 600)) == (88, 44, 152, 76)
    assert _around(Found(2.0, 595.0, 2.0, 22.0, "1", 0.9), (300, 600)) == (0, 0, 600, 28)


def test_boxes_in_one_cell_are_joined_line_by_line_with_the_lowest_score() -> None:
    boxes = [
        Found(0.0, 20.0, 20.0, 30.0, "说明", 0.95),
        Found(30.0, 40.0, 1.0, 11.0, "b", 0.8),
        Found(0.0, 20.0, 0.0, 10.0, "a", 0.9),
    ]
    assert _join(boxes) == ("a b\n说明", 0.8)


def test_a_mark_on_a_line_of_words_within_a_character_is_beside_it() -> None:
    word = Found(100.0, 180.0, 50.0, 70.0, "不予公开", 0.9)
    assert _beside(Found(185.0, 195.0, 58.0, 60.0, "-", 0.9), word)
    assert not _beside(Found(230.0, 240.0, 58.0, 60.0, "-", 0.9), word)
    assert not _beside(Found(120.0, 130.0, 88.0, 90.0, "-", 0.9), word)


# --- lines of words ---------------------------------------------------------------------

HALF = 144.0  # pixels at this resolution are half points


def test_words_and_numbers_on_one_height_make_a_line_in_points() -> None:
    boxes = [
        Found(200.0, 220.0, 102.0, 122.0, "1O", 0.8),
        Found(0.0, 80.0, 100.0, 120.0, "规章", 0.95),
        Found(300.0, 320.0, 100.0, 120.0, "一", 0.9),
        Found(400.0, 410.0, 100.0, 120.0, "I", 0.9),
    ]
    [(top, line)] = _word_lines(boxes, HALF, 3, 1000.0)
    assert top == 50.0
    assert line.page == 3 and not line.grid
    # lookalikes mended, a dash among numbers, a lone I a 1 in doubt
    assert [c.text for c in line.cells] == ["规章", "10", "-", "1"]
    assert [(c.x0, c.x1) for c in line.cells][:2] == [(0.0, 40.0), (100.0, 110.0)]
    assert [c.confidence for c in line.cells] == [0.95, 0.8, 0.9, 0.9 * DISAGREEMENT]


def test_a_dash_or_an_i_among_words_is_left_as_it_is() -> None:
    boxes = [
        Found(0.0, 40.0, 100.0, 120.0, "第一", 0.9),
        Found(100.0, 110.0, 100.0, 120.0, "I", 0.9),
    ]
    [(_, line)] = _word_lines(boxes, HALF, 1, 1000.0)
    assert [c.text for c in line.cells] == ["第一", "I"]


def test_a_number_joins_the_line_of_words_nearest_it() -> None:
    # numbers centred in a tall row, between the two lines of a wrapped label
    boxes = [
        Found(0.0, 160.0, 100.0, 120.0, "本年新收政府信息", 0.9),
        Found(0.0, 120.0, 124.0, 144.0, "公开申请数量", 0.9),
        Found(300.0, 320.0, 96.0, 146.0, "12", 0.9),  # a tall box, nearer the first line
        Found(300.0, 310.0, 300.0, 320.0, "5", 0.9),
    ]
    found = _word_lines(boxes, HALF, 1, 1000.0)
    assert [[c.text for c in line.cells] for _, line in found] == [
        ["本年新收政府信息", "12"],
        ["公开申请数量"],
        ["5"],
    ]


def test_a_page_number_in_the_foot_is_left_out() -> None:
    boxes = [
        Found(280.0, 320.0, 970.0, 990.0, "- 3 -", 0.9),
        Found(280.0, 290.0, 500.0, 520.0, "3", 0.9),
    ]
    assert [line.text for _, line in _word_lines(boxes, HALF, 1, 1000.0)] == ["3"]


def test_no_boxes_make_no_lines() -> None:
    assert _word_lines([], HALF, 1, 1000.0) == []


# --- grid rows ----------------------------------------------------------------------------


def test_a_grid_rows_cells_become_a_line_in_points() -> None:
    cells = [
        ["1O", 0.9, 0.0, 100.0],
        ["D", 0.8, 100.0, 200.0],
        ["", None, 200.0, 300.0],
        ["规章\n说明", 0.7, 300.0, 400.0],
    ]
    line = _grid_line(cells, 0.5, page=2)
    assert line.grid and line.page == 2
    assert [c.text for c in line.cells] == ["10", "0", "", "规章\n说明"]
    assert [c.confidence for c in line.cells] == [0.9, 0.8 * DISAGREEMENT, None, 0.7]
    assert [c.x0 for c in line.cells] == [0.0, 50.0, 100.0, 150.0]


EDGES = (60.0, 110.0, 200.0, 200.0)


def test_a_cell_holding_a_number_is_read_again_from_its_ink() -> None:
    gray = paper()
    digit(gray, "8", 100, 165)
    text_only, clean = ink_of(gray)
    members = [Found(98.0, 112.0, 150.0, 168.0, "8", 0.95)]
    cell, again = _grid_cell(clean, text_only, members, EDGES, DPI)
    assert cell == ["8", 0.95, 60.0, 200.0]
    assert again is not None
    minus, crop = again
    assert not minus and crop.ndim == 3


def test_a_cell_holding_only_a_dash_is_a_dash() -> None:
    gray = paper()
    dash(gray, 120, 158)
    text_only, clean = ink_of(gray)
    cell, again = _grid_cell(clean, text_only, [], EDGES, DPI)
    assert (cell, again) == (["-", ONE_READING, 60.0, 200.0], None)


def test_a_number_read_where_there_is_no_ink_is_in_doubt() -> None:
    text_only, clean = ink_of(paper())
    members = [Found(98.0, 112.0, 150.0, 168.0, "5", 0.9)]
    cell, again = _grid_cell(clean, text_only, members, EDGES, DPI)
    assert cell == ["5", 0.9 * DISAGREEMENT, 60.0, 200.0]
    assert again is None


def test_a_cell_of_words_is_not_read_again() -> None:
    gray = paper()
    digit(gray, "AB", 100, 165)
    text_only, clean = ink_of(gray)
    members = [Found(98.0, 140.0, 150.0, 168.0, "规章", 0.9)]
    assert _grid_cell(clean, text_only, members, EDGES, DPI) == (["规章", 0.9, 60.0, 200.0], None)


def test_boxes_go_to_the_grid_cells_their_centres_fall_in(reread: _Rereader) -> None:
    gray = paper()
    grid(gray, [50, 200, 300], [100, 140])
    digit(gray, "8", 240, 127)
    boxes = [
        Found(60.0, 100.0, 110.0, 130.0, "规章", 0.9),
        Found(236.0, 254.0, 112.0, 130.0, "8", 0.95),
        Found(236.0, 254.0, 112.0, 130.0, "8", 0.9, alone=True),  # found again by its ink
        Found(60.0, 100.0, 200.0, 220.0, "说明", 0.9),
    ]
    text_only, clean = ink_of(gray)
    band = (100.0, 140.0, [50.0, 200.0, 300.0])
    rows, loose = _grid_lines(clean, text_only, boxes, [band], HALF, 4)
    [(top, line)] = rows
    assert top == 50.0
    assert [(c.text, c.confidence) for c in line.cells] == [("规章", 0.9), ("8", 0.99)]
    assert len(reread.crops) == 1
    assert loose == boxes[3:]


def test_a_grid_row_with_nothing_read_is_no_line(reread: _Rereader) -> None:
    text_only, clean = ink_of(paper())
    rows, loose = _grid_lines(clean, text_only, [], [(100.0, 140.0, [50.0, 200.0, 300.0])], DPI, 1)
    assert (rows, loose) == ([], [])


# --- numbers outside the grid -------------------------------------------------------------


def test_a_digit_no_box_covers_is_found_by_its_ink(reread: _Rereader) -> None:
    gray = paper()
    digit(gray, "8", 100, 165)
    digit(gray, "5", 400, 165)
    text_only, clean = ink_of(gray)
    covered = Found(396.0, 416.0, 150.0, 168.0, "5", 0.9)
    [found] = _missed(clean, text_only, [covered], [], DPI)
    assert (found.text, found.score, found.alone) == ("8", ONE_READING, True)
    assert (found.x0, found.x1) == pytest.approx((100, 109), abs=4)  # its ink, joined up


def test_a_lone_mark_read_as_a_letter_is_a_digit_in_doubt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lines, "_reread", _Rereader("I", 0.8))
    gray = paper()
    digit(gray, "1", 100, 165)
    text_only, clean = ink_of(gray)
    [found] = _missed(clean, text_only, [], [], DPI)
    assert (found.text, found.score) == ("1", pytest.approx(0.8 * DISAGREEMENT))


def test_a_mark_read_with_little_confidence_is_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lines, "_reread", _Rereader("8", 0.1))
    gray = paper()
    digit(gray, "8", 100, 165)
    text_only, clean = ink_of(gray)
    assert _missed(clean, text_only, [], [], DPI) == []


def test_a_lone_dash_counts_between_two_values_of_its_line(reread: _Rereader) -> None:
    gray = paper()
    dash(gray, 200, 158)
    text_only, clean = ink_of(gray)
    values = [
        Found(96.0, 110.0, 150.0, 168.0, "3", 0.9),
        Found(296.0, 310.0, 150.0, 168.0, "4", 0.9),
    ]
    [found] = _missed(clean, text_only, values, [], DPI)
    assert (found.text, found.alone) == ("-", True)
    # alone by a heading, or on a rule, it is no value
    assert _missed(clean, text_only, values[:1], [], DPI) == []
    assert _missed(clean, text_only, values, [Rule(159.0, 0.0, 600.0)], DPI) == []


def test_numbers_outside_the_grid_are_read_again(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lines, "_reread", _Rereader("3", 0.9))
    gray = paper()
    digit(gray, "8", 100, 165)
    text_only, clean = ink_of(gray)
    boxes = [
        Found(98.0, 112.0, 150.0, 168.0, "8", 0.95),
        Found(20.0, 60.0, 150.0, 168.0, "规章", 0.9),
        Found(98.0, 112.0, 150.0, 168.0, "8", 0.9, alone=True),
        Found(400.0, 412.0, 150.0, 168.0, "7", 0.9),  # no ink there
    ]
    confirmed = _confirm(clean, text_only, boxes, DPI)
    assert confirmed[0].text == "3"
    assert confirmed[0].score == pytest.approx(0.9 * DISAGREEMENT)
    assert confirmed[1:] == boxes[1:]
