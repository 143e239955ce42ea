"""The official tables as data: loaded from ``tables.yaml`` into frozen records.

Extraction (``locate``) and validation (``validate``) read the tables only through
:func:`load_spec`; no other module spells a table label.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

TEMPLATES: tuple[str, ...] = ("fmt2019", "fmt2021")


class SpecError(ValueError):
    """The spec file is malformed (a programming error, not bad input)."""


@dataclass(frozen=True)
class ColumnSpec:
    key: str
    label: str
    aliases: tuple[str, ...] = ()
    kind: str = "int"  # int | decimal | signed | money
    templates: tuple[str, ...] = TEMPLATES
    block: str = ""
    optional: bool = False

    @property
    def labels(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


@dataclass(frozen=True)
class RowSpec:
    key: str
    label: str
    slug: str = ""
    aliases: tuple[str, ...] = ()
    section: str = ""
    group: str = ""
    kinds: tuple[tuple[str, str], ...] = ()  # (template, "data" | "group")
    templates: tuple[str, ...] = TEMPLATES
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
    templates: tuple[str, ...] = TEMPLATES


# Compared and hashed by identity: the label caches are keyed by the table itself.
@dataclass(frozen=True, eq=False)
class TableSpec:
    id: str
    heading: str
    heading_aliases: tuple[str, ...]
    columns: tuple[ColumnSpec, ...]
    rows: tuple[RowSpec, ...]
    sections: tuple[SectionSpec, ...]
    relations: tuple[Relation, ...]
    header_labels: tuple[str, ...] = ()

    @property
    def headings(self) -> tuple[str, ...]:
        return (self.heading, *self.heading_aliases)

    def column(self, key: str) -> ColumnSpec:
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(f"{self.id} has no column {key!r}")

    def row(self, key: str) -> RowSpec:
        for row in self.rows:
            if row.key == key:
                return row
        raise KeyError(f"{self.id} has no row {key!r}")

    def data_rows(self, template: str) -> tuple[RowSpec, ...]:
        return tuple(r for r in self.rows if r.exists_in(template) and r.kind(template) == "data")

    def data_columns(self, template: str) -> tuple[ColumnSpec, ...]:
        """The printed columns of the official layout (optional extras left out)."""
        return tuple(c for c in self.columns if template in c.templates and not c.optional)


@dataclass(frozen=True)
class Spec:
    tables: tuple[TableSpec, ...]

    def table(self, table_id: str) -> TableSpec:
        for table in self.tables:
            if table.id == table_id:
                return table
        raise KeyError(f"no table {table_id!r}")

    def relations(self, template: str) -> tuple[Relation, ...]:
        return tuple(r for t in self.tables for r in t.relations if template in r.templates)

    @cache  # noqa: B019 - a spec is immutable and there are few
    def cell_keys(self, template: str) -> tuple[tuple[str, str, str], ...]:
        """Every (table, row, col) the official layout of ``template`` prints, in order."""
        keys: list[tuple[str, str, str]] = []
        for table in self.tables:
            for row in table.data_rows(template):
                cols = row.columns_for(template) or tuple(
                    c.key for c in table.data_columns(template)
                )
                keys.extend((table.id, row.key, c) for c in cols)
        return tuple(keys)


def _tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def _parse_table(table_id: str, raw: dict[str, Any]) -> TableSpec:
    columns = tuple(
        ColumnSpec(
            key=c["key"],
            label=c["label"],
            aliases=_tuple(c.get("aliases")),
            kind=c.get("kind", "int"),
            templates=_tuple(c.get("templates")) or TEMPLATES,
            block=c.get("block", ""),
            optional=bool(c.get("optional", False)),
        )
        for c in raw["columns"]
    )
    rows: list[RowSpec] = []
    for r in raw["rows"]:
        kind = r.get("kind", "data")
        kinds = (
            tuple((t, kind) for t in TEMPLATES) if isinstance(kind, str) else tuple(kind.items())
        )
        rows.append(
            RowSpec(
                key=r["key"],
                label=r["label"],
                slug=r.get("slug", ""),
                aliases=_tuple(r.get("aliases")),
                section=r.get("section", ""),
                group=r.get("group", ""),
                kinds=kinds,
                templates=_tuple(r.get("templates")) or TEMPLATES,
                columns=tuple((t, _tuple(cols)) for t, cols in (r.get("columns") or {}).items()),
                ordinal=str(r.get("ordinal", "")),
            )
        )
    relations = tuple(
        Relation(
            id=rel["id"],
            table=table_id,
            axis=rel["axis"],
            left=_tuple(rel["left"]),
            right=_tuple(rel["right"]),
            templates=_tuple(rel.get("templates")) or TEMPLATES,
        )
        for rel in raw.get("relations") or []
    )
    sections = tuple(SectionSpec(s["key"], s["label"]) for s in raw.get("sections") or [])
    table = TableSpec(
        id=table_id,
        heading=raw["heading"],
        heading_aliases=_tuple(raw.get("heading_aliases")),
        columns=columns,
        rows=tuple(rows),
        sections=sections,
        relations=relations,
        header_labels=_tuple(raw.get("header_labels")),
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
            if template not in TEMPLATES or not set(cols) <= col_keys:
                raise SpecError(f"{table.id}.{row.key}: unknown template or column in {cols}")
        if row.group and row.group not in row_keys:
            raise SpecError(f"{table.id}.{row.key}: unknown group {row.group}")
    for rel in table.relations:
        items = set(rel.left) | set(rel.right)
        known = row_keys if rel.axis == "column" else col_keys
        if rel.axis not in ("column", "row") or not items <= known:
            raise SpecError(f"{rel.id}: unknown axis or keys {sorted(items - known)}")


@cache
def load_spec() -> Spec:
    """Read and validate the packaged ``tables.yaml``."""
    text = resources.files(__package__).joinpath("tables.yaml").read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    return Spec(tables=tuple(_parse_table(tid, t) for tid, t in raw["tables"].items()))
