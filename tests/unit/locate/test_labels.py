"""How well a printed text names a row, a column, a section or a table of the spec."""

from __future__ import annotations

import pytest

from pipeline.locate.labels import (
    ORDINAL_KIND_PENALTY,
    ORDINAL_NUMBER_PENALTY,
    column_of,
    columns_in_text,
    heading_table,
    row_scores,
    score_label,
    section_of,
)
from pipeline.spec import load_spec

SPEC = load_spec()
T2, T3, T4 = SPEC.table("t2"), SPEC.table("t3"), SPEC.table("t4")


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


def test_rows_are_scored_best_first() -> None:
    scored = score_label("（六）其他处理", T3)
    assert len(scored) >= 3
    assert [s for s, _ in scored] == sorted((s for s, _ in scored), reverse=True)
    assert (scored[0][0], scored[0][1].key) == (100.0, "r3_6")


def test_an_enumerator_of_another_level_costs_points() -> None:
    # "（六）其他" is the group's label, not the row 3.其他
    assert row_scores("3.其他", T3)["r3_6_3"] == 100.0
    assert row_scores("（六）其他", T3)["r3_6_3"] == 100.0 - ORDINAL_KIND_PENALTY == 80.0
    # the same level but another number costs less
    assert row_scores("5.其他", T3)["r3_6_3"] == 100.0 - ORDINAL_NUMBER_PENALTY == 90.0


def test_a_text_with_no_label_names_no_row() -> None:
    assert score_label("", T3) == []
    assert row_scores("", T3) == {}
    assert row_scores("  ", T3) == {}


def test_row_scores_map_every_row_key() -> None:
    scores = row_scores("规章", T2)
    assert set(scores) == {row.key for row in T2.rows}
    assert scores["art20_1_regulation"] == 100.0
    assert max(v for k, v in scores.items() if k != "art20_1_regulation") < 70


@pytest.mark.parametrize(
    ("text", "table"),
    [
        ("二、主动公开政府信息情况", "t2"),
        ("主动公开情况", "t2"),  # a short alias, as it is
        ("三、收到和处理政府信息公开申请情况", "t3"),
        ("表三：收到和处理政府信息公开申请情况（单位：件）", "t3"),  # a short note after it
        ("四、政府信息公开行政复议、行政诉讼情况", "t4"),
        ("（四）政府信息公开行政复议和行政诉讼情况", "t4"),
    ],
)
def test_headings_name_their_table(text: str, table: str) -> None:
    assert heading_table(text, SPEC) == table


@pytest.mark.parametrize(
    "text",
    [
        "主动公开工作情况",  # a section of the narrative, near a short alias
        "五、存在的主要问题及改进情况",
        "",
        "本报告包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况等内容，"
        "并附有说明",  # a sentence naming headings
    ],
)
def test_other_texts_are_no_heading(text: str) -> None:
    assert heading_table(text, SPEC) is None


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


@pytest.mark.parametrize(
    ("text", "column"),
    [
        ("社会公益组", "org_public_interest"),  # a word cut by a line break in a narrow cell
        ("合计", "total"),  # an alias
        ("小计", "org_subtotal"),
        ("本年收费金额(万元)", "fee_amount_wan_yuan"),
        ("", ""),
        ("申请人情况", ""),
    ],
)
def test_header_texts_name_their_column(text: str, column: str) -> None:
    table = T2 if "收费" in text else T3
    assert column_of(text, table) == column


def test_columns_in_text_come_in_the_order_printed() -> None:
    assert columns_in_text("信息内容 本年制发件数 本年废止件数 现行有效件数", T2) == (
        "issued",
        "repealed",
        "in_force",
    )
    assert columns_in_text("现行有效件数 本年制发件数", T2) == ("in_force", "issued")
    # run together, with no space between
    assert columns_in_text("本年新制作数量本年新公开数量对外公开总数量", T2) == (
        "newly_made",
        "newly_published",
        "published_total",
    )


def test_short_labels_are_not_looked_for_in_text() -> None:
    # 其他 and 总计 are parts of row labels too: only labels of four characters or more count
    assert columns_in_text("自然人 其他 总计", T3) == ()
    assert columns_in_text("商业企业 科研机构", T3) == ("org_commercial", "org_research")


@pytest.mark.parametrize(
    ("text", "section"),
    [
        ("第二十条第（五）项", "art20_5"),
        ("第二十条第(一)项", "art20_1"),
        ("第 二 十 条 第 （ 九 ） 项", "art20_9"),
        ("二十条", None),
        ("规章", None),
        ("第二十条第（五）项规定的信息的公开情况详见下表", None),  # a sentence
    ],
)
def test_captions_name_their_section(text: str, section: str | None) -> None:
    assert section_of(text, T2) == section
