from __future__ import annotations

from pipeline.output.columns import table_columns, panel_keys
from pipeline.spec import load_spec


def test_table_columns_come_from_the_spec() -> None:
    columns = table_columns()
    assert set(columns) == {"reports", "cells", "checks", "facts"}
    description, cells, key = columns["cells"]
    assert description == "One row per table cell found in a report."
    assert key == ("report_id", "table", "row", "col")
    assert [c.name for c in cells][:5] == ["report_id", "table", "row", "col", "value"]
    assert (cells[4].type, cells[4].dtype) == ("number", "float64")


def test_panel_keys_are_every_cell_of_either_template_once() -> None:
    spec = load_spec()
    latest = [k.dotted() for k in spec.cell_keys("fmt2021")]
    older = [k.dotted() for k in spec.cell_keys("fmt2019")]
    keys = panel_keys()
    assert len(keys) == len(set(keys))
    assert set(keys) == set(latest) | set(older)
    assert keys[: len(latest)] == latest  # the 2021 format's order first


def test_a_column_of_every_table_has_a_description() -> None:
    for _, columns, _ in table_columns().values():
        assert all(c.description for c in columns)
