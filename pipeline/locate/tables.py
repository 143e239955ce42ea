"""Each table's rows from its items: table 三 by the alignment (``align``), table 二 by its
labels (its rows are few, short and distinct, and converters move them about), table 四
from its header and the fifteen values after it.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from pipeline.locate.align import Alignment, best_alignment, uncertain_rows
from pipeline.locate.blocks import MAX_FRAGMENTS, anchor_of, fragment, own_labels, starts_a_row
from pipeline.locate.header import Header, column_matches, is_header_line
from pipeline.locate.labels import (
    MIN_BLANK_ROW_SCORE,
    MIN_ROW_SCORE,
    MIN_ROW_SCORE_OUTSIDE,
    score_label,
    section_of,
)
from pipeline.locate.regions import cells_in
from pipeline.locate.running import VocabKind
from pipeline.locate.stream import Item, ItemKind
from pipeline.records import RowMatch, TextCell
from pipeline.spec import TableSpec, Template
from pipeline.text import split_enumerators, squash

# A strong label (this or better) printed out of the template's order is still taken.
OUT_OF_ORDER_SCORE = 90.0


@dataclass
class Found:
    """Rows found so far: (position in the stream, match), and what was said of them."""

    matches: list[tuple[int, RowMatch]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    aligned_template: str = Template.UNKNOWN  # the format the alignment found

    def rows(self, table: str) -> set[str]:
        return {m.row for _, m in self.matches if m.table == table}


def _match(
    item: Item,
    table: str,
    row: str,
    label: str,
    score: float,
    tokens: tuple[TextCell, ...],
    **header: object,
) -> RowMatch:
    return RowMatch(
        table=table,
        row=row,
        label=label,
        score=round(float(score), 1),
        tokens=tokens,
        page=item.line.page,
        grid=item.line.grid,
        width=len(item.line.cells),
        **header,  # type: ignore[arg-type]
    )


# --- table 三 ---------------------------------------------------------------------------


def rows_by_alignment(items: Sequence[tuple[int, Item]], table: TableSpec, found: Found) -> None:
    """Table 三's rows, by the alignment of its template to its items."""
    if not items:
        return
    stream = [item for _, item in items]
    header = Header(table)
    for item in stream:
        if item.kind is ItemKind.ROW and any(t.text for t in item.tokens):
            break
        _read_header(header, item)
    wide = header.wide
    columns = tuple(c.key for c in table.columns if wide or not c.optional)
    alignment = best_alignment(stream, table, len(columns))
    found.aligned_template = alignment.template
    uncertain = uncertain_rows(alignment, stream, table, len(columns))
    spans = header.spans_for(columns)
    placed_rows = set()
    for placed in alignment.placed:
        if placed.row.kind(alignment.template) != "data":
            continue
        block = placed.block
        at = block.row_item if block.row_item is not None else block.start
        item = stream[at]
        tokens = item.tokens if block.row_item is not None else ()
        match = _match(
            item,
            table.id,
            placed.row.key,
            placed.label,
            placed.score,
            tokens,
            wide_columns=columns if wide else (),
            header_spans=spans,
            uncertain=placed.row.key in uncertain,
        )
        if block.row_item is None:
            match = replace(match, grid=False)
        found.matches.append((items[at][0], match))
        placed_rows.add(placed.row.key)
    _leftovers(items, alignment, table, placed_rows, columns if wide else (), spans, found)


def _leftovers(
    items: Sequence[tuple[int, Item]],
    alignment: Alignment,
    table: TableSpec,
    placed: set[str],
    wide: tuple[str, ...],
    spans: tuple[tuple[float, float], ...],
    found: Found,
) -> None:
    """Rows the alignment left out: taken when their own label is near certain (a row
    printed out of order); otherwise said to be unrecognised or printed twice."""
    for index in alignment.unused:
        position, item = items[index]
        if not item.text:
            continue
        scored = score_label(item.text, table)
        score, row = scored[0] if scored else (0.0, None)
        usable = row is not None and row.exists_in(alignment.template)
        if usable and row is not None and row.kind(alignment.template) == "data":
            if row.key in placed:
                if score >= OUT_OF_ORDER_SCORE:
                    found.warnings.append(
                        f"{table.id} row {row.key} printed twice; the second "
                        f"({item.text[:40]!r}) was ignored"
                    )
                continue
            if score >= OUT_OF_ORDER_SCORE:
                found.matches.append(
                    (
                        position,
                        _match(
                            item, table.id, row.key, item.text, score, item.tokens,
                            wide_columns=wide, header_spans=spans,
                        ),
                    )
                )  # fmt: skip
                placed.add(row.key)
                continue
        if score < MIN_ROW_SCORE:
            found.warnings.append(
                f"a row of {table.id} was not recognised: {item.line.text[:60]!r} "
                f"(page {item.line.page})"
            )


