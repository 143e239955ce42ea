"""The stream of items, and the tables read from text in every layout users have it."""

from __future__ import annotations

import pytest

from pipeline.locate import locate
from pipeline.locate.stream import ItemKind, items_of, split_cell_label, split_line
from pipeline.normalise.cells import to_cells
from pipeline.normalise.layouts import decide_templates
from pipeline.readers.markdown import markdown_lines
from pipeline.readers.plain import pipe_cells, text_lines
from pipeline.records import Line, TextCell
from pipeline.spec import load_spec

SPEC = load_spec()


@pytest.mark.parametrize(
    ("line", "cells"),
    [
        ("规章 | 0 | 1 | 2 |", ["规章", "0", "1", "2"]),
        ("| 规章 | 0 | 1 | 2 |", ["规章", "0", "1", "2"]),
        ("规章 | 0 |  | 2 | | |", ["规章", "0", "", "2", "", ""]),
    ],
)
def test_pipe_rows(line: str, cells: list[str]) -> None:
    assert pipe_cells(line) == cells


def test_one_value_per_line_makes_one_row() -> None:
    lines = text_lines("行政许可\n3\n\n|\n\n-1\n|\n12\n行政处罚\n5\n")
    rows = [(i.text, [t.text for t in i.tokens]) for i in items_of(lines, SPEC)]
    assert rows == [("行政许可", []), ("", ["3", "-1", "12"]), ("行政处罚", []), ("", ["5"])]
    assert [i.kind for i in items_of(lines, SPEC)][1] is ItemKind.ROW


TABLE_TWO_2019 = {
    ("t2", "art20_1_regulation", "newly_made"): 1.0,
    ("t2", "art20_1_regulation", "newly_published"): 2.0,
    ("t2", "art20_1_regulation", "published_total"): 3.0,
    ("t2", "art20_5_admin_licensing", "prev_year_items"): 40.0,
    ("t2", "art20_5_admin_licensing", "items_change"): -3.0,
    ("t2", "art20_5_admin_licensing", "decisions"): 17.0,
}
HEAD = "二、主动公开政府信息情况\n第二十条第（一）项\n"
FIVE = "第二十条第（五）项\n"


@pytest.mark.parametrize(
    "text",
    [
        # tab-separated rows
        HEAD
        + "信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n规章\t1\t2\t3\n"
        + FIVE
        + "信息内容\t上一年项目数量\t本年增/减\t本年处理决定数量\n行政许可\t40\t-3\t17\n",
        # rows between pipes, ragged
        HEAD
        + "信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |\n| 规章 | 1 | 2 | 3 | |\n"
        + FIVE
        + "| 信息内容 | 上一年项目数量 | 本年增/减 | 本年处理决定数量\n"
        + "行政许可 | 40 | 减3 | 17 | | |\n",
        # one cell per line, blank lines and lone pipes between, header words broken
        HEAD
        + "信息内容\n\n本年新\n制作数量\n|\n本年新\n公开数量\n|\n对外公开\n总数量\n"
        + "规章\n1\n|\n2\n|\n3\n"
        + FIVE
        + "信息内容\n上一年项目数量\n本年增/减\n本年处理决定数量\n行政许可\n40\n-3\n17\n",
        # the whole page on one line, cells run together, chrome around
        "当前位置： 首页 > 政务公开 微信 微博 "
        + HEAD.replace("\n", "")
        + "信息内容本年新制作数量本年新公开数量对外公开总数量规章1 2 3"
        + FIVE.replace("\n", "")
        + "信息内容上一年项目数量本年增/减本年处理决定数量行政许可40-3 17"
        + " 三、收到和处理政府信息公开申请情况",
    ],
    ids=["tabs", "pipes", "cell_per_line", "one_line"],
)
def test_table_two_in_every_text_layout(text: str) -> None:
    located = locate(text_lines(text))
    cells = to_cells(located.matches, decide_templates(located.matches))
    got = {(c.table, c.row, c.col): c.value for c in cells}
    assert got == TABLE_TWO_2019


def test_broken_markdown_rows_are_placed_by_order_and_labels() -> None:
    # Rows whose labels fell into the prose around them (a converter's work): the value
    # rows are placed by the labels on either side and by their order.
    text = "\n".join(
        [
            "三、收到和处理政府信息公开申请情况",
            "| 一、本年新收政府信息公开申请数量 | 4 | 0 | 0 | 0 | 0 | 0 | 4 |",
            "| 二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
            "| （一）予以公开 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |",
            "| 1 | 0 | 0 | 0 | 0 | 0 | 1 |",
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            "| 1.属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
        ]
    )
    located = locate(markdown_lines(text))
    rows = {m.row: [t.text for t in m.tokens] for m in located.matches}
    assert rows["r3_2"] == ["1", "0", "0", "0", "0", "0", "1"]
    assert rows["r3_3_1"][0] == "0"
    assert not any(m.uncertain for m in located.matches)


def test_split_line_separates_label_and_values() -> None:
    label, tokens = split_line(Line((TextCell("规章 0 12 3"),)))
    assert label == "规章"
    assert [t.text for t in tokens] == ["0", "12", "3"]
    label, tokens = split_line(Line((TextCell("一、本年新收政府信息公开申请数量801000081"),)))
    assert label == "一、本年新收政府信息公开申请数量"
    assert [t.text for t in tokens] == ["801000081"]


