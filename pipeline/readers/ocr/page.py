"""A page image read whole, and given cells of a rendered page read from their own ink.

A page is straightened by the skew of its longest rules, or else of its lines of text
(:func:`_deskew`); then its rules give the grid, the engine its text boxes, and the lines
are put in reading order (:func:`read_page`). :func:`read_cells` is the second reading of
cells of a PDF's text layer, from the picture of the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pipeline.readers.layout import bands
from pipeline.readers.ocr import engine
from pipeline.readers.ocr.engine import _as_number, _boxes, _reread, _signed
from pipeline.readers.ocr.ink import _binary, _crop, _ink_box, _rules
from pipeline.readers.ocr.lines import _confirm, _grid_lines, _missed, _word_lines
from pipeline.records import Line

# The resolution pages are rendered at, and assumed for images that do not say.
DPI = 200.0
# Skews beyond this many degrees are not straightened (the page is probably not a table).
MAX_SKEW = 5.0


def _rule_angle(binary: Any) -> float | None:
    """The skew of the page's long horizontal rules in degrees, or None without rules."""
    cv2, np = engine._imports()
    width = binary.shape[1]
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (max(20, width // 40), 1))
    mask = cv2.morphologyEx(binary, cv2.MORPH_OPEN, kernel)
    segments = cv2.HoughLinesP(
        mask, 1, np.pi / 1800, threshold=width // 10, minLineLength=width // 6, maxLineGap=10
    )
    if segments is None:
        return None
    angles, weights = [], []
    for x0, y0, x1, y1 in segments.reshape(-1, 4):
        angle = float(np.degrees(np.arctan2(y1 - y0, x1 - x0)))
        if abs(angle) <= MAX_SKEW:
            angles.append(angle)
            weights.append(float(np.hypot(x1 - x0, y1 - y0)))
    if not angles:
        return None
    order = np.argsort(angles)
    cumulative = np.cumsum(np.asarray(weights)[order])
    return float(np.asarray(angles)[order][np.searchsorted(cumulative, cumulative[-1] / 2)])


def _text_angle(binary: Any) -> float:
    """The skew of the lines of text: the angle whose row profile is sharpest."""
    cv2, np = engine._imports()
    small = cv2.resize(binary, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    height, width = small.shape
    centre = (width / 2, height / 2)

    def sharpness(angle: float) -> float:
        matrix = cv2.getRotationMatrix2D(centre, angle, 1.0)
        turned = cv2.warpAffine(small, matrix, (width, height), flags=cv2.INTER_NEAREST)
        return float(np.var(turned.sum(axis=1, dtype=np.float64)))

    coarse = max(np.arange(-MAX_SKEW, MAX_SKEW + 0.01, 0.25), key=sharpness)
    return float(max(np.arange(coarse - 0.25, coarse + 0.26, 0.05), key=sharpness))


def _deskew(gray: Any) -> Any:
    """The page turned so that its rules (or else its lines of text) are level."""
    cv2, _ = engine._imports()
    binary = _binary(gray)
    angle = _rule_angle(binary)
    if angle is None:
        angle = _text_angle(binary)
    if abs(angle) < 0.05:
        return gray
    height, width = gray.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    return cv2.warpAffine(gray, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=255)


def read_page(gray: Any, page: int | None, dpi: float = DPI) -> list[Line]:
    """One page image (8-bit grey, numpy) → its lines in reading order."""
    cv2, _ = engine._imports()
    gray = _deskew(gray)
    binary = _binary(gray)
    horizontal, vertical, rule_pixels = _rules(binary, dpi)
    text_only = cv2.subtract(binary, rule_pixels)
    clean = gray.copy()  # the page with its rules whited out: cells are read from this
    clean[rule_pixels > 0] = 255
    tolerance = max(3.0, dpi * 0.03)
    grid = bands(horizontal, vertical, tolerance, dpi * 0.06)
    boxes = _boxes(gray)
    boxes += _missed(clean, text_only, boxes, horizontal, dpi)
    rows, loose = _grid_lines(clean, text_only, boxes, grid, dpi, page)
    loose = _confirm(clean, text_only, loose, dpi)
    items = rows + _word_lines(loose, dpi, page, gray.shape[0])
    items.sort(key=lambda item: item[0])
    return [line for _, line in items]


def read_cells(gray: Any, boxes: Sequence[tuple[int, int, int, int]], dpi: float) -> list[str]:
    """Cells of a rendered page (boxes left, top, right, bottom in pixels) read from their
    own ink: "" for a blank cell, "-" for a dash. For a cell of a PDF's text layer that the
    arithmetic puts in doubt, this is a reading of what the page shows that owes nothing to
    the text layer."""
    cv2, _ = engine._imports()
    if not boxes:
        return []
    # only the band of the page that holds the boxes, with room for the rules around them
    reach = int(dpi * 0.5)
    first = max(0, min(top for _, top, _, _ in boxes) - reach)
    last = min(gray.shape[0], max(bottom for _, _, _, bottom in boxes) + reach)
    gray = gray[first:last]
    binary = _binary(gray)
    _, _, rule_pixels = _rules(binary, dpi)
    text_only = cv2.subtract(binary, rule_pixels)
    clean = gray.copy()
    clean[rule_pixels > 0] = 255
    out = [""] * len(boxes)
    crops, places = [], []
    for index, (left, top, right, bottom) in enumerate(boxes):
        limits = (left, top - first, right, bottom - first)
        ink, minus, only_dash = _ink_box(text_only, clean, *limits, dpi)
        if ink is None:
            continue
        if only_dash:
            out[index] = "-"
            continue
        crops.append(_crop(clean, ink, limits, dpi))
        places.append((index, minus))
    for (index, minus), (text, _) in zip(places, _reread(crops), strict=True):
        out[index] = _signed(_as_number(text), minus)
    return out