def _read_header(header: Header, item: Item) -> None:
    """Take a label item (or a grid row of blank cells) before a table's first values
    into its header."""
    if item.plain:
        header.read_text(item.text)
    else:
        header.read(item.line)


# --- table 二 ---------------------------------------------------------------------------


def rows_by_labels(items: Sequence[tuple[int, Item]], table: TableSpec, found: Found) -> None:
    """Table 二's rows, each by its own label (with the pieces of it printed around)."""
    stream = [item for _, item in items]
    header = Header(table)
    in_header = True
    used: set[int] = set()
    for index, item in enumerate(stream):
        blank = item.kind is ItemKind.ROW and not any(t.text for t in item.tokens)
        headerish = blank and (_is_section(item, table) or _names_columns(item, table))
        if item.kind is ItemKind.LABEL or headerish:
            if _is_section(item, table):
                header, in_header = Header(table), True
            elif _names_columns(item, table):
                if not in_header:
                    header, in_header = Header(table), True
                _read_header(header, item)
            elif in_header:
                _read_header(header, item)
            continue
        in_header = False
        best = _best_row(stream, index, [table], found, used, MIN_ROW_SCORE)
        if best is None:
            continue
        score, _, row_key, label = best
        columns = header.columns
        found.matches.append(
            (
                items[index][0],
                _match(item, table.id, row_key, label, score, item.tokens,
                       section_columns=columns, header_spans=header.spans_for(columns)),
            )
        )  # fmt: skip
    _blank_rows(items, table, header, found, used)


def _is_section(item: Item, table: TableSpec) -> bool:
    if item.vocab is not None:
        return item.vocab.kind is VocabKind.SECTION
    return section_of(item.text, table) is not None


def _names_columns(item: Item, table: TableSpec) -> bool:
    if item.vocab is not None:
        return item.vocab.kind is VocabKind.COLUMN and item.vocab.table == table.id
    return not item.plain and is_header_line(item.line, table)


def _best_row(
    stream: Sequence[Item],
    index: int,
    tables: Sequence[TableSpec],
    found: Found,
    used: set[int],
    least: float,
) -> tuple[float, str, str, str] | None:
    """The row a row item prints, by its label with the pieces of it printed just before
    and after (label items with no other use): (score, table, row key, label) or None.
    Below ``least`` inside a table, the row is said to be unrecognised. The pieces taken
    are marked in ``used``."""
    item = stream[index]
    anchor = anchor_of(item.line) if not item.plain else None
    before = _pieces(stream, range(index - 1, max(-1, index - 1 - MAX_FRAGMENTS), -1), used)
    before.reverse()
    after = _pieces(stream, range(index + 1, min(len(stream), index + 1 + MAX_FRAGMENTS)), used)
    if item.text:
        cut = next((n for n, (_, i) in enumerate(after) if starts_a_row(i.text)), len(after))
        after = after[:cut]
    owns = own_labels(item.text, anchor) if item.text else [""]
    best: tuple[tuple[float, int, bool], str, str, str, int, int] | None = None
    for own, j, k in itertools.product(owns, range(len(before) + 1), range(len(after) + 1)):
        if j + k > MAX_FRAGMENTS:
            continue
        parts = [fragment(i, anchor) for _, i in before[len(before) - j :]]
        parts += [own] + [fragment(i, anchor) for _, i in after[:k]]
        text = " ".join(p for p in parts if p).strip()
        if not text:
            continue
        for table in tables:
            taken = found.rows(table.id)
            scored = score_label(text, table)
            fresh = [x for x in scored if x[1].key not in taken] or scored
            if not fresh:
                continue
            score, row = fresh[0]
            # Ties: fewer pieces; then, for a row with no label of its own, the label
            # printed before it (reading order).
            rank = (score, -(j + k), bool(j) and not own)
            if best is None or rank > best[0]:
                best = (rank, table.id, row.key, text, j, k)
    if best is None or best[0][0] < least:
        if best is not None and least < MIN_ROW_SCORE_OUTSIDE:
            found.warnings.append(
                f"a row of {tables[0].id} was not recognised: {item.line.text[:60]!r} "
                f"(page {item.line.page})"
            )
        return None
    (score, *_), table_id, row_key, text, j, k = best
    if row_key in found.rows(table_id):
        found.warnings.append(
            f"{table_id} row {row_key} printed twice; the second ({text[:40]!r}) was ignored"
        )
        return None
    used.update(n for n, _ in before[len(before) - j :])
    used.update(n for n, _ in after[:k])
    return score, table_id, row_key, text


