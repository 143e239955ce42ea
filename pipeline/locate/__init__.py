"""Find the official tables in a document and match their rows to the spec.

The steps, each a module:

1. ``stream``: the document's lines → one stream of items (label texts, rows of values),
   whatever the producer's line breaks;
2. ``regions``: which table each item belongs to (headings, captions, headers);
3. ``tables``: each table's rows: table 三 by aligning its template to the stream
   (``align``), table 二 by its labels, table 四 from its header;

with ``labels`` (how well a text names a row, a column, a table) and ``header`` (what a
table's header says) beside them. Values stay unparsed tokens here; ``normalise`` turns
them into cells.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pipeline.locate.labels import column_of, score_label
from pipeline.locate.regions import tables_of
from pipeline.locate.stream import items_of, split_line
from pipeline.locate.tables import Found, outside, table_four, table_three, table_two
from pipeline.records import Line, RowMatch
from pipeline.spec import Spec, load_spec

__all__ = ["LocateResult", "column_of", "locate", "score_label", "split_line"]


@dataclass
class LocateResult:
    matches: list[RowMatch] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    t3_template: str = "unknown"  # the format of table 三 as printed


def locate(lines: Sequence[Line], spec: Spec | None = None) -> LocateResult:
    """Match the lines of a document to the rows of the official tables."""
    spec = spec or load_spec()
    items = items_of(lines, spec)
    tables = tables_of(items, spec)
    found = Found()

    def members(table: str | None) -> list[tuple[int, object]]:
        return [
            (i, item) for i, (item, t) in enumerate(zip(items, tables, strict=True)) if t == table
        ]

    table_two(members("t2"), spec.table("t2"), found)  # type: ignore[arg-type]
    table_three(members("t3"), spec.table("t3"), found)  # type: ignore[arg-type]
    table_four(members("t4"), spec.table("t4"), found)  # type: ignore[arg-type]
    outside(members(None), [spec.table("t3"), spec.table("t2")], found)  # type: ignore[arg-type]
    found.matches.sort(key=lambda pair: pair[0])
    return LocateResult(
        matches=[m for _, m in found.matches],
        warnings=found.warnings,
        t3_template=found.t3_template
        if any(m.table == "t3" for _, m in found.matches)
        else "unknown",
    )
