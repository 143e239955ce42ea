from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from pipeline.spec import SpecError, Template, load_spec, parse_spec
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


def test_the_spec_is_loaded_once() -> None:
    assert load_spec() is load_spec()


def test_the_formats_and_the_special_tables() -> None:
    spec = load_spec()
    assert spec.templates == ("fmt2019", "fmt2021")
    assert spec.latest == "fmt2021"
    assert spec.core.id == "t3"
    assert [t.id for t in spec.loose_rows] == ["t3", "t2"]
    assert [spec.table_opened_by(how).id for how in ("caption", "header", "outcomes")] == [
        "t2",
        "t3",
        "t4",
    ]


def test_what_a_table_is_is_asked_of_it() -> None:
    spec = load_spec()
    t2, t3, t4 = spec.table("t2"), spec.table("t3"), spec.table("t4")
    assert t2.title == "二、主动公开政府信息情况"
    assert t2.headings == ("主动公开政府信息情况", "主动公开情况")
    assert (t2.columns_by_row, t3.columns_by_row, t4.columns_by_row) == (True, False, False)
    assert (t2.has_blocks, t3.has_blocks, t4.has_blocks) == (False, False, True)
    assert (t3.single_row, t4.single_row) == (False, True)


def test_unknown_tables_rows_and_columns_are_key_errors() -> None:
    spec = load_spec()
    with pytest.raises(KeyError, match="no table 't9'"):
        spec.table("t9")
    with pytest.raises(KeyError, match="t3 has no row 'r9'"):
        spec.table("t3").row("r9")
    with pytest.raises(KeyError, match="t3 has no column 'x'"):
        spec.table("t3").column("x")
    with pytest.raises(KeyError):
        spec.table_opened_by("nothing")


def test_the_printed_columns_leave_out_the_optional_subtotal() -> None:
    t3 = load_spec().table("t3")
    assert "org_subtotal" not in {c.key for c in t3.data_columns("fmt2021")}
    assert len(t3.data_columns("fmt2021")) == 7
    assert t3.column("org_subtotal").optional
    assert t3.column("org_commercial").labels == ("商业企业", "企业")


def test_table_two_rows_print_their_own_columns_per_format() -> None:
    t2 = load_spec().table("t2")
    procurement = t2.row("art20_9_gov_procurement")
    assert procurement.columns_for("fmt2019") == ("procurement_items", "procurement_amount")
    assert procurement.columns_for("fmt2021") == ()
    assert procurement.exists_in("fmt2019") and not procurement.exists_in("fmt2021")
    assert len(t2.data_rows("fmt2021")) == 6


def test_a_formats_marks_and_column_relations() -> None:
    spec = load_spec()
    [valued] = spec.marks_of("fmt2019", "t3")
    assert (valued.row, valued.how) == ("r3_6", "valued")
    [without] = spec.marks_of("fmt2019", "t2")
    assert (without.row, without.how, without.word) == ("art20_1_normative_doc", "without", "行政")
    assert {m.row for m in spec.marks_of("fmt2021", "t3")} == {"r3_6_1", "r3_6_2", "r3_6_3"}
    assert spec.marks_of("fmt2021", "t4") == ()
    relations = spec.table("t3").column_relations("fmt2021")
    assert relations[0] == (("r1", "r2"), ("r3_7", "r4"))
    assert len(relations) == 2


def _raw() -> dict[str, Any]:
    """A small valid spec: one table of each opener."""
    return {
        "templates": {"a": {"t1": {"printed": ["x"]}}, "b": None},
        "core": "t1",
        "loose_rows": ["t1"],
        "tables": {
            "t1": {
                "numeral": "一", "heading": "甲", "opened_by": "header", "rows_by": "alignment",
                "columns": [{"key": "c1", "label": "列一"}, {"key": "c2", "label": "列二"}],
                "rows": [{"key": "x", "label": "行"}, {"key": "y", "label": "行二", "group": "x"}],
                "relations": [{"id": "t1.sum", "axis": "row", "left": ["c1"], "right": ["c2"]}],
            },
            "t2": {
                "numeral": "二", "heading": "乙", "opened_by": "caption", "rows_by": "labels",
                "sections": [{"key": "s", "label": "第一项"}],
                "columns": [{"key": "c", "label": "列"}], "rows": [{"key": "r", "label": "行"}],
            },
        },
    }  # fmt: skip


def test_a_spec_is_parsed_from_its_data() -> None:
    spec = parse_spec(_raw())
    assert spec.templates == ("a", "b")
    assert spec.cell_keys("b") == (
        ("t1", "x", "c1"),
        ("t1", "x", "c2"),
        ("t1", "y", "c1"),
        ("t1", "y", "c2"),
        ("t2", "r", "c"),
    )
    assert spec.relations("a")[0].left == ("c1",)
    assert spec.marks_of("a", "t1")[0].row == "x"


def _broken(change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    raw = _raw()
    change(raw)
    return raw


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda raw: raw["tables"]["t1"]["rows"].append({"key": "x", "label": "重"}),
         "t1: duplicate row or column key"),
        (lambda raw: raw["tables"]["t1"]["rows"][1].update(group="z"), "t1.y: unknown group z"),
        (lambda raw: raw["tables"]["t1"]["relations"][0].update(right=["c9"]),
         "t1.sum: unknown axis or keys ['c9']"),
        (lambda raw: raw["tables"]["t1"].update(opened_by="title"),
         "t1: unknown opened_by or rows_by"),
        (lambda raw: raw["tables"]["t2"].pop("sections"),
         "t2: opened by its captions, but it has no sections"),
        (lambda raw: raw["tables"]["t1"].update(opened_by="outcomes"),
         "t1: opened by the words of its blocks, but it has none"),
        (lambda raw: raw["templates"]["a"]["t1"].update(printed=["q"]),
         "a: unknown mark printed of t1.q"),
        (lambda raw: raw.update(core="t9"), "core or loose_rows: unknown table t9"),
        (lambda raw: raw["tables"]["t2"].update(opened_by="header"),
         "more than one table opened by header"),
    ],
)  # fmt: skip
def test_a_malformed_spec_is_refused(
    change: Callable[[dict[str, Any]], None], message: str
) -> None:
    with pytest.raises(SpecError) as raised:
        parse_spec(_broken(change))
    assert str(raised.value) == message


def test_the_templates_code_names_keep_their_strings_and_are_no_format_of_the_spec() -> None:
    assert [str(t) for t in Template] == ["unknown", "pre2019"]
    assert Template.UNKNOWN == "unknown"
    assert not set(Template) & set(load_spec().templates)