def _pieces(stream: Sequence[Item], indices: range, used: set[int]) -> list[tuple[int, Item]]:
    out = []
    for n in indices:
        item = stream[n]
        if item.kind is not ItemKind.LABEL or item.vocab is not None or n in used:
            break
        out.append((n, item))
    return out


def _blank_rows(
    items: Sequence[tuple[int, Item]],
    table: TableSpec,
    header: Header,
    found: Found,
    used: set[int],
) -> None:
    """Table 二 rows printed with their label alone, in a PDF: a positioned label line,
    not used as a piece of another label, that names a row near certainly."""
    for n, (position, item) in enumerate(items):
        if item.kind is not ItemKind.LABEL or n in used or not item.positioned or item.line.grid:
            continue
        ordinal, text = split_enumerators(squash(item.text))
        if not ordinal and column_matches([TextCell(text)], table):
            continue
        scored = score_label(item.text, table)
        if not scored or scored[0][0] < MIN_BLANK_ROW_SCORE:
            continue
        score, row = scored[0]
        if row.key in found.rows(table.id):
            continue
        found.matches.append(
            (position, _match(item, table.id, row.key, item.text, score, (),
                              section_columns=header.columns,
                              header_spans=header.spans_for(header.columns)))
        )  # fmt: skip


# --- table 四 ---------------------------------------------------------------------------


def row_after_header(items: Sequence[tuple[int, Item]], table: TableSpec, found: Found) -> None:
    """Table 四's one row: the values after its header, up to its width."""
    header = Header(table)
    tokens: list[TextCell] = []
    first: tuple[int, Item] | None = None
    header_line: tuple[int, Item] | None = None
    width = len(table.columns)
    filled = 0
    for position, item in items:
        header_like = (
            item.kind is ItemKind.ROW and item.text and not any(t.text for t in item.tokens)
        )
        if item.kind is ItemKind.LABEL or header_like:
            # (a header row of a grid, with blank cells after its words, is a header too)
            if not tokens:
                _read_header(header, item)
                header_line = header_line or (position, item)
            continue
        first = first or (position, item)
        tokens.extend(item.tokens)
        filled += cells_in(item)
        if filled >= width:
            break
    spans = header.spans_for([c.key for c in table.columns])
    row_key = table.rows[0].key
    if first is not None:
        position, item = first
        found.matches.append(
            (position, _match(item, table.id, row_key, item.text, 100.0, tuple(tokens),
                              header_spans=spans))
        )  # fmt: skip
    elif header_line is not None and not header_line[1].line.grid and not header_line[1].plain:
        # Table 四's header, then the next section: its one row was printed blank.
        position, item = header_line
        found.matches.append(
            (position, _match(item, table.id, row_key, "", 100.0, (), header_spans=spans))
        )


# --- rows outside the tables --------------------------------------------------------------


def outside(items: Sequence[tuple[int, Item]], tables: Sequence[TableSpec], found: Found) -> None:
    """Rows of values outside every table: taken on a near-certain label only."""
    stream = [item for _, item in items]
    used: set[int] = set()
    for index, item in enumerate(stream):
        if item.kind is not ItemKind.ROW:
            continue
        best = _best_row(stream, index, tables, found, used, MIN_ROW_SCORE_OUTSIDE)
        if best is None:
            continue
        score, table_id, row_key, label = best
        table = next(t for t in tables if t.id == table_id)
        row = table.row(row_key)
        if any(row.kind(t) == "group" for t in table.templates if row.exists_in(t)):
            continue
        found.matches.append(
            (items[index][0], _match(item, table_id, row_key, label, score, item.tokens))
        )
