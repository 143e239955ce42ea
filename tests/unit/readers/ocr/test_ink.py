"""The ink of a page: its ruling lines, and a cell's own ink and crop (pixels)."""

from __future__ import annotations

import numpy as np
import pytest

from pipeline.readers.ocr.ink import _binary, _crop, _dark, _dash_shaped, _ink_box, _rules
from tests.unit.readers.ocr.pages import DPI, dash, digit, ink_of, paper

CELL = (60, 110, 200, 200)  # left, top, right, bottom


def test_ink_is_white_on_black() -> None:
    gray = paper()
    digit(gray, "8", 100, 165)
    binary = _binary(gray)
    assert binary.dtype == np.uint8
    assert binary[10, 10] == 0
    assert binary[gray < 128].min() == 255


def test_the_ruling_lines_of_a_page_are_found() -> None:
    gray = paper()
    gray[100:102, 50:550] = 0
    gray[50:250, 50:52] = 0
    gray[50:250, 300:302] = 0
    digit(gray, "8", 100, 165)
    horizontal, vertical, mask = _rules(_binary(gray), DPI)
    [across] = horizontal
    assert across.position == pytest.approx(101, abs=1)
    assert (across.start, across.end) == pytest.approx((50, 550), abs=3)
    assert sorted(v.position for v in vertical) == pytest.approx([51, 301], abs=1)
    assert mask[101, 200] == 255
    assert mask[160, 104] == 0  # the digit is no rule


def test_a_page_without_rules_has_none() -> None:
    gray = paper()
    digit(gray, "8", 100, 165)
    horizontal, vertical, mask = _rules(_binary(gray), DPI)
    assert (horizontal, vertical, int(mask.max())) == ([], [], 0)


def test_the_ink_of_a_cell_is_boxed() -> None:
    gray = paper()
    digit(gray, "8", 100, 165)
    box, minus, only_dash = _ink_box(*ink_of(gray), *CELL, DPI)
    ys, xs = np.nonzero(gray < 128)
    ink = [xs.min(), ys.min(), xs.max() + 1, ys.max() + 1]
    assert box.tolist() == pytest.approx(ink, abs=1)  # a grey edge pixel or not
    assert (minus, only_dash) == (False, False)


def test_a_blank_cell_and_a_speck_have_no_ink() -> None:
    assert _ink_box(*ink_of(paper()), *CELL, DPI) == (None, False, False)
    gray = paper()
    gray[150:152, 100:102] = 0
    assert _ink_box(*ink_of(gray), *CELL, DPI) == (None, False, False)


def test_faint_grain_is_no_ink() -> None:
    gray = paper()
    digit(gray, "8", 100, 165, shade=215)
    assert _ink_box(*ink_of(gray), *CELL, DPI)[0] is None


def test_a_cell_holding_only_a_dash_says_so() -> None:
    gray = paper()
    dash(gray, 120, 158)
    box, minus, only_dash = _ink_box(*ink_of(gray), *CELL, DPI)
    assert box.tolist() == [120, 158, 130, 160]
    assert (minus, only_dash) == (False, True)


def test_a_level_stroke_before_the_digits_is_a_minus_sign() -> None:
    gray = paper()
    digit(gray, "8", 100, 165)
    dash(gray, 84, 157)
    box, minus, only_dash = _ink_box(*ink_of(gray), *CELL, DPI)
    assert box[0] == 84
    assert minus and not only_dash


def test_a_stroke_above_the_digits_is_no_minus_sign() -> None:
    gray = paper()
    digit(gray, "8", 100, 165)
    dash(gray, 84, 150)
    assert not _ink_box(*ink_of(gray), *CELL, DPI)[1]


def test_a_cell_with_no_room_inside_its_rules_has_no_ink() -> None:
    assert _ink_box(*ink_of(paper()), 60, 110, 62, 112, DPI) == (None, False, False)


@pytest.mark.parametrize(
    ("width", "height", "area", "dpi", "shaped"),
    [(10, 2, 20, DPI, True), (4, 1, 4, DPI, True), (3, 1, 3, DPI, False),
     (2, 10, 20, DPI, False), (5, 4, 20, DPI, False), (12, 5, 60, DPI, False),
     (16, 4, 64, 300.0, True), (8, 7, 56, 300.0, False)],  # too square at 300 dpi
)  # fmt: skip
def test_a_dash_is_a_level_stroke_about_a_millimetre_long(
    width: int, height: int, area: int, dpi: float, shaped: bool
) -> None:
    assert _dash_shaped(width, height, area, dpi) is shaped


def test_a_mark_is_dark_when_its_core_is_far_darker_than_the_paper() -> None:
    shade = np.full((10, 10), 250, dtype=np.uint8)
    labels = np.zeros((10, 10), dtype=np.int32)
    labels[2:5, 2:5] = 1
    stat = np.array([2, 2, 3, 3, 9])
    shade[3, 3] = 200
    assert not _dark(shade, labels, stat, 1, paper=250.0)
    shade[3, 3] = 100
    assert _dark(shade, labels, stat, 1, paper=250.0)


def test_a_crop_has_a_white_margin_and_never_reaches_the_rules() -> None:
    gray = paper()
    digit(gray, "8", 100, 165)
    box = np.array([100, 154, 109, 165])
    crop = _crop(gray, box, CELL, DPI)
    margin = int(DPI * 0.04)
    assert crop.shape == (11 + 2 * margin, 9 + 2 * margin, 3)  # colour, for the recogniser
    # with rules just around the ink, white makes up the margin
    gray[150:152, :] = 0
    tight = _crop(gray, box, (95, 150, 114, 170), DPI)
    assert tight.shape == crop.shape
    assert tight[:margin].min() == 255
