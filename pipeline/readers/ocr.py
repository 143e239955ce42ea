"""Scanned pages and images, read by OCR: OpenCV finds the table grid, RapidOCR reads the text.

A page image is straightened (by the skew of its longest rules, or else of its lines of
text), its ruling lines are found by morphology, and the bands between them become grid rows
exactly as in a text-layer PDF (:mod:`pipeline.readers.layout`). RapidOCR (PaddleOCR's
Chinese models on onnxruntime, shipped inside its wheel: nothing is downloaded) finds and
reads the lines of text on the whole page. Then every number is read again on its own, from
a crop of its ink with the rules whited out: when the two readings differ, the crop's is
kept with a halved confidence (:func:`_settle`); a confidence above ONE_READING means both
agreed. Dashes and minus signs are known by their shape, grain by its lack of contrast, and
a lone digit the detector passed over by its ink. The arithmetic relations review the rest
(:func:`pipeline.validate.checks.flag_misreads`).

Besides whole pages: :func:`read_picture` reads a picture inside a Word file or a web
page (a table pasted in as an image), and :func:`read_cells` reads given cells of a
rendered PDF page from their own ink, the second reading of text-layer cells that a failed
relation puts in doubt.

Coordinates are given to the rest of the pipeline in points (1/72 inch), as for PDFs.
This module owns opencv (cv2), numpy and rapidocr.
"""

from __future__ import annotations

import contextlib
import itertools
import re
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pipeline.readers.layout import PAGE_NUMBER, Rule, bands, in_margin
from pipeline.records import ONE_READING, Document, Line, ReadError, Status, TextCell

