"""Matched rows → typed cells: each row's values aligned to its columns (``columns``),
runs of digits settled across rows (``settle``), numbers parsed and flagged.

A row whose values do not fit its columns is never shifted to fit: its cells come out null
and flagged.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from pipeline.normalise.columns import align, column_spans, relations_as_positions, runs_together
from pipeline.normalise.layouts import Templates
from pipeline.normalise.settle import Aligned, settle_ambiguous
from pipeline.records import CellKey, CellValue, Flag, RowMatch, Stated, TextCell
from pipeline.spec import ColumnSpec, Spec, TableSpec, Template, load_spec
from pipeline.text import parse_number

# OCR reads a thousands comma as a point: "385.265" in a column of whole numbers.
_OCR_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")


def _cell(match: RowMatch, column: ColumnSpec, token: TextCell | None, flag: Flag) -> CellValue:
    raw = token.text if token is not None else ""
    read = raw
    if token is not None and token.confidence is not None and column.kind == "int":
        read = raw.replace(".", ",") if _OCR_THOUSANDS.match(raw) else raw
    value: float | None = None
    if token is not None and token.order_unsure and flag is Flag.NONE:
        flag = Flag.DIGIT_ORDER_UNSURE
    if flag in (Flag.NONE, Flag.SPLIT_BY_NARRATIVE):
        number = parse_number(read)
        if number is None:
            flag = Flag.NOT_A_NUMBER
        else:
            value = number.value
            if value is not None and number.unit == "元" and column.key.endswith("wan_yuan"):
                value, flag = round(value / 10000, 6), Flag.UNIT_CONVERTED
            elif value is not None and column.kind == "int" and value != int(value):
                flag = Flag.NOT_AN_INTEGER
            elif value is not None and value < 0 and column.kind not in ("signed", "money"):
                flag = Flag.NEGATIVE
    else:
        value = None
    return CellValue(
        table=match.table,
        row=match.row,
        col=column.key,
        value=value,
        raw=raw,
        row_label=match.label,
        score=match.score,
        page=match.page,
        flag=flag,
        confidence=token.confidence if token is not None else None,
        box=_box(token, match.grid),
    )


# Around a run of loose words (not a grid cell), this share of its height shows it too.
WORD_MARGIN = 0.4


def _box(token: TextCell | None, grid: bool) -> tuple[float, float, float, float] | None:
    """The part of the page that shows the cell: a grid cell within its rules, loose words
    with a margin all round (their neighbours are further away than that)."""
    if token is None:
        return None
    x0, top, x1, bottom = token.x0, token.top, token.x1, token.bottom
    if x0 is None or top is None or x1 is None or bottom is None:
        return None
    pad = 0.0 if grid else WORD_MARGIN * (bottom - top)
    return (round(x0 - pad, 2), round(top - pad, 2), round(x1 + pad, 2), round(bottom + pad, 2))


def _columns_for(match: RowMatch, table: TableSpec, templates: Templates) -> tuple[str, ...]:
    if table.columns_by_row:
        row = table.row(match.row)
        allowed = {c for _, cols in row.columns for c in cols}
        header = match.section_columns
        if header and set(header) <= allowed:
            return header
        return row.columns_for(templates.of(table.id)) or next(iter(dict(row.columns).values()))
    if match.wide_columns:
        return match.wide_columns
    template = templates.report if templates.report != Template.UNKNOWN else table.templates[-1]
    return tuple(c.key for c in table.data_columns(template))


def _padded(match: RowMatch, widths: Mapping[str, int]) -> bool:
    """A grid row wider than its table only by blank cells at its end (pipes a converter
    added after the last cell)."""
    extra = match.width - widths[match.table]
    return 0 < extra <= len(match.tokens) and not any(t.text for t in match.tokens[-extra:])


def _uniform_widths(matches: Sequence[RowMatch]) -> dict[str, int]:
    """The width of each table whose grid rows all have one width but for at most one row
    (a grid with its spans expanded into empty cells, and perhaps one broken row)."""
    out: dict[str, int] = {}
    for table in {m.table for m in matches}:
        widths = [m.width for m in matches if m.table == table and m.grid]
        if len(widths) < 5:
            continue
        common = max(set(widths), key=widths.count)
        if widths.count(common) >= len(widths) - 1:
            out[table] = common
    return out


@dataclass
class _Document:
    """What placing one row's values needs to know of the whole document."""

    matches: Sequence[RowMatch]
    templates: Templates
    spec: Spec
    stated: Stated
    widths: dict[str, int]  # of the tables printed as regular grids (``_uniform_widths``)
    together: bool  # whether its cells ran together (``runs_together``)
    spans: dict[tuple[str, tuple[str, ...]], list[tuple[float, float]] | None] = field(
        default_factory=dict
    )

    def column_spans(
        self, match: RowMatch, table: TableSpec, columns: tuple[str, ...]
    ) -> list[tuple[float, float]] | None:
        """Where the columns of ``match`` are printed, from every row of its table printed
        in the same columns (worked out once for each table and columns)."""
        key = (match.table, columns)
        if key not in self.spans:
            same = [
                m
                for m in self.matches
                if m.table == match.table and _columns_for(m, table, self.templates) == columns
            ]
            self.spans[key] = column_spans(same, len(columns))
        return self.spans[key]


