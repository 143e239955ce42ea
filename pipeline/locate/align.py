"""Table 三's rows found by aligning the template's rows to the stream, all at once.

The template (its rows in order, for one format) is aligned to the items of table 三 by
dynamic programming. A **block** (``blocks``) is a run of items that may print one row:
a row item with the label items around it, or label items alone. Each block is scored
against each row:

- by its label, whichever of its readings names the row best (``labels.row_scores``);
  a block with no label at all scores a little, so a row printed without its label is
  still placed by its neighbours;
- by its values: do they fit the row's columns (their number, a run of digits long
  enough, a PDF row placed by the header)?

The alignment keeps the order of both sides and may leave template rows out (not printed)
and items unused (page furniture, a label that strayed, a stray number). It is run once
per format (the 2019 table has one （六）其他处理 row, the 2021 one three) and the better
fit decides the format of the table as printed. A row the alignment placed by order
alone, where its neighbours leave more than one place for it, is said to be uncertain.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.locate.blocks import Block, blocks
from pipeline.locate.labels import MIN_BLANK_ROW_SCORE, MIN_ROW_SCORE
from pipeline.locate.stream import Item, ItemKind
from pipeline.records import TextCell
from pipeline.spec import RowSpec, TableSpec

# The alignment's scores. A label's weight runs from -1 (names another row) through 0 (a
# score of MIN_ROW_SCORE) to 1 (exact).
UNLABELLED = 0.3  # a block of values with no label at all
FITS = 0.2  # its values fit the row's columns
DOES_NOT_FIT = -1.0  # they cannot (too few, too many)
MATCHED = 0.2  # any row placed, over leaving its values unused
UNUSED_VALUES = -0.3  # a row item left out
UNUSED_ROW = -0.8  # one whose values would fit a row: most likely a row, not a stray
BLANK_ROW = -0.6  # a data row printed with its label alone
GROUP_WEIGHT = 0.5  # a group's label (（三）不予公开) taken by its group
GROUP_LEAST = 80.0
PIECE_COST = 0.001  # ties go to the block of fewer label pieces


def label_weight(score: float) -> float:
    return max((score - MIN_ROW_SCORE) / 30.0, -1.0)


@dataclass(frozen=True)
class Placed:
    """A row of the template and the block that prints it."""

    row: RowSpec
    block: Block
    score: float  # the label's score for this row (0 without a label)

    @property
    def label(self) -> str:
        return self.block.texts.get(self.row.key, "")


@dataclass(frozen=True)
class Alignment:
    template: str
    score: float
    placed: tuple[Placed, ...]
    unused: tuple[int, ...]  # row items left out


# One step back through the alignment: the state it came from, and the block it placed.
_Step = tuple[int, int, Block | None]


def align_rows(
    items: Sequence[Item], table: TableSpec, template: str, width: int, by_start: list[list[Block]]
) -> Alignment:
    """The best alignment of ``template``'s rows of ``table`` to ``items`` (see the
    module's account); ``width`` is the number of value columns."""
    rows = [r for r in table.rows if r.exists_in(template)]
    fits = [
        item.kind is ItemKind.ROW and values_fit(item.tokens, width, item.line.grid)
        for item in items
    ]
    # per block, its score against each row (None where it cannot print that row)
    kinds = [row.kind(template) for row in rows]
    scores = {
        id(block): _block_scores(block, rows, kinds, fits)
        for starts in by_start
        for block in starts
    }
    unused = [
        (UNUSED_ROW if fit and any(t.text for t in item.tokens) else UNUSED_VALUES)
        if item.kind is ItemKind.ROW
        else 0.0
        for item, fit in zip(items, fits, strict=True)
    ]
    best, back = _fill(len(rows), by_start, scores, unused)
    placed, used = _trace(back, rows, len(items))
    left_out = tuple(
        j for j, item in enumerate(items) if item.kind is ItemKind.ROW and j not in used
    )
    return Alignment(template, best, tuple(placed), left_out)