# The resolution pages are rendered at, and assumed for images that do not say.
DPI = 200.0
# Text is found on the page scaled to at most this many pixels a side (memory grows with
# the square); it is read from the page at full size.
DETECT_SIDE = 1280
A4_WIDTH_INCHES = 8.27
A4_RATIO = 297 / 210
# Skews beyond this many degrees are not straightened (the page is probably not a table).
MAX_SKEW = 5.0
# A cell whose ink covers fewer pixels than this (at 150 dpi) is blank.
MIN_INK = 20
# Printed ink is somewhere darker than the paper by this many grey levels; grain is not.
INK_CONTRAST = 70
# What OCR often reads for digits in a cell of numbers.
_DIGIT_LOOKALIKES = str.maketrans(
    {"O": "0", "o": "0", "〇": "0", "D": "0", "l": "1", "I": "1", "|": "1"}
)
_NUMBERISH = re.compile(r"^[\s\d.,，。．+\-－—–/OoDlI|〇]*\d[\s\d.,，。．+\-－—–/OoDlI|〇]*$")
_LOOKALIKES_ONLY = re.compile(r"^[OoDIl|〇]{1,3}$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# A short reading with no Chinese in it, in a cell with ink: a number misread ("D" for 0).
_JUNK = re.compile(r"^[^\u4e00-\u9fff\s]{1,3}$")
# What OCR makes of a dash printed in a cell.
_DASHES = {"-", "一", "—", "–", "－", "_", "~", "一一", "——"}
# When the two readings of a cell differ, the confidence kept is scaled down by this.
DISAGREEMENT = 0.5
# Boxes whose centres are closer than this share of their height are on one line.
SAME_LINE = 0.3


@dataclass(frozen=True)
class _Box:
    """A line of text OCR found on the page, in pixels."""

    text: str
    score: float
    x0: float
    y0: float
    x1: float
    y1: float
    alone: bool = False  # found as ink and read from its own crop: already read that way

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


def _imports() -> tuple[Any, Any]:
    try:
        import cv2
        import numpy
    except ImportError as error:  # libGL missing, or the package not installed
        raise ReadError(
            Status.FAILED,
            f"OCR needs OpenCV, which failed to load ({error}); on Debian or Ubuntu run "
            "`apt-get install libgl1 libglib2.0-0`, then `pip install rapidocr-onnxruntime`",
        ) from error
    return cv2, numpy


@cache
def _engine() -> Any:
    """One RapidOCR engine per process, on one thread (batch runs use a process per core)."""
    _imports()
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError as error:
        raise ReadError(
            Status.FAILED,
            f"OCR needs rapidocr-onnxruntime, which failed to load ({error}): "
            "`pip install rapidocr-onnxruntime`",
        ) from error
    threads = {
        f"{part}_{key}": 1
        for part in ("det", "cls", "rec")
        for key in ("intra_op_num_threads", "inter_op_num_threads")
    }
    return RapidOCR(
        use_cls=False,
        print_verbose=False,
        det_limit_type="max",
        det_limit_side_len=DETECT_SIDE,
        **threads,
    )


def _rule_angle(binary: Any) -> float | None:
    """The skew of the page's long horizontal rules in degrees, or None without rules."""
    cv2, np = _imports()
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
    cv2, np = _imports()
    small = cv2.resize(binary, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    height, width = small.shape
    centre = (width / 2, height / 2)

    def sharpness(angle: float) -> float:
        matrix = cv2.getRotationMatrix2D(centre, angle, 1.0)
        turned = cv2.warpAffine(small, matrix, (width, height), flags=cv2.INTER_NEAREST)
        return float(np.var(turned.sum(axis=1, dtype=np.float64)))

    coarse = max(np.arange(-MAX_SKEW, MAX_SKEW + 0.01, 0.25), key=sharpness)
    return float(max(np.arange(coarse - 0.25, coarse + 0.26, 0.05), key=sharpness))


def _binary(gray: Any) -> Any:
    """Ink as white on black, thresholded against the local shade of the paper."""
    cv2, _ = _imports()
    return cv2.adaptiveThreshold(
        gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 15
    )


def _deskew(gray: Any) -> Any:
    """The page turned so that its rules (or else its lines of text) are level."""
    cv2, _ = _imports()
    binary = _binary(gray)
    angle = _rule_angle(binary)
    if angle is None:
        angle = _text_angle(binary)
    if abs(angle) < 0.05:
        return gray
    height, width = gray.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    return cv2.warpAffine(gray, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=255)


def _segments(mask: Any, horizontal: bool, min_length: int) -> list[Rule]:
    """Connected runs of a rule mask as rules (pixels)."""
    cv2, _ = _imports()
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
    cv2, _ = _imports()
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


def _boxes(gray: Any) -> list[_Box]:
    cv2, _ = _imports()
    result, _ = _engine()(cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR))
    boxes = []
    for points, text, score in result or []:
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        boxes.append(_Box(str(text), float(score), min(xs), min(ys), max(xs), max(ys)))
    return boxes


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
    cv2, np = _imports()
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


def _signed(text: str, minus: bool) -> str:
    """A reading with the minus sign the ink showed and the recogniser dropped."""
    return "-" + text if minus and text and text[0].isdigit() else text


def _dark(shade: Any, labels: Any, stat: Any, index: int, paper: float) -> bool:
    """Whether a connected mark has the dark core of printed ink (not scanner grain)."""
    x, y, w, h = (int(v) for v in stat[:4])
    inside = labels[y : y + h, x : x + w] == index
    return bool(shade[y : y + h, x : x + w][inside].min(initial=255) <= paper - INK_CONTRAST)


def _crop(gray: Any, box: Any, limits: tuple[int, int, int, int], dpi: float) -> Any:
    """The ink of a cell with a margin of about a millimetre all round, never reaching the
    cell's rules (white makes up the margin where they are closer). The recogniser reads
    best with that margin: much less or much more and it starts to guess."""
    cv2, _ = _imports()
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


def _missed(
    clean: Any, text_only: Any, boxes: list[_Box], rules: Sequence[Rule], dpi: float
) -> list[_Box]:
    """Numbers the detector passed over: marks of ink the size of digits that no box covers
    (a lone "0" in a cell is easy to miss), each read on its own; and lone dashes, known
    by their shape."""
    cv2, np = _imports()
    mask = text_only.copy()
    pad = int(dpi * 0.02)
    for b in boxes:
        left, top, right, bottom = _around(b, mask.shape)
        mask[top:bottom, left:right] = 0
    joined = cv2.dilate(
        mask, cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, int(dpi * 0.05)), 1))
    )
    count, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    found, crops = [], []
    dashes: list[_Box] = []
    paper = float(np.median(clean))
    scale = (dpi / 150) ** 2
    for x, y, w, h, _area in stats[1:count]:
        ink = mask[y : y + h, x : x + w]
        if clean[y : y + h, x : x + w][ink > 0].min(initial=255) > paper - INK_CONTRAST:
            continue  # grain of the paper: printed strokes have a dark core
        marked = int(np.count_nonzero(ink))
        if h <= dpi * 0.025 and marked >= 3 * scale:
            # a short level stroke on its own: a dash printed for a zero or a blank
            columns = np.flatnonzero(ink.any(axis=0))
            length = int(columns[-1] - columns[0] + 1)
            if length <= dpi * 0.12 and _dash_shaped(length, h, marked, dpi):
                x0 = x + int(columns[0])
                dashes.append(_Box("-", ONE_READING, x0, y, x0 + length, y + h, alone=True))
            continue
        if not dpi * 0.06 <= h <= dpi * 0.17 or w > dpi * 1.5:
            continue
        if marked < MIN_INK * scale:
            continue
        found.append((x, y, w, h))
        limits = (x - pad, y - pad, x + w + pad, y + h + pad)
        crops.append(_crop(clean, np.array([x, y, x + w, y + h]), limits, dpi))
    out = []
    for (x, y, w, h), (text, score) in zip(found, _reread(crops), strict=True):
        if _LOOKALIKES_ONLY.match(text):  # a lone mark the size of a digit, read as "I"
            text, score = _as_number(text), score * DISAGREEMENT
        if text and _NUMBERISH.match(text) and score >= 0.2:
            out.append(_Box(text, min(score, ONE_READING), x, y, x + w, y + h, alone=True))
    # A dash counts in a row of values: two other values on its line, not a speck by a
    # heading, nor a piece of a horizontal rule.
    levels = [r.position for r in rules]
    dashes = [d for d in dashes if all(abs(d.cy - y) > dpi * 0.03 for y in levels)]
    words = [b for b in boxes if _CJK.search(b.text)]
    dashes = [d for d in dashes if not any(_beside(d, w) for w in words)]
    values = out + dashes + [b for b in boxes if _NUMBERISH.match(b.text)]
    for dash in dashes:
        beside = sum(1 for v in values if v is not dash and abs(v.cy - dash.cy) <= dpi * 0.06)
        if beside >= 2:
            out.append(dash)
    return out


