"""``locate``: the lines of a document matched to the rows of the official tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.locate import locate
from pipeline.normalise.cells import to_cells
from pipeline.normalise.layouts import decide_templates
from pipeline.readers.plain import text_lines
from pipeline.records import Line, TextCell
from tests.conftest import township_pdf_spec

ZEROS = "\t0" * 7
TABLE_THREE = (
    "三、收到和处理政府信息公开申请情况\n"
    "一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1\n（七）总计" + ZEROS + "\n"
)
T3_LABELS = [
    "一、本年新收政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量",
    "（一）予以公开",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "1.属于国家秘密",
    "2.其他法律行政法规禁止公开",
    "3.危及“三安全一稳定”",
    "4.保护第三方合法权益",
    "5.属于三类内部事务信息",
]


def test_the_rows_of_each_table_are_matched_in_the_order_printed() -> None:
    text = (
        "二、主动公开政府信息情况\n第二十条第（一）项\n"
        "信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t1\t2\t3\n" + TABLE_THREE
    )
    located = locate(text_lines(text))
    assert [(m.table, m.row) for m in located.matches] == [
        ("t2", "art20_1_regulation"),
        ("t3", "r1"),
        ("t3", "r3_7"),
    ]
    assert located.t3_template == "fmt2021"
    assert located.copies == {}


def test_a_table_printed_twice_is_read_from_its_first_printing_and_counted() -> None:
    second = TABLE_THREE.replace("\t1\t0\t0\t0\t0\t0\t1", "\t2\t0\t0\t0\t0\t0\t2")
    located = locate(text_lines(TABLE_THREE + "四、政府信息公开行政复议、行政诉讼情况\n" + second))
    assert located.copies == {"t3": 2}
    rows = {m.row: [t.text for t in m.tokens] for m in located.matches}
    assert rows["r1"] == ["1", "0", "0", "0", "0", "0", "1"]


def test_a_document_without_tables_has_no_rows_and_no_format() -> None:
    located = locate(text_lines("一、总体情况\n本报告包括主动公开政府信息情况\n"))
    assert located.matches == []
    assert located.t3_template == "unknown"
    assert located.copies == {}
    assert locate([]).matches == []


def test_a_table_printed_blank_on_a_pdf_page_is_read_from_its_label_lines() -> None:
    heading = Line((TextCell("三、收到和处理政府信息公开申请情况", 72.0, 300.0),), page=1)
    lines = [heading, *(Line((TextCell(label, 72.0, 300.0),), page=1) for label in T3_LABELS)]
    located = locate(lines)
    assert [m.row for m in located.matches][:3] == ["r1", "r2", "r3_1"]
    assert all(m.tokens == () for m in located.matches)
    # a few label lines alone are a heading named in passing, no printing of the table
    assert locate(lines[:5]).matches == []


@pytest.mark.parametrize("seed", [3, 4, 5])
def test_table_four_with_blank_cells_and_no_rules_is_placed_by_its_header(
    tmp_path: Path, seed: int
) -> None:
    # Without rules, a row with blanks is placed by where the header prints each column;
    # table 四's row must be placed by table 四's header, not by the next table's.
    from pipeline.analysis.evaluate import read_truth
    from pipeline.chain import extract_file
    from synth.corpus import write_one

    write_one(township_pdf_spec("blank_t4", "blank_zero"), tmp_path, seed, [])
    truth = read_truth(tmp_path / "blank_t4.pdf.truth.csv")
    result = extract_file(tmp_path / "blank_t4.pdf")
    got = {c.key: c.value for c in result.cells if c.table == "t4"}
    want = {key: value for key, value in truth.items() if key.table == "t4"}
    assert None in want.values()  # blanks among the numbers
    assert got == want


def test_header_words_broken_over_lines_give_the_columns_in_their_printed_order() -> None:
    # Letter-spaced header words broken over lines: 本年废止件数 starts a line above its
    # neighbours, so its text comes first, but it is printed in the middle.
    def line(*cells: tuple[str, float]) -> Line:
        return Line(tuple(TextCell(t, x, x + 12.0 * len(t)) for t, x in cells), page=1)

    lines = [
        Line((TextCell("二、主动公开政府信息情况", 70.0, 300.0),), page=1),
        line(("第 二 十 条 第 （ 一 ） 项", 72.0)),
        line(("本 年 废 止 件", 354.0)),
        line(("信 息 内 容", 72.0), ("本 年 制 发 件 数", 234.0), ("现 行 有 效 件 数", 435.0)),
        line(("数", 354.0)),
        line(("规章", 72.0), ("105", 234.0), ("117", 354.0), ("40", 435.0)),
        line(("行政规范性文件", 72.0), ("108", 234.0), ("62", 354.0), ("101", 435.0)),
    ]
    matches = locate(lines).matches
    cells = {c.key.dotted(): c.value for c in to_cells(matches, decide_templates(matches))}
    assert cells["t2.art20_1_regulation.issued"] == 105
    assert cells["t2.art20_1_regulation.repealed"] == 117
    assert cells["t2.art20_1_normative_doc.in_force"] == 101