def to_cells(
    matches: Sequence[RowMatch],
    templates: Templates,
    spec: Spec | None = None,
    stated: Stated | None = None,
) -> list[CellValue]:
    """Matched rows → cells, in the order the rows were printed. ``stated`` (what the
    report's text says some cells add up to) may settle a run of digits that the tables'
    own arithmetic could not; such cells keep their value and say so in their flag."""
    spec = spec or load_spec()
    document = _Document(
        matches,
        templates,
        spec,
        stated or {},
        widths=_uniform_widths(matches),
        together=runs_together(matches),
    )
    aligned = [_aligned(match, document) for match in matches]
    aligned = settle_ambiguous(aligned, templates, spec)
    return [cell for row in aligned for cell in _row_cells(row, templates, spec)]


def _aligned(match: RowMatch, document: _Document) -> Aligned:
    """One row's values aligned to its columns, with the flag of the alignment."""
    table = document.spec.table(match.table)
    template = document.templates.of(match.table)
    columns = _columns_for(match, table, document.templates)
    spans = document.column_spans(match, table, columns) or list(match.header_spans) or None
    constraints = relations_as_positions(table, columns, template)
    widths = document.widths
    uniform = widths.get(match.table) == match.width
    stated = _stated_in_row(match, columns, document.stated)
    signed = {i for i, c in enumerate(columns) if table.column(c).kind == "signed"}
    options, flag = align(
        match.tokens,
        columns,
        match.grid,
        constraints,
        spans,
        uniform,
        stated,
        signed,
        document.together,
    )
    if match.grid and match.table in widths and not uniform and not _padded(match, widths):
        # A row of a regular grid with cells lost or added: its values cannot be placed.
        options, flag = _as_printed(match, columns), Flag.MISALIGNED
    if match.uncertain:
        options, flag = _as_printed(match, columns), Flag.ROW_UNCERTAIN
    return match, columns, options, flag


def _stated_in_row(
    match: RowMatch, columns: tuple[str, ...], stated: Stated
) -> list[tuple[tuple[int, ...], int]]:
    """What the narrative says some of the row's cells add up to, by their positions."""
    index = {CellKey(match.table, match.row, c): i for i, c in enumerate(columns)}
    return [
        (tuple(index[c] for c in cells), int(value))
        for cells, value in stated.items()
        if all(c in index for c in cells) and value == int(value)
    ]


def _as_printed(match: RowMatch, columns: tuple[str, ...]) -> list[list[TextCell]]:
    """The one reading of a row whose values cannot be placed: its printed values, in
    every column."""
    return [[TextCell(" ".join(t.text for t in match.tokens)) for _ in columns]]


def _row_cells(row: Aligned, templates: Templates, spec: Spec) -> list[CellValue]:
    """The cells of an aligned row; a cell whose readings differ shows them all, null."""
    match, columns, options, flag = row
    table = spec.table(match.table)
    template = templates.of(match.table)
    row_spec = table.row(match.row)
    if row_spec.exists_in(template) or template == Template.UNKNOWN:
        if row_spec.kind(template) == "group":
            flag = flag or Flag.NOT_IN_TEMPLATE
    else:
        flag = flag or Flag.NOT_IN_TEMPLATE
    cells: list[CellValue] = []
    for position, column_key in enumerate(columns):
        readings = {o[position].text for o in options}
        if len(readings) == 1:
            # Every possible split (or the only one) gives this cell the same value.
            token = options[0][position]
            cell_flag = Flag.NONE if flag == Flag.AMBIGUOUS_DIGIT_RUN and len(options) > 1 else flag
        else:
            # An unresolved run: every reading is shown in raw, the value is left null.
            token, cell_flag = TextCell(" | ".join(sorted(readings))), flag
        cells.append(_cell(match, table.column(column_key), token, cell_flag))
    return cells
