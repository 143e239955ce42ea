"""One row's value tokens onto its columns: as many as there are, a window of them among
blank padding (chosen by a row relation), runs of digits split (``digits``), or placed
by where each is printed; and where a table's columns are printed, from its rows.

Values are aligned from the right of a row (report-format.md V8). A row whose values do not
fit its columns is never shifted to fit: the caller gets the printed text and a flag.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Sequence
from itertools import pairwise
from statistics import median

from pipeline.normalise.digits import TooManySplits, is_run_piece, split_runs
from pipeline.records import Flag, RowMatch, TextCell
from pipeline.spec import TableSpec
from pipeline.text import parse_number


def relations_as_positions(
    table: TableSpec, columns: Sequence[str], template: str
) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """The row relations of ``template`` among ``columns``, by the columns' positions."""
    index = {key: i for i, key in enumerate(columns)}
    out = []
    for rel in table.relations:
        if rel.axis != "row" or template not in rel.templates:
            continue
        if all(k in index for k in (*rel.left, *rel.right)):
            out.append((tuple(index[k] for k in rel.left), tuple(index[k] for k in rel.right)))
    return out


# How many splits of one digit run are kept for the table-wide search.
MAX_RUN_CANDIDATES = 64


def align(
    tokens: Sequence[TextCell],
    columns: Sequence[str],
    grid: bool,
    constraints: Sequence[tuple[tuple[int, ...], tuple[int, ...]]] = (),
    spans: Sequence[tuple[float, float]] | None = None,
    uniform: bool = False,
    stated: Sequence[tuple[tuple[int, ...], int]] = (),
    signed: Collection[int] | None = None,
    runs_together: bool = False,
) -> tuple[list[list[TextCell]], Flag]:
    """Map a row's value tokens onto ``columns``.

    Returns the candidate mappings and a flag: one mapping and no flag when certain; several
    mappings and ``ambiguous_digit_run`` when a run of digits splits more than one way; one
    mapping of the printed text and ``misaligned`` when the values do not fit the columns.
    """
    n = len(columns)
    items = list(tokens)
    if len(items) > n:
        window = _window(items, n, constraints, uniform)
        if window is None:
            return [[TextCell(" ".join(t.text for t in items)) for _ in columns]], Flag.MISALIGNED
        items = window
    if len(items) == n:
        return [list(items)], Flag.NONE
    filled = [t for t in items if t.text]
    if not filled and not grid:
        # A row printed with its label alone: every cell blank.
        return [[TextCell("") for _ in columns]], Flag.NONE
    if n > 1 and _runs(filled, n, grid, runs_together):
        pieces = [t.text for t in filled]
        run = " ".join(pieces)
        try:
            splits = split_runs(pieces, n, constraints, MAX_RUN_CANDIDATES + 1, signed=signed)
        except TooManySplits:
            return [[TextCell(run) for _ in columns]], Flag.AMBIGUOUS_DIGIT_RUN
        if not splits and sum(len(p.lstrip("+-")) for p in pieces) == n:
            # as many digits as cells: each digit is a cell, whatever the arithmetic says
            splits = split_runs(pieces, n, signed=signed)
        if len(splits) == 1:
            return [[TextCell(v) for v in splits[0]]], Flag.NONE
        if len(splits) > 1 and stated:
            # The report's text states what some of these cells add up to.
            try:
                settled = split_runs(pieces, n, constraints, 2, stated, signed)
            except TooManySplits:
                settled = []
            if len(settled) == 1:
                return [[TextCell(v) for v in settled[0]]], Flag.SPLIT_BY_NARRATIVE
        if len(splits) > MAX_RUN_CANDIDATES:
            # Too many ways to split: none of its cells can be known.
            return [[TextCell(run) for _ in columns]], Flag.AMBIGUOUS_DIGIT_RUN
        if splits:
            return [[TextCell(v) for v in split] for split in splits], Flag.AMBIGUOUS_DIGIT_RUN
    if spans and len(filled) < n and all(t.centre is not None for t in filled):
        placed = _place_by_position(filled, spans)
        if placed is not None:
            return [placed], Flag.NONE
    return [[TextCell(" ".join(t.text for t in items)) for _ in columns]], Flag.MISALIGNED


def _runs(filled: Sequence[TextCell], n: int, grid: bool, together: bool) -> bool:
    """Whether a row's values are cells run together (crawled text): one run of digits,
    or, in a document whose cells ran together elsewhere, several with too few tokens
    for the columns. A number OCR read as one piece of text is one number, and a grid
    cell or a positioned word is one cell."""
    if grid or not filled or len(filled) >= n:
        return False
    if any(t.confidence is not None or t.x0 is not None for t in filled):
        return False
    if not all(is_run_piece(t.text) for t in filled):
        return False
    return len(filled) == 1 or together


def runs_together(matches: Sequence[RowMatch]) -> bool:
    """Whether a document's cells ran together: some value of running text is a run of
    digits that no printed number is (a leading zero: 000023)."""
    texts = (
        unicodedata.normalize("NFKC", t.text)  # full-width digits: ０００ is 000
        for m in matches
        if not m.grid
        for t in m.tokens
        if t.x0 is None and t.confidence is None
    )
    return any(len(text) > 1 and text[0] == "0" and text.isdigit() for text in texts)


