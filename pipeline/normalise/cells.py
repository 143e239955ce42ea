"""Matched rows → typed cells: decide the template, align values to columns, parse numbers.

Values are aligned from the right of a row (report-format.md V8). A row whose values do not
fit its columns is never shifted to fit: its cells come out null and flagged.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise, product
from statistics import median

from pipeline.normalise.digits import TooManySplits, is_run_piece, split_runs
from pipeline.records import CellValue, RowMatch, Token
from pipeline.spec import ColumnSpec, Spec, TableSpec, load_spec
from pipeline.text import parse_number

FLAG_MISALIGNED = "misaligned"
FLAG_AMBIGUOUS_RUN = "ambiguous_digit_run"
FLAG_NOT_A_NUMBER = "not_a_number"
FLAG_NOT_INTEGER = "not_an_integer"
FLAG_NEGATIVE = "negative"
FLAG_UNIT = "unit_converted"
FLAG_TEMPLATE = "not_in_template"
# A run of digits split the one way that agrees with a figure of the report's text.
FLAG_NARRATIVE = "split_by_narrative"
# A row of values printed without a label we could match, placed by the order of the rows,
# where more than one place was open for it.
FLAG_ROW_UNCERTAIN = "row_uncertain"


@dataclass(frozen=True)
class Templates:
    """The format of the report, and the layout each table is printed in. A report of
    the 2021 format may print table 二 in the 2019 layout (it lags), or table 三 with one
    （六）其他处理 row as in 2019."""

    report: str  # fmt2019 | fmt2021 | unknown
    layouts: tuple[tuple[str, str], ...] = ()  # (table, layout) of the tables told apart

    def of(self, table: str) -> str:
        """The layout ``table`` is printed in."""
        return dict(self.layouts).get(table) or self.report


def decide_templates(matches: Sequence[RowMatch], spec: Spec | None = None) -> Templates:
    """The layout of the tables whose layouts differ (二 and 三), each from its own rows
    and header, and the format of the report: the newest a table is printed in (2021
    where either table is printed in the 2021 layout, a layout that did not exist
    before), else 2019."""
    spec = spec or load_spec()
    layouts: dict[str, str] = {}
    for table in spec.tables:
        if table.columns_by_row:
            layouts[table.id] = _voted_layout(matches, table, spec)
        elif any(spec.marks_of(t, table.id) for t in spec.templates):
            layouts[table.id] = _marked_layout(matches, table, spec)
    # A table whose layout is not told takes the other's.
    told = [layout for layout in layouts.values() if layout != "unknown"]
    for table_id, layout in layouts.items():
        if layout == "unknown" and told:
            layouts[table_id] = told[0]
    report = next((t for t in reversed(spec.templates) if t in layouts.values()), "unknown")
    return Templates(report=report, layouts=tuple(layouts.items()))


def _marked_layout(matches: Sequence[RowMatch], table: TableSpec, spec: Spec) -> str:
    """The layout of a table whose layouts differ in their rows: the newest one whose
    own rows are printed (or printed with values, where the other prints a group's
    label alone), else unknown."""
    rows = {m.row: m for m in matches if m.table == table.id}
    for template in reversed(spec.templates):
        for mark in spec.marks_of(template, table.id):
            match = rows.get(mark.row)
            if match is None:
                continue
            if mark.how == "printed" or (
                mark.how == "valued" and any(t.text for t in match.tokens)
            ):
                return template
    return "unknown"


def _voted_layout(matches: Sequence[RowMatch], table: TableSpec, spec: Spec) -> str:
    """The layout of a table whose rows print columns of their own per layout (table
    二): by votes of its header's columns, its rows, the number of their values and the
    words of their labels."""
    votes = dict.fromkeys(spec.templates, 0)
    words = [m for t in spec.templates for m in spec.marks_of(t, table.id) if m.how == "without"]
    for match in matches:
        if match.table != table.id:
            continue
        for key in match.section_columns:
            templates = table.column(key).templates
            if len(templates) == 1:
                votes[templates[0]] += 1
        row = table.row(match.row)
        if len(row.columns) == 1:
            votes[row.columns[0][0]] += 2
        counts = {t: len(row.columns_for(t)) for t in votes if row.columns_for(t)}
        filled = [t for t in match.tokens if t.text]
        # A lone token may be a run of several cells: it says nothing of their number.
        values = len(filled) if not match.grid and len(filled) > 1 else None
        if values and len(set(counts.values())) > 1:
            for template, count in counts.items():
                votes[template] += values == count
        for mark in words:
            if mark.row == match.row and mark.word not in match.label:
                votes[mark.template] += 1
    if len(set(votes.values())) == 1:
        return "unknown"
    return max(votes, key=lambda t: votes[t])


def _relations_as_positions(
    table: TableSpec, columns: Sequence[str], template: str
) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
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
# The largest number of combinations tried when resolving runs with a column relation.
MAX_COMBINATIONS = 200_000


def align(
    tokens: Sequence[Token],
    columns: Sequence[str],
    grid: bool,
    constraints: Sequence[tuple[tuple[int, ...], tuple[int, ...]]] = (),
    spans: Sequence[tuple[float, float]] | None = None,
    uniform: bool = False,
    sums: Sequence[tuple[tuple[int, ...], int]] = (),
    signed: Collection[int] | None = None,
    runs_together: bool = False,
) -> tuple[list[list[Token]], str]:
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
            return [[Token(" ".join(t.text for t in items)) for _ in columns]], FLAG_MISALIGNED
        items = window
    if len(items) == n:
        return [list(items)], ""
    filled = [t for t in items if t.text]
    if not filled and not grid:
        # A row printed with its label alone: every cell blank.
        return [[Token("") for _ in columns]], ""
    if n > 1 and _runs(filled, n, grid, runs_together):
        pieces = [t.text for t in filled]
        run = " ".join(pieces)
        try:
            splits = split_runs(pieces, n, constraints, MAX_RUN_CANDIDATES + 1, signed=signed)
        except TooManySplits:
            return [[Token(run) for _ in columns]], FLAG_AMBIGUOUS_RUN
        if not splits and sum(len(p.lstrip("+-")) for p in pieces) == n:
            # as many digits as cells: each digit is a cell, whatever the arithmetic says
            splits = split_runs(pieces, n, signed=signed)
        if len(splits) == 1:
            return [[Token(v) for v in splits[0]]], ""
        if len(splits) > 1 and sums:
            # The report's text states what some of these cells add up to.
            try:
                settled = split_runs(pieces, n, constraints, 2, sums, signed)
            except TooManySplits:
                settled = []
            if len(settled) == 1:
                return [[Token(v) for v in settled[0]]], FLAG_NARRATIVE
        if len(splits) > MAX_RUN_CANDIDATES:
            # Too many ways to split: none of its cells can be known.
            return [[Token(run) for _ in columns]], FLAG_AMBIGUOUS_RUN
        if splits:
            return [[Token(v) for v in split] for split in splits], FLAG_AMBIGUOUS_RUN
    if spans and len(filled) < n and all(t.centre is not None for t in filled):
        placed = _place_by_position(filled, spans)
        if placed is not None:
            return [placed], ""
    return [[Token(" ".join(t.text for t in items)) for _ in columns]], FLAG_MISALIGNED


def _runs(filled: Sequence[Token], n: int, grid: bool, together: bool) -> bool:
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


def resolve_runs(
    candidates: dict[str, list[list[int]]],
    relations: Sequence[tuple[tuple[str, ...], tuple[str, ...]]],
) -> dict[str, list[list[int]]]:
    """Narrow the splits of ambiguous rows with the table's column relations.

    ``candidates`` maps a row key to its possible value vectors (one vector when certain);
    each relation says sum(left rows) == sum(right rows) in every column. A split survives
    when some choice of the other rows' splits satisfies every relation it takes part in.
    """
    current = {k: list(v) for k, v in candidates.items()}
    changed = True
    while changed:
        changed = False
        for left, right in relations:
            rows = [*left, *right]
            if any(r not in current for r in rows) or all(len(current[r]) == 1 for r in rows):
                continue
            ambiguous = [r for r in rows if len(current[r]) > 1]
            combinations = 1
            for r in ambiguous:
                combinations *= len(current[r])
            if combinations > MAX_COMBINATIONS:
                continue
            survivors: dict[str, set[int]] = {r: set() for r in ambiguous}
            for choice in product(*(range(len(current[r])) for r in ambiguous)):
                picked = dict(zip(ambiguous, choice, strict=True))

                def vector(row: str) -> list[int]:
                    return current[row][picked[row]] if row in picked else current[row][0]  # noqa: B023

                width = len(vector(rows[0]))
                if all(
                    sum(vector(r)[c] for r in left) == sum(vector(r)[c] for r in right)
                    for c in range(width)
                ):
                    for r, i in picked.items():
                        survivors[r].add(i)
            for r in ambiguous:
                kept = [current[r][i] for i in sorted(survivors[r])]
                if kept and len(kept) < len(current[r]):
                    current[r] = kept
                    changed = True
    return current


def _relation_state(
    values: Sequence[Token], constraints: Sequence[tuple[tuple[int, ...], tuple[int, ...]]]
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
    items: Sequence[Token],
    n: int,
    constraints: Sequence[tuple[tuple[int, ...], tuple[int, ...]]],
    uniform: bool,
) -> list[Token] | None:
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
    tokens: Sequence[Token], spans: Sequence[tuple[float, float]]
) -> list[Token] | None:
    """Put each token in the column printed above it: the nearest by left edge, centre or
    right edge (cells may be aligned any of these ways). None when two tokens want one
    column or a token is nearer to a gap than to any column."""
    centres = [(a + b) / 2 for a, b in spans]
    gaps = [b - a for a, b in pairwise(centres)]
    if not gaps or min(gaps) <= 0:
        return None
    tolerance = min(gaps) / 2
    placed: list[Token | None] = [None] * len(spans)
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
    return [t if t is not None else Token("") for t in placed]


# OCR reads a thousands comma as a point: "385.265" in a column of whole numbers.
_OCR_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")


def _cell(match: RowMatch, column: ColumnSpec, token: Token | None, flag: str) -> CellValue:
    raw = token.text if token is not None else ""
    read = raw
    if token is not None and token.confidence is not None and column.kind == "int":
        read = raw.replace(".", ",") if _OCR_THOUSANDS.match(raw) else raw
    value: float | None = None
    if flag in ("", FLAG_NARRATIVE):
        number = parse_number(read)
        if number is None:
            flag = FLAG_NOT_A_NUMBER
        else:
            value = number.value
            if value is not None and number.unit == "元" and column.key.endswith("wan_yuan"):
                value, flag = round(value / 10000, 6), FLAG_UNIT
            elif value is not None and column.kind == "int" and value != int(value):
                flag = FLAG_NOT_INTEGER
            elif value is not None and value < 0 and column.kind not in ("signed", "money"):
                flag = FLAG_NEGATIVE
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


def _box(token: Token | None, grid: bool) -> tuple[float, float, float, float] | None:
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
    template = templates.report if templates.report != "unknown" else table.templates[-1]
    return tuple(c.key for c in table.data_columns(template))


def _spans(matches: Sequence[RowMatch], width: int) -> list[tuple[float, float]] | None:
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
    clusters: list[list[Token]] = [[tokens[0]]]
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


def to_cells(
    matches: Sequence[RowMatch],
    templates: Templates,
    spec: Spec | None = None,
    narrative: Mapping[tuple[str, ...], float] | None = None,
) -> list[CellValue]:
    """Matched rows → cells, in the order the rows were printed. ``narrative`` (what the
    report's text says some cells add up to) may settle a run of digits that the tables'
    own arithmetic could not; such cells keep their value and say so in their flag."""
    spec = spec or load_spec()
    span_cache: dict[tuple[str, tuple[str, ...]], list[tuple[float, float]] | None] = {}
    widths = _uniform_widths(matches)
    together = runs_together(matches)
    aligned: list[tuple[RowMatch, tuple[str, ...], list[list[Token]], str]] = []
    for match in matches:
        table = spec.table(match.table)
        template = templates.of(match.table)
        columns = _columns_for(match, table, templates)
        key = (match.table, columns)
        if key not in span_cache:
            same = [
                m
                for m in matches
                if m.table == match.table and _columns_for(m, table, templates) == columns
            ]
            span_cache[key] = _spans(same, len(columns))
        spans = span_cache[key] or list(match.header_spans) or None
        constraints = _relations_as_positions(table, columns, template)
        uniform = widths.get(match.table) == match.width
        index = {f"{match.table}.{match.row}.{c}": i for i, c in enumerate(columns)}
        sums = [
            (tuple(index[c] for c in cells), int(value))
            for cells, value in (narrative or {}).items()
            if all(c in index for c in cells) and value == int(value)
        ]
        signed = {i for i, c in enumerate(columns) if table.column(c).kind == "signed"}
        options, flag = align(
            match.tokens, columns, match.grid, constraints, spans, uniform, sums, signed, together
        )
        if match.grid and match.table in widths and not uniform and not _padded(match, widths):
            # A row of a regular grid with cells lost or added: its values cannot be placed.
            options = [[Token(" ".join(t.text for t in match.tokens)) for _ in columns]]
            flag = FLAG_MISALIGNED
        if match.uncertain:
            options = [[Token(" ".join(t.text for t in match.tokens)) for _ in columns]]
            flag = FLAG_ROW_UNCERTAIN
        aligned.append((match, columns, options, flag))
    aligned = _resolve_ambiguous(aligned, templates, spec)
    cells: list[CellValue] = []
    for match, columns, options, flag in aligned:
        table = spec.table(match.table)
        template = templates.of(match.table)
        row = table.row(match.row)
        if row.exists_in(template) or template == "unknown":
            if row.kind(template) == "group":
                flag = flag or FLAG_TEMPLATE
        else:
            flag = flag or FLAG_TEMPLATE
        for position, column_key in enumerate(columns):
            readings = {o[position].text for o in options}
            if len(readings) == 1:
                # Every possible split (or the only one) gives this cell the same value.
                token = options[0][position]
                cell_flag = "" if flag == FLAG_AMBIGUOUS_RUN and len(options) > 1 else flag
            else:
                # An unresolved run: every reading is shown in raw, the value is left null.
                token, cell_flag = Token(" | ".join(sorted(readings))), flag
            cells.append(_cell(match, table.column(column_key), token, cell_flag))
    return cells


def _resolve_ambiguous(
    aligned: list[tuple[RowMatch, tuple[str, ...], list[list[Token]], str]],
    templates: Templates,
    spec: Spec,
) -> list[tuple[RowMatch, tuple[str, ...], list[list[Token]], str]]:
    """Settle ambiguous digit runs with the column relations (e.g. 一+二 = 三(七)+四)."""
    if not any(flag == FLAG_AMBIGUOUS_RUN for *_, flag in aligned):
        return aligned
    out = list(aligned)
    for table in spec.tables:
        if not any(rel.axis == "column" for rel in table.relations):
            continue  # no relation between its rows to settle runs with
        table_id = table.id
        rows = [
            (i, item)
            for i, item in enumerate(aligned)
            if item[0].table == table_id and item[3] in ("", FLAG_AMBIGUOUS_RUN)
        ]
        widths = {len(item[1]) for _, item in rows}
        if len(widths) != 1:
            continue
        candidates: dict[str, list[list[int]]] = {}
        for _, (match, _, options, flag) in rows:
            if flag == FLAG_AMBIGUOUS_RUN and len(options) == 1:
                continue  # a run too ambiguous to be split at all: no candidates
            vectors = []
            for option in options:
                numbers = [parse_number(t.text) for t in option]
                if any(
                    n is None or (n.value is not None and n.value != int(n.value)) for n in numbers
                ):
                    break
                vectors.append([int(n.value or 0) for n in numbers if n is not None])
            else:
                candidates[match.row] = vectors
        resolved = resolve_runs(candidates, table.column_relations(templates.of(table_id)))
        for i, (match, columns, _, flag) in rows:
            if flag == FLAG_AMBIGUOUS_RUN and len(resolved.get(match.row, [])) == 1:
                out[i] = (match, columns, [[Token(str(v)) for v in resolved[match.row][0]]], "")
            elif flag == FLAG_AMBIGUOUS_RUN and match.row in resolved:
                kept = [[Token(str(v)) for v in vector] for vector in resolved[match.row]]
                out[i] = (match, columns, kept, flag)
    return out
