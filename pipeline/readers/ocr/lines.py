"""Lines of text cells from the text boxes OCR found: grid rows, and lines of words.

The boxes of a page are completed by the numbers the detector passed over, found by their
ink (:func:`_missed`). In a grid row every cell takes the boxes whose centres fall inside
it, and a cell that holds a number (or ink and no reading) is read again from its own ink
(:func:`_grid_lines`). The boxes outside every grid row are read again the same way when
they hold a number (:func:`_confirm`) and grouped into lines by height, each number joining
the line of words it sits on (:func:`_word_lines`). Lines are given in points.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from typing import Any

from pipeline.readers.layout import PAGE_NUMBER, Rule, in_margin
from pipeline.readers.ocr import engine
from pipeline.readers.ocr.engine import (
    _CJK,
    _DASHES,
    _JUNK,
    _LOOKALIKES_ONLY,
    _NUMBERISH,
    DISAGREEMENT,
    Found,
    _as_number,
    _reread,
    _settle,
    _signed,
)
from pipeline.readers.ocr.ink import INK_CONTRAST, MIN_INK, _crop, _dash_shaped, _ink_box
from pipeline.records import ONE_READING, Line, TextCell

# Boxes whose centres are closer than this share of their height are on one line.
SAME_LINE = 0.3


def _around(box: Found, shape: tuple[int, int]) -> tuple[int, int, int, int]:
    """The neighbourhood of a text box where the rest of its ink may lie: the detector's
    box can stop short of a number's last digit or its sign."""
    height = box.height
    return (
        max(0, int(box.x0 - 0.6 * height)),
        max(0, int(box.top - 0.3 * height)),
        min(shape[1], int(box.x1 + 0.6 * height)),
        min(shape[0], int(box.bottom + 0.3 * height)),
    )


def _missed(
    clean: Any, text_only: Any, boxes: list[Found], rules: Sequence[Rule], dpi: float
) -> list[Found]:
    """Numbers the detector passed over: marks of ink the size of digits that no box covers
    (a lone "0" in a cell is easy to miss), each read on its own; and lone dashes, known
    by their shape."""
    cv2, np = engine._imports()
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
    dashes: list[Found] = []
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
                dashes.append(Found(x0, x0 + length, y, y + h, "-", ONE_READING, alone=True))
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
            out.append(Found(x, x + w, y, y + h, text, min(score, ONE_READING), alone=True))
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


def _beside(mark: Found, word: Found) -> bool:
    """Whether a mark sits on a line of words, within a character of it: a stroke of one
    of its characters (二 read apart), not a value."""
    height = word.height
    return word.top <= mark.cy <= word.bottom and word.x0 - height <= mark.cx <= word.x1 + height


def _confirm(clean: Any, text_only: Any, boxes: list[Found], dpi: float) -> list[Found]:
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
        out[i] = Found(b.x0, b.x1, b.top, b.bottom, settled, confidence or 0.0)
    return out


def _grid_lines(
    clean: Any,
    text_only: Any,
    boxes: list[Found],
    grid: list[tuple[float, float, list[float]]],
    dpi: float,
    page: int | None,
) -> tuple[list[tuple[float, Line]], list[Found]]:
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
    members: list[Found],
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


def _join(boxes: Sequence[Found]) -> tuple[str, float]:
    """Boxes in one cell → its text, line by line, and the lowest score."""
    rows: list[list[Found]] = []
    for box in sorted(boxes, key=lambda b: b.cy):
        if rows and abs(box.cy - rows[-1][0].cy) < 0.5 * (box.height):
            rows[-1].append(box)
        else:
            rows.append([box])
    text = "\n".join(" ".join(b.text for b in sorted(row, key=lambda b: b.x0)) for row in rows)
    return text, min(b.score for b in boxes)


def _same_line(box: Found, other: Found) -> bool:
    return abs(box.cy - other.cy) < SAME_LINE * max(box.height, other.height)


def _lines_of(boxes: list[Found]) -> list[list[Found]]:
    """Boxes grouped into lines: first the words, then each number joins the line of words
    it sits on most nearly (numbers centred in a tall row sit between the lines of a label
    wrapped beside them), or a line of numbers of its own."""
    groups: list[list[Found]] = []
    words = [b for b in boxes if _CJK.search(b.text)]
    others = [b for b in boxes if not _CJK.search(b.text)]
    for box in sorted(words, key=lambda b: b.cy):
        if groups and _same_line(box, groups[-1][0]):
            groups[-1].append(box)
        else:
            groups.append([box])
    loose: list[list[Found]] = []
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
    boxes: Iterable[Found], dpi: float, page: int | None, height: float
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
        top = min(b.top for b in group)
        if in_margin(top, height) and PAGE_NUMBER.match(line.text):
            continue
        out.append((top * to_points, line))
    return out
