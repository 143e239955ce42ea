"""Ruling lines and grid rows: the page's thin paths and the sides of its boxes as rules,
and each band between two horizontal rules that vertical rules cross read as a row whose
characters go to the cell they sit in (a blank cell stays a blank cell).
"""

from __future__ import annotations

import itertools
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

from pipeline.readers.layout import Rule, covered, crossing
from pipeline.readers.pdf.chars import SIGNS, Char, overdrawn, text_of
from pipeline.readers.pdf.pdfium import Bounds
from pipeline.readers.pdf.words import CELL_GAP
from pipeline.readers.pdf.wrapped import wrapped_number
from pipeline.records import Line, TextCell
from pipeline.text import is_number_token

# A grid row: (top, bottom, x of the vertical rules crossing it).
Band = tuple[float, float, list[float]]


class ByHeight:
    """A page's characters in the order of the height of their middles, to take those
    between two heights at once (sorted once a page, for its bands and its rows)."""

    def __init__(self, chars: list[Char]) -> None:
        self.order = sorted(range(len(chars)), key=lambda i: chars[i].cy)
        self.heights = [chars[i].cy for i in self.order]

    def between(self, top: float, bottom: float) -> list[int]:
        """Indices of the characters whose middle is between ``top`` and ``bottom``, from
        the top down."""
        return self.order[bisect_left(self.heights, top) : bisect_right(self.heights, bottom)]


# A path thinner than this (points) is a rule, not a box.
RULE_WIDTH = 2.0
# Rules closer than this (points) are the same rule.
SNAP = 2.0
# Rules closer than this (points) bound no row or cell between them.
MIN_ROW = 4.0


def rules(paths: Iterable[Bounds], height: float) -> tuple[list[Rule], list[Rule]]:
    """(horizontal, vertical) rules of a page ``height`` high from the bounds of its paths:
    thin paths, and the four sides of boxes."""
    horizontal: list[Rule] = []
    vertical: list[Rule] = []
    for left, bottom, right, top in paths:
        top_y, bottom_y = height - top, height - bottom
        width, tall = right - left, bottom_y - top_y
        if tall < RULE_WIDTH and width >= RULE_WIDTH:
            horizontal.append(Rule((top_y + bottom_y) / 2, left, right))
        elif width < RULE_WIDTH and tall >= RULE_WIDTH:
            vertical.append(Rule((left + right) / 2, top_y, bottom_y))
        elif width >= RULE_WIDTH and tall >= RULE_WIDTH:
            horizontal += [Rule(top_y, left, right), Rule(bottom_y, left, right)]
            vertical += [Rule(left, top_y, bottom_y), Rule(right, top_y, bottom_y)]
    return horizontal, vertical


# A rule drawn under less than this share of a cell's width does not close the cell.
CLOSES = 0.5


def tall_rows(
    found: list[Band],
    horizontal: Sequence[Rule],
    vertical: Sequence[Rule],
    chars: list[Char],
    by_height: ByHeight | None = None,
) -> list[Band]:
    """The bands, with two joined that are one row drawn as cells of unequal height: where
    the rule between them runs under none of the columns in which the lower holds a number
    and the upper nothing. A web page printed with each cell boxed draws the bottom of a
    group cell (三、本年度办理结果) across the middle of the row beside it; the upper part
    would read as a row of blank cells, and the numbers as a row without its label."""
    by_height = by_height or ByHeight(chars)

    def within(top: float, bottom: float) -> list[Char]:
        """The characters whose middle is between ``top`` and ``bottom``, in page order."""
        return [chars[i] for i in sorted(by_height.between(top, bottom))]

    out: list[Band] = []
    for band in found:
        if out and _one_row(out[-1], band, horizontal, within):
            top, bottom = out[-1][0], band[1]
            xs = crossing(vertical, top, bottom, SNAP, MIN_ROW)
            if len(xs) >= 2:
                out[-1] = (top, bottom, xs)
                continue
        out.append(band)
    return out


def _one_row(
    upper: Band,
    lower: Band,
    horizontal: Sequence[Rule],
    within: Callable[[float, float], list[Char]],
) -> bool:
    """Whether ``lower`` goes on ``upper``'s row: they touch, and every column of ``lower``
    that holds a number is open above (no rule under most of it) and blank in ``upper``.
    ``within(top, bottom)`` gives the characters between two heights."""
    if abs(upper[1] - lower[0]) > SNAP:
        return False
    between = [h for h in horizontal if abs(h.position - lower[0]) <= SNAP]
    xs = lower[2]
    if covered(between, xs[0], xs[-1]) > 0.95:
        return False  # a rule across the whole row: the usual case, decided at once
    in_lower = [(c.cx, c) for c in within(lower[0], lower[1])]
    in_upper = [c.cx for c in within(upper[0], upper[1])]
    numbers = 0
    for left, right in itertools.pairwise(xs):
        below = [c for x, c in in_lower if left <= x < right]
        if not is_number_token(text_of(below).replace("\n", "")):
            continue
        numbers += 1
        if covered(between, left, right) >= CLOSES:
            return False
        if any(left <= x < right for x in in_upper):
            return False
    return numbers > 0


