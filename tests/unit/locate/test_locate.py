from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.locate import column_of, locate, score_label, split_line
from pipeline.locate.header import Header
from pipeline.normalise.cells import to_cells
from pipeline.normalise.columns import align
from pipeline.normalise.layouts import decide_templates
from pipeline.records import Line, TextCell, Token
from pipeline.spec import load_spec
from tests.conftest import township_pdf_spec


@pytest.mark.parametrize(
    ("printed", "table", "row"),
    [
        ("一、本年新收政府信息公开申请数量", "t3", "r1"),
        ("(三) 不予公开 1. 属于国家秘密", "t3", "r3_3_1"),
        ("2. 其他法律法规禁止公开", "t3", "r3_3_2"),  # V2: 行政 dropped
        ("3.危及“三安全一稳定”", "t3", "r3_3_3"),
        ("（六）其\n他处理", "t3", "r3_6"),
        ("3、其他", "t3", "r3_6_3"),  # V4
        ("(七) 总计", "t3", "r3_7"),
        ("四、结转下一年度继续办理", "t3", "r4"),  # V18
        ("1.信访举报", "t3", "r3_5_1"),  # cut short by a page break
        ("本 （二）部分公开（区分处理的，只计这一情形，不计其他情形）", "t3", "r3_2"),  # V7
        ("规章(设区的市、自治州人民政府应提供相关数据)", "t2", "art20_1_regulation"),  # V12
        ("規範性檔案", "t2", "art20_1_normative_doc"),  # V16
        ("行政事业性收费", "t2", "art20_8_admin_fee"),
    ],
)
def test_labels_match_their_row(printed: str, table: str, row: str) -> None:
    score, best = score_label(printed, load_spec().table(table))[0]
    assert best.key == row
    assert score >= 85


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


COLUMNS = ["a", "b", "c"]


def test_align_from_the_right_drops_padding_only() -> None:
    tokens = [Token(""), Token("1"), Token("2"), Token("3"), Token("")]
    options, flag = align(tokens, COLUMNS, grid=True)
    assert flag == ""
    assert [t.text for t in options[0]] == ["1", "2", "3"]


def test_align_never_shifts_a_short_row() -> None:
    options, flag = align([Token("1"), Token("2")], COLUMNS, grid=False)
    assert flag == "misaligned"
    assert len(options) == 1 and [t.text for t in options[0]] == ["1 2"] * 3


HEADER = [(90.0, 130.0), (190.0, 230.0), (290.0, 330.0)]


@pytest.mark.parametrize(
    "tokens",
    [
        [Token("4", 108, 112), Token("9", 308, 312)],  # centred under the header
        [Token("4", 90, 95), Token("9", 290, 295)],  # left-aligned
        [Token("4", 125, 130), Token("9", 325, 330)],  # right-aligned
    ],
)
def test_align_by_position_fills_lost_blanks(tokens: list[Token]) -> None:
    options, flag = align(tokens, COLUMNS, grid=False, spans=HEADER)
    assert flag == ""
    assert [t.text for t in options[0]] == ["4", "", "9"]


def test_align_by_position_refuses_two_values_in_one_column() -> None:
    tokens = [Token("4", 100, 104), Token("9", 116, 120)]
    _, flag = align(tokens, COLUMNS, grid=False, spans=HEADER)
    assert flag == "misaligned"


def _tab_lines(text: str) -> list[Line]:
    out = []
    for raw in text.strip().splitlines():
        cells = tuple(TextCell(c.strip()) for c in raw.split("\t"))
        out.append(Line(cells, grid="\t" in raw))
    return out


def test_a_row_that_does_not_fit_is_flagged_not_guessed() -> None:
    lines = _tab_lines(
        "三、收到和处理政府信息公开申请情况\n"
        "一、本年新收政府信息公开申请数量\t3\t1\t4\n"
        "（七）总计\t1\t0\t0\t0\t0\t0\t1\n"
    )
    located = locate(lines)
    cells = to_cells(located.matches, decide_templates(located.matches))
    r1 = [c for c in cells if c.row == "r1"]
    assert len(r1) == 7
    assert all(c.value is None and c.flag == "misaligned" for c in r1)
    total = {c.col: c.value for c in cells if c.row == "r3_7"}
    assert total["natural_person"] == 1
    assert total["total"] == 1


