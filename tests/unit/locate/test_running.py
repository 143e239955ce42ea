"""Running text (a crawled page's body, often one line) cut by what it says: at numbers,
at enumerators and around the spec's own vocabulary."""

from __future__ import annotations

import pytest

from pipeline.locate.running import VocabKind, _vocabulary, sign_word, text_pieces
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


def test_changes_in_words() -> None:
    assert (sign_word("减3"), sign_word("增加 12"), sign_word("减少"), sign_word("3")) == (
        "-3",
        "+12",
        "",
        "",
    )


def test_values_keep_their_printed_form() -> None:
    pieces = text_pieces("規章 １２ 1,234 5万元", SPEC)
    assert [(t, v) for t, v, _ in pieces] == [
        ("規章", None),
        ("１２", "１２"),
        ("1,234", "1,234"),
        ("5万元", "5万元"),
    ]


def test_blank_marks_standing_alone_are_values() -> None:
    pieces = text_pieces("行政许可 无 3 /", SPEC)
    assert [(t, v) for t, v, _ in pieces] == [
        ("行政许可", None),
        ("无", "无"),
        ("3", "3"),
        ("/", "/"),
    ]


def test_a_dash_inside_a_label_is_no_sign() -> None:
    assert [(t, v) for t, v, _ in text_pieces("其他/-3", SPEC)] == [("其他/-", None), ("3", "3")]


def test_column_labels_cut_running_text_and_name_their_column() -> None:
    pieces = text_pieces("社会公益组织法律服务机构", SPEC)
    assert [(t, v.kind, v.table, v.key) for t, _, v in pieces if v] == [
        ("社会公益组织", VocabKind.COLUMN, "t3", "org_public_interest"),
        ("法律服务机构", VocabKind.COLUMN, "t3", "org_legal_service"),
    ]


def test_nothing_gives_no_pieces() -> None:
    assert text_pieces("", SPEC) == []


def test_the_vocabulary_is_longest_first_and_leaves_out_words_of_row_labels() -> None:
    words = [word for word, _ in _vocabulary(SPEC)]
    assert [len(w) for w in words] == sorted((len(w) for w in words), reverse=True)
    assert min(len(w) for w in words) >= 4
    assert "其他" not in words and "总计" not in words
    assert "主动公开政府信息情况" in words


@pytest.mark.parametrize(
    ("text", "signed"),
    [("减3", "-3"), ("增加 12", "+12"), (" 增 5 ", "+5"), ("增加3.5", "+3.5"), ("减少 2", "-2"),
     ("减少", ""), ("3", ""), ("增3件", "")],
)  # fmt: skip
def test_a_change_in_words_is_a_signed_number(text: str, signed: str) -> None:
    assert sign_word(text) == signed
