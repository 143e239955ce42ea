"""Blocks of table 三's items that may print one row, and the readings of their labels."""

from __future__ import annotations

from pipeline.locate.blocks import (
    MAX_LABEL_ONLY,
    Block,
    _continued_at,
    anchor_of,
    blocks,
    fragment,
    own_labels,
    starts_a_row,
)
from pipeline.locate.stream import Item, ItemKind, items_of
from pipeline.readers.plain import text_lines
from pipeline.records import Line, TextCell
from pipeline.spec import load_spec

SPEC = load_spec()
T3 = SPEC.table("t3")
ZEROS = "\t0" * 7


def _label(*cells: tuple[str, float, float]) -> Item:
    line = Line(tuple(TextCell(t, x0, x1) for t, x0, x1 in cells), page=1)
    return Item(ItemKind.LABEL, line.text, line, 0)


def _best(block: Block) -> tuple[str, float, str]:
    row = max(block.scores, key=lambda key: block.scores[key])
    return row, block.scores[row], block.texts[row]


def test_the_anchor_is_the_rightmost_label_cell() -> None:
    line = Line(tuple(TextCell(t) for t in ["（三）不予", "4.保护第三方合法权益", "0", ""]))
    assert anchor_of(line) == TextCell("4.保护第三方合法权益")
    assert anchor_of(Line((TextCell("1"), TextCell("2")))) is None


def test_a_fragment_is_what_is_printed_under_the_anchor() -> None:
    # a vertical label left of the row's label cell is no part of it
    item = _label(("办理", 20.0, 40.0), ("公开", 100.0, 130.0))
    assert fragment(item, TextCell("（一）予以", 90.0, 150.0)) == "公开"
    assert fragment(item, None) == "办理 公开"
    # under a group's label the row's own label stands right of it
    assert fragment(item, TextCell("（四）无法", 45.0, 60.0)) == "公开"


def test_running_text_is_a_fragment_whole() -> None:
    line = Line((TextCell("办理 公开"),))
    item = Item(ItemKind.LABEL, "办理 公开", line, 0, plain=True)
    assert fragment(item, TextCell("x", 90.0, 150.0)) == "办理 公开"


def test_a_row_label_is_read_whole_alone_and_as_a_child_after_its_parent() -> None:
    assert own_labels("（三）不予 4.保护第三方合法权益", TextCell("4.保护第三方合法权益 0"))[
        :2
    ] == [
        "（三）不予 4.保护第三方合法权益",
        "4.保护第三方合法权益",
    ]
    assert own_labels("（三）不予4.保护第三方合法权益", None) == [
        "（三）不予4.保护第三方合法权益",
        "4.保护第三方合法权益",
    ]
    assert own_labels("规章", TextCell("规章")) == ["规章"]


def test_a_numbered_label_starts_a_row() -> None:
    assert starts_a_row("5.属于三类内部事务信息")
    assert starts_a_row("公开 5.属于三类")  # after its parent's words
    assert starts_a_row("（二）部分公开")
    assert starts_a_row("一、本年新收")
    assert not starts_a_row("内部事务信息")
    assert not starts_a_row("其他")


def test_a_row_item_gives_blocks_with_the_labels_around_it() -> None:
    items = items_of(text_lines("（三）不予公开\n1.属于国家秘密" + ZEROS + "\n"), SPEC)
    by_start = blocks(items, T3)
    assert [(b.start, b.end, b.row_item) for b in by_start[0]] == [(0, 1, None), (0, 2, 1)]
    assert [(b.start, b.end, b.row_item) for b in by_start[1]] == [(1, 2, 1)]
    alone = by_start[1][0]
    assert _best(alone) == ("r3_3_1", 100.0, "1.属于国家秘密")
    assert alone.labelled and not alone.blank_ok
    group = by_start[0][0]
    assert _best(group) == ("r3_3", 100.0, "（三）不予公开")


def test_a_label_broken_over_lines_is_read_whole() -> None:
    items = items_of(text_lines("（四）无法\n提供\n"), SPEC)
    by_start = blocks(items, T3)
    assert [(b.start, b.end) for b in by_start[0]] == [(0, 1), (0, 2)]
    assert _best(by_start[0][1]) == ("r3_4", 100.0, "（四）无法 提供")
    assert _best(by_start[0][0])[1] < 100.0


def test_a_block_of_labels_alone_spans_a_few_items_at_most() -> None:
    items = items_of(text_lines("甲\n乙\n丙\n丁\n戊\n己\n"), SPEC)
    assert max(b.end - b.start for b in blocks(items, T3)[0]) == MAX_LABEL_ONLY == 4


def test_the_next_rows_label_ends_a_block() -> None:
    items = items_of(text_lines("1.属于国家秘密" + ZEROS + "\n2.其他法律行政法规禁止公开\n"), SPEC)
    assert [(b.start, b.end) for b in blocks(items, T3)[0]] == [(0, 1)]


def test_a_blank_row_on_a_pdf_page_may_be_a_row_printed_blank() -> None:
    items = [_label(("3.补正后申请内容仍不明确", 72.0, 200.0))]
    [block] = blocks(items, T3)[0]
    assert block.blank_ok and block.row_item is None


def _grid(page: int, *texts: str) -> Line:
    return Line(tuple(TextCell(t) for t in texts), page=page, grid=True)


def test_a_row_cut_by_a_page_break_goes_on_after_the_repeated_header() -> None:
    lines = [
        _grid(1, "4.保护第三方", *["0"] * 7),
        _grid(2, "申请人情况", "自然人", "商业企业"),
        _grid(2, "合法权益", *[""] * 7),
    ]
    items = items_of(lines, SPEC)
    assert [i.kind for i in items] == [ItemKind.ROW, ItemKind.LABEL, ItemKind.ROW]
    assert _continued_at(items, 0) == 2
    texts = {b.end: b.texts.get("r3_3_4") for b in blocks(items, T3)[0]}
    assert texts[3] == "4.保护第三方 合法权益"


def test_a_row_of_its_own_on_the_next_page_goes_on_nothing() -> None:
    lines = [_grid(1, "4.保护第三方合法权益", *["0"] * 7), _grid(2, "5.属于三类", *[""] * 7)]
    assert _continued_at(items_of(lines, SPEC), 0) is None
    same_page = [_grid(1, "4.保护第三方", *["0"] * 7), _grid(1, "合法权益", *[""] * 7)]
    assert _continued_at(items_of(same_page, SPEC), 0) is None