def test_a_cell_of_numbers_alone_is_not_a_label() -> None:
    # "－ １" is a signed number whose glyphs left a gap: it must not hide the cell before it.
    line = Line(tuple(TextCell(t) for t in ["行政许可", "４３", "-1", "268"]))
    label, tokens = split_line(line)
    assert label == "行政许可"
    assert [t.text for t in tokens] == ["４３", "-1", "268"]
    label, tokens = split_line(Line((TextCell("42 42 52"),)))
    assert label == ""
    assert [t.text for t in tokens] == ["42", "42", "52"]


def test_narrative_figure_settles_a_run_and_says_so() -> None:
    options, flag = align([Token("1010")], COLUMNS, grid=False, sums=[((1, 2), 10)])
    assert flag == "split_by_narrative"
    assert [t.text for t in options[0]] == ["1", "0", "10"]


def test_cells_every_split_agrees_on_are_kept() -> None:
    lines = [
        *_tab_lines(
            "二、主动公开政府信息情况\n第二十条第（一）项\n"
            "信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n"
        ),
        Line((TextCell("规章1010"),)),
    ]
    located = locate(lines)
    cells = {c.col: c for c in to_cells(located.matches, decide_templates(located.matches))}
    # 1 0 10 or 10 1 0: no cell is the same in both readings, so all are unknown.
    assert all(c.value is None and c.flag == "ambiguous_digit_run" for c in cells.values())
    assert cells["issued"].raw == "1 | 10"


@pytest.mark.parametrize("seed", [3, 4, 5])
def test_table_four_with_blank_cells_and_no_rules_is_placed_by_its_header(
    tmp_path: Path, seed: int
) -> None:
    # Without rules, a row with blanks is placed by where the header prints each column;
    # table 四's row must be placed by table 四's header, not by the next table's.
    from pipeline.analysis.evaluate import read_truth
    from pipeline.extract import extract_file
    from synth.corpus import write_one

    write_one(township_pdf_spec("blank_t4", "blank_zero"), tmp_path, seed, [])
    truth = read_truth(tmp_path / "blank_t4.pdf.truth.csv")
    result = extract_file(tmp_path / "blank_t4.pdf")
    got = {(c.table, c.row, c.col): c.value for c in result.cells if c.table == "t4"}
    want = {key: value for key, value in truth.items() if key[0] == "t4"}
    assert None in want.values()  # blanks among the numbers
    assert got == want


@pytest.mark.parametrize(
    ("text", "ocr", "column"),
    [
        ("共他结果", True, "review_other"),  # one character of four misread by OCR
        ("共他结果", False, ""),  # the same in a text layer is not that label
        ("其他结果", False, "review_other"),
        ("项目数量", True, ""),  # a piece of 上一年项目数量 broken over two lines
        ("决定数量", True, ""),
    ],
)
def test_an_ocr_header_may_have_one_character_misread(text: str, ocr: bool, column: str) -> None:
    table = load_spec().table("t4" if "结果" in text else "t2")
    assert column_of(text, table, ocr) == column


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
    cells = {c.key: c.value for c in to_cells(matches, decide_templates(matches))}
    assert cells["t2.art20_1_regulation.issued"] == 105
    assert cells["t2.art20_1_regulation.repealed"] == 117
    assert cells["t2.art20_1_normative_doc.in_force"] == 101


def test_header_words_run_together_in_narrow_columns_are_parted() -> None:
    # A browser set three narrow columns' first lines with no space between them; their
    # words go on under each on the next line.
    def line(*cells: tuple[str, float, float]) -> Line:
        return Line(tuple(TextCell(t, x0, x1) for t, x0, x1 in cells), page=1)

    header = Header(load_spec().table("t3"))
    header.read(
        line(("商业", 403.0, 423.0), ("科研", 433.0, 453.0), ("社会公益法律服务其", 463.0, 555.0))
    )
    header.read(line(("企业", 403.0, 423.0), ("机构", 433.0, 453.0), ("组织", 463.0, 483.0),
                     ("机构", 505.0, 525.0), ("他", 546.0, 556.0)))  # fmt: skip
    order = sorted(header.spans, key=lambda key: header.spans[key][0])
    assert order == [
        "org_commercial",
        "org_research",
        "org_public_interest",
        "org_legal_service",
        "org_other",
    ]
