"""Find the official tables in a document and match their rows to the spec.

The steps, each a module:

1. ``stream``: the document's lines → one stream of items (label texts, rows of values),
   whatever the producer's line breaks, a line of running text cut by ``running``;
2. ``regions``: which table each item belongs to (headings, and what the spec says opens
   each table: captions, a header, the words of its blocks);
3. ``tables``: each table's rows, found as the spec says (``rows_by``): table 三 by
   aligning its template to the stream (``align``, over the ``blocks`` of items that may
   print a row), table 二 by its labels, table 四 from its header;

with ``labels`` (how well a text names a row, a column, a table) and ``header`` (what a
table's header says) beside them. Values stay unparsed tokens here; ``normalise`` turns
them into cells.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from pipeline.locate.labels import column_of, score_label
from pipeline.locate.regions import tables_of
from pipeline.locate.stream import Item, ItemKind, items_of, split_line
from pipeline.locate.tables import (
    Found,
    outside,
    row_after_header,
    rows_by_alignment,
    rows_by_labels,
)
from pipeline.records import Line, RowMatch
from pipeline.spec import Spec, TableSpec, Template, load_spec

__all__ = ["LocateResult", "column_of", "locate", "score_label", "split_line"]


@dataclass
class LocateResult:
    matches: list[RowMatch] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    t3_template: str = Template.UNKNOWN  # the format of table 三 (the table aligned) as printed
    # tables printed more than once with values (several reports in one file): how often
    copies: dict[str, int] = field(default_factory=dict)


Members = list[tuple[int, Item]]
# How each table's rows are found (the spec's ``rows_by``): from the items of its first run.
ROWS_BY: dict[str, Callable[[Members, TableSpec, Found], None]] = {
    "labels": rows_by_labels,
    "alignment": rows_by_alignment,
    "header": row_after_header,
}


def _runs(items: Sequence[Item], tables: Sequence[str | None]) -> dict[str, list[Members]]:
    """Each table's runs of consecutive items; a run with no values (a heading named in
    passing) is no printing of the table, unless it is a blank table on a PDF page.
    Several runs: the table printed several times (a file holding several reports), of
    which only the first is read."""
    runs: dict[str, list[Members]] = {}
    previous: str | None = None
    for index, (item, table) in enumerate(zip(items, tables, strict=True)):
        if table is not None:
            if table != previous:
                runs.setdefault(table, []).append([])
            runs[table][-1].append((index, item))
        previous = table
    return {
        table: kept for table, found in runs.items() if (kept := [r for r in found if _printed(r)])
    }


# A table printed with every cell blank (a PDF without rules, where a blank row leaves only
# its label): this many label lines placed on a page at least.
BLANK_TABLE_LINES = 8


def _printed(run: Members) -> bool:
    """Whether a run of a table's items prints the table: it has rows of values, or, on
    a PDF page, the many label lines of a table whose every cell is blank."""
    if any(i.kind is ItemKind.ROW for _, i in run):
        return True
    return sum(1 for _, i in run if i.positioned and not i.line.grid) >= BLANK_TABLE_LINES


def locate(lines: Sequence[Line], spec: Spec | None = None) -> LocateResult:
    """Match the lines of a document to the rows of the official tables."""
    spec = spec or load_spec()
    items = items_of(lines, spec)
    tables = tables_of(items, spec)
    found = Found()

    runs = _runs(items, tables)
    copies = {table: len(found_runs) for table, found_runs in runs.items() if len(found_runs) > 1}
    first = {table: found_runs[0] for table, found_runs in runs.items()}
    for table in spec.tables:
        ROWS_BY[table.rows_by](first.get(table.id, []), table, found)
    loose = [(i, item) for i, (item, t) in enumerate(zip(items, tables, strict=True)) if t is None]
    outside(loose, spec.loose_rows, found)
    found.matches.sort(key=lambda pair: pair[0])
    aligned = {t.id for t in spec.tables if t.rows_by == "alignment"}
    return LocateResult(
        copies=copies,
        matches=[m for _, m in found.matches],
        warnings=found.warnings,
        t3_template=found.aligned_template
        if any(m.table in aligned for _, m in found.matches)
        else Template.UNKNOWN,
    )