def _beside(mark: _Box, word: _Box) -> bool:
    """Whether a mark sits on a line of words, within a character of it: a stroke of one
    of its characters (二 read apart), not a value."""
    height = word.y1 - word.y0
    return word.y0 <= mark.cy <= word.y1 and word.x0 - height <= mark.cx <= word.x1 + height


def _join(boxes: Sequence[_Box]) -> tuple[str, float]:
    """Boxes in one cell → its text, line by line, and the lowest score."""
    rows: list[list[_Box]] = []
    for box in sorted(boxes, key=lambda b: b.cy):
        if rows and abs(box.cy - rows[-1][0].cy) < 0.5 * (box.y1 - box.y0):
            rows[-1].append(box)
        else:
            rows.append([box])
    text = "\n".join(" ".join(b.text for b in sorted(row, key=lambda b: b.x0)) for row in rows)
    return text, min(b.score for b in boxes)


def _as_number(text: str) -> str:
    """A cell of digits with OCR's usual lookalikes mended: "1O" → "10", "—2" → "-2"."""
    text = re.sub(r"\s+", "", text).translate(_DIGIT_LOOKALIKES)
    return re.sub(r"^[—–－]+(?=\d)", "-", text)


# Crops already read in this process, by their pixels: the same number drawn in the same
# font at the same place within a pixel gives the same crop (a table's zeros, a producer's
# digits across reports). The recogniser is deterministic, so a crop is read once.
_READ: OrderedDict[tuple[tuple[int, ...], bytes], tuple[str, float]] = OrderedDict()
READ_MEMORY = 2048


def _reread(crops: list[Any]) -> list[tuple[str, float]]:
    """The recogniser's reading of each crop, each distinct crop read once."""
    keys = [(tuple(crop.shape), crop.tobytes()) for crop in crops]
    read: dict[tuple[tuple[int, ...], bytes], tuple[str, float]] = {}
    fresh: dict[tuple[tuple[int, ...], bytes], Any] = {}
    for key, crop in zip(keys, crops, strict=True):
        if key in _READ:
            _READ.move_to_end(key)
            read[key] = _READ[key]
        else:
            fresh.setdefault(key, crop)
    if fresh:
        results, _ = _engine().text_rec(list(fresh.values()))
        for key, (text, score) in zip(fresh, results, strict=True):
            read[key] = _READ[key] = (str(text), float(score))
        while len(_READ) > READ_MEMORY:
            _READ.popitem(last=False)
    return [read[key] for key in keys]


