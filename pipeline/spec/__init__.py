"""The official tables as data: loaded from ``tables.yaml`` into frozen records.

Extraction (``locate``) and validation (``validate``) read the tables only through
:func:`load_spec`; no other module spells a table label, a table's title or a format's
marks, and code asks a table what it is (``opened_by``, ``rows_by``, ``has_blocks`` …)
rather than which it is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any, TypeVar

import yaml

from pipeline.records import CellKey

_T = TypeVar("_T")

# What starts a table besides its heading (``opened_by``).
OPENERS = ("caption", "header", "outcomes")
# How a table's rows are found (``rows_by``).
ROW_FINDERS = ("labels", "alignment", "header")
# The marks of a table printed in a format (see tables.yaml).
MARKS = ("printed", "valued", "without")


class Template(StrEnum):
    """The templates code itself names. The formats a report is printed in are the spec's
    data (``templates:`` in tables.yaml: fmt2019, fmt2021), so a template is one of the
    spec's names or one of these."""

    UNKNOWN = "unknown"  # no format could be told
    PRE2019 = "pre2019"  # a report from before the 2019 format, which has no such tables


class SpecError(ValueError):
    """The spec file is malformed (a programming error, not bad input)."""


@dataclass(frozen=True)
class ColumnSpec:
    key: str
    label: str
    templates: tuple[str, ...]  # where the column is printed
    aliases: tuple[str, ...] = ()
    kind: str = "int"  # int | decimal | signed | money
    block: str = ""
    optional: bool = False

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


@dataclass(frozen=True)
class RowSpec:
    key: str
    label: str
    templates: tuple[str, ...]  # where the row exists
    slug: str = ""
    aliases: tuple[str, ...] = ()
    section: str = ""
    group: str = ""
    kinds: tuple[tuple[str, str], ...] = ()  # (template, "data" | "group")
    columns: tuple[tuple[str, tuple[str, ...]], ...] = ()  # t2: (template, column keys)
    ordinal: str = ""  # the enumerator the official layout prints before the label

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)

    def kind(self, template: str) -> str:
        return dict(self.kinds).get(template, "data")

    def exists_in(self, template: str) -> bool:
        """Whether the row is printed in ``template`` (t2 rows: where it has columns)."""
        if self.columns:
            return bool(self.columns_for(template))
        return template in self.templates

    def columns_for(self, template: str) -> tuple[str, ...]:
        return dict(self.columns).get(template, ())


@dataclass(frozen=True)
class SectionSpec:
    key: str
    label: str


@dataclass(frozen=True)
class Relation:
    """sum(left) == sum(right), once per column (axis='column') or once per row (axis='row')."""

    id: str
    table: str
    axis: str
    left: tuple[str, ...]
    right: tuple[str, ...]
    templates: tuple[str, ...]


# Compared and hashed by identity: the label caches are keyed by the table itself.
@dataclass(frozen=True, eq=False)
class TableSpec:
    id: str
    numeral: str  # the report's section number: 二 of 二、主动公开政府信息情况
    heading: str
    heading_aliases: tuple[str, ...]
    opened_by: str  # what starts the table besides its heading: one of OPENERS
    rows_by: str  # how its rows are found: one of ROW_FINDERS
    templates: tuple[str, ...]  # the formats of the spec, oldest first
    columns: tuple[ColumnSpec, ...]
    rows: tuple[RowSpec, ...]
    sections: tuple[SectionSpec, ...]
    relations: tuple[Relation, ...]
    header_labels: tuple[str, ...] = ()
    report_mark: str = ""  # words of the title that mark a text as a report's body

    @property
    def headings(self) -> tuple[str, ...]:
        return (self.heading, *self.heading_aliases)

    @property
    def title(self) -> str:
        """The title as the official report prints it: 二、主动公开政府信息情况."""
        return f"{self.numeral}、{self.heading}"

    @property
    def has_blocks(self) -> bool:
        """Whether the columns stand in blocks under header words (行政复议 …), each block
        repeating the same column labels: a label (结果维持) names no column alone."""
        return any(c.block for c in self.columns)

    @property
    def single_row(self) -> bool:
        """Whether the table prints one row of values (its header is its label)."""
        return len(self.rows) == 1

    @property
    def columns_by_row(self) -> bool:
        """Whether each row prints columns of its own, per format (table 二)."""
        return any(r.columns for r in self.rows)

    def column(self, key: str) -> ColumnSpec:
        return _one(self.columns, key, f"{self.id} has no column", name_of=lambda c: c.key)

    def row(self, key: str) -> RowSpec:
        return _one(self.rows, key, f"{self.id} has no row", name_of=lambda r: r.key)

    def data_rows(self, template: str) -> tuple[RowSpec, ...]:
        return tuple(r for r in self.rows if r.exists_in(template) and r.kind(template) == "data")

    def data_columns(self, template: str) -> tuple[ColumnSpec, ...]:
        """The printed columns of the official layout (optional extras left out)."""
        return tuple(c for c in self.columns if template in c.templates and not c.optional)

    def column_relations(self, template: str) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
        """(left rows, right rows) of each relation of ``template`` checked once per column."""
        return [
            (rel.left, rel.right)
            for rel in self.relations
            if rel.axis == "column" and template in rel.templates
        ]