def test_grid_blanks_are_kept_as_tokens() -> None:
    line = Line(tuple(TextCell(t) for t in ["(七) 总计", "5", "", "", "", "", "", "5"]), grid=True)
    _, tokens = split_line(line)
    assert [t.text for t in tokens] == ["5", "", "", "", "", "", "5"]


def test_a_cell_of_numbers_alone_is_not_a_label() -> None:
    # "－ １" is a signed number whose glyphs left a gap: it must not hide the cell before it.
    line = Line(tuple(TextCell(t) for t in ["行政许可", "４３", "-1", "268"]))
    label, tokens = split_line(line)
    assert label == "行政许可"
    assert [t.text for t in tokens] == ["４３", "-1", "268"]
    label, tokens = split_line(Line((TextCell("42 42 52"),)))
    assert label == ""
    assert [t.text for t in tokens] == ["42", "42", "52"]


def test_values_of_positioned_cells_keep_their_place_and_confidence() -> None:
    line = Line(
        (
            TextCell("规章", 10.0, 50.0, 0.9, 100.0, 110.0),
            TextCell("12", 60.0, 80.0, 0.8, 100.0, 110.0),
        ),
        page=2,
    )
    assert split_line(line) == ("规章", (TextCell("12", 60.0, 80.0, 0.8, 100.0, 110.0),))


def test_numbers_split_from_a_label_cell_have_no_place_of_their_own() -> None:
    # one number in a grid cell holds the cell's place; several share it, so none has one
    one = Line((TextCell("规章 12", 10.0, 80.0, 0.7),), grid=True)
    assert split_line(one)[1] == (TextCell("12", 10.0, 80.0, 0.7),)
    two = Line((TextCell("规章 12 3", 10.0, 80.0, 0.7),), grid=True)
    assert split_line(two)[1] == (TextCell("12", confidence=0.7), TextCell("3", confidence=0.7))


def test_a_doubt_on_a_cells_digit_order_goes_with_its_numbers() -> None:
    alone = Line((TextCell("规章", 10.0, 50.0), TextCell("342963", 60.0, 80.0, order_unsure=True)))
    assert [t.order_unsure for t in split_line(alone)[1]] == [True]
    shared = Line((TextCell("规章 12 3", 10.0, 80.0, order_unsure=True),), grid=True)
    assert [(t.text, t.order_unsure) for t in split_line(shared)[1]] == [("12", True), ("3", True)]


def test_the_values_are_those_after_the_last_label_cell() -> None:
    line = Line(
        tuple(TextCell(t) for t in ["（四）无法提供", "3", "1.本机关不掌握相关政府信息", "4", "5"])
    )
    assert split_line(line) == (
        "（四）无法提供 1.本机关不掌握相关政府信息",
        (TextCell("4"), TextCell("5")),
    )


def test_blank_cells_outside_a_grid_are_no_values() -> None:
    line = Line(tuple(TextCell(t) for t in ["规章", "", "3", ""]))
    assert split_line(line) == ("规章", (TextCell("3"),))


def test_a_cell_label_is_the_label_before_its_numbers() -> None:
    assert split_cell_label("规章 0 0 3") == "规章"
    assert (
        split_cell_label("一、本年新收政府信息公开申请数量801000081")
        == "一、本年新收政府信息公开申请数量"
    )
    assert split_cell_label("42 42") == ""


def test_page_footers_and_lone_pipes_are_no_items_but_a_signed_number_is() -> None:
    items = items_of(text_lines("- 3 -\n第 2 页\n|\n-3\n"), SPEC)
    assert [(i.kind, [t.text for t in i.tokens]) for i in items] == [(ItemKind.ROW, ["-3"])]


def test_items_keep_their_line_and_its_place_in_the_document() -> None:
    lines = text_lines("二、主动公开政府信息情况\n规章\t1\t2\n行政许可 增3 减2\n")
    items = items_of(lines, SPEC)
    assert [(i.kind, i.text, i.index, i.plain) for i in items] == [
        (ItemKind.LABEL, "二、", 0, True),
        (ItemKind.LABEL, "主动公开政府信息情况", 0, True),
        (ItemKind.ROW, "规章", 1, False),
        (ItemKind.ROW, "行政许可", 2, True),
    ]
    assert items[1].vocab is not None and items[1].vocab.table == "t2"
    assert items[2].line is lines[1]
    assert [t.text for t in items[3].tokens] == ["+3", "-2"]  # changes in words, signed
    assert not any(i.positioned for i in items)


def test_digits_with_a_sign_run_into_a_label_stay_one_token() -> None:
    assert split_cell_label("数量32-34") == "数量"
    assert split_line(Line((TextCell("数量32-34"),))) == ("数量", (TextCell("32-34"),))


@pytest.mark.xfail(
    strict=True,
    reason="known: a cell holding only a run with a sign inside (32-34, two cells run "
    "together) is taken as label text, and its row is lost; taking every such cell as a value "
    "misplaces the rows of OCR-read scans (bench formats corpus, r0034: 49 cells misaligned)",
)
def test_a_cell_of_digits_with_a_sign_inside_is_one_value() -> None:
    line = Line(tuple(TextCell(t) for t in ["规章", "1", "32-34"]), grid=True)
    assert split_line(line) == ("规章", (TextCell("1"), TextCell("32-34")))