def _settle(
    box_text: str, box_score: float, crop_text: str, crop_score: float
) -> tuple[str, float | None]:
    """A number read twice, from the page's text box and from its own crop → its text and
    a confidence. The crop is the better reading (a text box can take in a piece of a rule:
    "|0" read as "10"). The confidence is above ONE_READING only when both readings agree.

    >>> _settle("10", 0.98, "0", 0.97)
    ('0', 0.485)
    >>> _settle("25", 0.9, "25", 0.99)
    ('25', 0.99)
    >>> _settle("", 0.0, "7", 0.99)
    ('7', 0.9)
    """
    crop_is_number = bool(crop_text) and _NUMBERISH.match(crop_text) is not None
    if not box_text:
        return (crop_text, min(crop_score, ONE_READING)) if crop_text else ("", None)
    if crop_is_number and _as_number(box_text) == _as_number(crop_text):
        return box_text, max(box_score, crop_score)
    if crop_is_number:
        return crop_text, crop_score * DISAGREEMENT
    return box_text, min(box_score, ONE_READING) * DISAGREEMENT


def _around(box: _Box, shape: tuple[int, int]) -> tuple[int, int, int, int]:
    """The neighbourhood of a text box where the rest of its ink may lie: the detector's
    box can stop short of a number's last digit or its sign."""
    height = box.y1 - box.y0
    return (
        max(0, int(box.x0 - 0.6 * height)),
        max(0, int(box.y0 - 0.3 * height)),
        min(shape[1], int(box.x1 + 0.6 * height)),
        min(shape[0], int(box.y1 + 0.3 * height)),
    )


def _confirm(clean: Any, text_only: Any, boxes: list[_Box], dpi: float) -> list[_Box]:
    """Numbers outside any grid (tables without rules) read again from their own ink."""
    numbers, crops, signs = [], [], []
    for i, b in enumerate(boxes):
        if not (_NUMBERISH.match(b.text) or _JUNK.match(b.text.strip())) or b.alone:
            continue
        limits = _around(b, clean.shape)
        ink, minus, _ = _ink_box(text_only, clean, *limits, dpi)
        if ink is None:
            continue
        numbers.append(i)
        signs.append(minus)
        crops.append(_crop(clean, ink, limits, dpi))
    out = list(boxes)
    for i, minus, (text, score) in zip(numbers, signs, _reread(crops), strict=True):
        b = boxes[i]
        settled, confidence = _settle(b.text, b.score, _signed(text, minus), score)
        out[i] = _Box(settled, confidence or 0.0, b.x0, b.y0, b.x1, b.y1)
    return out


def _grid_lines(
    clean: Any,
    text_only: Any,
    boxes: list[_Box],
    grid: list[tuple[float, float, list[float]]],
    dpi: float,
    page: int | None,
) -> tuple[list[tuple[float, Line]], list[_Box]]:
    """Grid rows with each cell read, and the boxes left outside every grid row."""
    to_points = 72.0 / dpi
    placed: set[int] = set()
    rows: list[tuple[float, list[list[Any]]]] = []
    pending: list[tuple[int, int, bool, Any]] = []  # (row, cell, minus, crop) to read
    for top, bottom, xs in grid:
        cells: list[list[Any]] = []
        for left, right in itertools.pairwise(xs):
            members = [
                i
                for i, b in enumerate(boxes)
                if left <= b.cx < right and top <= b.cy < bottom and i not in placed
            ]
            placed.update(members)
            # Marks found on their own are for text outside grids: a grid cell's ink is
            # read from the cell itself (and in a cell of words they are strokes of its
            # characters, the two of 二).
            members = [i for i in members if not boxes[i].alone]
            edges = (left, top, right, bottom)
            cell, again = _grid_cell(clean, text_only, [boxes[i] for i in members], edges, dpi)
            if again is not None:
                pending.append((len(rows), len(cells), *again))
            cells.append(cell)
        rows.append((top, cells))
    readings = _reread([crop for *_, crop in pending])
    for (r, c, minus, _), (text, score) in zip(pending, readings, strict=True):
        cell = rows[r][1][c]
        cell[0], cell[1] = _settle(cell[0], cell[1] or 0.0, _signed(text, minus), score)
    out = [
        (top * to_points, _grid_line(cells, to_points, page))
        for top, cells in rows
        if any(c[0] for c in cells)
    ]
    return out, [b for i, b in enumerate(boxes) if i not in placed]


