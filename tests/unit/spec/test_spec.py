from __future__ import annotations

import pytest

from pipeline.spec import Template, load_spec
from pipeline.text import label_key


def test_cell_counts_of_the_official_layouts() -> None:
    spec = load_spec()
    # 2021: t2 10 cells, t3 25 rows × 7, t4 15. 2019: t2 22, t3 23 rows × 7, t4 15.
    assert len(spec.cell_keys("fmt2021")) == 10 + 175 + 15
    assert len(spec.cell_keys("fmt2019")) == 22 + 161 + 15


@pytest.mark.parametrize("template", ["fmt2019", "fmt2021"])
def test_relations_name_printed_rows_and_columns(template: str) -> None:
    spec = load_spec()
    for relation in spec.relations(template):
        table = spec.table(relation.table)
        if relation.axis == "column":
            printed = {r.key for r in table.data_rows(template)}
        else:
            printed = {c.key for c in table.columns}
        assert set(relation.left) | set(relation.right) <= printed, relation.id


def test_r3_6_is_data_in_2019_and_a_group_in_2021() -> None:
    t3 = load_spec().table("t3")
    assert t3.row("r3_6").kind("fmt2019") == "data"
    assert t3.row("r3_6").kind("fmt2021") == "group"
    assert "r3_6_1" not in {r.key for r in t3.data_rows("fmt2019")}


@pytest.mark.parametrize("table_id", ["t2", "t3"])
def test_no_two_rows_share_a_label(table_id: str) -> None:
    table = load_spec().table(table_id)
    seen: dict[str, str] = {}
    for row in table.rows:
        for label in row.labels:
            key = label_key(label)
            assert seen.setdefault(key, row.key) == row.key, (key, row.key, seen[key])


def test_the_templates_code_names_keep_their_strings_and_are_no_format_of_the_spec() -> None:
    assert [str(t) for t in Template] == ["unknown", "pre2019"]
    assert Template.UNKNOWN == "unknown"
    assert not set(Template) & set(load_spec().templates)