def grid_rows(
    chars: list[Char], bands: list[Band], page: int, by_height: ByHeight | None = None
) -> tuple[list[tuple[float, Line]], list[Char]]:
    """Grid rows from the bands, and the characters left outside every band."""
    rows: list[tuple[float, Line]] = []
    placed: set[int] = set()
    by_height = by_height or ByHeight(chars)
    for top, bottom, xs in bands:
        inside = [i for i in by_height.between(top, bottom) if xs[0] <= chars[i].cx <= xs[-1]]
        if not inside:
            continue
        cells = []
        apart = False
        columns = [
            (left, right, [chars[i] for i in inside if left <= chars[i].cx < right])
            for left, right in itertools.pairwise(xs)
        ]
        # the row's cell padding: the least room left of a cell's text
        padding = min(min(c.x0 for c in m) - left for left, _, m in columns if m)
        for left, right, members in columns:
            apart = apart or _columns_apart(members)
            text = text_of(members).strip()
            if "\n" in text and wrapped_number(text, members, left, right, max(padding, 0.0)):
                text = text.replace("\n", "")
            unsure = overdrawn(members)
            cells.append(TextCell(text, left, right, top=top, bottom=bottom, order_unsure=unsure))
        if apart or len(cells) == 1:
            # rules around the row but not between its columns: its texts are read as
            # lines, where gaps part them (a row that is one cell loses nothing by it)
            continue
        placed.update(inside)
        rows.append((top, Line(tuple(cells), page=page, grid=True)))
    return rows, [c for i, c in enumerate(chars) if i not in placed]


# Within a grid cell, words further apart than this many font sizes stand in columns
# whose rule was not drawn.
WORDS_APART = 2.0


def _columns_apart(chars: Sequence[Char]) -> bool:
    """Whether, on one line of a grid cell, a number starts after a gap wide enough to
    part two cells, or a word after a gap wider than WORDS_APART: the cell spans columns
    whose rules were not drawn (a table ruled between rows only, or boxed), so its texts
    are cells of their own."""
    ordered = sorted(chars, key=lambda c: (round(c.baseline), c.x0))
    for previous, char in itertools.pairwise(ordered):
        if abs(char.baseline - previous.baseline) > 0.5 * char.size:
            continue
        gap = char.x0 - previous.x1
        starts_number = char.text.isdigit() or char.text in SIGNS
        if gap > (CELL_GAP if starts_number else WORDS_APART) * char.size:
            return True
    return False


def cut_row_joined(upper: Line, lower: Line) -> Line | None:
    """The last grid row of a page (``upper``) and the first of the next (``lower``) as one
    row, where a page break cut it in two: a browser that splits a tall row leaves each
    cell's text on the page where it fitted (numbers on one page, the label on the next,
    or some numbers on each), each part boxed. They are one row when each cell of
    ``lower`` with text lies over a blank cell of ``upper``, one of the two holds nothing
    but numbers, and together they hold a label and a number; else None. Lines of words (a
    table without rules) are joined where the lower holds only values, none of them under
    a cell of the upper, right of the upper's label."""
    if not upper.grid and not lower.grid:
        return _cut_words_joined(upper, lower)
    if not upper.grid or not lower.grid:
        return None
    texts = [cell.text for cell in upper.cells]
    for below in lower.cells:
        if not below.text:
            continue
        index = _under(upper.cells, below)
        if index is None or texts[index]:
            return None
        texts[index] = below.text
    upper_numbers = all(is_number_token(c.text) for c in upper.cells if c.text)
    lower_numbers = all(is_number_token(c.text) for c in lower.cells if c.text)
    numbers = [is_number_token(text) for text in texts if text]
    if not (upper_numbers or lower_numbers) or all(numbers) or not any(numbers):
        return None
    cells = tuple(replace(cell, text=text) for cell, text in zip(upper.cells, texts, strict=True))
    return Line(cells, page=upper.page, grid=True)


def _under(cells: Sequence[TextCell], cell: TextCell) -> int | None:
    """The index of the cell of ``cells`` that covers most of ``cell``'s width, if one
    covers more than half of it."""
    if cell.x0 is None or cell.x1 is None or cell.x1 <= cell.x0:
        return None
    best, share = None, 0.5
    for index, other in enumerate(cells):
        if other.x0 is None or other.x1 is None:
            continue
        overlap = (min(cell.x1, other.x1) - max(cell.x0, other.x0)) / (cell.x1 - cell.x0)
        if overlap > share:
            best, share = index, overlap
    return best


def _cut_words_joined(upper: Line, lower: Line) -> Line | None:
    if not lower.cells or not all(is_number_token(c.text) for c in lower.cells):
        return None
    if any(c.x0 is None or c.x1 is None for c in (*upper.cells, *lower.cells)):
        return None
    labels = [c for c in upper.cells if not is_number_token(c.text)]
    if not labels or len(labels) == len(upper.cells):
        return None
    start = labels[0].x1
    assert start is not None
    for below in lower.cells:
        assert below.x0 is not None and below.x1 is not None
        if below.x0 < start or any(
            min(below.x1, c.x1 or 0.0) > max(below.x0, c.x0 or 0.0) for c in upper.cells
        ):
            return None
    cells = sorted([*upper.cells, *lower.cells], key=lambda c: c.x0 or 0.0)
    return Line(tuple(cells), page=upper.page)
