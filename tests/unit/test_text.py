from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.text import (
    chinese_small_number,
    chinese_year,
    label_key,
    ordinal_segments,
    parse_number,
    split_enumerators,
    squash,
    unify_ideographs,
    without_notes,
)


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("（一）予以公开", "(一)予以公开"),
        ("商业企\n业", "商业企业"),
        ("法 律 服 务\n机构", "法律服务机构"),
        ("危及“三安全一稳定”", '危及"三安全一稳定"'),
        ("規範性檔案", "规范性文件"),
        ("１２３", "123"),
    ],
)
def test_squash(printed: str, expected: str) -> None:
    assert squash(printed) == expected


@pytest.mark.parametrize(
    ("printed", "ordinal", "rest"),
    [
        ("(三)不予公开", "(三)", "不予公开"),
        ("一、本年新收", "一、", "本年新收"),
        ("1.属于国家秘密", "1.", "属于国家秘密"),
        ("3、其他", "3、", "其他"),
        ("(七)总计", "(七)", "总计"),
        ("规章", "", "规章"),
    ],
)
def test_split_enumerators(printed: str, ordinal: str, rest: str) -> None:
    assert split_enumerators(printed) == (ordinal, rest)


@pytest.mark.parametrize(
    ("printed", "segments"),
    [
        ("(三) 不予公开 1. 属于国家秘密", ["不予公开", "属于国家秘密"]),
        ("三、本年度办理结果（一）予以公开", ["本年度办理结果", "予以公开"]),
        ("本 （二）部分公开", ["本", "部分公开"]),
        ("四、结转下年度继续办理", ["结转下年度继续办理"]),
        ("", []),
    ],
)
def test_the_segments_of_a_combined_label(printed: str, segments: list[str]) -> None:
    assert [label for _, label in ordinal_segments(printed)] == segments


def test_label_key_and_notes() -> None:
    assert label_key("（六）其他处理") == "其他处理"
    assert without_notes(squash("规章(设区的市、自治州人民政府应提供相关数据)")) == "规章"
    # The label's line broke inside its note: the open note goes too.
    assert without_notes(squash("规章（设区的市、自治州人民政府应提供相关数")) == "规章"
    assert without_notes(squash("(")) == "("


@pytest.mark.parametrize(
    ("printed", "value", "unit"),
    [
        ("0", 0.0, ""),
        ("1,234", 1234.0, ""),
        ("96171.6", 96171.6, ""),
        ("+1036", 1036.0, ""),
        ("-8", -8.0, ""),
        ("251000元", 251000.0, "元"),
        ("１２", 12.0, ""),
        ("３，５００", 3500.0, ""),
        (" 7 ", 7.0, ""),
    ],
)
def test_parse_number_values(printed: str, value: float, unit: str) -> None:
    number = parse_number(printed)
    assert number is not None
    assert number.value == value
    assert number.unit == unit
    assert number.raw == printed.strip()


@pytest.mark.parametrize("printed", ["", "-", "—", "/", "无", "－"])
def test_parse_number_blank_marks_are_null_not_zero(printed: str) -> None:
    number = parse_number(printed)
    assert number is not None
    assert number.value is None
    assert number.raw == printed


@pytest.mark.parametrize("printed", ["1.", "规章", "1.属于", "2024年", "12a"])
def test_parse_number_rejects_text(printed: str) -> None:
    assert parse_number(printed) is None


@given(st.integers(min_value=-(10**9), max_value=10**9), st.booleans(), st.booleans())
def test_parse_number_round_trips_printed_integers(value: int, thousands: bool, wide: bool) -> None:
    text = f"{value:,}" if thousands else str(value)
    if wide:
        text = text.translate(str.maketrans("0123456789,-", "０１２３４５６７８９，－"))
    number = parse_number(text)
    assert number is not None
    assert number.value == value


@given(st.text(max_size=30))
def test_parse_number_never_raises(text: str) -> None:
    parse_number(text)
    squash(text)
    ordinal_segments(text)


def test_chinese_numbers() -> None:
    assert chinese_year("二〇二四") == 2024
    assert chinese_small_number("十六") == 16
    assert chinese_small_number("三十一") == 31
    assert chinese_small_number("九") == 9
    assert chinese_year("2024") is None


def test_numbers_separated_by_spaces_are_not_one_number() -> None:
    assert parse_number("42 42 52") is None


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("⼈⺠政府", "人民政府"),  # a Kangxi radical and a supplement's radical
        ("⼀、总体情况", "一、总体情况"),
        ("⾏政许可 ⽂件 ⻓期 ⻔户 ⻢上", "行政许可 文件 长期 门户 马上"),
        ("年度报告 (一) １２", "年度报告 (一) １２"),  # all else as it was printed
    ],
)
def test_unify_ideographs(printed: str, expected: str) -> None:
    assert unify_ideographs(printed) == expected


@given(st.text())
def test_unify_ideographs_keeps_the_length_and_is_idempotent(text: str) -> None:
    once = unify_ideographs(text)
    assert len(once) == len(text)
    assert unify_ideographs(once) == once
