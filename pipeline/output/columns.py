"""The dataset's columns: each table's columns, types and primary key, read from
``pipeline/spec/dataset.yaml``, and the panel's cell columns from the tables' spec."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from pipeline.spec import load_spec


@dataclass(frozen=True)
class ColumnInfo:
    name: str
    type: str  # Frictionless Data type
    dtype: str  # pandas dtype
    description: str


@cache
def table_columns() -> dict[str, tuple[str, tuple[ColumnInfo, ...], tuple[str, ...]]]:
    """(description, columns, primary key) of reports, cells and checks, from dataset.yaml."""
    text = resources.files("pipeline.spec").joinpath("dataset.yaml").read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    return {
        name: (
            table["description"],
            tuple(ColumnInfo(*column) for column in table["columns"]),
            tuple(table["primary_key"]),
        )
        for name, table in raw.items()
    }


def panel_keys() -> list[str]:
    """Every cell key of either template, ``table.row.col``, in the order of the spec."""
    spec = load_spec()
    keys: list[str] = []
    for template in reversed(spec.templates):
        for cell in spec.cell_keys(template):
            key = cell.dotted()
            if key not in keys:
                keys.append(key)
    return keys
