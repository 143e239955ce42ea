"""Table 三 found by aligning the template's rows to the stream."""

from __future__ import annotations

from pipeline.locate import locate
from pipeline.readers.markdown import markdown_lines
from pipeline.readers.plain import text_lines
from pipeline.records import Line, TextCell

ZEROS = " | 0 | 0 | 0 | 0 | 0 | 0 | 0 |"


def _rows(text: str, markdown: bool = True) -> dict[str, tuple[list[str], bool]]:
    lines = markdown_lines(text) if markdown else text_lines(text)
    return {m.row: ([t.text for t in m.tokens], m.uncertain) for m in locate(lines).matches}


def test_a_row_without_its_label_between_two_labelled_rows_is_placed() -> None:
    rows = _rows(
        "三、收到和处理政府信息公开申请情况\n"
        "| 3.危及“三安全一稳定”" + ZEROS + "\n"
        "| 5 | 0 | 0 | 0 | 0 | 0 | 5 |\n"
        "| 5.属于三类内部事务信息" + ZEROS + "\n"
    )
    assert rows["r3_3_4"] == (["5", "0", "0", "0", "0", "0", "5"], False)


def test_a_row_whose_place_is_open_is_flagged_uncertain() -> None:
    # Two rows of values without labels, three places between their labelled neighbours:
    # which row was left out cannot be known.
    rows = _rows(
        "三、收到和处理政府信息公开申请情况\n"
        "| 8.属于行政查询事项" + ZEROS + "\n"
        "| 4 | 0 | 0 | 0 | 0 | 0 | 4 |\n"
        "| 6 | 0 | 0 | 0 | 0 | 0 | 6 |\n"
        "| 1.信访举报投诉类申请" + ZEROS + "\n"
    )
    placed = {row: uncertain for row, (_, uncertain) in rows.items() if row.startswith("r3_4")}
    assert placed and all(placed.values())


def test_a_label_that_strayed_does_not_move_a_row() -> None:
    # The label of 1.本机关不掌握… was printed before the row of 5.属于三类内部事务信息.
    rows = _rows(
        "三、收到和处理政府信息公开申请情况\n"
        "| 4.保护第三方合法权益" + ZEROS + "\n"
        "5.属于三类内部事务信\n息\n1.本机关不掌握相关政\n府信息\n"
        "| 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n"
        "| 6.属于四类过程性信息" + ZEROS + "\n"
    )
    assert rows["r3_3_5"] == (["1", "0", "0", "0", "0", "0", "1"], False)
    assert "r3_4_1" not in rows


def test_the_format_of_table_three_is_its_own() -> None:
    two = (
        "三、收到和处理政府信息公开申请情况\n"
        "（六）其他处理\t1\t0\t0\t0\t0\t0\t1\n（七）总计\t1\t0\t0\t0\t0\t0\t1\n"
    )
    assert "r3_6" in _rows(two, markdown=False)
    three = two.replace("（六）其他处理", "（六）其他处理\n1.申请人无正当理由逾期不补正")
    rows = _rows(three, markdown=False)
    assert "r3_6_1" in rows and "r3_6" not in rows


def test_a_group_label_and_a_repeated_heading_take_no_values() -> None:
    text = (
        "三、收到和处理政府信息公开申请情况 三、本年度办理结果（三）不予公开1.属于国家秘密0000000"
        "三、本年度办理结果2.其他法律行政法规禁止公开1000001"
    )
    rows = _rows(text, markdown=False)
    assert rows["r3_3_1"][0] == ["0000000"]
    assert rows["r3_3_2"][0] == ["1000001"]
    assert "r3" not in rows and "r3_3" not in rows


def _grid_row(page: int, labels: list[str], values: list[str]) -> Line:
    cells = [TextCell(text, 40.0 + 60 * i, 95.0 + 60 * i) for i, text in enumerate(labels)]
    cells += [TextCell(v, 300.0 + 30 * i, 325.0 + 30 * i) for i, v in enumerate(values)]
    return Line(tuple(cells), page=page, grid=True)


def test_a_row_cut_by_a_page_break_keeps_its_values() -> None:
    # A word processor breaks a ruled row across pages: its values and the start of its
    # label on one page, the rest of the label over blank cells on the next.
    lines = [
        Line((TextCell("三、收到和处理政府信息公开申请情况", 40.0, 300.0),), page=1),
        _grid_row(1, ["", "8.属于行政查询事项"], ["0"] * 7),
        _grid_row(1, ["（四）无法", "1.本机关"], ["3", "0", "0", "1", "0", "0", "4"]),
        _grid_row(2, ["提供", "不掌握相关政府信息"], [""] * 7),
        _grid_row(2, ["", "2.没有现成信息需要另行制作"], ["0"] * 7),
        _grid_row(2, ["", "3.补正后申请内容仍不明确"], ["0"] * 7),
    ]
    rows = {m.row: m for m in locate(lines).matches}
    assert [t.text for t in rows["r3_4_1"].tokens] == ["3", "0", "0", "1", "0", "0", "4"]
    assert not rows["r3_4_1"].uncertain
    assert [t.text for t in rows["r3_4_2"].tokens] == ["0"] * 7