def _fill(
    k_rows: int,
    by_start: list[list[Block]],
    scores: dict[int, list[float | None]],
    unused: Sequence[float],
) -> tuple[float, list[list[_Step]]]:
    """The dynamic programme: best[i][k] is the best score with the first ``i`` items
    read and the first ``k`` rows placed or left out; ``back`` says how it was reached.
    ``unused[i]`` is what leaving item ``i`` out of every row costs."""
    n = len(unused)
    worst = float("-inf")
    best = [[worst] * (k_rows + 1) for _ in range(n + 1)]
    back: list[list[_Step]] = [[(0, 0, None)] * (k_rows + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n + 1):
        here, after = best[i], best[i + 1] if i < n else None
        blocks = [(block, scores[id(block)]) for block in by_start[i]] if i < n else []
        for k in range(k_rows + 1):
            current = here[k]
            if current == worst:
                continue
            if k < k_rows and current > here[k + 1]:  # the row is not printed
                here[k + 1], back[i][k + 1] = current, (i, k, None)
            if after is None:
                continue
            score = current + unused[i]  # the item belongs to no row
            if score > after[k]:
                after[k], back[i + 1][k] = score, (i, k, None)
            if k == k_rows:
                continue
            for block, block_scores in blocks:
                value = block_scores[k]
                if value is not None and current + value > best[block.end][k + 1]:
                    best[block.end][k + 1] = current + value
                    back[block.end][k + 1] = (i, k, block)
    return best[n][k_rows], back


def _trace(
    back: list[list[_Step]], rows: Sequence[RowSpec], n: int
) -> tuple[list[Placed], set[int]]:
    """The rows placed on the best path, in order, and the row items they used."""
    placed: list[Placed] = []
    used: set[int] = set()
    i, k = n, len(rows)
    while i or k:
        i, k, block = back[i][k]
        if block is None:
            continue
        row = rows[k]
        placed.append(Placed(row, block, block.scores.get(row.key, 0.0) if block.labelled else 0.0))
        if block.row_item is not None:
            used.add(block.row_item)
    placed.reverse()
    return placed, used


def _block_scores(
    block: Block, rows: Sequence[RowSpec], kinds: Sequence[str], fits: Sequence[bool]
) -> list[float | None]:
    """The block's score against each row (None where it cannot print that row): a label
    alone prints a group row or a blank row; a row item prints a data row."""
    if block.row_item is None:
        out: list[float | None] = []
        for row, kind in zip(rows, kinds, strict=True):
            score = block.scores.get(row.key)
            if score is None:
                out.append(None)
            elif kind == "group":
                out.append(GROUP_WEIGHT * label_weight(score) if score >= GROUP_LEAST else None)
            elif block.blank_ok and score >= MIN_BLANK_ROW_SCORE:
                out.append(label_weight(score) + BLANK_ROW)
            else:
                out.append(None)
        return out
    pieces = (block.end - block.start - 1) * PIECE_COST
    base = (FITS if fits[block.row_item] else DOES_NOT_FIT) + MATCHED - pieces
    if not block.labelled:
        return [None if kind == "group" else UNLABELLED + base for kind in kinds]
    return [
        None if kind == "group" else label_weight(block.scores.get(row.key) or 0.0) + base
        for row, kind in zip(rows, kinds, strict=True)
    ]


def values_fit(tokens: Sequence[TextCell], width: int, grid: bool) -> bool:
    """Whether a row's value tokens can fill ``width`` columns: as many as there are, a
    grid row padded with blanks, a PDF row whose blanks left no trace (placed by the
    header), or runs of digits with enough digits (cells run together)."""
    filled = [t for t in tokens if t.text]
    if len(tokens) == width or (grid and len(filled) <= width <= len(tokens)):
        return True
    if grid or len(filled) > width:
        return False
    if filled and all(t.x0 is not None for t in filled):
        return True
    digits = [t.text.lstrip("+-") for t in filled]
    return bool(digits) and all(d.isdigit() for d in digits) and sum(map(len, digits)) >= width


def uncertain_rows(
    alignment: Alignment, items: Sequence[Item], table: TableSpec, width: int
) -> set[str]:
    """Rows placed by order alone where their labelled neighbours leave another number of
    places between them than there are rows of values: their place is not known."""
    rows = [r for r in table.rows if r.exists_in(alignment.template)]
    position = {r.key: i for i, r in enumerate(rows)}
    data = [r.kind(alignment.template) == "data" for r in rows]
    anchors = sorted(
        (p for p in alignment.placed if p.score >= MIN_ROW_SCORE and data[position[p.row.key]]),
        key=lambda p: position[p.row.key],
    )
    out: set[str] = set()
    for p in alignment.placed:
        if p.block.row_item is None or p.score >= MIN_ROW_SCORE:
            continue
        here = position[p.row.key]
        lower = [a for a in anchors if position[a.row.key] < here]
        upper = [a for a in anchors if position[a.row.key] > here]
        first = position[lower[-1].row.key] + 1 if lower else 0
        last = position[upper[0].row.key] if upper else len(rows)
        start = lower[-1].block.end if lower else 0
        end = upper[0].block.start if upper else len(items)
        printed = sum(
            1
            for item in items[start:end]
            if item.kind is ItemKind.ROW and values_fit(item.tokens, width, item.line.grid)
        )
        if sum(data[first:last]) != printed:
            out.add(p.row.key)
    return out | _blank_beside_values(alignment, items, width, data, position)


def _blank_beside_values(
    alignment: Alignment,
    items: Sequence[Item],
    width: int,
    data: Sequence[bool],
    position: dict[str, int],
) -> set[str]:
    """Data rows placed as printed blank (their label alone) while a row of values that
    would fit lies unused beside them: the values may be theirs, so they are not known
    to be blank."""
    placed = sorted(alignment.placed, key=lambda p: p.block.start)
    unused = set(alignment.unused)
    out: set[str] = set()
    for j, p in enumerate(placed):
        if p.block.row_item is not None or not data[position[p.row.key]]:
            continue
        start = placed[j - 1].block.end if j else 0
        end = placed[j + 1].block.start if j + 1 < len(placed) else len(items)
        if any(
            i in unused and values_fit(items[i].tokens, width, items[i].line.grid)
            for i in range(start, end)
        ):
            out.add(p.row.key)
    return out


# A row of a format's own (2021's 1./2./3. under （六）) placed on a label this sure
# settles the format: the other is not tried.
SETTLING_SCORE = 90.0


def best_alignment(items: Sequence[Item], table: TableSpec, width: int) -> Alignment:
    """The alignment of the format that fits best (ties: the later format). A format
    whose own rows (rows the other format has not) were placed on sure labels needs no
    rival: the other could only leave those rows' values unused."""
    by_start = blocks(items, table)
    found: list[Alignment] = []
    for template in reversed(table.templates):
        alignment = align_rows(items, table, template, width, by_start)
        found.append(alignment)
        own = {r.key for r in table.rows if r.exists_in(template)} - {
            r.key for t in table.templates if t != template for r in table.rows if r.exists_in(t)
        }
        if any(p.row.key in own and p.score >= SETTLING_SCORE for p in alignment.placed):
            return alignment
    return max(found, key=lambda a: a.score)
