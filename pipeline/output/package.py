"""Describe a written dataset: ``datapackage.json`` (a Frictionless Tabular Data Package,
every file and column with its type and meaning) and ``CODEBOOK.md`` for people."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.output.columns import ColumnInfo, panel_keys, table_columns
from pipeline.output.files import atomic_write_text
from pipeline.records import CellKey
from pipeline.spec import load_spec


def cell_description(key: str) -> str:
    """``"t3.r1.total"`` → what that cell is, in the words of the official table."""
    cell = CellKey.parse(key)
    spec = load_spec()
    table = spec.table(cell.table)
    row = table.row(cell.row)
    column = table.column(cell.col)
    block = f"{column.block}·" if column.block else ""
    templates = ", ".join(t for t in spec.templates if cell in spec.cell_keys(t))
    return f"{table.title}: {row.label} × {block}{column.label} ({templates})"


def _fields(columns: tuple[ColumnInfo, ...]) -> list[dict[str, str]]:
    return [{"name": c.name, "type": c.type, "description": c.description} for c in columns]


def descriptor() -> dict[str, object]:
    tables = table_columns()
    resources: list[dict[str, object]] = []
    for name, (description, columns, key) in tables.items():
        for suffix, fmt in (("csv", "csv"), ("parquet", "parquet")):
            resource: dict[str, object] = {
                "name": f"{name}-{suffix}",
                "profile": "tabular-data-resource",
                "path": f"{name}.{suffix}",
                "format": fmt,
                "description": description,
                "schema": {"fields": _fields(columns), "primaryKey": list(key)},
            }
            if fmt == "csv":
                resource["encoding"] = "utf-8-sig"
                resource["mediatype"] = "text/csv"
            resources.append(resource)
    panel_fields = _fields(tables["reports"][1]) + [
        {"name": key, "type": "number", "description": cell_description(key)}
        for key in panel_keys()
    ]
    for suffix in ("csv", "parquet"):
        resource = {
            "name": f"panel-{suffix}",
            "profile": "tabular-data-resource",
            "path": f"panel.{suffix}",
            "format": suffix,
            "description": "One row per report, one column per cell (table.row.col).",
            "schema": {"fields": panel_fields, "primaryKey": ["path"]},
        }
        if suffix == "csv":
            resource["encoding"] = "utf-8-sig"
            resource["mediatype"] = "text/csv"
        resources.append(resource)
    return {
        "profile": "tabular-data-package",
        "name": "ogi-annual-report-tables",
        "title": "政府信息公开工作年度报告: tables 二、三、四 as data",
        "description": "Every printed cell of the statistical tables of China's government "
        "information disclosure annual reports, with provenance and arithmetic checks, "
        "extracted by ogi.",
        "resources": resources,
    }


def codebook() -> str:
    lines = [
        "# Codebook",
        "",
        "The dataset written by `ogi extract`: four tables, each as Parquet and as CSV "
        "(UTF-8 with a BOM). Cell keys follow report-format.md §8; a blank, a dash or an "
        "unsure reading is a null value, never a 0.",
        "",
        "In the CSV copies only, a text cell that starts with `=`, `+`, `-`, `@`, a tab or a "
        "carriage return gets a `'` before it, so that a spreadsheet shows it as text and "
        "never runs it as a formula (text comes from documents anyone may write). The "
        "Parquet files keep the exact text.",
        "",
    ]
    for name, (description, columns, key) in table_columns().items():
        lines += [
            f"## {name}",
            "",
            description,
            "",
            f"Key: {', '.join(key)}.",
            "",
            "| column | type | meaning |",
            "|---|---|---|",
        ]
        lines += [f"| {c.name} | {c.type} | {c.description} |" for c in columns]
        lines.append("")
    lines += [
        "## panel",
        "",
        "The `reports` columns, then one column per cell:",
        "",
        "| column | meaning |",
        "|---|---|",
    ]
    lines += [f"| {key} | {cell_description(key)} |" for key in panel_keys()]
    return "\n".join(lines) + "\n"


def write_package(out_dir: Path) -> list[Path]:
    """Write datapackage.json and CODEBOOK.md beside the dataset."""
    package, book = out_dir / "datapackage.json", out_dir / "CODEBOOK.md"
    atomic_write_text(package, json.dumps(descriptor(), ensure_ascii=False, indent=1))
    atomic_write_text(book, codebook())
    return [package, book]