@dataclass(frozen=True)
class Mark:
    """A sign of a table printed in a format: a row only that format prints (``printed``),
    or only it prints as a row of values (``valued``), or a row's label printed without
    ``word`` (``without``), a word the other formats print in it."""

    template: str
    table: str
    row: str
    how: str  # one of MARKS
    word: str = ""


@dataclass(frozen=True)
class Spec:
    tables: tuple[TableSpec, ...]
    templates: tuple[str, ...]  # the formats, oldest first
    marks: tuple[Mark, ...] = ()
    core_id: str = ""  # the table every report prints in full
    loose_row_ids: tuple[str, ...] = ()  # tables whose rows are taken outside every table

    def table(self, table_id: str) -> TableSpec:
        return _one(self.tables, table_id, "no table", name_of=lambda table: table.id)

    @property
    def latest(self) -> str:
        """The newest format."""
        return self.templates[-1]

    @property
    def core(self) -> TableSpec:
        """The table every report prints in full: most of its cells tell a report."""
        return self.table(self.core_id)

    @property
    def loose_rows(self) -> tuple[TableSpec, ...]:
        """The tables whose rows are taken outside every table, the first preferred."""
        return tuple(self.table(t) for t in self.loose_row_ids)

    def table_opened_by(self, how: str) -> TableSpec:
        """The table that ``how`` (one of OPENERS) starts."""
        return _one(self.tables, how, "no table opened by", name_of=lambda table: table.opened_by)

    def marks_of(self, template: str, table_id: str) -> tuple[Mark, ...]:
        """The signs of ``table_id`` printed in ``template``."""
        return tuple(m for m in self.marks if m.template == template and m.table == table_id)

    def relations(self, template: str) -> tuple[Relation, ...]:
        return tuple(r for t in self.tables for r in t.relations if template in r.templates)

    @cache  # noqa: B019 - a spec is immutable and there are few
    def cell_keys(self, template: str) -> tuple[CellKey, ...]:
        """Every cell the official layout of ``template`` prints, in order."""
        keys: list[CellKey] = []
        for table in self.tables:
            for row in table.data_rows(template):
                cols = row.columns_for(template) or tuple(
                    c.key for c in table.data_columns(template)
                )
                keys.extend(CellKey(table.id, row.key, c) for c in cols)
        return tuple(keys)


def _one(items: Iterable[_T], wanted: str, missing: str, name_of: Callable[[_T], str]) -> _T:
    """The item ``name_of`` calls ``wanted``; KeyError "``missing`` ``wanted``" when none is."""
    for item in items:
        if name_of(item) == wanted:
            return item
    raise KeyError(f"{missing} {wanted!r}")


def _tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def _parse_columns(raw: list[dict[str, Any]], templates: tuple[str, ...]) -> tuple[ColumnSpec, ...]:
    return tuple(
        ColumnSpec(
            key=c["key"],
            label=c["label"],
            templates=_tuple(c.get("templates")) or templates,
            aliases=_tuple(c.get("aliases")),
            kind=c.get("kind", "int"),
            block=c.get("block", ""),
            optional=bool(c.get("optional", False)),
        )
        for c in raw
    )


def _parse_row(r: dict[str, Any], templates: tuple[str, ...]) -> RowSpec:
    kind = r.get("kind", "data")
    kinds = tuple((t, kind) for t in templates) if isinstance(kind, str) else tuple(kind.items())
    return RowSpec(
        key=r["key"],
        label=r["label"],
        templates=_tuple(r.get("templates")) or templates,
        slug=r.get("slug", ""),
        aliases=_tuple(r.get("aliases")),
        section=r.get("section", ""),
        group=r.get("group", ""),
        kinds=kinds,
        columns=tuple((t, _tuple(cols)) for t, cols in (r.get("columns") or {}).items()),
        ordinal=str(r.get("ordinal", "")),
    )