def _grid_cell(
    clean: Any,
    text_only: Any,
    members: list[_Box],
    edges: tuple[float, float, float, float],
    dpi: float,
) -> tuple[list[Any], tuple[bool, Any] | None]:
    """A grid cell (left, top, right, bottom in pixels) from the text boxes read in it →
    [text, score, left, right] (score None when no box was read there), and (minus, crop)
    when its ink is to be read again from the crop."""
    left, top, right, bottom = edges
    text, score = _join(members) if members else ("", 1.0)
    limits = (int(left), int(top), int(right), int(bottom))
    ink, minus, only_dash = _ink_box(text_only, clean, *limits, dpi)
    cell: list[Any] = [text, score if members else None, left, right]
    if only_dash and (not text or _NUMBERISH.match(text) or len(text) == 1):
        cell[0], cell[1] = "-", ONE_READING
    elif ink is not None and (
        not text or ("\n" not in text and (_NUMBERISH.match(text) or _JUNK.match(text)))
    ):
        return cell, (minus, _crop(clean, ink, limits, dpi))
    elif ink is None and text and _NUMBERISH.match(text):
        cell[1] = score * DISAGREEMENT  # OCR saw a number where there is no ink
    return cell, None


def _grid_line(cells: list[list[Any]], to_points: float, page: int | None) -> Line:
    """A grid row's cells, each read (twice where it holds a number) → its line: numbers
    with OCR's lookalikes mended, positions in points."""
    line_cells = []
    for text, score, left, right in cells:
        if text and score is not None and _NUMBERISH.match(text) and "\n" not in text:
            text = _as_number(text)
        elif score is not None and _LOOKALIKES_ONLY.match(text):
            text, score = _as_number(text), score * DISAGREEMENT  # "D" in a cell: a 0
        line_cells.append(
            TextCell(
                text.strip(),
                left * to_points,
                right * to_points,
                confidence=round(score, 3) if score is not None and text else None,
            )
        )
    return Line(tuple(line_cells), page=page, grid=True)


def _same_line(box: _Box, other: _Box) -> bool:
    return abs(box.cy - other.cy) < SAME_LINE * max(box.y1 - box.y0, other.y1 - other.y0)


def _lines_of(boxes: list[_Box]) -> list[list[_Box]]:
    """Boxes grouped into lines: first the words, then each number joins the line of words
    it sits on most nearly (numbers centred in a tall row sit between the lines of a label
    wrapped beside them), or a line of numbers of its own."""
    groups: list[list[_Box]] = []
    words = [b for b in boxes if _CJK.search(b.text)]
    others = [b for b in boxes if not _CJK.search(b.text)]
    for box in sorted(words, key=lambda b: b.cy):
        if groups and _same_line(box, groups[-1][0]):
            groups[-1].append(box)
        else:
            groups.append([box])
    loose: list[list[_Box]] = []
    for box in sorted(others, key=lambda b: b.cy):
        near = [g for g in groups if any(_same_line(box, w) for w in g)]
        if near:
            min(near, key=lambda g: min(abs(w.cy - box.cy) for w in g)).append(box)
        elif loose and _same_line(box, loose[-1][0]):
            loose[-1].append(box)
        else:
            loose.append([box])
    return sorted(groups + loose, key=lambda g: min(b.cy for b in g))