def _relation_state(
    values: Sequence[TextCell], constraints: Sequence[tuple[tuple[int, ...], tuple[int, ...]]]
) -> int:
    """+1 when a row relation can be tested on non-zero numbers and holds, -1 when one
    fails, 0 when none can tell."""
    parsed = [parse_number(t.text) for t in values]
    if any(n is None for n in parsed):
        return 0
    numbers = [n.value if n is not None else None for n in parsed]
    state = 0
    for left, right in constraints:
        if all(numbers[i] is None for i in left) or all(numbers[i] is None for i in right):
            continue
        total = sum(numbers[i] or 0 for i in left)
        parts = sum(numbers[i] or 0 for i in right)
        if total != parts:
            return -1
        if total != 0:
            state = 1
    return state


def _window(
    items: Sequence[TextCell],
    n: int,
    constraints: Sequence[tuple[tuple[int, ...], tuple[int, ...]]],
    uniform: bool,
) -> list[TextCell] | None:
    """The n consecutive tokens of a row that hold its values, when the others are blank.

    Several windows fit when blank cells pad a row on both sides. A row relation that holds
    picks one; otherwise the last window in a grid whose rows all have the same width
    (spans expanded, values in the last columns), else the first (padding after the values
    is the usual artifact of copied text). None when nothing fits.
    """
    windows = [
        list(items[start : start + n])
        for start in range(len(items) - n + 1)
        if not any(t.text for t in (*items[:start], *items[start + n :]))
    ]
    if not windows:
        return None
    if len(windows) == 1:
        return windows[0]
    states = [_relation_state(w, constraints) for w in windows]
    holding = [w for w, state in zip(windows, states, strict=True) if state == 1]
    if len(holding) == 1:
        return holding[0]
    possible = [w for w, state in zip(windows, states, strict=True) if state >= 0] or windows
    return possible[-1] if uniform else possible[0]


def _place_by_position(
    tokens: Sequence[TextCell], spans: Sequence[tuple[float, float]]
) -> list[TextCell] | None:
    """Put each token in the column printed above it: the nearest by left edge, centre or
    right edge (cells may be aligned any of these ways). None when two tokens want one
    column or a token is nearer to a gap than to any column."""
    centres = [(a + b) / 2 for a, b in spans]
    gaps = [b - a for a, b in pairwise(centres)]
    if not gaps or min(gaps) <= 0:
        return None
    tolerance = min(gaps) / 2
    placed: list[TextCell | None] = [None] * len(spans)
    for token in tokens:
        assert token.x0 is not None and token.x1 is not None
        x0, x1 = token.x0, token.x1
        centre = (x0 + x1) / 2

        def distance(i: int) -> float:
            a, b = spans[i]
            return min(abs(x0 - a), abs(x1 - b), abs(centre - centres[i]))  # noqa: B023

        nearest = min(range(len(spans)), key=distance)
        if distance(nearest) > tolerance or placed[nearest] is not None:
            return None
        placed[nearest] = token
    return [t if t is not None else TextCell("") for t in placed]


def column_spans(matches: Sequence[RowMatch], width: int) -> list[tuple[float, float]] | None:
    """Where each column's values are printed: from the rows that fill every column, else
    from where the values of all rows fall (``_columns_of_values``)."""
    full = [
        m.tokens
        for m in matches
        if len(m.tokens) == width
        and all(t.x0 is not None and t.x1 is not None and t.text for t in m.tokens)
    ]
    if len(full) < 2:
        return _columns_of_values(matches, width)
    return [
        (
            median(x for row in full if (x := row[i].x0) is not None),
            median(x for row in full if (x := row[i].x1) is not None),
        )
        for i in range(width)
    ]


# Values further apart than this many times a value's width stand in two columns.
COLUMN_GAP = 1.5


def _columns_of_values(matches: Sequence[RowMatch], width: int) -> list[tuple[float, float]] | None:
    """The columns of a table whose rows leave cells blank without a trace (a PDF with no
    rules, zeros printed blank): the values of all its rows, clustered by where they sit;
    None unless there are exactly ``width`` clusters, one a column."""
    tokens = sorted(
        (t for m in matches if not m.grid for t in m.tokens if t.text and t.x0 is not None),
        key=lambda t: t.centre or 0.0,
    )
    if len(tokens) < width:
        return None
    widths = sorted((t.x1 or 0.0) - (t.x0 or 0.0) for t in tokens)
    gap = max(COLUMN_GAP * widths[len(widths) // 2], 6.0)
    clusters: list[list[TextCell]] = [[tokens[0]]]
    for token in tokens[1:]:
        if (token.centre or 0.0) - (clusters[-1][-1].centre or 0.0) > gap:
            clusters.append([token])
        else:
            clusters[-1].append(token)
    if len(clusters) != width:
        return None
    return [
        (median(t.x0 for t in c if t.x0 is not None), median(t.x1 for t in c if t.x1 is not None))
        for c in clusters
    ]