def _parse_relations(
    table_id: str, raw: list[dict[str, Any]], templates: tuple[str, ...]
) -> tuple[Relation, ...]:
    return tuple(
        Relation(
            id=rel["id"],
            table=table_id,
            axis=rel["axis"],
            left=_tuple(rel["left"]),
            right=_tuple(rel["right"]),
            templates=_tuple(rel.get("templates")) or templates,
        )
        for rel in raw
    )


def _parse_table(table_id: str, raw: dict[str, Any], templates: tuple[str, ...]) -> TableSpec:
    table = TableSpec(
        id=table_id,
        numeral=str(raw["numeral"]),
        heading=raw["heading"],
        heading_aliases=_tuple(raw.get("heading_aliases")),
        opened_by=raw["opened_by"],
        rows_by=raw["rows_by"],
        templates=templates,
        columns=_parse_columns(raw["columns"], templates),
        rows=tuple(_parse_row(r, templates) for r in raw["rows"]),
        sections=tuple(SectionSpec(s["key"], s["label"]) for s in raw.get("sections") or []),
        relations=_parse_relations(table_id, raw.get("relations") or [], templates),
        header_labels=_tuple(raw.get("header_labels")),
        report_mark=raw.get("report_mark", ""),
    )
    _check_table(table)
    return table


def _check_table(table: TableSpec) -> None:
    col_keys = {c.key for c in table.columns}
    row_keys = {r.key for r in table.rows}
    if len(col_keys) != len(table.columns) or len(row_keys) != len(table.rows):
        raise SpecError(f"{table.id}: duplicate row or column key")
    for row in table.rows:
        for template, cols in row.columns:
            if template not in table.templates or not set(cols) <= col_keys:
                raise SpecError(f"{table.id}.{row.key}: unknown template or column in {cols}")
        if row.group and row.group not in row_keys:
            raise SpecError(f"{table.id}.{row.key}: unknown group {row.group}")
    for rel in table.relations:
        items = set(rel.left) | set(rel.right)
        known = row_keys if rel.axis == "column" else col_keys
        if rel.axis not in ("column", "row") or not items <= known:
            raise SpecError(f"{rel.id}: unknown axis or keys {sorted(items - known)}")
    _check_layout(table)


def _check_layout(table: TableSpec) -> None:
    """What starts a table and finds its rows must be known, and what it needs printed."""
    if table.opened_by not in OPENERS or table.rows_by not in ROW_FINDERS:
        raise SpecError(f"{table.id}: unknown opened_by or rows_by")
    if table.opened_by == "caption" and not table.sections:
        raise SpecError(f"{table.id}: opened by its captions, but it has no sections")
    if table.opened_by == "outcomes" and not table.has_blocks:
        raise SpecError(f"{table.id}: opened by the words of its blocks, but it has none")


def _parse_marks(raw: dict[str, Any], tables: tuple[TableSpec, ...]) -> tuple[Mark, ...]:
    """The marks of each format (``templates:``), checked against the tables."""
    marks: list[Mark] = []
    for template, by_table in raw.items():
        for table_id, signs in (by_table or {}).items():
            for how, rows in signs.items():
                words = rows if isinstance(rows, dict) else dict.fromkeys(_tuple(rows), "")
                marks.extend(Mark(template, table_id, row, how, str(w)) for row, w in words.items())
    known = {(t.id, r.key) for t in tables for r in t.rows}
    for mark in marks:
        if (mark.table, mark.row) not in known or mark.how not in MARKS:
            raise SpecError(f"{mark.template}: unknown mark {mark.how} of {mark.table}.{mark.row}")
    return tuple(marks)


def parse_spec(raw: dict[str, Any]) -> Spec:
    """A spec from the data of ``tables.yaml``."""
    templates = tuple(str(t) for t in raw["templates"])
    tables = tuple(_parse_table(tid, t, templates) for tid, t in raw["tables"].items())
    spec = Spec(
        tables=tables,
        templates=templates,
        marks=_parse_marks(raw["templates"], tables),
        core_id=raw["core"],
        loose_row_ids=_tuple(raw.get("loose_rows")),
    )
    for table_id in (spec.core_id, *spec.loose_row_ids):
        if table_id not in {t.id for t in tables}:
            raise SpecError(f"core or loose_rows: unknown table {table_id}")
    for how in OPENERS:
        if sum(t.opened_by == how for t in tables) > 1:
            raise SpecError(f"more than one table opened by {how}")
    return spec


@cache
def load_spec() -> Spec:
    """Read and validate the packaged ``tables.yaml``."""
    text = resources.files(__package__).joinpath("tables.yaml").read_text(encoding="utf-8")
    return parse_spec(yaml.safe_load(text))
