"""Which table each item of the stream belongs to: where each table starts and ends."""

from __future__ import annotations

from pipeline.locate.regions import cells_in, tables_of
from pipeline.locate.stream import Item, ItemKind, items_of
from pipeline.readers.plain import text_lines
from pipeline.records import Line, TextCell
from pipeline.spec import load_spec

SPEC = load_spec()
ROW = "\t1\t0\t0\t0\t0\t0\t1"


def _tables(text: str) -> list[tuple[str, str | None]]:
    items = items_of(text_lines(text), SPEC)
    return [(item.text, table) for item, table in zip(items, tables_of(items, SPEC), strict=True)]


def test_a_heading_starts_its_table_and_a_later_section_ends_it() -> None:
    assert _tables(
        "三、收到和处理政府信息公开申请情况\n（七）总计" + ROW + "\n五、存在的主要问题\n规章 3\n"
    ) == [
        ("三、", None),
        ("收到和处理政府信息公开申请情况", "t3"),
        ("（七）总计", "t3"),
        ("五、存在的主要问题", None),
        ("规章", None),
    ]


def test_the_next_heading_starts_the_next_table() -> None:
    tables = [
        table
        for _, table in _tables("二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n")
    ]
    assert tables == [None, "t2", "t2", "t3"]


def test_a_heading_inside_a_sentence_is_no_heading() -> None:
    text = "本报告包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况等\n规章 3\n"
    assert {table for _, table in _tables(text)} == {None}


def test_a_heading_with_a_short_note_after_it_still_opens_its_table() -> None:
    assert _tables("二、主动公开政府信息情况 详见下表\n")[1:] == [
        ("主动公开政府信息情况", "t2"),
        ("详见下表", "t2"),
    ]


def test_table_two_is_opened_by_a_caption_of_its_sections() -> None:
    assert _tables("第二十条第（一）项\n规章\t1\t2\t3\n") == [
        ("第二十条第（一）项", "t2"),
        ("规章", "t2"),
    ]


def test_table_three_is_opened_by_its_header() -> None:
    text = "申请人情况\t自然人\t商业企业\n一、本年新收政府信息公开申请数量" + ROW + "\n"
    assert [table for _, table in _tables(text)] == ["t3", "t3"]


def test_table_four_is_opened_by_the_words_of_its_blocks_and_ends_with_its_values() -> None:
    text = (
        "行政复议 结果维持 结果纠正 其他结果 尚未审结 总计\n" + " ".join(["0"] * 15) + "\n规章 3\n"
    )
    tables = [table for _, table in _tables(text)]
    assert tables[:-1] == ["t4"] * 7
    assert tables[-1] is None  # its fifteen cells were filled


def test_a_run_of_digits_fills_as_many_cells_as_it_has_digits() -> None:
    text = "四、政府信息公开行政复议、行政诉讼情况\n000000000000000\n规章 3\n"
    assert [table for _, table in _tables(text)] == [None, "t4", "t4", None]


def test_a_later_section_printed_with_numbers_ends_the_table() -> None:
    text = "三、收到和处理政府信息公开申请情况\n（七）总计" + ROW + "\n五、存在的问题\t3\t4\n"
    assert [table for _, table in _tables(text)] == [None, "t3", "t3", None]


def test_the_cells_a_row_item_may_fill() -> None:
    line = Line((TextCell("x"),))
    tokens = (TextCell("000"), TextCell("12"), TextCell("-"))
    assert cells_in(Item(ItemKind.ROW, "", line, 0, tokens)) == 3
    assert cells_in(Item(ItemKind.ROW, "", line, 0, tokens, plain=True)) == 3 + 2 + 1


def test_no_items_belong_to_no_table() -> None:
    assert tables_of([], SPEC) == []
