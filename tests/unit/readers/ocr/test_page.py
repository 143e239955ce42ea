"""A page image straightened and read, and cells of a rendered page read from their ink.
The engine is stood in for: its text boxes are given, its crops read as told."""

from __future__ import annotations

import itertools
import math
from typing import Any

import cv2
import pytest

from pipeline.readers.ocr import lines, page
from pipeline.readers.ocr.engine import Found
from pipeline.readers.ocr.ink import _binary
from pipeline.readers.ocr.page import _deskew, _rule_angle, _text_angle, read_cells, read_page
from tests.unit.readers.ocr.pages import DPI, dash, digit, grid, paper


def _ruled(angle: float) -> Any:
    """A page of long rules turned by ``angle`` degrees (y downwards)."""
    gray = paper(1000, 800)
    rise = math.tan(math.radians(angle)) * 700
    for y in range(100, 900, 100):
        cv2.line(gray, (50, y), (750, round(y + rise)), 0, 2)
    return gray


def _texty(angle: float) -> Any:
    """A page of lines of digits and no rules, turned by ``angle`` degrees."""
    gray = paper(1000, 800)
    for y in range(100, 900, 40):
        for x in range(60, 700, 30):
            cv2.putText(gray, "8", (x, y), cv2.FONT_HERSHEY_SIMPLEX, 0.7, 0, 2)
    turn = cv2.getRotationMatrix2D((400, 500), angle, 1.0)
    return cv2.warpAffine(gray, turn, (800, 1000), borderValue=255)


@pytest.mark.parametrize("angle", [0.0, 2.0, -1.5])
def test_the_skew_of_the_long_rules_is_measured(angle: float) -> None:
    assert _rule_angle(_binary(_ruled(angle))) == pytest.approx(angle, abs=0.2)


def test_a_page_without_rules_or_with_steep_ones_has_no_rule_skew() -> None:
    assert _rule_angle(_binary(paper(1000, 800))) is None
    assert _rule_angle(_binary(_texty(0.0))) is None
    assert _rule_angle(_binary(_ruled(10.0))) is None  # beyond MAX_SKEW: no table's rules


@pytest.mark.parametrize("angle", [2.0, -1.5])
def test_the_skew_of_lines_of_text_is_measured(angle: float) -> None:
    # the angle that turns the page level (within a few steps of the search)
    assert abs(_text_angle(_binary(_texty(0.0)))) <= 0.35
    assert _text_angle(_binary(_texty(angle))) == pytest.approx(-angle, abs=0.35)


def test_a_skewed_page_is_straightened_and_a_level_one_left_alone() -> None:
    level = _ruled(0.0)
    assert _deskew(level) is level
    assert _rule_angle(_binary(_deskew(_ruled(2.0)))) == pytest.approx(0.0, abs=0.1)
    straightened = _text_angle(_binary(_deskew(_texty(2.0))))
    assert straightened == pytest.approx(_text_angle(_binary(_texty(0.0))), abs=0.1)


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.crops = 0

    def __call__(self, crops: list[Any]) -> list[tuple[str, float]]:
        self.crops += len(crops)
        return [(self.text, 0.99)] * len(crops)


XS = [50, 150, 250, 350, 450]
CELLS = [(x0, 100, x1, 140) for x0, x1 in itertools.pairwise(XS)]


def _cells_page() -> Any:
    """A ruled row of four cells: blank, a dash, 8 and -8."""
    gray = paper()
    grid(gray, XS, [100, 140])
    dash(gray, 195, 119)
    digit(gray, "8", 295, 127)
    digit(gray, "8", 395, 127)
    dash(gray, 378, 120, length=9)
    return gray


def test_cells_are_read_from_their_own_ink(monkeypatch: pytest.MonkeyPatch) -> None:
    reader = _Reader("1O")
    monkeypatch.setattr(page, "_reread", reader)
    assert read_cells(_cells_page(), CELLS, DPI) == ["", "-", "10", "-10"]
    assert reader.crops == 2  # the blank cell and the dash need no reading


def test_no_cells_read_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(page, "_reread", _Reader("8"))
    assert read_cells(_cells_page(), [], DPI) == []


def test_a_page_is_read_into_a_heading_and_grid_rows_in_points(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    gray = paper()
    grid(gray, [50, 250, 400], [100, 140, 180])
    digit(gray, "8", 320, 127)
    digit(gray, "5", 320, 167)
    found = [
        Found(50.0, 300.0, 40.0, 60.0, "二、主动公开政府信息情况", 0.98),
        Found(60.0, 100.0, 110.0, 130.0, "规章", 0.97),
        Found(316.0, 334.0, 112.0, 130.0, "8", 0.96),
        Found(60.0, 140.0, 150.0, 170.0, "行政许可", 0.97),
    ]
    monkeypatch.setattr(page, "_boxes", lambda image: list(found))
    monkeypatch.setattr(lines, "_reread", _Reader("8"))
    read = read_page(gray, 2, DPI)
    assert [[c.text for c in line.cells] for line in read] == [
        ["二、主动公开政府信息情况"],
        ["规章", "8"],
        ["行政许可", "8"],  # the 5 no box covered, read from its ink (as 8 here)
    ]
    heading, first, second = read
    assert not heading.grid and first.grid and second.grid
    assert {line.page for line in read} == {2}
    scale = 72 / DPI
    assert (first.cells[1].x0, first.cells[1].x1) == pytest.approx(
        (251 * scale, 401 * scale), abs=1
    )
    assert first.cells[1].confidence == 0.99