def _word_lines(
    boxes: Iterable[_Box], dpi: float, page: int | None, height: float
) -> list[tuple[float, Line]]:
    """Boxes outside the grid → lines by height, one cell per box, left to right."""
    to_points = 72.0 / dpi
    groups = _lines_of(list(boxes))
    out = []
    for group in groups:
        group.sort(key=lambda b: b.x0)
        numbers = sum(1 for b in group if _NUMBERISH.match(b.text) or b.text == "-")
        cells: list[TextCell] = []
        for b in group:
            text, score = b.text.strip(), b.score
            if _NUMBERISH.match(text):
                text = _as_number(text)
            elif numbers and text in _DASHES:
                text = "-"  # a dash among numbers, read as "一"
            elif numbers and _LOOKALIKES_ONLY.match(text):
                # a lone "I" or "O" among the numbers of a row is a 1 or a 0
                text, score = _as_number(text), score * DISAGREEMENT
            cells.append(
                TextCell(text, b.x0 * to_points, b.x1 * to_points, confidence=round(score, 3))
            )
        line = Line(tuple(cells), page=page)
        top = min(b.y0 for b in group)
        if in_margin(top, height) and PAGE_NUMBER.match(line.text):
            continue
        out.append((top * to_points, line))
    return out


def read_page(gray: Any, page: int | None, dpi: float = DPI) -> list[Line]:
    """One page image (8-bit grey, numpy) → its lines in reading order."""
    cv2, _ = _imports()
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
    cv2, _ = _imports()
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


# A picture smaller than this (pixels wide, high) is a logo, a seal or an icon: no table.
MIN_PICTURE = (500, 150)


def read_picture(data: bytes) -> list[Line]:
    """A picture inside a document (a table pasted into Word or a web page as an image) →
    its lines; none for a picture too small to hold a table, or one that cannot be
    decoded."""
    cv2, np = _imports()
    gray = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), cv2.IMREAD_GRAYSCALE)
    if gray is None or gray.shape[1] < MIN_PICTURE[0] or gray.shape[0] < MIN_PICTURE[1]:
        return []
    return [
        line
        for piece in _slices(gray)
        for line in read_page(piece, None, _image_dpi(piece.shape[1]))
    ]


def _image_dpi(width: int) -> float:
    """The resolution of a page image, taking the page to be A4 wide."""
    return max(72.0, width / A4_WIDTH_INCHES)


def _slices(gray: Any) -> list[Any]:
    """A long image (pages stacked, a whole web page) cut into pieces about a page tall, at
    a blank band where there is one, else along a ruling line that both pieces keep."""
    _, np = _imports()
    height, width = gray.shape
    page = int(width * A4_RATIO)
    if height <= page * 1.5:
        return [gray]
    ink = (gray < 128).sum(axis=1)
    pieces, start = [], 0
    while height - start > page * 1.3:
        low, high = start + int(page * 0.7), min(height - 1, start + int(page * 1.3))
        window = ink[low:high]
        blank = np.flatnonzero(window <= width * 0.002)
        ruled = np.flatnonzero(window >= width * 0.5)
        target = start + page - low
        if blank.size:
            cut = low + int(blank[np.argmin(abs(blank - target))])
            pieces.append(gray[start:cut])
            start = cut
        elif ruled.size:
            cut = low + int(ruled[np.argmin(abs(ruled - target))])
            pieces.append(gray[start : cut + 3])
            start = max(0, cut - 3)
        else:
            cut = low + int(np.argmin(window))
            pieces.append(gray[start:cut])
            start = cut
    pieces.append(gray[start:])
    return pieces


def read_image(path: str | Path) -> Document:
    """A picture of a report (.png, .jpg, .tif, one page or several, or one long picture of
    all its pages) → its lines."""
    lines: list[Line] = []
    number = 0
    for image in _images(path):
        for gray in _slices(image):
            number += 1
            lines.extend(read_page(gray, number, _image_dpi(gray.shape[1])))
    if not lines:
        raise ReadError(Status.FAILED, "an image in which OCR found no text")
    return Document(format="image", lines=tuple(lines), pages=number, method="ocr")


def _images(path: str | Path) -> Iterator[Any]:
    """The pages of a picture file, decoded one at a time (a TIFF of 500 pages is never
    held whole in memory)."""
    cv2, np = _imports()
    pages = 0
    with contextlib.suppress(cv2.error):
        pages = cv2.imcount(str(path), cv2.IMREAD_GRAYSCALE)
    if pages > 1:
        for index in range(pages):
            ok, images = cv2.imreadmulti(str(path), index, 1, flags=cv2.IMREAD_GRAYSCALE)
            if ok and images:
                yield images[0]
        return
    single = cv2.imdecode(np.fromfile(str(path), dtype=np.uint8), cv2.IMREAD_GRAYSCALE)
    if single is None:
        raise ReadError(Status.FAILED, "an image that cannot be decoded (damaged?)")
    yield single
