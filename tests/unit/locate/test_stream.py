"""The stream of items, and the tables read from text in every layout users have it."""

from __future__ import annotations

import pytest

from pipeline.locate import locate
from pipeline.locate.running import sign_word, text_pieces
from pipeline.locate.stream import ItemKind, items_of
from pipeline.normalise.cells import to_cells
from pipeline.normalise.layouts import decide_templates
from pipeline.readers.markdown import markdown_lines
from pipeline.readers.plain import pipe_cells, text_lines
from pipeline.spec import load_spec

SPEC = load_spec()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a crawled row: label, then its digits run together
        ("规章000", [("规章", None), ("000", "000")]),
        # the next row's enumerator ran into the digits
        (
            "1.属于国家秘密00000002.其他",
            [("1.属于国家秘密", None), ("0000000", "0000000"), ("2.其他", None)],
        ),
        # a space after the enumerator's point
        ("（三）不予公开1. 属于国家秘密", [("（三）不予公开", None), ("1. 属于国家秘密", None)]),
        # signs run in: two cells
        ("行政处罚2648-18538", [("行政处罚", None), ("2648", "2648"), ("-18538", "-18538")]),
        # a change in words, a unit, a note
        ("行政许可 增3 减2", [("行政许可", None), ("增3", "+3"), ("减2", "-2")]),
        (
            "政府集中采购 12 251000元",
            [("政府集中采购", None), ("12", "12"), ("251000元", "251000元")],
        ),
        (
            "规章 22（其中修订 16 件）",
            [("规章", None), ("22（其中修订 16 件）", "22（其中修订 16 件）")],
        ),
        # a sentence's figures are no cells
        ("主动公开政府信息 13 件", [("主动公开政府信息 13 件", None)]),
        # a dash standing alone is a blank cell
        ("规章 — 3 —", [("规章", None), ("—", "—"), ("3", "3"), ("—", "—")]),
    ],
)
def test_running_text_is_cut_into_labels_and_values(
    text: str, expected: list[tuple[str, str | None]]
) -> None:
    assert [(t, v) for t, v, _ in text_pieces(text, SPEC)] == expected


def test_the_spec_words_cut_running_text() -> None:
    pieces = text_pieces(
        "二、主动公开政府信息情况 第二十条第（一）项信息内容本年新制作数量规章000", SPEC
    )
    kinds = [(t, vocab.kind.value if vocab else None) for t, _, vocab in pieces]
    assert kinds == [
        ("二、", None),
        ("主动公开政府信息情况", "heading"),
        ("第二十条第（一）项", "section"),
        ("信息内容", "column"),
        ("本年新制作数量", "column"),
        ("规章", None),
        ("000", None),
    ]


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


def test_changes_in_words() -> None:
    assert (sign_word("减3"), sign_word("增加 12"), sign_word("减少"), sign_word("3")) == (
        "-3",
        "+12",
        "",
        "",
    )


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
