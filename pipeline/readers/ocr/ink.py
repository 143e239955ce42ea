"""The ink of a page: its ruling lines, and the ink of a cell and its crop.

A page's ink is thresholded against the local shade of its paper (:func:`_binary`) and its
ruling lines are found by morphology (:func:`_rules`), to be whited out: a cell's ink
(:func:`_ink_box`) and the crop the recogniser reads again (:func:`_crop`) are then its text
alone. Specks of scanner noise and grain of the paper are told from printed ink by their
size and contrast (:func:`_dark`), dashes and minus signs by their shape
(:func:`_dash_shaped`). Positions here are in pixels.
"""

from __future__ import annotations

from typing import Any

from pipeline.readers.layout import Rule
from pipeline.readers.ocr import engine

# A cell whose ink covers fewer pixels than this (at 150 dpi) is blank.
MIN_INK = 20
# Printed ink is somewhere darker than the paper by this many grey levels; grain is not.
INK_CONTRAST = 70


def _binary(gray: Any) -> Any:
    """Ink as white on black, thresholded against the local shade of the paper."""
    cv2, _ = engine._imports()
    return cv2.adaptiveThreshold(
        gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 15
    )


def _segments(mask: Any, horizontal: bool, min_length: int) -> list[Rule]:
    """Connected runs of a rule mask as rules (pixels)."""
    cv2, _ = engine._imports()
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    rules = []
    for x, y, w, h, _area in stats[1:count]:
        if horizontal and w >= min_length and w >= 4 * h:
            rules.append(Rule(y + h / 2, x, x + w))
        elif not horizontal and h >= min_length and h >= 4 * w:
            rules.append(Rule(x + w / 2, y, y + h))
    return rules


def _rules(binary: Any, dpi: float) -> tuple[list[Rule], list[Rule], Any]:
    """(horizontal rules, vertical rules, a mask of the pixels of the rules)."""
    cv2, _ = engine._imports()
    long_h = max(20, int(dpi * 0.4))
    long_v = max(12, int(dpi * 0.12))
    mask_h = cv2.morphologyEx(
        binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (long_h, 1))
    )
    mask_v = cv2.morphologyEx(
        binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, long_v))
    )
    # Close small breaks left by noise or a faint scan before taking the runs.
    gap = max(3, int(dpi * 0.03))
    mask_h = cv2.morphologyEx(
        mask_h, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (gap, 1))
    )
    mask_v = cv2.morphologyEx(
        mask_v, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, gap))
    )
    thicken = cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3))
    return (
        _segments(mask_h, True, long_h),
        _segments(mask_v, False, long_v),
        cv2.dilate(cv2.bitwise_or(mask_h, mask_v), thicken),
    )


def _ink_box(
    text_only: Any, clean: Any, left: int, top: int, right: int, bottom: int, dpi: float
) -> tuple[Any, bool, bool]:
    """The box (x0, y0, x1, y1) around the ink inside a cell (None when it is blank),
    whether its first mark is a minus sign (a short level stroke before the digits, which
    the recogniser tends to drop) and whether the cell holds nothing but a dash.

    Specks of scanner noise are left out: a mark counts when it is at least about a
    millimetre long (a stroke of a digit, a dash) and not a few scattered pixels; so is
    what is left of a rule (touching a side of the cell, flat on its top or bottom edge, or
    a hairline nearly as tall)."""
    cv2, np = engine._imports()
    inset = _inset(dpi)
    x_0, y_0 = left + inset, top + inset
    region = text_only[y_0 : bottom - inset, x_0 : right - inset]
    if region.size == 0:
        return None, False, False
    count, labels, stats, _ = cv2.connectedComponentsWithStats(region, connectivity=8)
    scale = (dpi / 150) ** 2
    height, width = region.shape
    shade = clean[y_0 : y_0 + height, x_0 : x_0 + width]
    paper = float(np.median(shade))

    def dash(s: Any) -> bool:
        return _dash_shaped(int(s[2]), int(s[3]), int(s[4]), dpi)

    keep = [
        s
        for index, s in enumerate(stats[:count])
        if index > 0
        and (dash(s) or (s[4] >= 8 * scale and max(s[2], s[3]) >= dpi * 0.04))
        and not (s[2] <= dpi * 0.015 and s[3] >= 0.6 * height)
        and s[0] > 0
        and s[0] + s[2] < width
        # a flat mark on the top or bottom edge is what is left of a rule; a digit may
        # touch it in a cell whose values sit at the top
        and not ((s[1] == 0 or s[1] + s[3] >= height) and s[3] <= dpi * 0.025)
        and _dark(shade, labels, s, index, paper)
    ]
    only_dash = len(keep) == 1 and dash(keep[0])
    if not only_dash and sum(int(s[4]) for s in keep) < MIN_INK * scale:
        return None, False, False
    x0 = min(int(s[0]) for s in keep)
    y0 = min(int(s[1]) for s in keep)
    x1 = max(int(s[0] + s[2]) for s in keep)
    y1 = max(int(s[1] + s[3]) for s in keep)
    first = min(keep, key=lambda s: int(s[0]))
    rest = [s for s in keep if s is not first]
    minus = (
        bool(rest)
        and dash(first)
        and first[0] + first[2] <= min(int(s[0]) for s in rest)
        and y0 + (y1 - y0) * 0.25 <= first[1] + first[3] / 2 <= y0 + (y1 - y0) * 0.75
    )
    return np.array([x_0 + x0, y_0 + y0, x_0 + x1, y_0 + y1]), minus, only_dash


def _inset(dpi: float) -> int:
    """How far inside its rules a cell's own ink is looked for (pixels)."""
    return max(2, int(dpi * 0.015))


def _dash_shaped(width: int, height: int, area: int, dpi: float) -> bool:
    """Whether a mark is a level stroke about a millimetre long: a dash, or a minus sign."""
    return (
        area >= 3 * (dpi / 150) ** 2
        and width >= dpi * 0.025
        and height <= dpi * 0.025
        and width >= 1.3 * height
    )


def _dark(shade: Any, labels: Any, stat: Any, index: int, paper: float) -> bool:
    """Whether a connected mark has the dark core of printed ink (not scanner grain)."""
    x, y, w, h = (int(v) for v in stat[:4])
    inside = labels[y : y + h, x : x + w] == index
    return bool(shade[y : y + h, x : x + w][inside].min(initial=255) <= paper - INK_CONTRAST)


def _crop(gray: Any, box: Any, limits: tuple[int, int, int, int], dpi: float) -> Any:
    """The ink of a cell with a margin of about a millimetre all round, never reaching the
    cell's rules (white makes up the margin where they are closer). The recogniser reads
    best with that margin: much less or much more and it starts to guess."""
    cv2, _ = engine._imports()
    margin = max(4, int(dpi * 0.04))
    height, width = gray.shape
    x0, y0, x1, y1 = (int(v) for v in box)
    left, top, right, bottom = limits
    inset = _inset(dpi)
    top_, bottom_ = max(0, top + inset, y0 - margin), min(height, bottom - inset, y1 + margin)
    left_, right_ = max(0, left + inset, x0 - margin), min(width, right - inset, x1 + margin)
    crop = gray[top_:bottom_, left_:right_]
    crop = cv2.copyMakeBorder(
        crop,
        max(0, top_ - (y0 - margin)),
        max(0, (y1 + margin) - bottom_),
        max(0, left_ - (x0 - margin)),
        max(0, (x1 + margin) - right_),
        cv2.BORDER_CONSTANT,
        value=255,
    )
    return cv2.cvtColor(crop, cv2.COLOR_GRAY2BGR)
