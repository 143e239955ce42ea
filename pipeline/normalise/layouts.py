"""Which layout each table of a report is printed in, and the report's format, from its
matched rows and headers and the marks of each format in the spec."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.records import RowMatch
from pipeline.spec import Spec, TableSpec, Template, load_spec


@dataclass(frozen=True)
class Templates:
    """The format of the report, and the layout each table is printed in. A report of
    the 2021 format may print table 二 in the 2019 layout (it lags), or table 三 with one
    （六）其他处理 row as in 2019."""

    report: str  # a format of the spec, or Template.UNKNOWN
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
    told = [layout for layout in layouts.values() if layout != Template.UNKNOWN]
    for table_id, layout in layouts.items():
        if layout == Template.UNKNOWN and told:
            layouts[table_id] = told[0]
    report = next((t for t in reversed(spec.templates) if t in layouts.values()), Template.UNKNOWN)
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
    return Template.UNKNOWN


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
        return Template.UNKNOWN
    return max(votes, key=lambda t: votes[t])
