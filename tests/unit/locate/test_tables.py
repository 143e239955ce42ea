"""Each table's rows from its items: table 三 by alignment, table 二 by its labels, table
四 from its header, and rows outside every table on a near-certain label."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from pipeline.locate.regions import tables_of
from pipeline.locate.stream import Item, items_of
from pipeline.locate.tables import (
    Found,
    outside,
    row_after_header,
    rows_by_alignment,
    rows_by_labels,
)
from pipeline.readers.plain import text_lines
from pipeline.records import Line, RowMatch, TextCell
from pipeline.spec import TableSpec, load_spec

SPEC = load_spec()
ZEROS = "\t0" * 7
Finder = Callable[[Sequence[tuple[int, Item]], TableSpec, Found], None]


def _members(lines: Sequence[Line], table: str | None) -> list[tuple[int, Item]]:
    items = items_of(lines, SPEC)
    tables = tables_of(items, SPEC)
    return [(i, item) for i, (item, t) in enumerate(zip(items, tables, strict=True)) if t == table]


def _found(finder: Finder, text: str, table: str) -> Found:
    found = Found()
    finder(_members(text_lines(text), table), SPEC.table(table), found)
    return found


def _rows(found: Found) -> dict[str, list[str]]:
    return {m.row: [t.text for t in m.tokens] for _, m in found.matches}


TABLE_TWO = (
    "二、主动公开政府信息情况\n第二十条第（一）项\n"
    "信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n"
    "规章\t1\t2\t3\n行政规范性文件\t4\t5\t6\n"
    "第二十条第（五）项\n信息内容\t本年处理决定数量\n行政许可\t7\n"
)


def test_table_two_rows_are_found_by_their_labels_under_their_sections_header() -> None:
    found = _found(rows_by_labels, TABLE_TWO, "t2")
    assert _rows(found) == {
        "art20_1_regulation": ["1", "2", "3"],
        "art20_1_normative_doc": ["4", "5", "6"],
        "art20_5_admin_licensing": ["7"],
    }
    columns = {m.row: m.section_columns for _, m in found.matches}
    assert columns["art20_1_regulation"] == ("issued", "repealed", "in_force")
    assert columns["art20_5_admin_licensing"] == ("decisions",)
    first = found.matches[0][1]
    assert (first.label, first.score, first.grid, first.width) == ("规章", 100.0, True, 4)
    assert [position for position, _ in found.matches] == [4, 5, 8]  # places in the stream
    assert found.rows("t2") == set(_rows(found))


def test_a_row_printed_twice_is_taken_once_and_an_unknown_label_not_at_all() -> None:
    found = _found(rows_by_labels, TABLE_TWO + "行政许可\t8\n乱七八糟\t9\n", "t2")
    assert _rows(found)["art20_5_admin_licensing"] == ["7"]
    assert len(found.matches) == 3


def test_a_table_two_row_printed_with_its_label_alone_in_a_pdf_is_taken_blank() -> None:
    lines = [
        *text_lines("二、主动公开政府信息情况\n第二十条第（一）项\n规章\t1\t2\t3\n"),
        Line((TextCell("行政规范性文件", 72.0, 160.0),), page=1),
    ]
    found = Found()
    rows_by_labels(_members(lines, "t2"), SPEC.table("t2"), found)
    assert _rows(found) == {"art20_1_regulation": ["1", "2", "3"], "art20_1_normative_doc": []}


def test_table_four_takes_the_values_after_its_header_up_to_its_width() -> None:
    text = (
        "四、政府信息公开行政复议、行政诉讼情况\n行政复议 结果维持\n"
        + "\t".join(["1"] * 5) + "\n" + "\t".join(["2"] * 10) + "\n"
    )  # fmt: skip
    found = _found(row_after_header, text, "t4")
    [(_, match)] = found.matches
    assert (match.row, match.score) == ("r1", 100.0)
    assert [t.text for t in match.tokens] == ["1"] * 5 + ["2"] * 10


def test_table_four_takes_no_more_values_than_its_width() -> None:
    text = "行政复议 结果维持\n" + "\t".join(["1"] * 15) + "\n3\t3\n"
    items = items_of(text_lines(text), SPEC)
    found = Found()
    row_after_header(list(enumerate(items)), SPEC.table("t4"), found)
    [(_, match)] = found.matches
    assert [t.text for t in match.tokens] == ["1"] * 15


def test_a_label_as_near_a_row_taken_as_another_names_the_other() -> None:
    # 行政强罚 is as near 行政处罚 as 行政强制: the first is taken already
    text = "第二十条第（六）项\n信息内容\t本年处理决定数量\n行政处罚\t1\n行政强罚\t2\n"
    assert _rows(_found(rows_by_labels, text, "t2")) == {
        "art20_6_admin_penalty": ["1"],
        "art20_6_admin_coercion": ["2"],
    }


def test_table_four_printed_blank_after_its_placed_header_is_a_row_without_values() -> None:
    header = Line((TextCell("行政复议", 60.0, 100.0), TextCell("结果维持", 110.0, 150.0)), page=1)
    found = Found()
    row_after_header([(0, items_of([header], SPEC)[0])], SPEC.table("t4"), found)
    assert [(m.row, m.tokens, m.label) for _, m in found.matches] == [("r1", (), "")]


def test_table_four_with_neither_values_nor_a_placed_header_has_no_row() -> None:
    assert _found(row_after_header, "四、政府信息公开行政复议、行政诉讼情况\n", "t4").matches == []


TABLE_THREE = (
    "三、收到和处理政府信息公开申请情况\n"
    "申请人情况\t自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t总计\n"
    "一、本年新收政府信息公开申请数量" + ZEROS + "\n二、上年结转政府信息公开申请数量" + ZEROS + "\n"
)


def test_table_three_rows_are_placed_by_aligning_its_template() -> None:
    text = TABLE_THREE + "（六）其他处理" + ZEROS + "\n（七）总计" + ZEROS + "\n"
    found = _found(rows_by_alignment, text, "t3")
    assert list(_rows(found)) == ["r1", "r2", "r3_6", "r3_7"]
    assert all(m.wide_columns == () and not m.uncertain for _, m in found.matches)
    # （六）其他处理 printed with values: the 2019 layout
    assert found.aligned_template == "fmt2019"


def test_the_2021_layout_prints_the_three_rows_under_other_handling() -> None:
    text = (
        TABLE_THREE
        + "（六）其他处理\n1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
        + ZEROS
        + "\n"
    )
    found = _found(rows_by_alignment, text, "t3")
    assert "r3_6_1" in _rows(found) and "r3_6" not in _rows(found)
    assert found.aligned_template == "fmt2021"


def test_a_header_with_the_subtotal_makes_the_rows_wide() -> None:
    text = (
        "三、收到和处理政府信息公开申请情况\n"
        "自然人\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t小计\t总计\n"
        "一、本年新收政府信息公开申请数量" + "\t0" * 8 + "\n"
    )
    [(_, match)] = _found(rows_by_alignment, text, "t3").matches
    assert match.wide_columns[-2:] == ("org_subtotal", "total")
    assert len(match.wide_columns) == 8


def test_no_items_find_no_rows() -> None:
    for finder in (rows_by_alignment, rows_by_labels, row_after_header):
        found = Found()
        finder([], SPEC.table("t3"), found)
        assert found.matches == []


def test_rows_outside_every_table_are_taken_on_a_near_certain_label_only() -> None:
    text = (
        "一、本年新收政府信息公开申请数量"
        + ZEROS
        + "\n规章\t1\t2\t3\n行政许\t4\n三、本年度办理结果\t1\n"
    )
    found = Found()
    outside(_members(text_lines(text), None), SPEC.loose_rows, found)
    matches: list[RowMatch] = [m for _, m in found.matches]
    assert [(m.table, m.row) for m in matches] == [("t3", "r1"), ("t2", "art20_1_regulation")]
    # a group's label (三、本年度办理结果) is never a row of values
