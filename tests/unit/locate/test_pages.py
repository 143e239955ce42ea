from __future__ import annotations

import pytest

from pipeline.locate.pages import MIN_LABELS_ON_TABLE_PAGE, _spec_labels, holds_tables
from pipeline.readers.plain import read_text
from tests.conftest import SAMPLES


def test_three_labels_make_a_table_page() -> None:
    assert MIN_LABELS_ON_TABLE_PAGE == 3
    assert holds_tables("属于国家秘密 0 0\n不予处理 1\n尚未审结 2")


def test_two_labels_do_not() -> None:
    assert not holds_tables("属于国家秘密 0 0\n不予处理 1")


def test_a_label_counts_once_however_often_it_is_printed() -> None:
    assert not holds_tables("属于国家秘密 属于国家秘密 属于国家秘密 不予处理")


@pytest.mark.parametrize(
    "text",
    [
        "属 于 国 家 秘 密\n不 予 处 理\n尚 未 审 结",  # spaced out
        "予以公開 不予處理 尚未審結",  # traditional characters
        "（一）属于国家秘密\n2.不予处理\n(三)尚未审结",  # with ordinals
    ],
)
def test_labels_are_found_however_they_are_printed(text: str) -> None:
    assert holds_tables(text)


def test_narrative_text_is_no_table_page() -> None:
    text = (
        "一、总体情况\n2023年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，"
        "全年主动公开政府信息165条，收到申请0件。"
    )
    assert not holds_tables(text)


def test_an_empty_page_is_no_table_page() -> None:
    assert not holds_tables("")


def test_short_labels_are_not_counted() -> None:
    labels = _spec_labels()
    assert all(len(label) >= 4 for label in labels)
    assert list(labels) == sorted(set(labels))
    assert "属于国家秘密" in labels
    assert not holds_tables("总计 小计 其他 合计 规章")


def test_the_table_half_of_a_sample_holds_tables_and_its_opening_does_not() -> None:
    lines = [line.text for line in read_text(SAMPLES / "seed_2023.txt").lines]
    start = next(i for i, text in enumerate(lines) if text.startswith("二、主动公开"))
    assert not holds_tables("\n".join(lines[:start]))
    assert holds_tables("\n".join(lines[start:]))
